import { InjectionToken } from '@angular/core';

/** The CouchDB API on the app's own origin, absolute and ending in "/" (the sync server's /couch/). */
export const COUCH_BASE = new InjectionToken<string>('COUCH_BASE', {
  providedIn: 'root',
  factory: () => new URL('couch/', document.baseURI).href,
});

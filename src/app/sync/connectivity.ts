import { DestroyRef, Injectable, inject, signal } from '@angular/core';

/** The browser's idea of being online, as a signal. Requests that fail tell the rest (see SyncService). */
@Injectable({ providedIn: 'root' })
export class Connectivity {
  private readonly onlineSignal = signal(navigator.onLine);
  readonly online = this.onlineSignal.asReadonly();

  constructor() {
    const update = () => this.onlineSignal.set(navigator.onLine);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    inject(DestroyRef).onDestroy(() => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    });
  }
}

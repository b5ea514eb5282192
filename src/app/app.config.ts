import {
  type ApplicationConfig, Injector, inject, isDevMode, provideAppInitializer, provideBrowserGlobalErrorListeners, provideZonelessChangeDetection,
} from '@angular/core';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { provideServiceWorker } from '@angular/service-worker';
import { provideIonicAngular } from '@ionic/angular';
import { routes } from './app.routes';
import { Session } from './auth/session';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideZonelessChangeDetection(),
    provideIonicAngular({}),
    provideRouter(routes, withComponentInputBinding()),
    provideServiceWorker('ngsw-worker.js', { enabled: !isDevMode(), registrationStrategy: 'registerImmediately' }),
    // A remembered user gets their local data and replication at once, online or not. The data layer
    // is loaded lazily so that the first paint does not wait for RxDB.
    provideAppInitializer(() => {
      const user = inject(Session).user();
      const injector = inject(Injector);
      if (user) void import('./sync/sync-service').then(({ SyncService }) => injector.get(SyncService).start(user));
    }),
  ],
};

import {
  type ApplicationConfig,
  Injector,
  inject,
  isDevMode,
  provideAppInitializer,
  provideBrowserGlobalErrorListeners,
  provideZonelessChangeDetection,
} from '@angular/core';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { provideServiceWorker } from '@angular/service-worker';
import { provideIonicAngular } from '@ionic/angular/provide';
import { routes } from './app.routes';
import { Session } from './auth/session';
import { I18n } from './i18n/i18n';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideZonelessChangeDetection(),
    provideIonicAngular({}),
    provideRouter(routes, withComponentInputBinding()),
    provideServiceWorker('app-worker.js', { enabled: !isDevMode(), registrationStrategy: 'registerImmediately' }),
    // A remembered user gets their local data and replication at once, online or not. The data layer
    // is loaded lazily so that the first paint does not wait for RxDB.
    // The first screen is painted in the person's language: its messages (one small chunk) come first.
    provideAppInitializer(() => {
      const i18n = inject(I18n);
      return i18n.setLanguage(i18n.preferredLanguage());
    }),
    provideAppInitializer(() => {
      const user = inject(Session).user();
      const injector = inject(Injector);
      if (user) void import('./sync/sync-service').then(({ SyncService }) => injector.get(SyncService).start(user));
    }),
  ],
};

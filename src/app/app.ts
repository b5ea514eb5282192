import { ChangeDetectionStrategy, Component, DestroyRef, effect, inject } from '@angular/core';
import { NavigationEnd, Router } from '@angular/router';
import { IonApp } from '@ionic/angular/ion-app';
import { IonRouterOutlet } from '@ionic/angular/ion-router-outlet';
import { StorageHealth } from './data/storage-health';
import { releaseFirstPaint } from './shared/first-paint';

@Component({
  selector: 'app-root',
  imports: [IonApp, IonRouterOutlet],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<ion-app><ion-router-outlet /></ion-app>`,
})
export class App {
  constructor() {
    // The Learn screen removes the painted snapshot once it has live data; any other first screen,
    // or saved data that cannot be read (its notice must show), removes it at once.
    const navigations = inject(Router).events.subscribe((event) => {
      if (!(event instanceof NavigationEnd)) return;
      if (!/^\/(learn)?(\?|#|$)/.test(event.urlAfterRedirects)) releaseFirstPaint();
      navigations.unsubscribe();
    });
    inject(DestroyRef).onDestroy(() => navigations.unsubscribe());
    const health = inject(StorageHealth);
    effect(() => {
      if (health.unreadable() || health.rebuilt()) releaseFirstPaint();
    });
  }
}

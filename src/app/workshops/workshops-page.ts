import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { IonContent, IonHeader, IonTitle, IonToolbar } from '@ionic/angular';
import { I18n } from '../i18n/i18n';
import { SyncIndicator } from '../sync/sync-indicator';

/** Induction workshops (issue 6); for now it says what will be here. */
@Component({
  selector: 'app-workshops-page',
  imports: [IonHeader, IonToolbar, IonTitle, IonContent, SyncIndicator],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ion-header>
      <ion-toolbar color="primary"><ion-title>{{ i18n.t('workshops.title') }}</ion-title></ion-toolbar>
      <app-sync-indicator />
    </ion-header>
    <ion-content class="ion-padding">
      <p>{{ i18n.t('workshops.intro') }}</p>
      <p class="soon">{{ i18n.t('workshops.soon') }}</p>
    </ion-content>
  `,
  styles: `.soon { color: var(--ion-color-medium-shade); }`,
})
export class WorkshopsPage {
  protected readonly i18n = inject(I18n);
}

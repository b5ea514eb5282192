import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { IonIcon, IonLabel, IonTabBar, IonTabButton, IonTabs } from '@ionic/angular';
import { addIcons } from 'ionicons';
import { bookOutline, calendarOutline, peopleOutline, personCircleOutline } from 'ionicons/icons';
import { I18n } from '../i18n/i18n';

/** The four tabs: Learn, Community, Workshops, Me. */
@Component({
  selector: 'app-tabs',
  imports: [IonTabs, IonTabBar, IonTabButton, IonIcon, IonLabel],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ion-tabs>
      <ion-tab-bar slot="bottom">
        <ion-tab-button tab="learn" href="/learn">
          <ion-icon name="book-outline" aria-hidden="true"></ion-icon><ion-label>{{ i18n.t('tabs.learn') }}</ion-label>
        </ion-tab-button>
        <ion-tab-button tab="community" href="/community">
          <ion-icon name="people-outline" aria-hidden="true"></ion-icon><ion-label>{{ i18n.t('tabs.community') }}</ion-label>
        </ion-tab-button>
        <ion-tab-button tab="workshops" href="/workshops">
          <ion-icon name="calendar-outline" aria-hidden="true"></ion-icon><ion-label>{{ i18n.t('tabs.workshops') }}</ion-label>
        </ion-tab-button>
        <ion-tab-button tab="me" href="/me">
          <ion-icon name="person-circle-outline" aria-hidden="true"></ion-icon><ion-label>{{ i18n.t('tabs.me') }}</ion-label>
        </ion-tab-button>
      </ion-tab-bar>
    </ion-tabs>
  `,
})
export class Tabs {
  protected readonly i18n = inject(I18n);

  constructor() {
    addIcons({ bookOutline, calendarOutline, peopleOutline, personCircleOutline });
  }
}

import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { IonBadge, IonIcon, IonLabel, IonTabBar, IonTabButton, IonTabs } from '@ionic/angular';
import { addIcons } from 'ionicons';
import { bookOutline, calendarOutline, peopleOutline, personCircleOutline } from 'ionicons/icons';
import { DiscussionsStore } from '../discussions/discussions-store';
import { I18n } from '../i18n/i18n';

/** The four tabs: Learn, Community (with its unread count), Workshops, Me. */
@Component({
  selector: 'app-tabs',
  imports: [IonTabs, IonTabBar, IonTabButton, IonIcon, IonLabel, IonBadge],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ion-tabs>
      <ion-tab-bar slot="bottom">
        <ion-tab-button tab="learn" href="/learn" [attr.aria-label]="i18n.t('tabs.learn')">
          <ion-icon name="book-outline" aria-hidden="true"></ion-icon><ion-label>{{ i18n.t('tabs.learn') }}</ion-label>
        </ion-tab-button>
        <ion-tab-button tab="community" href="/community"
                        [attr.aria-label]="unread() ? i18n.t('tabs.communityUnread', { count: unread() }) : i18n.t('tabs.community')">
          <ion-icon name="people-outline" aria-hidden="true"></ion-icon><ion-label>{{ i18n.t('tabs.community') }}</ion-label>
          @if (unread()) {<ion-badge color="danger" aria-hidden="true" data-testid="community-unread">{{ unread() }}</ion-badge>}
        </ion-tab-button>
        <ion-tab-button tab="workshops" href="/workshops" [attr.aria-label]="i18n.t('tabs.workshops')">
          <ion-icon name="calendar-outline" aria-hidden="true"></ion-icon><ion-label>{{ i18n.t('tabs.workshops') }}</ion-label>
        </ion-tab-button>
        <ion-tab-button tab="me" href="/me" [attr.aria-label]="i18n.t('tabs.me')">
          <ion-icon name="person-circle-outline" aria-hidden="true"></ion-icon><ion-label>{{ i18n.t('tabs.me') }}</ion-label>
        </ion-tab-button>
      </ion-tab-bar>
    </ion-tabs>
  `,
  styles: `
    ion-tab-button { min-width: 0; flex: 1 1 0; }
    ion-label { white-space: normal; overflow-wrap: anywhere; }
    /* At 200% text on a small phone four labels cannot fit: keep the icons, the names stay for screen readers. */
    @media (max-width: 360px) {
      ion-label { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
      ion-icon { font-size: 1.6rem; }
    }
  `,
})
export class Tabs {
  protected readonly i18n = inject(I18n);
  /** Unread posts in the network, on the Community tab. */
  protected readonly unread = inject(DiscussionsStore).unreadTotal;

  constructor() {
    addIcons({ bookOutline, calendarOutline, peopleOutline, personCircleOutline });
  }
}

import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NavigationEnd, Router } from '@angular/router';
import { filter, map } from 'rxjs';
import { IonBadge } from '@ionic/angular/ion-badge';
import { IonIcon } from '@ionic/angular/ion-icon';
import { IonLabel } from '@ionic/angular/ion-label';
import { IonTabBar } from '@ionic/angular/ion-tab-bar';
import { IonTabButton } from '@ionic/angular/ion-tab-button';
import { IonTabs } from '@ionic/angular/ion-tabs';
import { addIcons } from 'ionicons';
import { bookOutline, calendarOutline, peopleOutline, personCircleOutline } from 'ionicons/icons';
import { DiscussionsStore } from '../discussions/discussions-store';
import { I18n } from '../i18n/i18n';

/** Screens that play a lesson or a review, full height. */
const LESSON_SCREENS = /^\/learn\/(lesson\/|review|studio\/[^/]+\/preview)/;

/** The four tabs: Learn, Community (with its unread count), Workshops, Me. */
@Component({
  selector: 'app-tabs',
  imports: [IonTabs, IonTabBar, IonTabButton, IonIcon, IonLabel, IonBadge],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ion-tabs>
      <ion-tab-bar slot="bottom" [class.away]="inLesson()">
        <ion-tab-button tab="learn" href="/learn" [attr.aria-label]="i18n.t('tabs.learn')">
          <ion-icon name="book-outline" aria-hidden="true"></ion-icon><ion-label>{{ i18n.t('tabs.learn') }}</ion-label>
        </ion-tab-button>
        <ion-tab-button
          tab="community"
          href="/community"
          [attr.aria-label]="unread() ? i18n.t('tabs.communityUnread', { count: unread() }) : i18n.t('tabs.community')"
        >
          <ion-icon name="people-outline" aria-hidden="true"></ion-icon><ion-label>{{ i18n.t('tabs.community') }}</ion-label>
          @if (unread()) {
            <ion-badge color="danger" aria-hidden="true" data-testid="community-unread">{{ unread() }}</ion-badge>
          }
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
    /* The labels stay at every width (most cheap phones are 360 px wide): at large text they wrap, and the bar grows. */
    /* rem, so that the bar grows with the phone's text size instead of clipping the labels. */
    ion-tab-bar {
      height: auto;
      min-height: 3.5rem;
    }
    /* Inside a lesson the card needs the room (at 200 % text it had 95 px): its own back button leads out. */
    ion-tab-bar.away {
      display: none;
    }
    /* The chosen tab in a darker teal: 6:1 on the bar and on its own focus highlight (the brand teal was 4.4:1 there). */
    ion-tab-button {
      min-width: 0;
      flex: 1 1 0;
      height: auto;
      padding-block: 4px;
      --color-selected: #0b5f58;
      --color-focused: #0b5f58;
    }
    ion-tab-button::part(native) {
      height: auto;
      overflow: visible;
    }
    ion-label {
      white-space: normal;
      hyphens: auto;
      overflow-wrap: anywhere;
      line-height: 1.15;
      text-align: center;
      max-width: 100%;
    }
    @media (max-width: 400px) {
      ion-tab-button {
        --padding-start: 2px;
        --padding-end: 2px;
      }
      ion-label {
        font-size: 0.75rem;
      }
    }
  `,
})
export class Tabs {
  protected readonly i18n = inject(I18n);

  /** Unread posts in the network, on the Community tab. */
  protected readonly unread = inject(DiscussionsStore).unreadTotal;
  private readonly router = inject(Router);
  protected readonly inLesson = toSignal(
    this.router.events.pipe(
      filter((event) => event instanceof NavigationEnd),
      map(() => LESSON_SCREENS.test(this.router.url)),
    ),
    { initialValue: LESSON_SCREENS.test(this.router.url) },
  );

  constructor() {
    addIcons({ bookOutline, calendarOutline, peopleOutline, personCircleOutline });
  }
}

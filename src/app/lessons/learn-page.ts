import { ChangeDetectionStrategy, Component, Injector, afterNextRender, computed, effect, inject, input, signal } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { IonButton } from '@ionic/angular/ion-button';
import { IonButtons } from '@ionic/angular/ion-buttons';
import { IonContent } from '@ionic/angular/ion-content';
import { IonHeader } from '@ionic/angular/ion-header';
import { IonIcon } from '@ionic/angular/ion-icon';
import { IonItem } from '@ionic/angular/ion-item';
import { IonLabel } from '@ionic/angular/ion-label';
import { IonList } from '@ionic/angular/ion-list';
import { IonListHeader } from '@ionic/angular/ion-list-header';
import { IonSearchbar } from '@ionic/angular/ion-searchbar';
import { IonTitle } from '@ionic/angular/ion-title';
import { IonToolbar } from '@ionic/angular/ion-toolbar';
import { addIcons } from 'ionicons';
import { checkmarkCircle, timeOutline } from 'ionicons/icons';
import { Session } from '../auth/session';
import { mayAuthor, mayReadInsights } from '../auth/roles';
import { I18n } from '../i18n/i18n';
import { SyncIndicator } from '../sync/sync-indicator';
import { searchLessons } from '../shared/lesson-search';
import { NeedsStore } from '../needs/needs-store';
import { LessonsStore } from './lessons-store';
import { pickForMinutes, type Pick } from './minutes-picker';
import { PackControl } from './pack-control';
import { keepFirstPaint, releaseFirstPaint } from '../shared/first-paint';
import { firstPaintSnapshot } from './first-paint-snapshot';

/** Programmes and their lessons, from the local database, with the user's progress. */
@Component({
  selector: 'app-learn-page',
  imports: [
    IonHeader,
    IonToolbar,
    IonTitle,
    IonContent,
    IonList,
    IonListHeader,
    IonItem,
    IonLabel,
    IonIcon,
    IonSearchbar,
    IonButton,
    IonButtons,
    RouterLink,
    SyncIndicator,
    PackControl,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ion-header>
      <ion-toolbar color="primary">
        <ion-title>{{ i18n.t('learn.title') }}</ion-title>
        @if (mayAuthor()) {
          <ion-buttons slot="end"
            ><ion-button routerLink="/learn/studio" data-testid="open-studio">{{ i18n.t('authoring.studio') }}</ion-button></ion-buttons
          >
        }
      </ion-toolbar>
      <app-sync-indicator />
    </ion-header>
    <ion-content>
      @if (welcome()) {
        <!-- Once, after sign-up: what the app is for and where things are, in the member's role. -->
        <section class="welcome" data-testid="welcome" aria-labelledby="welcome-title">
          <h2 id="welcome-title" tabindex="-1">{{ i18n.t('welcome.title', { name: session.user()?.name ?? '' }) }}</h2>
          <p>{{ i18n.t('welcome.what') }}</p>
          <ul>
            <li>{{ i18n.t('welcome.minutes') }}</li>
            <li>{{ i18n.t('welcome.offline') }}</li>
            <li>{{ i18n.t('welcome.community') }}</li>
            <li>{{ i18n.t('welcome.workshops') }}</li>
          </ul>
          <p data-testid="welcome-role">{{ i18n.t('welcome.role.' + role()) }}</p>
          <ion-button (click)="closeWelcome()" data-testid="welcome-close">{{ i18n.t('welcome.start') }}</ion-button>
        </section>
      }
      @if (askNeeds()) {
        <!-- After sign-up and every three months: what the owner feels confident in, for their network's tutors. -->
        <section class="needs-prompt" data-testid="needs-prompt" aria-labelledby="needs-prompt-title">
          <h2 id="needs-prompt-title">{{ i18n.t('needs.promptTitle') }}</h2>
          <p>{{ i18n.t(needs.latest() ? 'needs.promptAgain' : 'needs.promptFirst') }}</p>
          <ion-button routerLink="/learn/needs" data-testid="needs-open">{{ i18n.t('needs.promptOpen') }}</ion-button>
          <ion-button fill="clear" (click)="needs.putOff()" data-testid="needs-prompt-later">{{ i18n.t('needs.later') }}</ion-button>
        </section>
      }
      @if (readsInsights()) {
        <div class="ion-padding-horizontal">
          <ion-button routerLink="/learn/insights" expand="block" fill="outline" data-testid="open-insights">{{
            i18n.t('insights.title')
          }}</ion-button>
        </div>
      }
      <ion-searchbar
        [placeholder]="i18n.t('learn.search')"
        [attr.aria-label]="i18n.t('learn.search')"
        [debounce]="150"
        (ionInput)="query.set($event.detail.value ?? '')"
        data-testid="lesson-search"
      />
      @if (query().trim().length > 1) {
        <ion-list>
          <ion-list-header role="listitem"
            ><ion-label role="status">{{
              results().length
                ? i18n.t('learn.searchResults', { count: results().length })
                : i18n.t('learn.searchEmpty', { query: query() })
            }}</ion-label></ion-list-header
          >
          @for (lesson of results(); track lesson.id) {
            <ion-item [routerLink]="['/learn/lesson', lesson.id]" detail="true" data-testid="search-result">
              <ion-label class="ion-text-wrap"
                ><h3>{{ lesson.title }}</h3>
                <p>{{ lesson.summary }}</p></ion-label
              >
            </ion-item>
          }
        </ion-list>
      } @else {
        <section class="minutes ion-padding-horizontal" aria-labelledby="minutes-label">
          <h2 id="minutes-label">{{ i18n.t('learn.haveMinutes') }}</h2>
          <!-- Real buttons that look like buttons (a segment read as labels), wrapping at large text. -->
          <div class="minute-choices" role="group" aria-labelledby="minutes-label" data-testid="minutes">
            @for (option of [2, 5, 10]; track option) {
              <ion-button
                [fill]="minutes() === option ? 'solid' : 'outline'"
                [attr.aria-pressed]="minutes() === option"
                (click)="chooseMinutes(option)"
                [attr.data-testid]="'minutes-' + option"
              >
                {{ i18n.t('learn.minutesOption', { minutes: option }) }}
              </ion-button>
            }
          </div>
          @if (pick(); as choice) {
            <div class="pick" role="status" data-testid="minutes-pick">
              <p>{{ describe(choice) }}</p>
              @if (choice.kind !== 'nothing') {
                <ion-button (click)="go(choice)">{{ i18n.t('learn.pick.go') }}</ion-button>
              }
            </div>
          }
        </section>
        @for (entry of store.programmes(); track entry.programme.id) {
          <ion-list>
            <ion-list-header role="listitem">
              <ion-label>
                <h2 class="programme-title">{{ entry.programme.title }}</h2>
                <p>{{ entry.programme.summary }}</p>
                <p class="meta">
                  {{ i18n.t('learn.audience.' + (entry.programme.audience ?? 'owner')) }} ·
                  {{ i18n.t('learn.progressSummary', { done: entry.completed, total: entry.lessons.length }) }}
                </p>
                <app-pack-control [programmeId]="entry.programme.id" [lessonCount]="entry.lessons.length" />
              </ion-label>
            </ion-list-header>
            @for (item of entry.lessons; track item.lesson.id) {
              <ion-item [routerLink]="['/learn/lesson', item.lesson.id]" detail="true" data-testid="lesson-item">
                @if (item.progress?.status === 'completed') {
                  <ion-icon slot="start" name="checkmark-circle" color="success" [attr.aria-label]="i18n.t('learn.completed')"></ion-icon>
                } @else {
                  <ion-icon slot="start" name="time-outline" aria-hidden="true"></ion-icon>
                }
                <ion-label class="ion-text-wrap">
                  <h3 [attr.lang]="item.lesson.language ?? 'en'">{{ item.lesson.title }}</h3>
                  <p [attr.lang]="item.lesson.language ?? 'en'">{{ item.lesson.summary }}</p>
                  <p class="meta">{{ i18n.t('learn.minutes', { minutes: item.lesson.minutes }) }}</p>
                  @if (store.notYetTranslated(item.lesson)) {
                    <p class="meta" data-testid="not-translated">{{ i18n.t('learn.notTranslated') }}</p>
                  }
                  @if (item.progress?.status === 'started') {
                    <p class="meta">
                      {{ i18n.t('learn.inProgress', { card: item.progress!.cardIndex + 1, total: item.lesson.cards.length }) }}
                    </p>
                  }
                </ion-label>
              </ion-item>
            }
          </ion-list>
        } @empty {
          <p class="empty ion-padding">{{ i18n.t('learn.empty') }}</p>
        }
      }
    </ion-content>
  `,
  styles: `
    .programme-title {
      font-size: 1.15rem;
      font-weight: 700;
      margin-top: 12px;
    }
    .meta {
      color: var(--ion-color-medium-shade);
      font-size: 0.85rem;
    }
    .empty {
      color: var(--ion-color-medium-shade);
    }
    h3 {
      font-weight: 600;
    }
    .minutes h2 {
      font-size: 1rem;
      margin: 12px 0 8px;
    }
    .needs-prompt {
      margin: 12px 16px 4px;
      padding: 12px 16px;
      border-radius: 12px;
      border: 2px solid rgba(15, 118, 110, 0.3);
    }
    .needs-prompt h2 {
      font-size: 1.1rem;
      font-weight: 700;
      margin-top: 0;
    }
    .welcome {
      margin: 12px 16px 4px;
      padding: 12px 16px;
      border-radius: 12px;
      background: rgba(15, 118, 110, 0.08);
    }
    .welcome h2 {
      font-size: 1.2rem;
      margin-top: 4px;
      outline: none;
    }
    .welcome li {
      margin-bottom: 6px;
    }
    .minute-choices {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
    }
    .minute-choices ion-button {
      flex: 1 1 5.5rem;
      min-width: 0;
      min-height: 48px;
      margin: 0;
      --padding-start: 4px;
      --padding-end: 4px;
    }
    /* The programme's text and its download line keep a margin on the right as on the left. */
    ion-list-header {
      padding-inline-end: 16px;
    }
    .pick {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px;
      justify-content: space-between;
      margin: 8px 0;
      padding: 8px 12px;
      border-radius: 10px;
      background: rgba(15, 118, 110, 0.08);
    }
    .pick p {
      margin: 0;
      flex: 1 1 200px;
    }
  `,
})
export class LearnPage {
  protected readonly i18n = inject(I18n);
  protected readonly store = inject(LessonsStore);
  private readonly router = inject(Router);
  protected readonly session = inject(Session);
  /** Query parameter set by sign-up: the welcome shows once. */
  readonly welcome = input<string | undefined>();
  /** The member's main role, for the welcome's last line. */
  protected readonly role = computed(() => {
    const roles = this.session.user()?.roles ?? [];
    return (['coordinator', 'tutor', 'facilitator', 'peer-mentor'] as const).find((role) => roles.includes(role)) ?? 'owner';
  });
  protected readonly needs = inject(NeedsStore);
  /** Owners are asked what they need once the welcome is read, and again every three months. */
  protected readonly askNeeds = computed(() => !this.welcome() && this.store.audience() === 'owner' && this.needs.due());
  /** The network's tutors, facilitators and coordinators see what its owners need. */
  protected readonly readsInsights = computed(() => mayReadInsights(this.session.user()?.roles ?? []));
  /** Tutors and peer mentors write lessons. */
  protected readonly mayAuthor = computed(() => mayAuthor(this.session.user()?.roles ?? []));
  protected readonly query = signal('');
  protected readonly results = computed(() => searchLessons(this.query(), this.store.lessons()));
  protected readonly minutes = signal<number | null>(null);
  protected readonly pick = computed(() => {
    const minutes = this.minutes();
    if (minutes === null) return null;
    // Offered from the member's own programmes (an owner is not sent into the tutors' course), all of them when there are none.
    const own = this.store.programmes().filter((p) => (p.programme.audience ?? 'owner') === this.store.audience());
    const programmes = own.length > 0 ? own : this.store.programmes();
    const lessons = programmes.flatMap((p) => p.lessons.map((l) => l.lesson));
    return pickForMinutes(
      minutes,
      lessons,
      this.store.progressByLesson(),
      this.store.dueReviews().length,
      programmes.map((p) => p.programme.id),
    );
  });

  protected closeWelcome(): void {
    void this.router.navigate(['/learn'], { replaceUrl: true });
  }

  protected chooseMinutes(value: unknown): void {
    this.minutes.set(Number(value));
  }

  protected describe(choice: Pick): string {
    switch (choice.kind) {
      case 'resume':
        return this.i18n.t('learn.pick.resume', { title: choice.lesson.title, minutes: choice.minutes });
      case 'lesson':
        return this.i18n.t('learn.pick.lesson', { title: choice.lesson.title, minutes: choice.minutes });
      case 'review':
        return this.i18n.t('learn.pick.review', { count: choice.questions, minutes: choice.minutes });
      case 'nothing':
        return this.i18n.t('learn.pick.nothing');
    }
  }

  protected go(choice: Pick): void {
    if (choice.kind === 'review') void this.router.navigate(['/learn/review'], { queryParams: { count: choice.questions } });
    else if (choice.kind !== 'nothing') void this.router.navigate(['/learn/lesson', choice.lesson.id]);
  }

  constructor() {
    addIcons({ checkmarkCircle, timeOutline });
    const injector = inject(Injector);
    // Once the list shows live data, the snapshot painted before the app loaded goes, and the next
    // start paints this one.
    effect(() => {
      const user = this.session.user();
      if (!this.store.loaded() || !user) return;
      keepFirstPaint(firstPaintSnapshot(user.name, this.i18n, this.store.programmes()));
      afterNextRender(releaseFirstPaint, { injector });
    });
  }
}

import { ChangeDetectionStrategy, Component, Injector, afterNextRender, computed, effect, inject, input, signal } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { IonButton } from '@ionic/angular/ion-button';
import { IonButtons } from '@ionic/angular/ion-buttons';
import { IonContent } from '@ionic/angular/ion-content';
import { IonIcon } from '@ionic/angular/ion-icon';
import { IonItem } from '@ionic/angular/ion-item';
import { IonLabel } from '@ionic/angular/ion-label';
import { IonList } from '@ionic/angular/ion-list';
import { IonListHeader } from '@ionic/angular/ion-list-header';
import { IonSearchbar } from '@ionic/angular/ion-searchbar';
import { addIcons } from 'ionicons';
import { checkmarkCircle, timeOutline } from 'ionicons/icons';
import { Session } from '../auth/session';
import { mayAuthor, mayReadInsights } from '../auth/roles';
import { I18n } from '../i18n/i18n';
import { searchLessons } from '../shared/lesson-search';
import { NeedsStore } from '../needs/needs-store';
import { LessonsStore } from './lessons-store';
import { pickForMinutes, type Pick } from './minutes-picker';
import { PackControl } from './pack-control';
import { keepFirstPaint, releaseFirstPaint } from '../shared/first-paint';
import { firstPaintSnapshot } from './first-paint-snapshot';
import { PageHeader } from '../shared/page-header';

/** Programmes and their lessons, from the local database, with the user's progress. */
@Component({
  selector: 'app-learn-page',
  imports: [
    PageHeader,
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
    PackControl,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './learn-page.html',
  styleUrl: './learn-page.css',
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
    return (['coordinator', 'tutor', 'facilitator', 'peer-mentor', 'reviewer'] as const).find((role) => roles.includes(role)) ?? 'owner';
  });
  protected readonly needs = inject(NeedsStore);
  /** Owners are asked what they need once the welcome is read, and again every three months. */
  protected readonly askNeeds = computed(() => !this.welcome() && this.store.audience() === 'owner' && this.needs.due());
  /** The network's tutors, facilitators and coordinators see what its owners need. */
  protected readonly readsInsights = computed(() => mayReadInsights(this.session.user()?.roles ?? []));
  /** Tutors and peer mentors write lessons. */
  protected readonly mayAuthor = computed(() => mayAuthor(this.session.user()?.roles ?? []));
  /** Stakeholders a coordinator made reviewers of the CPD curriculum. */
  protected readonly reviewsCurriculum = computed(() => this.session.user()?.roles.includes('reviewer') ?? false);
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

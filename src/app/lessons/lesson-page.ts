import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { IonBackButton } from '@ionic/angular/ion-back-button';
import { IonButton } from '@ionic/angular/ion-button';
import { IonButtons } from '@ionic/angular/ion-buttons';
import { IonContent } from '@ionic/angular/ion-content';
import { IonFooter } from '@ionic/angular/ion-footer';
import { IonHeader } from '@ionic/angular/ion-header';
import { IonIcon } from '@ionic/angular/ion-icon';
import { IonProgressBar } from '@ionic/angular/ion-progress-bar';
import { IonTextarea } from '@ionic/angular/ion-textarea';
import { IonTitle } from '@ionic/angular/ion-title';
import { IonToolbar } from '@ionic/angular/ion-toolbar';
import { addIcons } from 'ionicons';
import { arrowBack, arrowForward, checkmarkCircle } from 'ionicons/icons';
import { AuthoringStore } from '../authoring/authoring-store';
import { DiscussionsStore } from '../discussions/discussions-store';
import type { Lesson } from '../data/catalog-repository';
import { I18n, LANGUAGE_NAMES } from '../i18n/i18n';
import { SyncIndicator } from '../sync/sync-indicator';
import { LessonCardView } from '../shared/lesson-card-view';
import { LessonsStore } from './lessons-store';
import { QuizCard, isRightAnswer } from './quiz-card';

/**
 * The lesson player: one card at a time, by buttons, arrow keys or a swipe. Every step is saved
 * locally at once, so the user resumes at the card where they stopped.
 */
@Component({
  selector: 'app-lesson-page',
  imports: [
    IonHeader,
    IonToolbar,
    IonTitle,
    IonButtons,
    IonBackButton,
    IonContent,
    IonFooter,
    IonButton,
    IonIcon,
    IonProgressBar,
    IonTextarea,
    RouterLink,
    SyncIndicator,
    LessonCardView,
    QuizCard,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '(keydown)': 'moveByKey($event)' },
  template: `
    <ion-header>
      <ion-toolbar color="primary">
        <ion-buttons slot="start">
          <!-- An icon only, so that the title keeps the toolbar's width on a small phone; its name is for screen readers. -->
          <ion-back-button
            [defaultHref]="preview() ? '/learn/studio/' + id() : '/learn'"
            text=""
            [attr.aria-label]="i18n.t(preview() ? 'authoring.backToEditor' : 'lesson.back')"
            data-testid="lesson-back"
          />
        </ion-buttons>
        <ion-title [attr.lang]="preview() ? null : (lesson()?.language ?? 'en')">{{
          preview() ? i18n.t('authoring.previewTitle', { title: lesson()?.title || '' }) : lesson()?.title
        }}</ion-title>
        @if (!preview() && authoring.mayPublish() && lesson(); as l) {
          <ion-buttons slot="end">
            <ion-button (click)="editLesson(l)" data-testid="edit-lesson">{{ i18n.t('authoring.editLesson') }}</ion-button>
            @if (translatable()) {
              <ion-button (click)="translateLesson(l)" data-testid="translate-lesson">{{
                i18n.t('authoring.translateLesson', { language: languageName() })
              }}</ion-button>
            }
          </ion-buttons>
        }
      </ion-toolbar>
      <app-sync-indicator />
      @if (lesson(); as l) {
        <ion-progress-bar [value]="(index() + 1) / l.cards.length" [attr.aria-label]="position()" />
      }
    </ion-header>
    <ion-content class="ion-padding">
      @if (lesson(); as l) {
        @if (finished()) {
          <section class="done" data-testid="lesson-done">
            <ion-icon name="checkmark-circle" color="success" aria-hidden="true"></ion-icon>
            <h2 #focusTarget tabindex="-1">{{ i18n.t('lesson.done') }}</h2>
            <p>{{ i18n.t('lesson.doneHint') }}</p>
            @if (preview()) {
              <ion-button [routerLink]="['/learn/studio', id()]" expand="block">{{ i18n.t('authoring.backToEditor') }}</ion-button>
            } @else {
              <!-- For the network's tutors (as counts, with comments but no names): was the lesson worth the owner's minutes? -->
              <section class="feedback" aria-labelledby="feedback-title" data-testid="lesson-feedback">
                <h3 id="feedback-title">{{ i18n.t('feedback.question') }}</h3>
                <div class="thumbs">
                  <ion-button
                    [fill]="useful() === true ? 'solid' : 'outline'"
                    [attr.aria-pressed]="useful() === true"
                    (click)="chooseUseful(true)"
                    data-testid="feedback-yes"
                  >
                    <span aria-hidden="true">👍&nbsp;</span>{{ i18n.t('feedback.yes') }}
                  </ion-button>
                  <ion-button
                    [fill]="useful() === false ? 'solid' : 'outline'"
                    [attr.aria-pressed]="useful() === false"
                    (click)="chooseUseful(false)"
                    data-testid="feedback-no"
                  >
                    <span aria-hidden="true">👎&nbsp;</span>{{ i18n.t('feedback.no') }}
                  </ion-button>
                </div>
                @if (useful() !== null) {
                  <ion-textarea
                    [label]="i18n.t('feedback.comment')"
                    labelPlacement="stacked"
                    [maxlength]="500"
                    [counter]="true"
                    [autoGrow]="true"
                    [value]="feedbackComment()"
                    (ionInput)="feedbackComment.set($event.detail.value ?? '')"
                    data-testid="feedback-comment"
                  />
                  <ion-button fill="outline" (click)="sendFeedback(l.id)" data-testid="feedback-send">{{
                    i18n.t('feedback.send')
                  }}</ion-button>
                }
                <p role="status" class="thanks">{{ feedbackSaved() }}</p>
              </section>
              <ion-button routerLink="/learn" expand="block">{{ i18n.t('lesson.backToList') }}</ion-button>
              <ion-button
                [routerLink]="['/community']"
                [queryParams]="{ lesson: l.id }"
                expand="block"
                fill="outline"
                data-testid="discuss-lesson"
              >
                {{ i18n.t('lesson.discuss', { count: discussions.threadsForLesson(l.id).length }) }}
              </ion-button>
            }
          </section>
        } @else {
          <article (pointerdown)="swipeStart($event)" (pointerup)="swipeEnd($event)" data-testid="lesson-card">
            <p class="position" #focusTarget tabindex="-1">{{ position() }}</p>
            <!-- Tracked by position, so that each card gets a fresh component (a quiz never inherits answers). -->
            @for (card of [l.cards[index()]]; track index()) {
              @if (card.kind === 'quiz') {
                <app-quiz-card [card]="card" [cardIndex]="index()" (answered)="answer($event)" />
              } @else {
                <!-- The lesson's own language, for screen readers' voices (an English lesson shown to a Polish user). -->
                <app-lesson-card-view [card]="card" [attr.lang]="l.language ?? 'en'" />
              }
            }
          </article>
        }
      } @else {
        <p class="ion-padding">{{ i18n.t('lesson.notFound') }}</p>
      }
    </ion-content>
    @if (lesson(); as l) {
      @if (!finished()) {
        <ion-footer>
          <ion-toolbar>
            <div class="nav">
              <ion-button fill="outline" [disabled]="index() === 0" (click)="previous()" [attr.aria-label]="i18n.t('lesson.previous')">
                <ion-icon slot="start" name="arrow-back" aria-hidden="true"></ion-icon
                ><span class="previous-label">{{ i18n.t('lesson.previous') }}</span>
              </ion-button>
              @if (index() < l.cards.length - 1 && unansweredQuiz()) {
                <!-- Check first, Next after: a question not yet checked offers only a quiet way past it. -->
                <ion-button fill="clear" color="medium" (click)="next()" data-testid="skip-question">{{
                  i18n.t('lesson.skipQuestion')
                }}</ion-button>
              } @else if (index() < l.cards.length - 1) {
                <ion-button (click)="next()"
                  >{{ i18n.t('lesson.next') }}<ion-icon slot="end" name="arrow-forward" aria-hidden="true"></ion-icon
                ></ion-button>
              } @else {
                <ion-button color="success" (click)="finish()" data-testid="finish-lesson">{{ i18n.t('lesson.finish') }}</ion-button>
              }
            </div>
          </ion-toolbar>
        </ion-footer>
      }
    }
  `,
  styles: `
    article {
      max-width: 680px;
      margin: 0 auto;
      touch-action: pan-y;
      font-size: 1.05rem;
    }
    .position {
      color: var(--ion-color-medium-shade);
      font-size: 0.9rem;
      margin-top: 0;
      outline: none;
    }
    /* One row at any text size: the two buttons share it and their words wrap. */
    .nav {
      display: flex;
      justify-content: space-between;
      gap: 8px;
      padding: 4px 8px;
      container-type: inline-size;
    }
    /* With large text the word no longer fits beside Next: the arrow alone says it (its name stays for screen readers). */
    @container (max-width: 20rem) {
      .previous-label {
        display: none;
      }
    }
    .nav ion-button {
      flex: 0 1 auto;
      min-width: 0;
      height: auto;
      --padding-start: 10px;
      --padding-end: 10px;
    }
    .nav ion-button::part(native) {
      white-space: normal;
      height: auto;
      min-height: 48px;
    }
    ion-title {
      padding-inline: 4px;
    }
    .nav ion-button {
      min-height: 48px;
    }
    .done {
      text-align: center;
      max-width: 480px;
      margin: 10vh auto 0;
    }
    .done ion-icon {
      font-size: 4.5rem;
    }
    .feedback {
      text-align: start;
      margin: 1rem 0;
      padding: 0.75rem 1rem;
      border-radius: 0.75rem;
      background: rgba(15, 118, 110, 0.06);
    }
    .feedback h3 {
      font-size: 1rem;
      font-weight: 700;
      margin: 0 0 0.5rem;
    }
    .thumbs {
      display: flex;
      gap: 0.5rem;
      flex-wrap: wrap;
    }
    .thumbs ion-button {
      flex: 1 1 8rem;
      min-height: 48px;
    }
    .thanks {
      min-height: 1.5em;
      color: var(--ion-color-success-shade);
    }
    .done h2 {
      outline: none;
    }
  `,
})
export class LessonPage {
  protected readonly i18n = inject(I18n);
  private readonly store = inject(LessonsStore);
  protected readonly authoring = inject(AuthoringStore);
  protected readonly discussions = inject(DiscussionsStore);
  private readonly router = inject(Router);
  /** Route parameter: the lesson id, or the draft id in a preview. */
  readonly id = input.required<string>();
  /** Route data: an author's preview of a draft, which records no progress. */
  readonly preview = input(false);

  protected readonly lesson = computed(() => (this.preview() ? this.authoring.previewLesson(this.id()) : this.store.lesson(this.id())));
  protected readonly index = signal(0);
  protected readonly finished = signal(false);
  protected readonly useful = signal<boolean | null>(null);
  protected readonly feedbackComment = signal('');
  protected readonly feedbackSaved = signal('');

  protected chooseUseful(useful: boolean): void {
    this.useful.set(useful);
    this.feedbackSaved.set('');
  }

  /** Saved on the phone first, like everything the owner writes. */
  protected async sendFeedback(lessonId: string): Promise<void> {
    const useful = this.useful();
    if (useful === null) return;
    await this.store.saveFeedback(lessonId, useful, this.feedbackComment().trim() || undefined);
    this.feedbackSaved.set(this.i18n.t('feedback.thanks'));
  }
  private readonly answers = signal<Record<string, number[]>>({});
  /** The current card is a question that has not been checked yet. */
  protected readonly unansweredQuiz = computed(
    () => this.lesson()?.cards[this.index()]?.kind === 'quiz' && !(this.index() in this.answers()),
  );
  private readonly focusTarget = viewChild<ElementRef<HTMLElement>>('focusTarget');
  private resumed = false;
  private readonly firstTries = new Set<number>();
  private swipeX: number | null = null;

  protected readonly position = computed(() =>
    this.i18n.t('lesson.cardPosition', { current: this.index() + 1, total: this.lesson()?.cards.length ?? 0 }),
  );

  constructor() {
    addIcons({ arrowBack, arrowForward, checkmarkCircle });
    // Resume once, when the lesson and its progress are first known.
    effect(() => {
      const lesson = this.lesson();
      if (!lesson || this.resumed) return;
      this.resumed = true;
      if (untracked(() => this.preview())) return;
      const progress = untracked(() => this.store.progressOf(lesson.id));
      if (progress?.status === 'started') this.index.set(Math.min(progress.cardIndex, lesson.cards.length - 1));
      if (!progress) void this.store.recordCard(lesson, 0);
    });
    // Screen readers hear where they are after every move.
    effect(() => {
      this.index();
      this.finished();
      untracked(() => queueMicrotask(() => this.focusTarget()?.nativeElement.focus()));
    });
  }

  /** Arrow keys turn cards, except inside a form control, where they choose answers. */
  protected moveByKey(event: KeyboardEvent): void {
    const target = event.target as HTMLElement | null;
    if (event.defaultPrevented || target?.closest('input, textarea, select, fieldset')) return;
    if (event.key === 'ArrowRight') this.next();
    if (event.key === 'ArrowLeft') this.previous();
  }

  protected next(): void {
    const lesson = this.lesson();
    if (!lesson || this.finished() || this.index() >= lesson.cards.length - 1) return;
    this.index.update((i) => i + 1);
    if (!this.preview()) void this.store.recordCard(lesson, this.index(), this.answers());
  }

  protected previous(): void {
    if (this.finished() || this.index() === 0) return;
    this.index.update((i) => i - 1);
  }

  protected answer(chosen: number[]): void {
    const lesson = this.lesson();
    const card = lesson?.cards[this.index()];
    this.answers.update((all) => ({ ...all, [this.index()]: chosen }));
    // Kept at once: an owner who checks an answer and closes the app has still answered.
    if (lesson && !this.preview()) void this.store.recordCard(lesson, this.index(), this.answers());
    // Only the first try on a card counts for review; trying again after the feedback is for learning.
    if (lesson && card?.kind === 'quiz' && !this.preview() && !this.firstTries.has(this.index())) {
      this.firstTries.add(this.index());
      void this.store.recordAnswer(lesson, this.index(), isRightAnswer(card, chosen));
    }
  }

  protected async finish(): Promise<void> {
    const lesson = this.lesson();
    if (!lesson) return;
    // "Done" only once it is stored: shown earlier, leaving at once could lose it (the harness did).
    if (!this.preview()) await this.store.complete(lesson, this.answers());
    this.finished.set(true);
  }

  /** Tutors: open this lesson in the editor; publishing the edit makes a new version. */
  /** An English lesson not yet translated into the user's language: a tutor may translate it. */
  protected readonly translatable = computed(() => {
    const lesson = this.lesson();
    const language = this.i18n.language();
    return !!lesson && (lesson.language ?? 'en') === 'en' && language !== 'en' && !this.store.lesson(`${lesson.id}-${language}`);
  });
  protected readonly languageName = computed(() => LANGUAGE_NAMES[this.i18n.language()]);

  protected async translateLesson(lesson: Lesson): Promise<void> {
    const draft = await this.authoring.translateLesson(lesson, this.i18n.language());
    await this.router.navigate(['/learn/studio', draft.id]);
  }

  protected async editLesson(lesson: Lesson): Promise<void> {
    const draft = await this.authoring.editLesson(lesson);
    await this.router.navigate(['/learn/studio', draft.id]);
  }

  protected swipeStart(event: PointerEvent): void {
    this.swipeX = event.clientX;
  }

  protected swipeEnd(event: PointerEvent): void {
    if (this.swipeX === null) return;
    const dx = event.clientX - this.swipeX;
    this.swipeX = null;
    if (Math.abs(dx) < 60) return;
    if (dx < 0) this.next();
    else this.previous();
  }
}

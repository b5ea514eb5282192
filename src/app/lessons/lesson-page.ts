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
import { IonButton } from '@ionic/angular/ion-button';
import { IonButtons } from '@ionic/angular/ion-buttons';
import { IonContent } from '@ionic/angular/ion-content';
import { IonFooter } from '@ionic/angular/ion-footer';
import { IonIcon } from '@ionic/angular/ion-icon';
import { IonProgressBar } from '@ionic/angular/ion-progress-bar';
import { IonTextarea } from '@ionic/angular/ion-textarea';
import { IonToolbar } from '@ionic/angular/ion-toolbar';
import { addIcons } from 'ionicons';
import { arrowBack, arrowForward, checkmarkCircle } from 'ionicons/icons';
import { AuthoringStore } from '../authoring/authoring-store';
import { DiscussionsStore } from '../discussions/discussions-store';
import type { Lesson } from '../data/catalog-repository';
import { I18n, LANGUAGE_NAMES } from '../i18n/i18n';
import { LessonCardView } from '../shared/lesson-card-view';
import { LessonsStore } from './lessons-store';
import { QuizCard, isRightAnswer } from './quiz-card';
import { PageHeader } from '../shared/page-header';

/**
 * The lesson player: one card at a time, by buttons, arrow keys or a swipe. Every step is saved
 * locally at once, so the user resumes at the card where they stopped.
 */
@Component({
  selector: 'app-lesson-page',
  imports: [
    PageHeader,
    IonToolbar,
    IonButtons,
    IonContent,
    IonFooter,
    IonButton,
    IonIcon,
    IonProgressBar,
    IonTextarea,
    RouterLink,
    LessonCardView,
    QuizCard,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '(keydown)': 'moveByKey($event)' },
  templateUrl: './lesson-page.html',
  styleUrl: './lesson-page.css',
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

  // The same lesson read again (the database answering after the copy kept for a quick start) is
  // not a change: the card on screen, its focus and a half-chosen answer stay as they are.
  protected readonly lesson = computed(() => (this.preview() ? this.authoring.previewLesson(this.id()) : this.store.lesson(this.id())), {
    equal: (a, b) => a === b || JSON.stringify(a) === JSON.stringify(b),
  });
  protected readonly loaded = this.store.loaded;
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
    // The database's copy of a lesson kept for a quick start may have fewer cards (a new version).
    effect(() => {
      const cards = this.lesson()?.cards.length ?? 0;
      if (cards > 0 && this.index() > cards - 1) this.index.set(cards - 1);
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
    // Only once the catalog is read: the lessons kept for a quick start hold no translations.
    return (
      !!lesson &&
      this.store.loaded() &&
      (lesson.language ?? 'en') === 'en' &&
      language !== 'en' &&
      !this.store.lesson(`${lesson.id}-${language}`)
    );
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

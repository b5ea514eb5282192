import { Injectable, computed, effect, inject, untracked } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { filter, firstValueFrom, map, of, switchMap, takeWhile } from 'rxjs';
import { watchCatalog, type Lesson, type Programme } from '../data/catalog-repository';
import { LocalDatabase, type AppDatabase } from '../data/local-database';
import { audienceOf } from '../auth/roles';
import { Session } from '../auth/session';
import { I18n } from '../i18n/i18n';
import { saveProgress, saveReview, watchProgress, watchReviews, type LessonProgress } from '../data/progress-repository';
import { saveFeedback } from '../data/needs-repository';
import { firstLessons, keepFirstLessons, keepFirstProgress, type KeptLessons } from '../shared/first-paint';
import { firstLessonsFor } from './first-paint-snapshot';
import { lessonsIn } from './lesson-language';
import { addWaitingStep, removeWaitingStep, stepId, waitingSteps, withWaitingSteps, type LessonStep } from './waiting-steps';
import { isDue, nextReview } from './review-schedule';

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

export interface LessonSummary {
  readonly lesson: Lesson;
  readonly progress: LessonProgress | null;
}

export interface ProgrammeSummary {
  readonly programme: Programme;
  readonly lessons: LessonSummary[];
  readonly completed: number;
}

/** The catalog and the user's progress on this device, as signals for the Learn screens. */
@Injectable({ providedIn: 'root' })
export class LessonsStore {
  private readonly localDatabase = inject(LocalDatabase);
  private readonly i18n = inject(I18n);
  private readonly session = inject(Session);
  private readonly db$ = toObservable(computed(() => this.localDatabase.db()));

  /** Null until the local database has answered. */
  private readonly catalogRead = toSignal(this.db$.pipe(switchMap((db) => (db ? watchCatalog(db) : of(null)))), { initialValue: null });
  private readonly catalog = computed(() => this.catalogRead() ?? []);
  /** The catalog, the user's progress and reviews have been read from this phone's database (all may be empty). */
  readonly loaded = computed(() => this.catalogRead() !== null && this.progressRead() !== null && this.reviewsRead() !== null);
  private readonly progressRead = toSignal(this.db$.pipe(switchMap((db) => (db ? watchProgress(db) : of(null)))), { initialValue: null });
  private readonly progress = computed(() => this.progressRead() ?? []);

  private readonly reviewsRead = toSignal(this.db$.pipe(switchMap((db) => (db ? watchReviews(db) : of(null)))), { initialValue: null });
  private readonly reviews = computed(() => this.reviewsRead() ?? []);

  /** Lessons kept at the last run, which open before the database has answered (read once, at start). */
  private readonly keptAtStart = firstLessons(this.session.user()?.name);
  private readonly kept = computed(() => (this.keptAtStart?.user === this.session.user()?.name ? this.keptAtStart : null));

  /** What the next start opens before the database answers (README, Performance). */
  private readonly nextStart = computed(() => {
    const user = this.session.user();
    return user && this.loaded() ? firstLessonsFor(user.name, this.programmes(), this.progress(), (id) => this.lesson(id)) : null;
  });
  /** The same object while the same lessons are kept: a card turned rewrites only the progress. */
  private readonly keptLessons = computed<KeptLessons | null>(
    () => {
      const first = this.nextStart();
      return first && { v: 2, user: first.user, lessons: first.lessons };
    },
    { equal: sameLessons },
  );

  /** The database and its user, once everything a step in a lesson builds on has been read from it. */
  private readonly ready = computed(() => (this.loaded() ? this.localDatabase.opened() : null));
  private readonly ready$ = toObservable(this.ready);
  /** Per user: the one run that stores their waiting steps, in order. */
  private readonly storingWaiting = new Map<string, Promise<void>>();
  /** Per user: steps on their way onto the list (waiting for the lock); none may overtake them. */
  private readonly adding = new Map<string, number>();

  /** Missed questions whose time has come, oldest first, for lessons still on the device. */
  readonly dueReviews = computed(() => {
    const now = new Date();
    return this.reviews()
      .filter((review) => isDue(review, now) && this.lesson(review.lessonId)?.cards[review.cardIndex]?.kind === 'quiz')
      .sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  });

  readonly progressByLesson = computed(() => new Map(this.progress().map((p) => [p.lessonId, p])));

  /** Every lesson on the device, in every language (links to any of them keep working). */
  private readonly allLessons = computed(() => this.catalog().filter((entry): entry is Lesson => entry.type === 'lesson'));

  /** The lessons this user is offered: in their language, or in English until translated. */
  readonly lessons = computed(() => lessonsIn(this.i18n.language(), this.allLessons()));

  /** Whether a lesson is shown in English because it has no translation in the user's language yet. */
  notYetTranslated(lesson: Lesson): boolean {
    return (lesson.language ?? 'en') !== this.i18n.language();
  }

  readonly audience = computed(() => audienceOf(this.session.user()?.roles ?? []));

  readonly programmes = computed<ProgrammeSummary[]>(() => {
    const progress = this.progressByLesson();
    const language = this.i18n.language();
    return (
      this.catalog()
        .filter((entry): entry is Programme => entry.type === 'programme')
        // The member's own programmes first: owners see the owners' toolbox before the tutors' CPD course.
        .sort(
          (a, b) =>
            Number((b.audience ?? 'owner') === this.audience()) - Number((a.audience ?? 'owner') === this.audience()) || a.order - b.order,
        )
        .map((programme) => {
          const lessons = this.lessons()
            .filter((lesson) => lesson.programmeId === programme.id)
            .map((lesson) => ({ lesson, progress: progress.get(lesson.id) ?? null }));
          const named = { ...programme, ...programme.translations?.[language] };
          return { programme: named, lessons, completed: lessons.filter((l) => l.progress?.status === 'completed').length };
        })
    );
  });

  /** Image addresses already asked for in this session. */
  private readonly prefetched = new Set<string>();

  constructor() {
    // Fetch every lesson picture once, so the service worker's media cache has it for offline use.
    effect(() => {
      for (const lesson of this.lessons()) {
        for (const card of lesson.cards) {
          if (card.kind !== 'image' || this.prefetched.has(card.src)) continue;
          this.prefetched.add(card.src);
          void fetch(card.src).catch(() => this.prefetched.delete(card.src));
        }
      }
    });
    // Kept at every change, so the next start opens them as they are now.
    effect(() => {
      const first = this.nextStart();
      const lessons = this.keptLessons();
      if (!first || !lessons) return;
      keepFirstProgress({ v: 1, user: first.user, progress: first.progress });
      keepFirstLessons(lessons);
    });
    // Steps taken before the database answered at an earlier start are stored now.
    effect(() => {
      const user = this.ready()?.user;
      if (user) untracked(() => waitingSteps(user).length > 0 && void this.storeWaiting(user).catch(() => undefined));
    });
  }

  lesson(id: string): Lesson | null {
    const lessons = this.catalogRead() === null ? (this.kept()?.lessons ?? []) : this.allLessons();
    return lessons.find((lesson) => lesson.id === id) ?? null;
  }

  progressOf(lessonId: string): LessonProgress | null {
    if (this.progressRead() === null) return this.kept()?.progress.find((entry) => entry.lessonId === lessonId) ?? null;
    return this.progressByLesson().get(lessonId) ?? null;
  }

  async recordCard(lesson: Lesson, cardIndex: number, answers?: Record<string, number[]>): Promise<void> {
    await this.take({ kind: 'progress', change: { lessonId: lesson.id, cardIndex, status: 'started', answers } });
  }

  /** A quiz answer: a miss is scheduled for review; a right answer moves a scheduled one along. */
  async recordAnswer(lesson: Lesson, cardIndex: number, correct: boolean): Promise<void> {
    await this.take({ kind: 'answer', lessonId: lesson.id, cardIndex, correct });
  }

  async complete(lesson: Lesson, answers?: Record<string, number[]>): Promise<void> {
    await this.take({
      kind: 'progress',
      change: { lessonId: lesson.id, cardIndex: lesson.cards.length - 1, status: 'completed', answers },
    });
  }

  async saveFeedback(lessonId: string, useful: boolean, comment?: string): Promise<void> {
    await this.take({ kind: 'feedback', lessonId, useful, comment });
  }

  /**
   * A step is stored at once when the database has answered; before that (a lesson opened from its
   * kept copy) it is kept on the phone first and stored when the database answers. While any step
   * waits, new ones wait behind it, so none overtakes another.
   */
  private async take(what: DistributiveOmit<LessonStep, 'id' | 'at'>): Promise<void> {
    const user = this.session.user()?.name;
    if (!user) return;
    const at = new Date();
    const step = { ...what, id: stepId(at), at: at.toISOString() } as LessonStep;
    const open = this.ready();
    const queued = this.storingWaiting.has(user) || (this.adding.get(user) ?? 0) > 0 || waitingSteps(user).length > 0;
    if (open?.user === user && !queued) return this.store(open.db, step);
    this.adding.set(user, (this.adding.get(user) ?? 0) + 1);
    let added: boolean;
    try {
      added = await withWaitingSteps(() => addWaitingStep(user, step));
    } finally {
      this.adding.set(user, this.adding.get(user)! - 1);
    }
    if (added) return void this.storeWaiting(user).catch(() => undefined);
    // No room on the phone even for a step: it waits here, behind the steps kept before it.
    await this.storeWaiting(user).catch(() => undefined);
    const db = await this.databaseOf(user);
    if (db) await this.store(db, step);
  }

  private storeWaiting(user: string): Promise<void> {
    const running = this.storingWaiting.get(user);
    if (running) return running;
    const run = (async () => {
      let db: AppDatabase | null = null;
      try {
        db = await this.databaseOf(user);
        // One step at a time, each under the lock, so another tab never stores the same one.
        while (db && (await withWaitingSteps(() => this.storeFirstWaiting(db!, user))));
      } finally {
        this.storingWaiting.delete(user);
      }
      // A step kept just as the last look found none: a new run takes it.
      if (db && waitingSteps(user).length > 0) await this.storeWaiting(user);
    })();
    this.storingWaiting.set(user, run);
    // Anything but a step the database refuses (the phone's storage full for now) leaves the steps
    // kept, for the next try.
    run.catch((error) => console.warn('Lesson steps kept on the phone wait for the next try', error));
    return run;
  }

  /** False when no step was waiting. */
  private async storeFirstWaiting(db: AppDatabase, user: string): Promise<boolean> {
    const [first] = waitingSteps(user);
    if (!first) return false;
    try {
      await this.store(db, first);
    } catch (error) {
      // A step the database refuses would stop every step behind it, at every start.
      if (!isRefused(error)) throw error;
      console.warn('A lesson step kept on the phone could not be stored and was left out', error);
    }
    if (!removeWaitingStep(user, first.id)) throw new Error('The lesson steps kept on the phone could not be updated');
    return true;
  }

  private async store(db: AppDatabase, step: LessonStep): Promise<void> {
    const at = new Date(step.at);
    if (step.kind === 'progress') {
      await saveProgress(db, step.change, at);
    } else if (step.kind === 'feedback') {
      await saveFeedback(db, step.lessonId, step.useful, step.comment, at);
    } else {
      const question = { lessonId: step.lessonId, cardIndex: step.cardIndex };
      await saveReview(db, question, (stored) => nextReview(stored, step.correct, at), at);
    }
  }

  /** This user's database once it has answered; null if they sign out first (their steps go with their data). */
  private databaseOf(user: string): Promise<AppDatabase | null> {
    return firstValueFrom(
      this.ready$.pipe(
        takeWhile(() => this.session.user()?.name === user),
        filter((open) => open?.user === user),
        map((open) => open!.db),
      ),
      { defaultValue: null },
    );
  }
}

/** The database's no to a step as it is (its schema, a value it cannot take), not a passing trouble. */
function isRefused(error: unknown): boolean {
  const refusal = error as { code?: string; status?: number; parameters?: { writeError?: { status?: number } } } | null;
  return (
    refusal?.code === 'VD2' ||
    refusal?.status === 422 ||
    refusal?.parameters?.writeError?.status === 422 ||
    error instanceof RangeError ||
    error instanceof TypeError
  );
}

function sameLessons(a: KeptLessons | null, b: KeptLessons | null): boolean {
  return (
    a === b || (!!a && !!b && a.user === b.user && a.lessons.length === b.lessons.length && a.lessons.every((l, i) => l === b.lessons[i]))
  );
}

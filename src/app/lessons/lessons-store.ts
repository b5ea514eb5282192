import { Injectable, computed, effect, inject } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { of, switchMap } from 'rxjs';
import { watchCatalog, type CatalogEntry, type Lesson, type Programme } from '../data/catalog-repository';
import { LocalDatabase } from '../data/local-database';
import { saveProgress, watchProgress, type LessonProgress } from '../data/progress-repository';

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
  private readonly db$ = toObservable(computed(() => this.localDatabase.db()));

  private readonly catalog = toSignal(this.db$.pipe(switchMap((db) => (db ? watchCatalog(db) : of([] as CatalogEntry[])))), {
    initialValue: [] as CatalogEntry[],
  });
  private readonly progress = toSignal(
    this.db$.pipe(switchMap((db) => (db ? watchProgress(db) : of([] as LessonProgress[])))),
    { initialValue: [] as LessonProgress[] },
  );

  private readonly progressByLesson = computed(() => new Map(this.progress().map((p) => [p.lessonId, p])));

  readonly lessons = computed(() =>
    this.catalog()
      .filter((entry): entry is Lesson => entry.type === 'lesson')
      .sort((a, b) => a.order - b.order || a.title.localeCompare(b.title)),
  );

  readonly programmes = computed<ProgrammeSummary[]>(() => {
    const progress = this.progressByLesson();
    return this.catalog()
      .filter((entry): entry is Programme => entry.type === 'programme')
      .sort((a, b) => a.order - b.order)
      .map((programme) => {
        const lessons = this.lessons()
          .filter((lesson) => lesson.programmeId === programme.id)
          .map((lesson) => ({ lesson, progress: progress.get(lesson.id) ?? null }));
        return { programme, lessons, completed: lessons.filter((l) => l.progress?.status === 'completed').length };
      });
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
  }

  lesson(id: string): Lesson | null {
    return this.lessons().find((lesson) => lesson.id === id) ?? null;
  }

  progressOf(lessonId: string): LessonProgress | null {
    return this.progressByLesson().get(lessonId) ?? null;
  }

  async recordCard(lesson: Lesson, cardIndex: number, answers?: Record<string, number[]>): Promise<void> {
    await this.save({ lessonId: lesson.id, cardIndex, status: 'started', answers });
  }

  async complete(lesson: Lesson, answers?: Record<string, number[]>): Promise<void> {
    await this.save({ lessonId: lesson.id, cardIndex: lesson.cards.length - 1, status: 'completed', answers });
  }

  private async save(change: Parameters<typeof saveProgress>[1]): Promise<void> {
    const db = this.localDatabase.db();
    if (!db) return;
    await saveProgress(db, change);
  }
}

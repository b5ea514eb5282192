import { Injectable, computed, inject } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { of, switchMap } from 'rxjs';
import { Session } from '../auth/session';
import { deleteDraft, saveDraft, watchDrafts, type LessonDraft } from '../data/authoring-repository';
import type { Lesson } from '../data/catalog-repository';
import { LocalDatabase } from '../data/local-database';
import { randomSlug } from '../shared/random-id';
import { mayPublish } from '../auth/roles';

/** Written by the server only; the server refuses a draft that changes them. */
const SERVER_FIELDS = ['publishedVersion', 'publishedAt', 'publishError', 'waitingForMedia'] as const;

/** Drafts on this device and what the signed-in user may do with them. Every change is local first. */
@Injectable({ providedIn: 'root' })
export class AuthoringStore {
  private readonly localDatabase = inject(LocalDatabase);
  private readonly session = inject(Session);

  readonly drafts = toSignal(
    toObservable(computed(() => this.localDatabase.db())).pipe(switchMap((db) => (db ? watchDrafts(db) : of([] as LessonDraft[])))),
    { initialValue: [] as LessonDraft[] },
  );

  readonly userName = computed(() => this.session.user()?.name ?? '');
  /** Tutors review and publish; peer mentors submit their lessons to them. */
  readonly mayPublish = computed(() => mayPublish(this.session.user()?.roles ?? []));

  readonly mine = computed(() => this.drafts().filter((d) => d.author === this.userName()));
  /** For tutors: what others submitted and waits for a review. */
  readonly toReview = computed(() =>
    this.mayPublish() ? this.drafts().filter((d) => d.author !== this.userName() && d.status === 'submitted') : [],
  );

  draft(id: string): LessonDraft | null {
    return this.drafts().find((d) => d.id === id) ?? null;
  }

  /** A new, empty lesson in a programme, with a first text card to start from. */
  async create(programmeId: string, language: string): Promise<LessonDraft> {
    const slug = randomSlug();
    return this.save({
      id: `draft:${slug}`,
      type: 'draft',
      author: this.userName(),
      lessonId: `lesson:${slug}`,
      programmeId,
      title: '',
      summary: '',
      topic: 'other',
      minutes: 3,
      language,
      cards: [{ kind: 'text', body: '' }],
      status: 'draft',
      updatedAt: new Date().toISOString(),
    });
  }

  /**
   * Editing a published lesson: its open draft if there is one, else a new draft from the lesson as
   * learners see it. Publishing it makes a new version under the same lesson id, so progress stays.
   */
  async editLesson(lesson: Lesson): Promise<LessonDraft> {
    const open = this.drafts().find((d) => d.lessonId === lesson.id);
    if (open) return open;
    return this.save({
      id: `draft:${randomSlug()}`,
      type: 'draft',
      author: this.userName(),
      lessonId: lesson.id,
      programmeId: lesson.programmeId,
      title: lesson.title,
      summary: lesson.summary,
      topic: lesson.topic ?? 'other',
      minutes: lesson.minutes,
      language: lesson.language ?? 'en',
      cards: structuredClone(lesson.cards),
      status: 'draft',
      updatedAt: new Date().toISOString(),
    });
  }

  /**
   * Translating a lesson: its open translation draft if there is one, else a new draft in `language`
   * with the lesson's content to translate. Published, it takes the lesson's place for learners of that
   * language (lesson:<id>-<language>, translationOf the original), with its own progress.
   */
  async translateLesson(lesson: Lesson, language: string): Promise<LessonDraft> {
    const lessonId = `${lesson.id}-${language}`;
    const open = this.drafts().find((d) => d.lessonId === lessonId);
    if (open) return open;
    return this.save({
      id: `draft:${randomSlug()}`,
      type: 'draft',
      author: this.userName(),
      lessonId,
      translationOf: lesson.id,
      programmeId: lesson.programmeId,
      title: lesson.title,
      summary: lesson.summary,
      topic: lesson.topic ?? 'other',
      minutes: lesson.minutes,
      language,
      cards: structuredClone(lesson.cards),
      status: 'draft',
      updatedAt: new Date().toISOString(),
    });
  }

  /** Saves an edit. A changed lesson is a draft again, to be submitted or published anew. */
  async update(draft: LessonDraft, change: Partial<LessonDraft>): Promise<LessonDraft> {
    return this.save({ ...draft, ...change, status: 'draft' });
  }

  async submit(draft: LessonDraft): Promise<LessonDraft> {
    const { reviewNote: _, ...rest } = draft;
    return this.save({ ...rest, status: 'submitted' });
  }

  /** Tutors only (the server checks): the server publishes once every file has arrived. */
  async publish(draft: LessonDraft): Promise<LessonDraft> {
    const { reviewNote: _, publishError: __, ...rest } = draft;
    return this.save({ ...rest, status: 'publishing' });
  }

  /** A reviewer sends a draft back with a note the author sees. */
  async returnToAuthor(draft: LessonDraft, note: string): Promise<LessonDraft> {
    return this.save({ ...draft, status: 'draft', reviewNote: note.trim() });
  }

  async remove(draft: LessonDraft): Promise<void> {
    const db = this.localDatabase.db();
    if (db) await deleteDraft(db, draft.id);
  }

  /** The draft as the player shows it, for the preview. */
  previewLesson(id: string): Lesson | null {
    const draft = this.draft(id);
    if (!draft) return null;
    return {
      id: draft.lessonId,
      type: 'lesson',
      programmeId: draft.programmeId,
      title: draft.title,
      summary: draft.summary,
      order: 0,
      topic: draft.topic,
      minutes: draft.minutes,
      language: draft.language,
      cards: draft.cards,
    };
  }

  private async save(draft: LessonDraft): Promise<LessonDraft> {
    const db = this.localDatabase.db();
    if (!db) throw new Error('No local database is open.');
    // What the server recorded about publication may have arrived while the author was typing: keep it.
    const stored = this.draft(draft.id);
    const next: LessonDraft = { ...draft };
    for (const field of SERVER_FIELDS) {
      if (stored?.[field] === undefined) delete next[field];
      else (next as unknown as Record<string, unknown>)[field] = stored[field];
    }
    if (draft.status === 'publishing') delete next.publishError;
    return saveDraft(db, next);
  }
}

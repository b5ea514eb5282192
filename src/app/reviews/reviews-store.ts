import { Injectable, computed, inject, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { of, switchMap } from 'rxjs';
import { countryOf } from '../auth/roles';
import { Session } from '../auth/session';
import { LocalDatabase } from '../data/local-database';
import { saveCpdReview, watchCpdReviews, type CpdReview } from '../data/review-repository';
import { LessonsStore } from '../lessons/lessons-store';
import { CPD_PROGRAMME_ID } from '../../../sync-server/couchdb/workshops/cohort-kinds';
import { CPD_REVIEWS_DB } from '../../../sync-server/couchdb/database-names';

export type { CpdReview };

/** Stakeholders' reviews of the CPD curriculum on this device: reviewers write theirs, tutors read them in the editor. */
@Injectable({ providedIn: 'root' })
export class ReviewsStore {
  private readonly localDatabase = inject(LocalDatabase);
  private readonly session = inject(Session);
  private readonly lessons = inject(LessonsStore);
  private readonly reviews = toSignal(
    toObservable(computed(() => this.localDatabase.db())).pipe(switchMap((db) => (db ? watchCpdReviews(db) : of([] as CpdReview[])))),
    { initialValue: [] as CpdReview[] },
  );

  /** Every review as the server last answered a tutor (null: not read yet on this page, or offline). */
  private readonly read = signal<CpdReview[] | null>(null);

  readonly isReviewer = computed(() => this.session.user()?.roles.includes('reviewer') ?? false);

  /** The CPD programme's lessons as this reviewer reads them (in their language where translated). */
  readonly cpdLessons = computed(() => this.lessons.lessons().filter((lesson) => lesson.programmeId === CPD_PROGRAMME_ID));

  /** The signed-in reviewer's own review of a lesson, or null. */
  mine(lessonId: string): CpdReview | null {
    const me = this.session.user()?.name;
    return this.reviews().find((review) => review.lessonId === lessonId && review.author === me) ?? null;
  }

  /**
   * Reviews of a lesson and of its translations (a Polish forum reviews the Polish text), newest first:
   * what a tutor sees beside the lesson in the editor.
   */
  reviewsOf(lessonId: string): CpdReview[] | null {
    const all = this.isReviewer() ? this.reviews() : this.read();
    if (!all) return null;
    const original = this.lessons.lesson(lessonId)?.translationOf ?? lessonId;
    const related = (id: string) => id === original || this.lessons.lesson(id)?.translationOf === original;
    return all.filter((review) => related(review.lessonId)).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  }

  /**
   * Reads every review from the server, for a tutor opening a CPD lesson in the editor. Tutors do not
   * replicate the reviews (see features.ts); offline, the editor says they show when online.
   */
  async readFromServer(): Promise<void> {
    if (this.isReviewer()) return;
    try {
      const response = await fetch(new URL(`couch/${CPD_REVIEWS_DB}/_all_docs?include_docs=true`, document.baseURI), {
        credentials: 'same-origin',
        headers: { accept: 'application/json', 'ngsw-bypass': 'true' },
      });
      if (!response.ok) return;
      const body = (await response.json()) as { rows?: { doc?: Record<string, unknown> }[] };
      const reviews = (body.rows ?? [])
        .map((row) => row.doc)
        .filter((doc): doc is Record<string, unknown> => doc?.['type'] === 'review')
        .map(({ _id, _rev, ...fields }) => ({ ...fields, id: String(_id) }) as CpdReview);
      this.read.set(reviews);
    } catch {
      // Offline: the editor says the reviews show when this phone is online.
    }
  }

  /** Saves the reviewer's review (new or changed) on the device; it reaches the server when online. */
  async save(lessonId: string, rating: number, comment: string): Promise<void> {
    const db = this.localDatabase.db();
    const user = this.session.user();
    const country = countryOf(user?.roles ?? []);
    if (!db || !user || !country) throw new Error('No reviewer is signed in.');
    const now = new Date().toISOString();
    await saveCpdReview(db, {
      id: `review:${lessonId.slice('lesson:'.length)}:${user.name}`,
      type: 'review',
      lessonId,
      author: user.name,
      country,
      rating,
      comment: comment.trim(),
      createdAt: this.mine(lessonId)?.createdAt ?? now,
      updatedAt: now,
    });
  }
}

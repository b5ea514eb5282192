import { Injectable, computed, inject, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { of, switchMap } from 'rxjs';
import { countryOf } from '../auth/roles';
import { Session, askAsMember, whenMemberChanges } from '../auth/session';
import { LocalDatabase } from '../data/local-database';
import { saveCpdReview, watchCpdReviews, type CpdReview } from '../data/review-repository';
import { LessonsStore } from '../lessons/lessons-store';
import { CPD_PROGRAMME_ID } from '../../../sync-server/couchdb/workshops/cohort-kinds';
import { CPD_REVIEWS_DB } from '../../../sync-server/couchdb/database-names';
import { forgetCopy, keepCopy, keptCopy } from '../shared/kept-copies';

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

  /**
   * Every review as the server last answered this tutor, with when: kept on the phone, so that the
   * editor shows them offline too (null: never read on this phone).
   */
  private readonly read = signal<{ readonly reviews: CpdReview[]; readonly at: string } | null>(this.kept(this.session.user()?.name));
  /** When the reviews a tutor sees were read from the server (a reviewer's own replicate: null). */
  readonly checkedAt = computed(() => (this.isReviewer() ? null : (this.read()?.at ?? null)));

  readonly isReviewer = computed(() => this.session.user()?.roles.includes('reviewer') ?? false);

  /** The CPD programme's lessons as this reviewer reads them (in their language where translated). */
  readonly cpdLessons = computed(() => this.lessons.lessons().filter((lesson) => lesson.programmeId === CPD_PROGRAMME_ID));

  constructor() {
    // Another member signing in on the phone sees what was kept for them, never the last one's.
    whenMemberChanges((name) => this.read.set(this.kept(name)));
  }

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
    const all = this.isReviewer() ? this.reviews() : (this.read()?.reviews ?? null);
    if (!all) return null;
    const original = this.lessons.lesson(lessonId)?.translationOf ?? lessonId;
    const related = (id: string) => id === original || this.lessons.lesson(id)?.translationOf === original;
    return all.filter((review) => related(review.lessonId)).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  }

  /**
   * Reads every review from the server, for a tutor opening a CPD lesson in the editor. Tutors do not
   * replicate the reviews (see features.ts); offline, the editor shows the last answer kept, or says
   * they show when online.
   */
  async readFromServer(): Promise<void> {
    const user = this.session.user()?.name;
    if (!user || this.isReviewer()) return;
    // Offline, the editor shows what was kept, or says the reviews show when this phone is online.
    const answer = await askAsMember<{ rows?: { doc?: Record<string, unknown> }[] }>(
      this.session,
      `couch/${CPD_REVIEWS_DB}/_all_docs?include_docs=true`,
      { 'ngsw-bypass': 'true' },
    );
    if (answer.kind === 'refused') {
      // No longer theirs to read: what was kept goes too.
      forgetCopy('cpdReviews');
      return this.read.set(null);
    }
    if (answer.kind !== 'answered') return;
    const reviews = (answer.body.rows ?? [])
      .map((row) => row.doc)
      .filter((doc): doc is Record<string, unknown> => doc?.['type'] === 'review')
      .map(({ _id, _rev, ...fields }) => ({ ...fields, id: String(_id) }) as CpdReview);
    const read = { reviews, at: answer.at };
    this.read.set(read);
    keepCopy('cpdReviews', { v: 1, user, ...read } satisfies KeptReviews, { keepOlder: true });
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

  private kept(user: string | undefined): { reviews: CpdReview[]; at: string } | null {
    const kept = keptCopy<KeptReviews>('cpdReviews', user, 1);
    return kept && Array.isArray(kept.reviews) ? { reviews: kept.reviews, at: kept.at } : null;
  }
}

/** The reviews a tutor last read, kept for the editor offline. */
interface KeptReviews {
  readonly v: 1;
  readonly user: string;
  readonly at: string;
  readonly reviews: CpdReview[];
}

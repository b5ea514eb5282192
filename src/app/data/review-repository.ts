import { map, type Observable } from 'rxjs';
import type { AppDatabase } from './database';
import type { CpdReview } from './schemas/review';
import { liveContents, saveForServer } from './sync-marker';

export type { CpdReview };

/** Every review of the CPD curriculum on this device (a reviewer's and their forum's; all of them for a tutor). */
export function watchCpdReviews(db: AppDatabase): Observable<CpdReview[]> {
  return db.reviews.find().$.pipe(map((docs) => liveContents<CpdReview>(docs)));
}

/** The reviewer's review of a lesson, new or changed: local first, sent when online. */
export async function saveCpdReview(db: AppDatabase, review: CpdReview): Promise<void> {
  await saveForServer(db.reviews, review, 'outbox.cpdReview');
}

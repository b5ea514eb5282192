import { map, type Observable } from 'rxjs';
import type { AppDatabase } from './database';
import { recordWrite } from './outbox';
import type { LessonDraft } from './schemas/authoring';

export type { DraftStatus, LessonDraft, LessonVersion } from './schemas/authoring';

const OUTBOX_LABELS: Record<LessonDraft['status'], string> = {
  draft: 'outbox.draft',
  submitted: 'outbox.draftSubmitted',
  publishing: 'outbox.draftPublishing',
  published: 'outbox.draft',
};

/** Every draft on the device, newest first. Tombstones (no author) are left out. */
export function watchDrafts(db: AppDatabase): Observable<LessonDraft[]> {
  return db.authoring.find({ selector: { type: 'draft' } }).$.pipe(
    map((docs) =>
      docs
        .map((d) => d.toMutableJSON() as LessonDraft)
        .filter((draft) => draft.author !== '')
        .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)),
    ),
  );
}

/** Saves a draft locally at once and queues it for the server. */
export async function saveDraft(db: AppDatabase, draft: LessonDraft): Promise<LessonDraft> {
  const saved: LessonDraft = { ...draft, updatedAt: new Date().toISOString() };
  await recordWrite(db, 'authoring', saved.id, saved.updatedAt, OUTBOX_LABELS[saved.status]);
  await db.authoring.upsert(saved);
  return saved;
}

export async function deleteDraft(db: AppDatabase, id: string): Promise<void> {
  const doc = await db.authoring.findOne(id).exec();
  if (!doc) return;
  // The deletion carries a new updatedAt, so the outbox can tell when this state reached the server.
  const now = new Date().toISOString();
  await recordWrite(db, 'authoring', id, now, 'outbox.draftDeleted');
  await (await doc.incrementalPatch({ updatedAt: now })).remove();
}

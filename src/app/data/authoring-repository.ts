import { map, type Observable } from 'rxjs';
import type { AppDatabase } from './database';
import type { LessonDraft } from './schemas/authoring';
import { contentOf, isLive, saveForServer } from './sync-marker';

export type { DraftStatus, LessonDraft, LessonVersion } from './schemas/authoring';

const OUTBOX_LABELS: Record<LessonDraft['status'], string> = {
  draft: 'outbox.draft',
  submitted: 'outbox.draftSubmitted',
  publishing: 'outbox.draftPublishing',
  published: 'outbox.draft',
};

/** Every draft on the device, newest first, but those this device deleted. */
export function watchDrafts(db: AppDatabase): Observable<LessonDraft[]> {
  return db.authoring.find({ selector: { type: 'draft' } }).$.pipe(
    map((docs) =>
      docs
        .map((d) => d.toMutableJSON())
        .filter(isLive)
        .map((doc) => contentOf(doc) as LessonDraft)
        .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)),
    ),
  );
}

/** Saves a draft locally at once and queues it for the server. */
export async function saveDraft(db: AppDatabase, draft: LessonDraft): Promise<LessonDraft> {
  const saved: LessonDraft = { ...draft, updatedAt: new Date().toISOString() };
  await saveForServer(db.authoring, saved, OUTBOX_LABELS[saved.status]);
  return saved;
}

export async function deleteDraft(db: AppDatabase, id: string): Promise<void> {
  const doc = await db.authoring.findOne(id).exec();
  if (!doc) return;
  await saveForServer(db.authoring, { ...contentOf(doc.toMutableJSON()), updatedAt: new Date().toISOString() }, 'outbox.draftDeleted', {
    deleted: true,
  });
}

import { map, type Observable } from 'rxjs';
import type { AppDatabase } from './database';
import type { PendingUpload } from './schemas/authoring';

export type { PendingUpload };

export function watchUploads(db: AppDatabase): Observable<PendingUpload[]> {
  return db.uploads
    .find()
    .$.pipe(map((docs) => docs.map((d) => d.toMutableJSON() as PendingUpload).sort((a, b) => a.queuedAt.localeCompare(b.queuedAt))));
}

/** A file made on this device for a draft or a post: it waits here until the server has it. */
export async function queueUpload(db: AppDatabase, upload: Omit<PendingUpload, 'state' | 'queuedAt'>): Promise<void> {
  const known = await db.uploads.findOne(upload.id).exec();
  if (known?.state === 'sent') return;
  await db.uploads.upsert({ ...upload, state: 'waiting', queuedAt: known?.queuedAt ?? new Date().toISOString() });
}

export async function markUpload(
  db: AppDatabase,
  id: string,
  change: Pick<PendingUpload, 'state'> & Partial<PendingUpload>,
): Promise<void> {
  const doc = await db.uploads.findOne(id).exec();
  if (!doc) return;
  const { reason: _dropped, ...rest } = doc.toMutableJSON();
  await doc.incrementalModify(() => ({ ...rest, ...change }) as PendingUpload);
}

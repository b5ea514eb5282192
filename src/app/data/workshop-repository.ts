import { map, type Observable } from 'rxjs';
import type { AppDatabase } from './database';
import { recordWrite } from './outbox';
import type { WorkshopDoc } from './schemas/workshop';

export type { Cohort, CohortSession, Enrolment, Mark, WorkshopDoc } from './schemas/workshop';

export function watchWorkshops(db: AppDatabase): Observable<WorkshopDoc[]> {
  return db.workshops.find().$.pipe(map((docs) => docs.map((d) => d.toMutableJSON() as WorkshopDoc).filter((doc) => doc.author !== '')));
}

/** Takes back marks this device made (an undo): deletions, queued for the server like any write. */
export async function removeWorkshopDocs(db: AppDatabase, ids: string[], label: string): Promise<void> {
  const now = new Date().toISOString();
  for (const id of ids) {
    const doc = await db.workshops.findOne(id).exec();
    if (!doc) continue;
    await recordWrite(db, 'workshops', id, now, label);
    await (await doc.incrementalPatch({ updatedAt: now })).remove();
  }
}

/** Local first, queued for the server; several at once (a "mark all present") go in one write. */
export async function writeWorkshopDocs(db: AppDatabase, docs: WorkshopDoc[], label: string): Promise<void> {
  for (const doc of docs) await recordWrite(db, 'workshops', doc.id, doc.updatedAt, label);
  await db.workshops.bulkUpsert(docs);
}

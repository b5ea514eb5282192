import { map, type Observable } from 'rxjs';
import type { AppDatabase } from './database';
import type { WorkshopDoc } from './schemas/workshop';
import { contentOf, liveContents, saveAllForServer, saveForServer } from './sync-marker';

export type { Cohort, CohortSession, Enrolment, Mark, WorkshopDoc } from './schemas/workshop';

export function watchWorkshops(db: AppDatabase): Observable<WorkshopDoc[]> {
  return db.workshops.find().$.pipe(map((docs) => liveContents<WorkshopDoc>(docs)));
}

/** Takes back marks this device made (an undo): deletions, queued for the server like any write. */
export async function removeWorkshopDocs(db: AppDatabase, ids: string[], label: string): Promise<void> {
  const now = new Date().toISOString();
  for (const id of ids) {
    const doc = await db.workshops.findOne(id).exec();
    if (!doc) continue;
    await saveForServer(db.workshops, { ...contentOf(doc.toMutableJSON()), updatedAt: now }, label, { deleted: true });
  }
}

/** Local first, queued for the server; several at once (a "mark all present") go in one write. */
export async function writeWorkshopDocs(db: AppDatabase, docs: WorkshopDoc[], label: string): Promise<void> {
  await saveAllForServer(db.workshops, docs, label);
}

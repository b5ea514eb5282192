import { map, type Observable } from 'rxjs';
import type { AppDatabase } from './database';
import { recordWrite } from './outbox';
import type { WorkshopDoc } from './schemas/workshop';

export type { Cohort, CohortSession, Enrolment, Mark, WorkshopDoc } from './schemas/workshop';

export function watchWorkshops(db: AppDatabase): Observable<WorkshopDoc[]> {
  return db.workshops.find().$.pipe(map((docs) => docs.map((d) => d.toMutableJSON() as WorkshopDoc).filter((doc) => doc.author !== '')));
}

/** Local first, queued for the server; several at once (a "mark all present") go in one write. */
export async function writeWorkshopDocs(db: AppDatabase, docs: WorkshopDoc[], label: string): Promise<void> {
  for (const doc of docs) await recordWrite(db, 'workshops', doc.id, doc.updatedAt, label);
  await db.workshops.bulkUpsert(docs);
}

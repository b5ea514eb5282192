import { map, type Observable } from 'rxjs';
import type { AppDatabase } from './database';
import type { Projection } from './schemas/personal';

/** What the server keeps for the user about data held elsewhere (e.g. `workshops`), live; null until it arrives. */
export function watchProjection(db: AppDatabase, kind: string): Observable<Record<string, unknown> | null> {
  return db.personal.findOne(`projection:${kind}`).$.pipe(
    map((doc) => {
      const projection = doc?.toMutableJSON() as Projection | undefined;
      return projection?.type === 'projection' ? projection.data : null;
    }),
  );
}

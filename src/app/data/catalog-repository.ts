import { map, type Observable } from 'rxjs';
import type { AppDatabase } from './database';
import type { CatalogEntry } from './schemas/catalog';

export type { CardKind, CatalogEntry, Lesson, LessonCard, Programme, QuizOption } from './schemas/catalog';

/** Every programme and lesson on the device, live. Tombstones (empty titles) are left out. */
export function watchCatalog(db: AppDatabase): Observable<CatalogEntry[]> {
  return db.catalog.find().$.pipe(
    map((docs) => docs.map((d) => d.toMutableJSON() as CatalogEntry).filter((entry) => entry.title !== '')),
  );
}

import { map, type Observable } from 'rxjs';
import type { AppDatabase } from './database';
import type { CatalogEntry } from './schemas/catalog';
import { liveContents } from './sync-marker';

export type { CardKind, CatalogEntry, Lesson, LessonCard, Programme, QuizOption } from './schemas/catalog';

/** Every programme and lesson on the device, live. */
export function watchCatalog(db: AppDatabase): Observable<CatalogEntry[]> {
  return db.catalog.find().$.pipe(map((docs) => liveContents<CatalogEntry>(docs)));
}

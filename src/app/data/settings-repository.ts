import { map, type Observable } from 'rxjs';
import type { AppDatabase } from './database';
import { recordWrite } from './outbox';
import type { UserSettings } from './schemas/personal';

export type { UserSettings };

export function watchSettings(db: AppDatabase): Observable<UserSettings | null> {
  return db.personal.findOne('settings').$.pipe(map((doc) => (doc ? (doc.toMutableJSON() as UserSettings) : null)));
}

/** Saves the user's settings locally first; they reach the user's other devices through the server. */
export async function saveSettings(db: AppDatabase, settings: Pick<UserSettings, 'language'>): Promise<void> {
  const now = new Date().toISOString();
  await recordWrite(db, 'personal', 'settings', now, 'outbox.settings');
  await db.personal.upsert({ id: 'settings', type: 'settings', ...settings, updatedAt: now });
}

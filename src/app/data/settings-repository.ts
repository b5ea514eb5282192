import { map, type Observable } from 'rxjs';
import type { AppDatabase } from './database';
import { recordWrite } from './outbox';
import type { UserSettings } from './schemas/personal';

export type { UserSettings };

export function watchSettings(db: AppDatabase): Observable<UserSettings | null> {
  return db.personal.findOne('settings').$.pipe(map((doc) => (doc ? (doc.toMutableJSON() as UserSettings) : null)));
}

/**
 * Saves a change to the user's settings locally first, keeping the settings it does not name; they
 * reach the user's other devices through the server.
 */
export async function saveSettings(db: AppDatabase, change: Partial<Pick<UserSettings, 'language' | 'fullName'>>): Promise<void> {
  const now = new Date().toISOString();
  const stored = (await db.personal.findOne('settings').exec())?.toMutableJSON() as UserSettings | undefined;
  const settings: UserSettings = { language: 'en', ...stored, ...change, id: 'settings', type: 'settings', updatedAt: now };
  await recordWrite(db, 'personal', 'settings', now, 'outbox.settings');
  await db.personal.upsert(settings);
}

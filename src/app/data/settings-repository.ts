import { map, type Observable } from 'rxjs';
import type { AppDatabase } from './database';
import type { UserSettings } from './schemas/personal';
import { contentOf, saveForServer } from './sync-marker';

export type { UserSettings };

export function watchSettings(db: AppDatabase): Observable<UserSettings | null> {
  return db.personal.findOne('settings').$.pipe(map((doc) => (doc ? (contentOf(doc.toMutableJSON()) as UserSettings) : null)));
}

/**
 * Saves a change to the user's settings locally first, keeping the settings it does not name; they
 * reach the user's other devices through the server.
 */
export async function saveSettings(db: AppDatabase, change: Partial<Pick<UserSettings, 'language' | 'fullName'>>): Promise<void> {
  const now = new Date().toISOString();
  const found = await db.personal.findOne('settings').exec();
  const stored = found ? (contentOf(found.toMutableJSON()) as UserSettings) : undefined;
  const settings: UserSettings = { language: 'en', ...stored, ...change, id: 'settings', type: 'settings', updatedAt: now };
  await saveForServer(db.personal, settings, 'outbox.settings');
}

import type { AppDatabase } from './database';
import { adoptLegacyOutbox } from './legacy-outbox';
import { idbRequest, storeNames } from './salvage';
import { createMemoryDatabase } from './testing/memory-database';

/** The outbox an earlier version kept beside the documents: one IndexedDB database, store "docs". */
async function writeLegacyOutbox(name: string, entries: Record<string, unknown>[]): Promise<void> {
  const open = indexedDB.open(name);
  open.onupgradeneeded = () => open.result.createObjectStore('docs', { keyPath: 'docId' });
  const db = await idbRequest(open);
  const done = new Promise((resolve) => {
    const transaction = db.transaction('docs', 'readwrite');
    for (const entry of entries) transaction.objectStore('docs').put(entry);
    transaction.oncomplete = resolve;
  });
  await done;
  db.close();
}

const progress = (lessonId: string) => ({
  id: `progress:${lessonId}`,
  type: 'progress' as const,
  lessonId,
  status: 'started' as const,
  cardIndex: 1,
  updatedAt: '2026-12-01T09:00:00.000Z',
});

describe('upgrading from the outbox of an earlier version', () => {
  let db: AppDatabase;

  beforeEach(async () => {
    db = await createMemoryDatabase();
  });
  afterEach(async () => {
    await db.remove();
  });

  it('keeps every waiting write, a deletion too, then deletes the old outbox and replication records', async () => {
    await db.personal.insert(progress('lesson:waiting'));
    await db.personal.insert(progress('lesson:sent'));
    const deleted = await db.personal.insert(progress('lesson:taken-back'));
    await deleted.remove();
    const queuedAt = '2026-12-01T09:01:00.000Z';
    const entry = (docId: string, state: string) => ({ source: 'personal', docId, state, label: 'outbox.progress', queuedAt });
    await writeLegacyOutbox(`rxdb-dexie-${db.name}--outbox`, [
      entry('progress:lesson:waiting', 'waiting'),
      entry('progress:lesson:taken-back', 'waiting'),
      entry('progress:lesson:sent', 'sent'),
    ]);
    await writeLegacyOutbox(`rxdb-dexie-${db.name}--rx-replication-meta-abc`, []);

    await adoptLegacyOutbox(db);

    const waiting = await db.personal.findOne('progress:lesson:waiting').exec();
    expect(waiting?.toJSON().sync).toEqual({ state: 'waiting', label: 'outbox.progress', queuedAt });
    // The deletion waits to be sent, hidden from screens: a pull cannot bring the lesson's progress back.
    const takenBack = await db.personal.findOne('progress:lesson:taken-back').exec();
    expect(takenBack?.toJSON().sync).toEqual({ state: 'waiting', label: 'outbox.progress', queuedAt, deleted: true });
    expect(takenBack?.toJSON()).toEqual(jasmine.objectContaining({ lessonId: 'lesson:taken-back' }));
    // Already on the server: it stays the server's, to be given its revision by the pull.
    expect((await db.personal.findOne('progress:lesson:sent').exec())?.toJSON().sync).toBeUndefined();
    expect(await storeNames(db.name)).toEqual([]);

    // Run again (an app closed half-way does it all again): nothing changes.
    await adoptLegacyOutbox(db);
    expect((await db.personal.findOne('progress:lesson:taken-back').exec())?.toJSON().sync?.deleted).toBeTrue();
  });
});

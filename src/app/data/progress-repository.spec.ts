import { firstValueFrom } from 'rxjs';
import type { AppDatabase } from './database';
import { SENT_KEPT, SENT_SLACK, markSent, watchOutbox } from './outbox';
import { saveProgress } from './progress-repository';
import { saveSettings, watchSettings } from './settings-repository';
import { createMemoryDatabase } from './testing/memory-database';

describe('progress repository and outbox (local database on memory storage)', () => {
  let db: AppDatabase;

  beforeEach(async () => {
    db = await createMemoryDatabase();
  });
  afterEach(async () => db.remove());

  it('writes locally first and queues the write as waiting', async () => {
    const saved = await saveProgress(db, { lessonId: 'lesson:a', cardIndex: 2, status: 'started' });
    expect((await db.personal.findOne('progress:lesson:a').exec())?.get('cardIndex')).toBe(2);
    const [entry] = await firstValueFrom(watchOutbox(db));
    expect(entry).toEqual(jasmine.objectContaining({ docId: 'progress:lesson:a', state: 'waiting', version: saved.updatedAt }));
  });

  it('never moves progress backwards when an older screen saves later', async () => {
    await saveProgress(db, { lessonId: 'lesson:a', cardIndex: 3, status: 'completed' });
    const after = await saveProgress(db, { lessonId: 'lesson:a', cardIndex: 1, status: 'started' });
    expect(after.status).toBe('completed');
    expect(after.cardIndex).toBe(3);
  });

  it('marks a write sent only when the version that reached the server is the latest', async () => {
    const latest = await saveProgress(db, { lessonId: 'lesson:a', cardIndex: 2, status: 'started' });
    await markSent(db, 'personal', 'progress:lesson:a', '2026-01-01T00:00:00.000Z');
    expect((await firstValueFrom(watchOutbox(db)))[0]!.state).toBe('waiting');
    await markSent(db, 'personal', 'progress:lesson:a', latest.updatedAt);
    expect((await firstValueFrom(watchOutbox(db)))[0]!.state).toBe('sent');
  });

  it('keeps the latest delivered writes to show, not all of them, and never forgets one waiting', async () => {
    for (let i = 0; i < SENT_KEPT + SENT_SLACK; i++) {
      const saved = await saveProgress(db, { lessonId: `lesson:l${i}`, cardIndex: 1, status: 'started' });
      await markSent(db, 'personal', `progress:lesson:l${i}`, saved.updatedAt);
    }
    await saveProgress(db, { lessonId: 'lesson:unsent', cardIndex: 1, status: 'started' });
    const entries = await firstValueFrom(watchOutbox(db));
    expect(entries.filter((e) => e.state === 'sent').length).toBe(SENT_KEPT);
    expect(entries.some((e) => e.docId === 'progress:lesson:l0')).withContext('the oldest is forgotten').toBeFalse();
    expect(entries.some((e) => e.docId === `progress:lesson:l${SENT_KEPT + SENT_SLACK - 1}`)).toBeTrue();
    expect(entries.find((e) => e.docId === 'progress:lesson:unsent')?.state).toBe('waiting');
  });

  it('keeps the user settings as one document that the latest choice overwrites, queued for the server', async () => {
    await saveSettings(db, { language: 'pl' });
    await saveSettings(db, { language: 'fi' });
    expect((await firstValueFrom(watchSettings(db)))?.language).toBe('fi');
    const entries = await firstValueFrom(watchOutbox(db));
    expect(entries.filter((e) => e.docId === 'settings').map((e) => e.state)).toEqual(['waiting']);
  });

  it('refuses to store a document that breaks the schema', async () => {
    await expectAsync(db.personal.insert({ id: 'x', type: 'progress', updatedAt: 'now', cardIndex: 99 } as never)).toBeRejected();
  });
});

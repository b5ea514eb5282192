import { firstValueFrom } from 'rxjs';
import type { AppDatabase } from './database';
import { SENT_KEPT, watchOutbox } from './outbox';
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
    const stored = await db.personal.findOne('progress:lesson:a').exec();
    expect(stored?.get('cardIndex')).toBe(2);
    expect(stored?.get('sync'))
      .withContext('content and marker are one write')
      .toEqual(jasmine.objectContaining({ state: 'waiting', queuedAt: jasmine.any(String) }));
    const [entry] = await firstValueFrom(watchOutbox(db));
    expect(entry).toEqual(jasmine.objectContaining({ docId: 'progress:lesson:a', state: 'waiting', label: 'outbox.progress' }));
    expect(saved.updatedAt <= entry!.queuedAt).toBeTrue();
  });

  it('records when a lesson was first opened and keeps it, and adds none to a record kept from before start times', async () => {
    const first = await saveProgress(db, { lessonId: 'lesson:a', cardIndex: 0, status: 'started' });
    expect(first.startedAt).toBe(first.updatedAt);
    const done = await saveProgress(db, { lessonId: 'lesson:a', cardIndex: 3, status: 'completed' });
    expect(done.startedAt).toBe(first.startedAt);
    expect(done.completedAt! >= first.startedAt!).toBeTrue();

    await db.personal.insert({
      id: 'progress:lesson:old',
      type: 'progress',
      lessonId: 'lesson:old',
      status: 'started',
      cardIndex: 1,
      updatedAt: '2026-01-01T00:00:00.000Z',
    } as never);
    expect((await saveProgress(db, { lessonId: 'lesson:old', cardIndex: 4, status: 'completed' })).startedAt).toBeUndefined();
  });

  it('never moves progress backwards when an older screen saves later', async () => {
    await saveProgress(db, { lessonId: 'lesson:a', cardIndex: 3, status: 'completed' });
    const after = await saveProgress(db, { lessonId: 'lesson:a', cardIndex: 1, status: 'started' });
    expect(after.status).toBe('completed');
    expect(after.cardIndex).toBe(3);
  });

  it('merges two steps saved at once: a card turned beside a finish never undoes it, in either order', async () => {
    for (const [lessonId, first, second] of [
      ['lesson:b', 'started', 'completed'],
      ['lesson:c', 'completed', 'started'],
    ] as const) {
      await saveProgress(db, { lessonId, cardIndex: 1, status: 'started' });
      await Promise.all([
        saveProgress(db, { lessonId, cardIndex: first === 'completed' ? 6 : 3, status: first }),
        saveProgress(db, { lessonId, cardIndex: second === 'completed' ? 6 : 3, status: second }),
      ]);
      const stored = await db.personal.findOne(`progress:${lessonId}`).exec();
      expect([stored?.get('status'), stored?.get('cardIndex')])
        .withContext(`${first} then ${second}`)
        .toEqual(['completed', 6]);
      expect(stored?.get('sync')?.label).toBe('outbox.lessonCompleted');
    }
  });

  it('keeps the latest delivered writes to show, not all of them, and never one waiting or refused', async () => {
    const at = (i: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString();
    await db.personal.bulkInsert(
      Array.from(
        { length: SENT_KEPT + 5 },
        (_, i) =>
          ({
            id: `progress:lesson:l${i}`,
            type: 'progress',
            lessonId: `lesson:l${i}`,
            status: 'started',
            cardIndex: 1,
            updatedAt: at(i),
            sync: { rev: '1-a', state: 'sent', label: 'outbox.progress', queuedAt: at(i), sentAt: at(i) },
          }) as never,
      ),
    );
    await db.personal.insert({
      id: 'progress:lesson:refused',
      type: 'progress',
      lessonId: 'lesson:refused',
      status: 'started',
      cardIndex: 1,
      updatedAt: at(0),
      sync: { state: 'refused', reason: 'No.', label: 'outbox.progress', queuedAt: at(0) },
    } as never);
    await saveProgress(db, { lessonId: 'lesson:unsent', cardIndex: 1, status: 'started' });
    const entries = await firstValueFrom(watchOutbox(db));
    expect(entries.filter((e) => e.state === 'sent').length).toBe(SENT_KEPT);
    expect(entries.some((e) => e.docId === 'progress:lesson:l0'))
      .withContext('the oldest is left out')
      .toBeFalse();
    expect(entries.some((e) => e.docId === `progress:lesson:l${SENT_KEPT + 4}`)).toBeTrue();
    expect(entries.find((e) => e.docId === 'progress:lesson:unsent')?.state).toBe('waiting');
    expect(entries.find((e) => e.docId === 'progress:lesson:refused')).toEqual(
      jasmine.objectContaining({ state: 'refused', reason: 'No.' }),
    );
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

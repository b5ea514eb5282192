import { Injector, computed, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { toObservable } from '@angular/core/rxjs-interop';
import { filter, firstValueFrom } from 'rxjs';
import { Session } from '../auth/session';
import type { Lesson } from '../data/catalog-repository';
import { LocalDatabase, type AppDatabase } from '../data/local-database';
import { saveReview, type LessonProgress } from '../data/progress-repository';
import { createMemoryDatabase } from '../data/testing/memory-database';
import { firstLessons, keepFirstLessons, keepFirstProgress } from '../shared/first-paint';
import { forgetCopy, forgetKeptCopies, keepCopy } from '../shared/kept-copies';
import { LessonsStore } from './lessons-store';

const lesson: Lesson = {
  id: 'lesson:cash',
  type: 'lesson',
  title: 'Cash flow',
  summary: 'Money in, money out',
  order: 1,
  programmeId: 'programme:toolbox',
  minutes: 4,
  cards: [0, 1, 2, 3].map((n) => ({ kind: 'text' as const, body: `Card ${n}` })),
};
/** What an earlier run kept for `user`: the lesson, and the card they had reached. */
function keptAtLastRun(user: string): void {
  keepFirstLessons({ v: 2, user, lessons: [lesson] });
  keepFirstProgress({ v: 1, user, progress: [keptProgress] });
}

const keptProgress: LessonProgress = {
  id: 'progress:lesson:cash',
  type: 'progress',
  lessonId: 'lesson:cash',
  status: 'started',
  cardIndex: 2,
  updatedAt: '2026-12-01T10:00:00.000Z',
};

describe('LessonsStore before the local database answers', () => {
  const opened = signal<{ user: string; db: AppDatabase } | null>(null);
  const user = signal<{ name: string; roles: string[] } | null>(null);
  const databases: AppDatabase[] = [];

  beforeEach(() => {
    opened.set(null);
    user.set({ name: 'ania', roles: ['owner'] });
    TestBed.configureTestingModule({
      providers: [
        { provide: LocalDatabase, useValue: { db: () => opened()?.db ?? null, opened } },
        { provide: Session, useValue: { user } },
      ],
    });
  });
  afterEach(async () => {
    forgetKeptCopies();
    await Promise.all(databases.splice(0).map((db) => db.remove()));
  });

  /** A user's database opening, with the kept lesson in its catalog (the one open before goes, as in the app). */
  async function open(name: string): Promise<AppDatabase> {
    opened.set(null);
    await Promise.all(databases.splice(0).map((db) => db.remove()));
    const db = await createMemoryDatabase();
    databases.push(db);
    await db.catalog.insert(lesson as never);
    opened.set({ user: name, db });
    return db;
  }

  const storedCard = async (db: AppDatabase) => (await db.personal.findOne('progress:lesson:cash').exec())?.get('cardIndex');

  /** Resolves when a condition on the store's signals holds (they change as the database answers). */
  function until(condition: () => boolean): Promise<unknown> {
    return firstValueFrom(toObservable(computed(condition), { injector: TestBed.inject(Injector) }).pipe(filter(Boolean)));
  }

  it('keeps, at a card turned, the progress for the next start and not the lessons again', async () => {
    const store = TestBed.inject(LessonsStore);
    await open('ania');
    await until(() => store.loaded() && store.lesson('lesson:cash') !== null);
    // Opened: the lesson is one of those kept.
    await store.recordCard(lesson, 1);
    await until(() => store.progressOf('lesson:cash')?.cardIndex === 1);
    TestBed.tick();
    expect(firstLessons('ania')?.lessons.map((kept) => kept.id)).toEqual(['lesson:cash']);
    const written = spyOn(Storage.prototype, 'setItem').and.callThrough();
    await store.recordCard(lesson, 2);
    await until(() => store.progressOf('lesson:cash')?.cardIndex === 2);
    TestBed.tick();
    expect(firstLessons('ania')?.progress.map((kept) => kept.cardIndex)).toEqual([2]);
    expect(written.calls.allArgs().map(([key]) => key)).toEqual(['me2me.firstProgress']);

    // Dropped to make room for a step (a full phone), the lessons are kept again at the next card turned.
    forgetCopy('firstLessons');
    await store.recordCard(lesson, 3);
    await until(() => store.progressOf('lesson:cash')?.cardIndex === 3);
    TestBed.tick();
    expect(firstLessons('ania')?.lessons.map((kept) => kept.id)).toEqual(['lesson:cash']);
  });

  it('opens a lesson kept at the last run at the card where the user stopped, and stores a step taken meanwhile once it can', async () => {
    keptAtLastRun('ania');
    const store = TestBed.inject(LessonsStore);
    expect(store.loaded()).toBeFalse();
    expect(store.lesson('lesson:cash')).toEqual(lesson);
    expect(store.progressOf('lesson:cash')?.cardIndex).toBe(2);
    expect(store.lesson('lesson:other')).toBeNull();

    // The owner turns a card before the database has opened: the step is kept on the phone at once...
    await store.recordCard(lesson, 3);
    expect(localStorage.getItem('me2me.waitingSteps')).toContain('"cardIndex":3');
    // ...and stored when the database answers.
    await open('ania');
    await until(() => store.loaded() && store.progressOf('lesson:cash')?.cardIndex === 3);
    expect(localStorage.getItem('me2me.waitingSteps')).toBeNull();

    // From then on the database answers, and the copy for the next start follows what it holds.
    TestBed.tick();
    expect(firstLessons('ania')?.progress.map((kept) => kept.cardIndex)).toEqual([3]);
    expect(firstLessons('ania')?.lessons.map((kept) => kept.id)).toEqual(['lesson:cash']);
  });

  it('stores, at the next start, a finish kept on the phone when the app closed before its database answered', async () => {
    keptAtLastRun('ania');
    await TestBed.inject(LessonsStore).complete(lesson);
    // The app closes; at the next start the database answers.
    TestBed.resetTestingModule();
    TestBed.configureTestingModule({
      providers: [
        { provide: LocalDatabase, useValue: { db: () => opened()?.db ?? null, opened } },
        { provide: Session, useValue: { user } },
      ],
    });
    const store = TestBed.inject(LessonsStore);
    const db = await open('ania');
    await until(() => store.progressOf('lesson:cash')?.status === 'completed');
    expect(await storedCard(db)).toBe(3);
    expect((await db.personal.findOne('progress:lesson:cash').exec())?.get('sync')?.state).toBe('waiting');
  });

  it("never stores a member's step in the database of whoever signs in after them, kept or waiting in memory", async () => {
    keptAtLastRun('ania');
    const store = TestBed.inject(LessonsStore);
    await store.recordCard(lesson, 3);
    // A phone with no room left: this step can only wait in memory.
    const setItem = spyOn(Storage.prototype, 'setItem').and.throwError(new DOMException('full', 'QuotaExceededError'));
    const inMemory = store.recordCard(lesson, 4);
    setItem.and.callThrough();
    // Another member signs in on the phone before Ania's database answered.
    user.set({ name: 'bogdan', roles: ['owner'] });
    const theirs = await open('bogdan');
    await inMemory;
    await until(() => store.loaded());
    await store.recordCard(lesson, 1);
    expect(await storedCard(theirs))
      .withContext("only Bogdan's own step")
      .toBe(1);
    // Ania's kept step is hers: stored when she is back and her database answers.
    user.set({ name: 'ania', roles: ['owner'] });
    const hers = await open('ania');
    await until(() => store.progressOf('lesson:cash')?.cardIndex === 3);
    expect(await storedCard(hers)).toBe(3);
  });

  it('stores steps kept at an earlier start once each, in order, with the times they were taken, when two tabs start together', async () => {
    // Two tabs of the app on one phone: one database, one storage, each its own store.
    const tabs = [0, 1].map(() => TestBed.runInInjectionContext(() => new LessonsStore()));
    const db = await open('ania');
    await Promise.all(tabs.map((tab) => until(() => tab.loaded())));
    // Missed on the 1st (stored then), right on the 2nd and on the 5th in steps kept at an earlier
    // start that did not get as far as storing them.
    const step = (id: string, at: string, correct: boolean) => ({ id, at, kind: 'answer', lessonId: 'lesson:cash', cardIndex: 1, correct });
    await saveReview(db, { lessonId: 'lesson:cash', cardIndex: 1 }, () => ({ step: 0, dueAt: '2026-12-02T08:00:00.000Z' }));
    keepCopy('waitingSteps', {
      v: 2,
      user: 'ania',
      steps: [
        step('b', '2026-12-02T08:00:00.000Z', true),
        step('c', '2026-12-05T09:00:00.000Z', true),
        {
          id: 'd',
          at: '2026-12-05T09:01:00.000Z',
          kind: 'progress',
          change: { lessonId: 'lesson:cash', cardIndex: 3, status: 'completed' },
        },
      ],
    });
    // Both tabs take a step at once: each queues behind the kept ones and sets about storing them.
    await Promise.all(tabs.map((tab, i) => tab.recordCard(lesson, i)));
    // Storing them gives no signal of its own: looked at once a frame until none is left.
    for (let frame = 0; frame < 600 && localStorage.getItem('me2me.waitingSteps') !== null; frame++) {
      await new Promise((drawn) => requestAnimationFrame(drawn));
    }
    expect(localStorage.getItem('me2me.waitingSteps')).toBeNull();
    // Missed on the 1st, right on the 2nd and again on the 5th: two steps up the ladder, a week on.
    // A step stored twice would retire the question, one lost would leave it a step lower.
    const review = (await db.personal.findOne('review:lesson:cash:1').exec())?.toJSON() as Record<string, unknown> | undefined;
    expect([review?.['step'], review?.['dueAt']]).toEqual([2, '2026-12-12T09:00:00.000Z']);
    expect((await db.personal.findOne('progress:lesson:cash').exec())?.get('completedAt')).toBe('2026-12-05T09:01:00.000Z');
  });

  it('passes over a kept step it could never take off the list (no name or time), so the rest are not held up', async () => {
    keepCopy('waitingSteps', {
      v: 2,
      user: 'ania',
      steps: [
        { kind: 'progress', change: { lessonId: 'lesson:cash', cardIndex: 1, status: 'started' } },
        { id: 'b', at: '2026-12-05T09:01:00.000Z', kind: 'progress', change: { lessonId: 'lesson:cash', cardIndex: 2, status: 'started' } },
      ],
    });
    const store = TestBed.inject(LessonsStore);
    const db = await open('ania');
    await until(() => store.progressOf('lesson:cash')?.cardIndex === 2);
    expect(await storedCard(db)).toBe(2);
  });

  it("never opens another member's kept lessons on a shared phone", () => {
    keptAtLastRun('bogdan');
    const store = TestBed.inject(LessonsStore);
    expect(store.lesson('lesson:cash')).toBeNull();
    expect(store.progressOf('lesson:cash')).toBeNull();
  });

  it('opens nothing from a kept copy it cannot read', () => {
    localStorage.setItem('me2me.firstLessons', '{"v":2,"user":"ania","lessons":[{"id":"lesson:cash"}]}');
    expect(firstLessons('ania')).toBeNull();
    localStorage.setItem('me2me.firstLessons', '{not json');
    expect(firstLessons('ania')).toBeNull();
    expect(TestBed.inject(LessonsStore).lesson('lesson:cash')).toBeNull();
  });
});

import { Injector, computed, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { toObservable } from '@angular/core/rxjs-interop';
import { filter, firstValueFrom } from 'rxjs';
import { Session } from '../auth/session';
import type { Lesson } from '../data/catalog-repository';
import { LocalDatabase, type AppDatabase } from '../data/local-database';
import type { LessonProgress } from '../data/progress-repository';
import { createMemoryDatabase } from '../data/testing/memory-database';
import { firstLessons, forgetFirstPaint, keepFirstLessons } from '../shared/first-paint';
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
const keptProgress: LessonProgress = {
  id: 'progress:lesson:cash',
  type: 'progress',
  lessonId: 'lesson:cash',
  status: 'started',
  cardIndex: 2,
  updatedAt: '2026-12-01T10:00:00.000Z',
};

describe('LessonsStore before the local database answers', () => {
  const db = signal<AppDatabase | null>(null);
  let database: AppDatabase | null = null;

  beforeEach(() => {
    db.set(null);
    TestBed.configureTestingModule({
      providers: [
        { provide: LocalDatabase, useValue: { db } },
        { provide: Session, useValue: { user: signal({ name: 'ania', roles: ['owner'] }) } },
      ],
    });
  });
  afterEach(async () => {
    forgetFirstPaint();
    await database?.remove();
    database = null;
  });

  /** Resolves when a condition on the store's signals holds (they change as the database answers). */
  function until(condition: () => boolean): Promise<unknown> {
    return firstValueFrom(toObservable(computed(condition), { injector: TestBed.inject(Injector) }).pipe(filter(Boolean)));
  }

  it('opens a lesson kept at the last run at the card where the user stopped, and stores a step taken meanwhile once it can', async () => {
    keepFirstLessons({ v: 1, user: 'ania', lessons: [lesson], progress: [keptProgress] });
    const store = TestBed.inject(LessonsStore);
    expect(store.loaded()).toBeFalse();
    expect(store.lesson('lesson:cash')).toEqual(lesson);
    expect(store.progressOf('lesson:cash')?.cardIndex).toBe(2);
    expect(store.lesson('lesson:other')).toBeNull();

    // The owner turns a card before the database has opened: the step waits, it is not dropped.
    let stored = false;
    const step = store.recordCard(lesson, 3).then(() => (stored = true));
    await Promise.resolve();
    expect(stored).toBeFalse();
    database = await createMemoryDatabase();
    await database.catalog.insert(lesson as never);
    db.set(database);
    await step;
    expect((await database.personal.findOne('progress:lesson:cash').exec())?.get('cardIndex')).toBe(3);

    // From then on the database answers, and the copy for the next start follows what it holds.
    await until(() => store.loaded() && store.progressOf('lesson:cash')?.cardIndex === 3);
    TestBed.tick();
    expect(firstLessons('ania')?.progress.map((kept) => kept.cardIndex)).toEqual([3]);
    expect(firstLessons('ania')?.lessons.map((kept) => kept.id)).toEqual(['lesson:cash']);
  });

  it("never opens another member's kept lessons on a shared phone", () => {
    keepFirstLessons({ v: 1, user: 'bogdan', lessons: [lesson], progress: [keptProgress] });
    const store = TestBed.inject(LessonsStore);
    expect(store.lesson('lesson:cash')).toBeNull();
    expect(store.progressOf('lesson:cash')).toBeNull();
  });

  it('opens nothing from a kept copy it cannot read', () => {
    localStorage.setItem('me2me.firstLessons', '{"v":1,"user":"ania","lessons":[{"id":"lesson:cash"}],"progress":[]}');
    expect(firstLessons('ania')).toBeNull();
    localStorage.setItem('me2me.firstLessons', '{not json');
    expect(firstLessons('ania')).toBeNull();
    expect(TestBed.inject(LessonsStore).lesson('lesson:cash')).toBeNull();
  });
});

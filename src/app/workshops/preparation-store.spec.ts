import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Session } from '../auth/session';
import { PreparationStore, type SessionPreparation } from './preparation-store';

describe('PreparationStore (who has done each session’s preparation lesson, from the server)', () => {
  const sessions: SessionPreparation[] = [{ number: 1, lessonId: 'lesson:how-adults-learn', done: ['ola0'], notYet: ['ola1'] }];
  let store: PreparationStore;
  let fetchSpy: jasmine.Spy;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [{ provide: Session, useValue: { user: signal({ name: 'piotr', roles: ['member', 'country:pl', 'facilitator:pl'] }) } }],
    });
    store = TestBed.inject(PreparationStore);
    fetchSpy = spyOn(window, 'fetch');
  });

  it("asks its own network's address for the cohort and shows the answer", async () => {
    fetchSpy.and.resolveTo(new Response(JSON.stringify({ cohortId: 'cohort:prepared2026', sessions }), { status: 200 }));
    await store.load('cohort:prepared2026');
    expect(String(fetchSpy.calls.mostRecent().args[0])).toContain('/api/cohorts/pl/cohort%3Aprepared2026/preparation');
    expect(store.stateOf('cohort:prepared2026')).toEqual({ kind: 'ready', sessions });
  });

  it('says when the server refuses, and keeps the last answer when the network goes away', async () => {
    fetchSpy.and.resolveTo(new Response('{}', { status: 403 }));
    await store.load('cohort:notmine2026');
    expect(store.stateOf('cohort:notmine2026')).toEqual({ kind: 'refused' });

    fetchSpy.and.rejectWith(new TypeError('Failed to fetch'));
    await store.load('cohort:prepared2026');
    expect(store.stateOf('cohort:prepared2026')).withContext('never answered').toEqual({ kind: 'offline' });

    fetchSpy.and.resolveTo(new Response(JSON.stringify({ sessions }), { status: 200 }));
    await store.load('cohort:prepared2026');
    fetchSpy.and.rejectWith(new TypeError('Failed to fetch'));
    await store.load('cohort:prepared2026');
    expect(store.stateOf('cohort:prepared2026')).toEqual({ kind: 'ready', sessions });
  });
});

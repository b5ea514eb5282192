import { EnvironmentInjector, createEnvironmentInjector, runInInjectionContext, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Session } from '../auth/session';
import { forgetKeptCopies } from '../shared/kept-copies';
import { PreparationStore, type SessionPreparation } from './preparation-store';

describe('PreparationStore (who has done each session’s preparation lesson, from the server)', () => {
  const sessions: SessionPreparation[] = [{ number: 1, lessonId: 'lesson:how-adults-learn', done: ['ola0'], notYet: ['ola1'] }];
  let store: PreparationStore;
  let fetchSpy: jasmine.Spy;
  const user = signal<{ name: string; roles: string[] } | null>(null);

  afterEach(() => forgetKeptCopies());

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [{ provide: Session, useValue: { user } }],
    });
    user.set({ name: 'piotr', roles: ['member', 'country:pl', 'facilitator:pl'] });
    store = TestBed.inject(PreparationStore);
    fetchSpy = spyOn(window, 'fetch');
  });

  it("asks its own network's address for the cohort and shows the answer", async () => {
    fetchSpy.and.resolveTo(new Response(JSON.stringify({ cohortId: 'cohort:prepared2026', sessions }), { status: 200 }));
    await store.load('cohort:prepared2026');
    expect(String(fetchSpy.calls.mostRecent().args[0])).toContain('/api/cohorts/pl/cohort%3Aprepared2026/preparation');
    expect(store.stateOf('cohort:prepared2026')).toEqual({ kind: 'ready', sessions, at: jasmine.any(String) });
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
    expect(store.stateOf('cohort:prepared2026')).toEqual({ kind: 'ready', sessions, at: jasmine.any(String) });
  });

  it('shows the last answer with its time at the next start with no network, to this facilitator only, until refused', async () => {
    fetchSpy.and.resolveTo(new Response(JSON.stringify({ sessions }), { status: 200 }));
    const before = new Date().toISOString();
    await store.load('cohort:prepared2026');

    // The app starts again at the venue, with no network.
    fetchSpy.and.rejectWith(new TypeError('Failed to fetch'));
    const restarted = TestBed.runInInjectionContext(() => new PreparationStore());
    await restarted.load('cohort:prepared2026');
    const kept = restarted.stateOf('cohort:prepared2026');
    expect(kept).toEqual({ kind: 'ready', sessions, at: jasmine.any(String) });
    expect(kept?.kind === 'ready' && kept.at >= before)
      .withContext('the time the server answered')
      .toBeTrue();

    // Another member signed in on the same phone never sees it.
    const otherUser = { user: signal({ name: 'ania', roles: ['member', 'country:pl', 'facilitator:pl'] }) };
    const theirPhone = createEnvironmentInjector([{ provide: Session, useValue: otherUser }], TestBed.inject(EnvironmentInjector));
    const theirs = runInInjectionContext(theirPhone, () => new PreparationStore());
    await theirs.load('cohort:prepared2026');
    expect(theirs.stateOf('cohort:prepared2026')).toEqual({ kind: 'offline' });

    // Taken off the cohort: refused, and the kept answer goes.
    fetchSpy.and.resolveTo(new Response('{}', { status: 403 }));
    await restarted.load('cohort:prepared2026');
    fetchSpy.and.rejectWith(new TypeError('Failed to fetch'));
    const again = TestBed.runInInjectionContext(() => new PreparationStore());
    await again.load('cohort:prepared2026');
    expect(again.stateOf('cohort:prepared2026')).toEqual({ kind: 'offline' });
  });

  it('shows and keeps an answer that comes after its member signed out for no one', async () => {
    let answer!: (response: Response) => void;
    fetchSpy.and.returnValue(new Promise<Response>((resolve) => (answer = resolve)));
    const asked = store.load('cohort:prepared2026');
    // Piotr signs out and Ola, a facilitator of the same network, signs in on the phone meanwhile.
    user.set({ name: 'ola', roles: ['member', 'country:pl', 'facilitator:pl'] });
    TestBed.tick();
    answer(new Response(JSON.stringify({ sessions }), { status: 200 }));
    await asked;
    expect(store.stateOf('cohort:prepared2026')).toBeNull();
    expect(localStorage.getItem('me2me.preparation')).toBeNull();
  });
});

import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Session } from '../auth/session';
import { LocalDatabase } from '../data/local-database';
import { forgetKeptCopies } from '../shared/kept-copies';
import { ReviewsStore } from './reviews-store';

describe("ReviewsStore (a tutor's view of the CPD reviews, read from the server)", () => {
  const user = signal<{ name: string; roles: string[] } | null>(null);
  const review = {
    _id: 'review:lesson:how-adults-learn:zofia',
    _rev: '1-a',
    type: 'review',
    lessonId: 'lesson:how-adults-learn',
    author: 'zofia',
    country: 'pl',
    rating: 4,
    comment: 'Clear, with examples from real workshops.',
    createdAt: '2026-12-01T10:00:00.000Z',
    updatedAt: '2026-12-01T10:00:00.000Z',
  };
  let fetchSpy: jasmine.Spy;

  beforeEach(() => {
    user.set({ name: 'tomasz', roles: ['member', 'country:pl', 'tutor:pl'] });
    TestBed.configureTestingModule({
      providers: [
        { provide: Session, useValue: { user } },
        { provide: LocalDatabase, useValue: { db: () => null, opened: signal(null) } },
      ],
    });
    fetchSpy = spyOn(window, 'fetch');
  });
  afterEach(() => forgetKeptCopies());

  const restarted = () => TestBed.runInInjectionContext(() => new ReviewsStore());

  it('shows the reviews last read, with when, after a restart with no network, to this tutor only, until refused', async () => {
    fetchSpy.and.resolveTo(new Response(JSON.stringify({ rows: [{ doc: review }] }), { status: 200 }));
    const before = new Date().toISOString();
    await TestBed.inject(ReviewsStore).readFromServer();

    fetchSpy.and.rejectWith(new TypeError('Failed to fetch'));
    const offline = restarted();
    await offline.readFromServer();
    expect(offline.reviewsOf('lesson:how-adults-learn')?.map((kept) => kept.comment)).toEqual([review.comment]);
    expect(offline.checkedAt()! >= before)
      .withContext('when the server answered')
      .toBeTrue();

    // Another tutor signs in on the phone: nothing of the last one's.
    user.set({ name: 'agnieszka', roles: ['member', 'country:pl', 'tutor:pl'] });
    expect(restarted().reviewsOf('lesson:how-adults-learn')).toBeNull();

    // No longer a tutor: the server refuses, and what was kept goes.
    user.set({ name: 'tomasz', roles: ['member', 'country:pl'] });
    fetchSpy.and.resolveTo(new Response('{}', { status: 403 }));
    await restarted().readFromServer();
    expect(restarted().reviewsOf('lesson:how-adults-learn')).toBeNull();
  });
});

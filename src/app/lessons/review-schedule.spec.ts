import { isDue, isRetired, nextReview } from './review-schedule';

const monday = new Date('2026-11-30T09:00:00.000Z');
const days = (n: number) => new Date(monday.getTime() + n * 24 * 3600 * 1000);

describe('review schedule', () => {
  it('schedules nothing for a question answered right the first time', () => {
    expect(nextReview(null, true, monday)).toBeNull();
  });

  it('brings a wrong answer back after 1, then 3, then 7 days, then retires it', () => {
    const first = nextReview(null, false, monday)!;
    expect(first.dueAt).toBe(days(1).toISOString());
    expect(isDue(first, days(0.5))).toBeFalse();
    expect(isDue(first, days(1))).toBeTrue();
    const second = nextReview(first, true, days(1))!;
    expect(second.dueAt).toBe(days(4).toISOString());
    const third = nextReview(second, true, days(4))!;
    expect(third.dueAt).toBe(days(11).toISOString());
    const retired = nextReview(third, true, days(11))!;
    expect(isRetired(retired)).toBeTrue();
    expect(isDue(retired, days(100))).toBeFalse();
  });

  it('starts again from one day when a reviewed question is missed again', () => {
    const second = nextReview(nextReview(null, false, monday), true, days(1))!;
    const missed = nextReview(second, false, days(4))!;
    expect(missed.step).toBe(0);
    expect(missed.dueAt).toBe(days(5).toISOString());
  });
});

import { mergeProgress } from './conflict-rules';
import type { LessonProgress } from './schemas/personal';

function progress(overrides: Partial<LessonProgress>): LessonProgress {
  return { id: 'progress:lesson:a', type: 'progress', lessonId: 'lesson:a', status: 'started', cardIndex: 0, updatedAt: '2026-11-29T09:00:00.000Z', ...overrides };
}

describe('mergeProgress', () => {
  it('never goes backwards: completed beats started, whichever is newer', () => {
    const done = progress({ status: 'completed', cardIndex: 4, completedAt: '2026-11-29T08:00:00.000Z', updatedAt: '2026-11-29T08:00:00.000Z' });
    const later = progress({ status: 'started', cardIndex: 1, updatedAt: '2026-11-29T10:00:00.000Z' });
    for (const merged of [mergeProgress(done, later), mergeProgress(later, done)]) {
      expect(merged.status).toBe('completed');
      expect(merged.cardIndex).toBe(4);
      expect(merged.completedAt).toBe('2026-11-29T08:00:00.000Z');
      expect(merged.updatedAt).toBe('2026-11-29T10:00:00.000Z');
    }
  });

  it('keeps the furthest card and the union of answers, in the same order both ways', () => {
    const a = progress({ cardIndex: 3, answers: { '1': [2], '2': [0] } });
    const b = progress({ cardIndex: 2, answers: { '1': [0], '4': [1, 3] } });
    expect(mergeProgress(a, b)).toEqual(mergeProgress(b, a));
    expect(mergeProgress(a, b).cardIndex).toBe(3);
    expect(mergeProgress(a, b).answers).toEqual({ '1': [0, 2], '2': [0], '4': [1, 3] });
  });

  it('keeps the earliest completion time when both devices completed', () => {
    const a = progress({ status: 'completed', completedAt: '2026-11-29T09:30:00.000Z' });
    const b = progress({ status: 'completed', completedAt: '2026-11-29T09:10:00.000Z' });
    expect(mergeProgress(a, b).completedAt).toBe('2026-11-29T09:10:00.000Z');
  });
});

import type { Lesson } from '../data/catalog-repository';
import type { LessonProgress } from '../data/progress-repository';
import { pickForMinutes } from './minutes-picker';

function lesson(id: string, minutes: number, order: number, programmeId = 'programme:toolbox'): Lesson {
  return {
    id,
    type: 'lesson',
    title: id,
    summary: '',
    order,
    minutes,
    programmeId,
    cards: Array.from({ length: 6 }, () => ({ kind: 'text', body: 'x' })),
  };
}

function started(lessonId: string, cardIndex: number): LessonProgress {
  return { id: `progress:${lessonId}`, type: 'progress', lessonId, status: 'started', cardIndex, updatedAt: '2026-11-29T09:00:00.000Z' };
}

const lessons = [lesson('lesson:a', 5, 1), lesson('lesson:b', 3, 2), lesson('lesson:c', 2, 3)];

describe('pickForMinutes', () => {
  it('picks the next unfinished lesson that fits, in programme order', () => {
    expect(pickForMinutes(5, lessons, new Map(), 0)).toEqual({ kind: 'lesson', lesson: lessons[0]!, minutes: 5 });
    expect(pickForMinutes(2, lessons, new Map(), 0)).toEqual({ kind: 'lesson', lesson: lessons[2]!, minutes: 2 });
  });

  it('resumes a started lesson first, counting only the cards left', () => {
    const progress = new Map([['lesson:a', started('lesson:a', 4)]]);
    expect(pickForMinutes(2, lessons, progress, 0)).toEqual({ kind: 'resume', lesson: lessons[0]!, minutes: 2 });
  });

  it('offers due reviews when enough are due, fitted to the time', () => {
    expect(pickForMinutes(2, lessons, new Map(), 10)).toEqual({ kind: 'review', questions: 2, minutes: 2 });
    expect(pickForMinutes(10, lessons, new Map(), 4)).toEqual({ kind: 'review', questions: 4, minutes: 3 });
  });

  it('prefers a new lesson over one or two reviews unless those are all that is due', () => {
    const progress = new Map([['lesson:a', { ...started('lesson:a', 5), status: 'completed' as const }]]);
    expect(pickForMinutes(5, lessons, progress, 1)).toEqual({ kind: 'review', questions: 1, minutes: 1 });
    expect(pickForMinutes(5, lessons, progress, 0)).toEqual({ kind: 'lesson', lesson: lessons[1]!, minutes: 3 });
  });

  it('says so when nothing fits', () => {
    expect(pickForMinutes(1, lessons, new Map(), 0)).toEqual({ kind: 'nothing' });
  });

  it('follows the order of programmes it is given', () => {
    const mixed = [lesson('lesson:cpd', 3, 1, 'programme:cpd'), lesson('lesson:tool', 3, 5)];
    expect(pickForMinutes(5, mixed, new Map(), 0, ['programme:toolbox', 'programme:cpd'])).toEqual(
      jasmine.objectContaining({ lesson: mixed[1] }),
    );
  });
});

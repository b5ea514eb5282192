import type { Programme } from '../data/catalog-repository';

/**
 * Where a new lesson goes unless its author picks another programme: the first programme for owners
 * (lessons are written for them), not the first of the author's own Learn list, which for a tutor is
 * their CPD course.
 */
export function newLessonProgramme(programmes: readonly Pick<Programme, 'id' | 'audience'>[]): string {
  const forOwners = programmes.find((programme) => (programme.audience ?? 'owner') === 'owner');
  return forOwners?.id ?? programmes[0]?.id ?? 'programme:toolbox';
}

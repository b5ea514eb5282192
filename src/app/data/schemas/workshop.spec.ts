import { cohortWithKind } from './workshop';

describe('workshop schema, version 2', () => {
  it('makes a cohort kept from before kinds an induction, and leaves everything else as it was', () => {
    const legacy = { id: 'cohort:spring2026', type: 'cohort', author: 'piotr', title: 'Spring', updatedAt: '2026-03-01T09:00:00.000Z' };
    expect(cohortWithKind(legacy)).toEqual({ ...legacy, kind: 'induction' });
    const course = { ...legacy, kind: 'cpd' };
    expect(cohortWithKind(course)).toBe(course);
    const mark = { id: 'mark:abcdefgh', type: 'mark', session: 1 };
    expect(cohortWithKind(mark)).toBe(mark);
  });
});

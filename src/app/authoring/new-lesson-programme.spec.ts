import { newLessonProgramme } from './new-lesson-programme';

describe('newLessonProgramme', () => {
  it("puts a tutor's new lesson in the owners' programme, though their CPD course comes first in their list", () => {
    const tutorsList = [
      { id: 'programme:cpd', audience: 'tutor' as const },
      { id: 'programme:toolbox', audience: 'owner' as const },
      { id: 'programme:induction', audience: 'owner' as const },
    ];
    expect(newLessonProgramme(tutorsList)).toBe('programme:toolbox');
  });

  it('counts a programme with no audience as for owners, and falls back to the first or the toolbox', () => {
    expect(newLessonProgramme([{ id: 'programme:cpd', audience: 'tutor' }, { id: 'programme:old' }])).toBe('programme:old');
    expect(newLessonProgramme([{ id: 'programme:cpd', audience: 'tutor' }])).toBe('programme:cpd');
    expect(newLessonProgramme([])).toBe('programme:toolbox');
  });
});

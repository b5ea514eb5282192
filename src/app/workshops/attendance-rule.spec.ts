import {
  cellOf,
  checkInCode,
  checkInPayload,
  completed,
  parseCheckInPayload,
  projectCourse,
  projectOwner,
  toCsv,
  type AttendanceMark,
  type AttendanceStatus,
} from '../../../sync-server/couchdb/workshops/attendance-rule';

function mark(id: string, author: string, status: AttendanceStatus, minute: number, seen: string[] = []): AttendanceMark {
  return {
    id,
    author,
    cohortId: 'cohort:spring2026',
    session: 1,
    owner: 'ania',
    status,
    markedAt: `2026-03-14T18:${String(minute).padStart(2, '0')}:00.000Z`,
    seen,
  };
}

describe('attendance rule', () => {
  it('lets the latest mark win, the same whatever order the marks arrived in', () => {
    const marks = [mark('mark:a0000001', 'piotr', 'present', 1), mark('mark:b0000001', 'eva', 'late', 5)];
    expect(cellOf(marks).current!.status).toBe('late');
    expect(cellOf([...marks].reverse()).current!.status).toBe('late');
  });

  it('breaks a tie at the same moment by facilitator name, then id, and keeps every mark', () => {
    const tie = [mark('mark:a0000001', 'piotr', 'present', 3), mark('mark:b0000001', 'eva', 'absent', 3)];
    expect(cellOf(tie).current!.author).toBe('piotr');
    expect(cellOf([...tie].reverse()).current!.author).toBe('piotr');
    expect(cellOf(tie).history.length).toBe(2);
  });

  it('shows a disagreement when two devices marked differently without knowing of each other, until confirmed', () => {
    const offline = [mark('mark:a0000001', 'piotr', 'present', 1), mark('mark:b0000001', 'eva', 'absent', 2)];
    expect(cellOf(offline).disagreements.map((m) => m.id)).toEqual(['mark:a0000001']);
    const confirmed = [...offline, mark('mark:c0000001', 'eva', 'present', 9, ['mark:a0000001', 'mark:b0000001'])];
    expect(cellOf(confirmed).current!.status).toBe('present');
    expect(cellOf(confirmed).disagreements).toEqual([]);
    const agreeing = [mark('mark:a0000001', 'piotr', 'late', 1), mark('mark:b0000001', 'eva', 'late', 2)];
    expect(cellOf(agreeing).disagreements).toEqual([]);
    const correctedKnowingly = [mark('mark:a0000001', 'piotr', 'present', 1), mark('mark:b0000001', 'eva', 'absent', 2, ['mark:a0000001'])];
    expect(cellOf(correctedKnowingly).disagreements).toEqual([]);
  });

  it('completes the induction with all four sessions attended; late counts, excused and absent do not', () => {
    expect(
      completed(
        new Map([
          [1, 'present'],
          [2, 'late'],
          [3, 'present'],
          [4, 'present'],
        ]),
      ),
    ).toBeTrue();
    expect(
      completed(
        new Map([
          [1, 'present'],
          [2, 'excused'],
          [3, 'present'],
          [4, 'present'],
        ]),
      ),
    ).toBeFalse();
    expect(
      completed(
        new Map([
          [1, 'present'],
          [2, 'present'],
          [3, 'present'],
        ]),
      ),
    ).toBeFalse();
  });

  it('writes CSV that spreadsheets read safely', () => {
    expect(
      toCsv([
        ['name', 'note'],
        ['ania', 'came late, "traffic"'],
        ['=HYPERLINK()', 'x'],
      ]),
    ).toBe('name,note\r\nania,"came late, ""traffic"""\r\n\'=HYPERLINK(),x\r\n');
  });

  it('gives each person of each cohort their own check-in code, the same on every device', async () => {
    const code = await checkInCode('cohort:spring2026', 'ania');
    expect(code).toMatch(/^[A-Z2-9]{8}$/);
    expect(await checkInCode('cohort:spring2026', 'ania')).toBe(code);
    expect(await checkInCode('cohort:autumn2026', 'ania')).not.toBe(code);
    expect(await checkInCode('cohort:spring2026', 'jonas')).not.toBe(code);
  });

  it("projects an owner's induction across cohorts: an excused session made up in another cohort completes it", async () => {
    const spring = { id: 'cohort:spring2026', title: 'Spring' };
    const autumn = { id: 'cohort:autumn2026', title: 'Autumn' };
    const at = (cohortId: string, session: number, status: AttendanceStatus, day: number): AttendanceMark => ({
      id: `mark:${cohortId.slice(7)}${session}`,
      author: 'piotr',
      cohortId,
      session,
      owner: 'ania',
      status,
      markedAt: `2026-0${day}-01T18:00:00.000Z`,
      seen: [],
    });
    const marks = [
      at(spring.id, 1, 'present', 3),
      at(spring.id, 2, 'excused', 3),
      at(spring.id, 3, 'late', 4),
      at(spring.id, 4, 'present', 5),
      at(autumn.id, 2, 'present', 9),
    ];
    const projection = await projectOwner('ania', [spring, autumn], marks);
    expect(projection.attendedSessions).toEqual([1, 2, 3, 4]);
    expect(projection.completed).toBeTrue();
    expect(projection.completedAt).toBe('2026-09-01T18:00:00.000Z');
    expect((await projectOwner('ania', [spring], marks.slice(0, 4))).completed).toBeFalse();
  });

  it('projects a CPD course by its own three sessions, apart from the induction', async () => {
    const course = { id: 'cohort:cpdautumn', kind: 'cpd' as const, title: 'CPD' };
    const induction = { id: 'cohort:spring2026', kind: 'induction' as const, title: 'Spring' };
    const marks = [1, 2, 3].map(
      (session): AttendanceMark => ({
        id: `mark:cpd${session}`,
        author: 'piotr',
        cohortId: course.id,
        session,
        owner: 'marek',
        status: 'present',
        markedAt: `2026-11-0${session}T18:00:00.000Z`,
        seen: [],
      }),
    );
    const cpd = await projectCourse('marek', 'cpd', [course, induction], marks);
    expect(cpd.progress).toEqual({ attendedSessions: [1, 2, 3], completed: true, completedAt: '2026-11-03T18:00:00.000Z' });
    expect(cpd.cohorts.map((c) => [c.id, c.kind, c.sessions.length])).toEqual([['cohort:cpdautumn', 'cpd', 3]]);
    // The same marks say nothing of the induction: its cohorts and four sessions are its own.
    expect((await projectCourse('marek', 'induction', [course, induction], marks)).progress.completed).toBeFalse();
    expect(completed(new Map([1, 2, 3].map((n) => [n, 'present' as const])), 'cpd')).toBeTrue();
    expect(completed(new Map([1, 2, 3].map((n) => [n, 'present' as const])), 'induction')).toBeFalse();
  });

  it('reads back only check-in QR codes of ours', () => {
    expect(parseCheckInPayload(checkInPayload('cohort:spring2026', 'K7PX2MQA'))).toEqual({
      cohortId: 'cohort:spring2026',
      code: 'K7PX2MQA',
    });
    expect(parseCheckInPayload('https://example.com/')).toBeNull();
    expect(parseCheckInPayload('ME2ME-CHECKIN|cohort:spring2026|k7px')).toBeNull();
    expect(parseCheckInPayload('ME2ME-CHECKIN|lesson:x|K7PX2MQA')).toBeNull();
  });
});

export type AttendanceStatus = 'present' | 'late' | 'excused' | 'absent';

/** One tap of a facilitator: append-only, with what the device knew when it was made. */
export interface AttendanceMark {
  readonly id: string;
  readonly author: string;
  readonly cohortId: string;
  readonly session: number;
  readonly owner: string;
  readonly status: AttendanceStatus;
  readonly note?: string;
  readonly markedAt: string;
  /** Ids of the marks for this person and session on the device when this one was made. */
  readonly seen: readonly string[];
}

/**
 * The rule everyone can predict: the latest mark wins; at the same moment, the facilitator whose name
 * sorts last, then the mark id. It gives the same answer on every device whatever arrived first.
 */
export function compareMarks(a: AttendanceMark, b: AttendanceMark): number {
  return a.markedAt.localeCompare(b.markedAt) || a.author.localeCompare(b.author) || a.id.localeCompare(b.id);
}

export interface Cell {
  readonly current: AttendanceMark | null;
  /** Every mark for this person and session, oldest first: nothing is lost. */
  readonly history: readonly AttendanceMark[];
  /**
   * Marks by other facilitators that say something else and that the winning mark was made without
   * knowing: two devices disagreed, and a facilitator should confirm.
   */
  readonly disagreements: readonly AttendanceMark[];
}

export function cellOf(marks: readonly AttendanceMark[]): Cell {
  const history = [...marks].sort(compareMarks);
  const current = history.at(-1) ?? null;
  if (!current) return { current, history, disagreements: [] };
  const latestByAuthor = new Map<string, AttendanceMark>();
  for (const mark of history) latestByAuthor.set(mark.author, mark);
  const disagreements = [...latestByAuthor.values()].filter(
    (mark) => mark.author !== current.author && mark.status !== current.status && !current.seen.includes(mark.id),
  );
  return { current, history, disagreements };
}

/** Late counts as attended; absent does not; excused does not either, but can be made up in another cohort. */
export function attended(status: AttendanceStatus | undefined): boolean {
  return status === 'present' || status === 'late';
}

export const SESSIONS = [1, 2, 3, 4] as const;

/** An owner who attended all four sessions has completed the induction and becomes a peer mentor. */
export function completed(statusBySession: ReadonlyMap<number, AttendanceStatus | undefined>): boolean {
  return SESSIONS.every((session) => attended(statusBySession.get(session)));
}

/** A CSV field as spreadsheets read it: quoted when needed, and never a formula. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

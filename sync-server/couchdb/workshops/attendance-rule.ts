import { kindOf, sessionsOf, type CohortKind } from './cohort-kinds';

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

/** Someone who attended every session of a kind of cohort has completed it (the induction makes an owner a peer mentor). */
export function completed(statusBySession: ReadonlyMap<number, AttendanceStatus | undefined>, kind: CohortKind = 'induction'): boolean {
  return sessionsOf(kind).every((session) => attended(statusBySession.get(session)));
}

/** A CSV field as spreadsheets read it: quoted when needed, and never a formula. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/**
 * The code an owner shows to be checked in (as text to read out or type): derived from the cohort and
 * the person, so the facilitator's device recognises it offline with no list to download. It is a
 * convenience for a facilitator who sees the person, not a secret.
 */
export async function checkInCode(cohortId: string, owner: string): Promise<string> {
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${cohortId}|${owner}`)));
  const alphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
  return Array.from(digest.slice(0, 8), (byte) => alphabet[byte % alphabet.length]).join('');
}

export interface OwnerSession {
  readonly number: number;
  readonly date?: string;
  readonly time?: string;
  readonly place?: string;
  readonly status: AttendanceStatus | null;
}

export interface OwnerCohort {
  readonly id: string;
  readonly kind: CohortKind;
  readonly title: string;
  readonly venue?: string;
  readonly facilitators: readonly string[];
  readonly checkInCode: string;
  readonly sessions: readonly OwnerSession[];
}

/** How far someone is through one course (the induction, or the CPD course). */
export interface CourseProgress {
  /** Each session attended in any cohort of the course (an excused session can be made up in another). */
  readonly attendedSessions: readonly number[];
  readonly completed: boolean;
  readonly completedAt?: string;
  /** Set by the server once the course is complete: the code anyone can check at /verify/<code>. */
  readonly certificateCode?: string;
  /** The holder's full name as the certificate keeps it (taken once, the first time there is one). */
  readonly certificateName?: string;
}

/**
 * What a person sees of their courses, written into their private database by the server: the
 * cohorts they are in, the induction's progress at the top level (as before there were other
 * courses) and, for tutors and facilitators in a CPD course, its progress under `cpd`.
 */
export interface WorkshopsProjection extends CourseProgress {
  readonly cohorts: readonly OwnerCohort[];
  readonly cpd?: CourseProgress;
}

export interface CohortRecord {
  readonly id: string;
  readonly kind?: CohortKind;
  readonly title: string;
  readonly venue?: string;
  readonly facilitators?: readonly string[];
  readonly sessions?: readonly { number: number; date?: string; time?: string; place?: string }[];
}

/** One person's progress through one course, from the cohorts of that kind they are enrolled in and their marks. */
export async function projectCourse(
  owner: string,
  kind: CohortKind,
  cohorts: readonly CohortRecord[],
  marks: readonly AttendanceMark[],
): Promise<{ cohorts: OwnerCohort[]; progress: CourseProgress }> {
  const numbers = sessionsOf(kind);
  const attendedAt = new Map<number, string>();
  const views: OwnerCohort[] = [];
  for (const cohort of cohorts.filter((c) => kindOf(c) === kind)) {
    const sessions = numbers.map((number) => {
      const cell = cellOf(marks.filter((m) => m.cohortId === cohort.id && m.session === number && m.owner === owner));
      const status = cell.current?.status ?? null;
      if (cell.current && attended(status ?? undefined)) {
        const earlier = attendedAt.get(number);
        if (!earlier || cell.current.markedAt < earlier) attendedAt.set(number, cell.current.markedAt);
      }
      const planned = cohort.sessions?.find((s) => s.number === number);
      return {
        number,
        ...(planned?.date ? { date: planned.date } : {}),
        ...(planned?.time ? { time: planned.time } : {}),
        ...(planned?.place ? { place: planned.place } : {}),
        status,
      };
    });
    views.push({
      id: cohort.id,
      kind,
      title: cohort.title,
      ...(cohort.venue ? { venue: cohort.venue } : {}),
      facilitators: [...(cohort.facilitators ?? [])],
      checkInCode: await checkInCode(cohort.id, owner),
      sessions,
    });
  }
  const attendedSessions = numbers.filter((n) => attendedAt.has(n));
  const complete = attendedSessions.length === numbers.length;
  return {
    cohorts: views.sort((a, b) => a.id.localeCompare(b.id)),
    progress: {
      attendedSessions,
      completed: complete,
      ...(complete ? { completedAt: [...attendedAt.values()].sort().at(-1)! } : {}),
    },
  };
}

/** One owner's induction from the records of their country: cohorts they are enrolled in and their marks. */
export async function projectOwner(
  owner: string,
  cohorts: readonly CohortRecord[],
  marks: readonly AttendanceMark[],
): Promise<WorkshopsProjection> {
  const induction = await projectCourse(owner, 'induction', cohorts, marks);
  return { cohorts: induction.cohorts, ...induction.progress };
}

const QR_PREFIX = 'ME2ME-CHECKIN';

/** What an owner's check-in QR code says: the cohort and the person's code. */
export function checkInPayload(cohortId: string, code: string): string {
  return `${QR_PREFIX}|${cohortId}|${code}`;
}

/** The cohort and code in a scanned QR code, or null when it is not one of ours. */
export function parseCheckInPayload(text: string): { cohortId: string; code: string } | null {
  const [prefix, cohortId, code, ...rest] = text.split('|');
  if (prefix !== QR_PREFIX || rest.length > 0 || !cohortId?.startsWith('cohort:') || !/^[A-Z2-9]{8}$/.test(code ?? '')) return null;
  return { cohortId, code: code! };
}

import { syncMarkerSchema } from '../sync-marker';
import type { RxJsonSchema } from 'rxdb';
import type { CohortKind } from '../../../../sync-server/couchdb/workshops/cohort-kinds';

export interface CohortSession {
  number: number;
  /** 2026-03-14 */
  date?: string;
  /** 18:30 */
  time?: string;
  place?: string;
  /** The lesson owners do before the session; its facilitators see who has. */
  preparationLessonId?: string;
}

/** A group going through a course together: the owners' induction or a CPD course for tutors and facilitators. */
export interface Cohort {
  id: string;
  type: 'cohort';
  kind: CohortKind;
  author: string;
  title: string;
  venue?: string;
  language?: string;
  facilitators?: string[];
  sessions?: CohortSession[];
  /** What owners type (or open as a link) to join; the server checks it. */
  joinCode?: string;
  createdAt: string;
  updatedAt: string;
}

/** An owner on a cohort's roster (enrolment:<cohort>:<owner>); withdrawing keeps the record. */
export interface Enrolment {
  id: string;
  type: 'enrolment';
  author: string;
  cohortId: string;
  owner: string;
  withdrawn?: boolean;
  createdAt: string;
  updatedAt: string;
}

/** One attendance tap, never changed (see workshops/attendance-rule.ts). */
export interface Mark {
  id: string;
  type: 'mark';
  author: string;
  cohortId: string;
  session: number;
  owner: string;
  status: 'present' | 'late' | 'excused' | 'absent';
  note?: string;
  markedAt: string;
  seen: string[];
  createdAt: string;
  updatedAt: string;
}

export type WorkshopDoc = Cohort | Enrolment | Mark;

export const workshopSchema = {
  title: 'workshop document',
  description: "Cohorts, rosters and attendance marks of the facilitator's country.",
  version: 2,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 200 },
    type: { type: 'string', enum: ['cohort', 'enrolment', 'mark'] },
    kind: { type: 'string' },
    author: { type: 'string' },
    title: { type: 'string' },
    venue: { type: 'string' },
    joinCode: { type: 'string' },
    language: { type: 'string' },
    facilitators: { type: 'array', items: { type: 'string' } },
    sessions: { type: 'array', items: { type: 'object' } },
    cohortId: { type: 'string' },
    owner: { type: 'string' },
    withdrawn: { type: 'boolean' },
    session: { type: 'number' },
    status: { type: 'string' },
    note: { type: 'string' },
    markedAt: { type: 'string' },
    seen: { type: 'array', items: { type: 'string' } },
    createdAt: { type: 'string' },
    updatedAt: { type: 'string' },
    sync: syncMarkerSchema,
  },
  required: ['id', 'type', 'author', 'updatedAt'],
} as unknown as RxJsonSchema<WorkshopDoc>;

/** Version 2: cohorts have a kind; those kept from before were all inductions (the server migrates its copies too). */
export function cohortWithKind(doc: unknown): unknown {
  const record = doc as { type?: string; kind?: string };
  return record.type === 'cohort' && record.kind === undefined ? { ...record, kind: 'induction' } : doc;
}

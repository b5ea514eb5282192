import { syncMarkerSchema } from '../sync-marker';
import type { RxJsonSchema } from 'rxdb';

/** How far a user got in one lesson. */
export interface LessonProgress {
  id: string;
  type: 'progress';
  lessonId: string;
  status: 'started' | 'completed';
  /** The card the user is on (or finished on). */
  cardIndex: number;
  /** When the lesson was first opened on any device: with completedAt, how long it took (insights). */
  startedAt?: string;
  completedAt?: string;
  /** Option indexes chosen per quiz card index. */
  answers?: Record<string, number[]>;
  updatedAt: string;
}

/** What the sync server tells this user about data kept elsewhere (read-only here). */
export interface Projection {
  id: string;
  type: 'projection';
  /** What it is about, e.g. attendance; features read the kinds they know. */
  kind: string;
  data: Record<string, unknown>;
  updatedAt: string;
}

/** A quiz question the user missed, waiting to come back (lessons/review-schedule.ts decides when). */
export interface QuestionReview {
  /** review:<lessonId>:<cardIndex> */
  id: string;
  type: 'review';
  lessonId: string;
  cardIndex: number;
  step: number;
  dueAt: string;
  updatedAt: string;
}

/** The user's own settings, the same on every device they use. */
export interface UserSettings {
  id: 'settings';
  type: 'settings';
  language: string;
  /** The name on the induction certificate, as the person wants it written. */
  fullName?: string;
  updatedAt: string;
}

/** A needs check-in: how confident the owner feels in each toolbox topic (1–5), and a topic they ask for. */
export interface NeedsCheckIn {
  /** needs:<YYYY-MM-DD>, the day it was first answered (answers may be changed later). */
  id: string;
  type: 'needs';
  ratings: Record<string, number>;
  request?: string;
  updatedAt: string;
}

/** "Was this useful?" at the end of a lesson. */
export interface LessonFeedback {
  /** feedback:<lessonId> */
  id: string;
  type: 'feedback';
  lessonId: string;
  useful: boolean;
  comment?: string;
  updatedAt: string;
}

/** Documents of the user's private database. */
export type PersonalDoc = LessonProgress | Projection | QuestionReview | UserSettings | NeedsCheckIn | LessonFeedback;

/** Both kinds live in one collection (one replication per database): the schema is their union, flattened. */
export const personalSchema = {
  title: 'personal document',
  description: "The user's own documents (progress) and the server's projections for them, replicated with their private database.",
  version: 3,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 200 },
    type: { type: 'string', enum: ['progress', 'projection', 'review', 'settings', 'needs', 'feedback'] },
    ratings: { type: 'object' },
    request: { type: 'string' },
    useful: { type: 'boolean' },
    comment: { type: 'string' },
    language: { type: 'string' },
    fullName: { type: 'string' },
    step: { type: 'number', minimum: 0, maximum: 10 },
    dueAt: { type: 'string' },
    kind: { type: 'string' },
    data: { type: 'object' },
    lessonId: { type: 'string' },
    status: { type: 'string', enum: ['started', 'completed'] },
    cardIndex: { type: 'number', minimum: 0, maximum: 50 },
    startedAt: { type: 'string' },
    completedAt: { type: 'string' },
    answers: { type: 'object' },
    updatedAt: { type: 'string' },
    sync: syncMarkerSchema,
  },
  required: ['id', 'type', 'updatedAt'],
} as unknown as RxJsonSchema<PersonalDoc>;

export function reviewId(lessonId: string, cardIndex: number): string {
  return `review:${lessonId}:${cardIndex}`;
}

export function progressId(lessonId: string): string {
  return `progress:${lessonId}`;
}

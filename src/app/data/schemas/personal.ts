import type { RxJsonSchema } from 'rxdb';

/** How far a user got in one lesson. */
export interface LessonProgress {
  id: string;
  type: 'progress';
  lessonId: string;
  status: 'started' | 'completed';
  /** The card the user is on (or finished on). */
  cardIndex: number;
  completedAt?: string;
  /** Option indexes chosen per quiz card index. */
  answers?: Record<string, number[]>;
  updatedAt: string;
}

/** Documents of the user's private database. */
export type PersonalDoc = LessonProgress;

export const personalSchema: RxJsonSchema<PersonalDoc> = {
  title: 'personal document',
  description: "The user's own documents (progress for now), replicated with their private database.",
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 200 },
    type: { type: 'string', enum: ['progress'] },
    lessonId: { type: 'string' },
    status: { type: 'string', enum: ['started', 'completed'] },
    cardIndex: { type: 'number', minimum: 0, maximum: 50 },
    completedAt: { type: 'string' },
    answers: { type: 'object' },
    updatedAt: { type: 'string' },
  },
  required: ['id', 'type', 'updatedAt'],
};

export function personalTombstone(id: string): PersonalDoc {
  return { id, type: 'progress', lessonId: '', status: 'started', cardIndex: 0, updatedAt: new Date(0).toISOString() };
}

export function progressId(lessonId: string): string {
  return `progress:${lessonId}`;
}

import { syncMarkerSchema } from '../sync-marker';
import type { RxJsonSchema } from 'rxdb';
import type { LessonCard } from './catalog';

export type DraftStatus = 'draft' | 'submitted' | 'publishing' | 'published';

/** A lesson being written, replicated with the authoring database (tutors and peer mentors only). */
export interface LessonDraft {
  /** draft:<slug> */
  id: string;
  type: 'draft';
  author: string;
  /** The catalog lesson it becomes; an edit of a published lesson keeps that lesson's id. */
  lessonId: string;
  programmeId: string;
  title: string;
  summary: string;
  topic: string;
  minutes: number;
  language: string;
  /** A translation names the lesson it was made from (the catalog offers it in that lesson's place). */
  translationOf?: string;
  /** Unfinished cards are allowed here: the catalog checks the finished lesson at publication. */
  cards: LessonCard[];
  status: DraftStatus;
  updatedAt: string;
  /** A reviewer's words to the author when returning a draft. */
  reviewNote?: string;
  /** Written by the server: */
  publishedVersion?: number;
  publishedAt?: string;
  publishError?: string;
  waitingForMedia?: string[];
}

/** One published version, kept by the server as history. */
export interface LessonVersion extends Omit<LessonDraft, 'type' | 'status'> {
  type: 'lesson-version';
  draftId: string;
  version: number;
}

export type AuthoringDoc = LessonDraft | LessonVersion;

export const authoringSchema = {
  title: 'authoring document',
  description: 'Lesson drafts and published versions, replicated with the authoring database.',
  version: 2,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 200 },
    type: { type: 'string', enum: ['draft', 'lesson-version'] },
    author: { type: 'string' },
    lessonId: { type: 'string' },
    programmeId: { type: 'string' },
    title: { type: 'string' },
    summary: { type: 'string' },
    topic: { type: 'string' },
    minutes: { type: 'number' },
    language: { type: 'string' },
    translationOf: { type: 'string' },
    cards: { type: 'array', items: { type: 'object' } },
    status: { type: 'string', enum: ['draft', 'submitted', 'publishing', 'published'] },
    updatedAt: { type: 'string' },
    reviewNote: { type: 'string' },
    publishedVersion: { type: 'number' },
    publishedAt: { type: 'string' },
    publishError: { type: 'string' },
    waitingForMedia: { type: 'array', items: { type: 'string' } },
    draftId: { type: 'string' },
    version: { type: 'number' },
    sync: syncMarkerSchema,
  },
  required: ['id', 'type', 'updatedAt'],
} as unknown as RxJsonSchema<AuthoringDoc>;

/**
 * A picture, recording or clip made on this device (for a lesson or a post), waiting to reach the server. Local only: the bytes
 * wait in the media store, this says how far the upload got.
 */
export interface PendingUpload {
  /** The file's content name, u-<sha256>.<ext>; cards refer to it as media/<name>. */
  id: string;
  /** What the file belongs to: a lesson draft, or a discussion post. */
  ownerId: string;
  contentType: string;
  size: number;
  state: 'waiting' | 'sent' | 'refused';
  queuedAt: string;
  sentAt?: string;
  reason?: string;
}

export const uploadSchema: RxJsonSchema<PendingUpload> = {
  title: 'pending upload',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 120 },
    ownerId: { type: 'string' },
    contentType: { type: 'string' },
    size: { type: 'number' },
    state: { type: 'string', enum: ['waiting', 'sent', 'refused'] },
    queuedAt: { type: 'string' },
    sentAt: { type: 'string' },
    reason: { type: 'string' },
  },
  required: ['id', 'ownerId', 'contentType', 'size', 'state', 'queuedAt'],
};

import { syncMarkerSchema } from '../sync-marker';
import type { RxJsonSchema } from 'rxdb';

interface Written {
  id: string;
  author: string;
  createdAt: string;
}

export interface Thread extends Written {
  type: 'thread';
  title: string;
  body: string;
  topic: string;
  /** A thread started from a lesson ("discuss this lesson") shows on that lesson. */
  lessonId?: string;
  /** A picture the member took, uploaded separately (media/u-<sha256>.webp). */
  photo?: string;
}

export interface Post extends Written {
  type: 'post';
  threadId: string;
  /** A reply to a reply names the post it answers (one level of nesting). */
  parentId?: string;
  body: string;
  photo?: string;
}

/** A new text for the author's own thread or post, or its withdrawal; the history is every edit. */
export interface Edit extends Written {
  type: 'edit';
  targetId: string;
  body?: string;
  title?: string;
  withdrawn?: boolean;
}

/** Marks carry their author in their id (helpful:<post>:<user>), so they never conflict. */
export interface HelpfulMark extends Written {
  type: 'helpful';
  targetId: string;
}

export interface Follow extends Written {
  type: 'follow';
  threadId: string;
}

/** The asker's choice of answer; only the thread author's counts. */
export interface Accepted extends Written {
  type: 'accepted';
  threadId: string;
  postId: string;
}

export interface Report extends Written {
  type: 'report';
  targetId: string;
  reason: string;
}

export interface Moderation extends Written {
  type: 'moderation';
  targetId: string;
  action: 'hide' | 'show' | 'pin' | 'unpin' | 'lock' | 'unlock';
  reason?: string;
}

export type DiscussionDoc = Thread | Post | Edit | HelpfulMark | Follow | Accepted | Report | Moderation;

export const discussionSchema = {
  title: 'discussion document',
  description: "Threads, posts and everything said about them in the user's country network.",
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 200 },
    type: { type: 'string', enum: ['thread', 'post', 'edit', 'helpful', 'follow', 'accepted', 'report', 'moderation'] },
    author: { type: 'string' },
    createdAt: { type: 'string' },
    title: { type: 'string' },
    body: { type: 'string' },
    topic: { type: 'string' },
    lessonId: { type: 'string' },
    photo: { type: 'string' },
    threadId: { type: 'string' },
    parentId: { type: 'string' },
    targetId: { type: 'string' },
    postId: { type: 'string' },
    reason: { type: 'string' },
    action: { type: 'string' },
    withdrawn: { type: 'boolean' },
    sync: syncMarkerSchema,
  },
  required: ['id', 'type', 'author', 'createdAt'],
} as unknown as RxJsonSchema<DiscussionDoc>;

/** When this device last showed a thread: unread counts are what others wrote since. Local only. */
export interface ReadMark {
  id: string;
  readAt: string;
}

export const readMarkSchema: RxJsonSchema<ReadMark> = {
  title: 'read mark',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: { id: { type: 'string', maxLength: 120 }, readAt: { type: 'string' } },
  required: ['id', 'readAt'],
};

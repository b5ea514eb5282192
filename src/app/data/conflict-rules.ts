import type { RxConflictHandler, WithDeleted } from 'rxdb';
import { sameContent } from './sync-marker';
import type { AuthoringDoc } from './schemas/authoring';
import type { DiscussionDoc } from './schemas/discussion';
import type { WorkshopDoc } from './schemas/workshop';
import type { LessonProgress, PersonalDoc } from './schemas/personal';

/**
 * The catalog is written only by tutors through the server's validation, so the server's copy is the
 * truth; members never write it locally.
 */
export const serverWins: RxConflictHandler<any> = {
  isEqual: (a, b) => sameContent(a, b),
  resolve: async ({ realMasterState }) => realMasterState,
};

/** A document only its author changes, in place (a CPD review): the later edit of their two devices stands. */
export const latestEditWins: RxConflictHandler<{ updatedAt: string }> = {
  isEqual: (a, b) => sameContent(a, b),
  resolve: async ({ realMasterState, newDocumentState }) =>
    newDocumentState.updatedAt > realMasterState.updatedAt ? newDocumentState : realMasterState,
};

/**
 * Merges two states of a lesson's progress so that it never goes backwards: completed beats started,
 * the furthest card wins, and every quiz answer from either side is kept.
 */
export function mergeProgress(a: LessonProgress, b: LessonProgress): LessonProgress {
  const completed = a.status === 'completed' || b.status === 'completed';
  const earliest = (times: (string | undefined)[]) => times.filter((t): t is string => !!t).sort()[0];
  const startedAt = earliest([a.startedAt, b.startedAt]);
  const completedAt = earliest([a.completedAt, b.completedAt]);
  const answers: Record<string, number[]> = {};
  for (const source of [a.answers ?? {}, b.answers ?? {}]) {
    for (const [card, chosen] of Object.entries(source)) {
      answers[card] = [...new Set([...(answers[card] ?? []), ...chosen])].sort((x, y) => x - y);
    }
  }
  const merged: LessonProgress = {
    id: a.id,
    type: 'progress',
    lessonId: a.lessonId || b.lessonId,
    status: completed ? 'completed' : 'started',
    cardIndex: Math.max(a.cardIndex, b.cardIndex),
    updatedAt: a.updatedAt > b.updatedAt ? a.updatedAt : b.updatedAt,
  };
  if (startedAt) merged.startedAt = startedAt;
  if (completed && completedAt) merged.completedAt = completedAt;
  if (Object.keys(answers).length > 0) merged.answers = answers;
  return merged;
}

/**
 * Private documents: progress merges to the furthest point; a deletion on either side stands; the
 * server's projections are the server's.
 */
export const personalConflictHandler: RxConflictHandler<PersonalDoc> = {
  isEqual: (a, b) => sameContent(stripDeleted(a), stripDeleted(b)) && !!a._deleted === !!b._deleted,
  resolve: async ({ realMasterState, newDocumentState }) => {
    if (newDocumentState._deleted) return newDocumentState;
    if (realMasterState._deleted) return realMasterState;
    if (realMasterState.type === newDocumentState.type && ['review', 'settings', 'needs', 'feedback'].includes(newDocumentState.type)) {
      // The latest answer decides when a question comes back; the latest choice of settings, check-in answers and feedback stands.
      return newDocumentState.updatedAt > realMasterState.updatedAt ? newDocumentState : realMasterState;
    }
    if (realMasterState.type !== 'progress' || newDocumentState.type !== 'progress') return realMasterState;
    return { ...mergeProgress(realMasterState, newDocumentState), _deleted: false };
  },
};

function stripDeleted<T>(doc: WithDeleted<T>): T {
  const { _deleted, ...rest } = doc as WithDeleted<T> & Record<string, unknown>;
  return rest as T;
}

/** Fields of a draft that only the server writes: they always come from the server's copy. */
const SERVER_DRAFT_FIELDS = ['publishedVersion', 'publishedAt', 'publishError', 'waitingForMedia'] as const;

/**
 * Drafts: the later edit wins (an author rarely edits one lesson on two devices at once), a deletion
 * stands, and what the server recorded about publication is kept from the server's side, so that
 * the merged draft is one the server accepts.
 */
export const draftConflictHandler: RxConflictHandler<AuthoringDoc> = {
  isEqual: (a, b) => sameContent(stripDeleted(a), stripDeleted(b)) && !!a._deleted === !!b._deleted,
  resolve: async ({ realMasterState, newDocumentState }) => {
    if (realMasterState._deleted || newDocumentState._deleted) return realMasterState._deleted ? realMasterState : newDocumentState;
    if (newDocumentState.type !== 'draft' || realMasterState.type !== 'draft') return realMasterState;
    if (newDocumentState.updatedAt <= realMasterState.updatedAt) return realMasterState;
    const merged: Record<string, unknown> = { ...newDocumentState };
    for (const field of SERVER_DRAFT_FIELDS) {
      if (realMasterState[field] === undefined) delete merged[field];
      else merged[field] = realMasterState[field];
    }
    return merged as unknown as typeof newDocumentState;
  },
};

/** Documents in a discussion that their author changes: marking helpful, following, accepting, reporting. */
const OWN_MARKS = ['helpful', 'follow', 'accepted', 'report'];

/**
 * Discussions are append-only, so only a member's own marks can differ (their id names their author):
 * this device's latest choice stands (an unmark included). Anything else is the server's.
 */
export const discussionConflictHandler: RxConflictHandler<DiscussionDoc> = {
  isEqual: (a, b) => sameContent(stripDeleted(a), stripDeleted(b)) && !!a._deleted === !!b._deleted,
  resolve: async ({ realMasterState, newDocumentState }) =>
    OWN_MARKS.includes(newDocumentState.type) ? newDocumentState : realMasterState,
};

/**
 * Workshops: marks never change (each tap is its own document, see workshops/attendance-rule.ts),
 * but their author may take one back at once (the undo of "mark everyone present"): that deletion
 * stands against the copy the server has, which decides whether it is still in time. A cohort's
 * details or an enrolment edited on two devices keep the later edit.
 */
export const workshopConflictHandler: RxConflictHandler<WorkshopDoc> = {
  isEqual: (a, b) => sameContent(stripDeleted(a), stripDeleted(b)) && !!a._deleted === !!b._deleted,
  resolve: async ({ realMasterState, newDocumentState }) => {
    if (newDocumentState.type === 'mark')
      return newDocumentState._deleted && !realMasterState._deleted ? newDocumentState : realMasterState;
    return newDocumentState.updatedAt > realMasterState.updatedAt ? newDocumentState : realMasterState;
  },
};

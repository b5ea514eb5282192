import { parseDatabaseName } from '../../couchdb/database-names';
import type { UserContext } from '../../couchdb/databases';
import type { Couch } from '../couch/client';
import { clockCheck, needsDayCheck } from './clock-check';
import { enrolledOwnerCheck, enrolmentRightsCheck } from './enrolment-checks';
import { markRightsCheck } from './mark-check';
import { cpdLessonCheck } from './review-checks';
import { threadLockCheck } from './thread-lock-check';

/** A member's write as the gateway is about to store it, after the database's own rule accepted it. */
export interface ProposedWrite {
  readonly db: string;
  readonly user: UserContext;
  /** The document as sent (with `_deleted: true` for a deletion). */
  readonly doc: Record<string, unknown>;
  /** The stored document it replaces, or null when there is none (or it was deleted). */
  readonly oldDoc: Record<string, unknown> | null;
  /** Documents accepted before this one in the same request, by id: they are stored together with it. */
  readonly earlier: ReadonlyMap<string, Record<string, unknown>>;
}

/** Why a write is refused: the English reason, and a stable code and its parameters for the app to translate. */
export interface WriteRefusal {
  readonly reason: string;
  readonly code: string;
  readonly params?: Readonly<Record<string, string | number>>;
}

/**
 * Checks a validate_doc_update cannot make, because they need other documents or the server's clock.
 * Returns why the write is refused, or null when it may be stored.
 */
export type WriteCheck = (write: ProposedWrite, couch: Couch) => Promise<WriteRefusal | null>;

const WORKSHOP_CHECKS: readonly WriteCheck[] = [clockCheck, enrolmentRightsCheck, enrolledOwnerCheck, markRightsCheck];
const DISCUSSION_CHECKS: readonly WriteCheck[] = [clockCheck, threadLockCheck];
const REVIEW_CHECKS: readonly WriteCheck[] = [clockCheck, cpdLessonCheck];
const PRIVATE_CHECKS: readonly WriteCheck[] = [needsDayCheck];

/**
 * The checks for one database, by its name; none for databases that need none.
 * - workshops-<cc>: times not ahead of the server's clock; enrolments and marks only by those who run the
 *   cohort (author, listed co-facilitators) or a coordinator; an active enrolment names a learner of <cc>
 *   for the cohort's kind (an owner in an induction, a tutor or facilitator in a CPD course); a mark, a
 *   session the cohort's kind has.
 * - discussions-<cc>: times not ahead of the server's clock; no post into a locked thread but a moderator's.
 * - cpd-reviews: times not ahead of the server's clock; a review is of a lesson of the CPD programme.
 * - userdb-<hex>: needs check-ins not dated after the server's today.
 */
export function writeChecksFor(db: string): readonly WriteCheck[] {
  const kind = parseDatabaseName(db)?.kind;
  if (kind === 'workshops') return WORKSHOP_CHECKS;
  if (kind === 'discussions') return DISCUSSION_CHECKS;
  if (kind === 'cpd-reviews') return REVIEW_CHECKS;
  if (kind === 'userdb') return PRIVATE_CHECKS;
  return [];
}

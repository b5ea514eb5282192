import { COHORT_KINDS, kindOf } from '../../couchdb/workshops/cohort-kinds';
import type { Couch } from '../couch/client';
import { cohortOf, isCoordinatorOf, runsCohort, typeOf, workshopsCountry } from './cohort-staff';
import type { ProposedWrite, WriteRefusal } from './write-checks';

/** How long after a mark its author may take it back (an undo, not a way to rewrite history). */
export const UNDO_MINUTES = 10;

/**
 * Taking a mark back is an undo: only in its first minutes by the server's clock, so that a mark a
 * completed induction (and a peer mentor's role) rests on cannot be removed afterwards.
 */
function undoCheck(write: ProposedWrite): WriteRefusal | null {
  const markedAt = Date.parse(String(write.oldDoc?.['markedAt'] ?? ''));
  if (!write.oldDoc || Number.isNaN(markedAt) || Date.now() - markedAt > UNDO_MINUTES * 60_000) {
    return {
      reason: `A mark can be taken back only in its first ${UNDO_MINUTES} minutes; mark again and the latest counts.`,
      code: 'mark.undoTooLate',
      params: { minutes: UNDO_MINUTES },
    };
  }
  return null;
}

/** Attendance is taken by those who run the cohort (its author and listed co-facilitators) or a coordinator of the country. */
export async function markRightsCheck(write: ProposedWrite, couch: Couch): Promise<WriteRefusal | null> {
  const country = workshopsCountry(write.db);
  if (!country || typeOf(write) !== 'mark' || write.user.roles.includes('_admin')) return null;
  if (write.doc['_deleted'] === true) return undoCheck(write);
  if (write.doc['owner'] === write.user.name) return { reason: 'Nobody marks their own attendance.', code: 'mark.self' };
  const cohort = await cohortOf(couch, write, write.doc['cohortId']);
  if (!cohort) return { reason: 'There is no such cohort to take attendance in.', code: 'cohort.notFound' };
  // The rule allows the largest session number of any kind; the cohort's own kind decides.
  const sessions = COHORT_KINDS[kindOf(cohort)].sessions;
  const session = write.doc['session'];
  if (typeof session !== 'number' || session > sessions)
    return { reason: `This cohort has ${sessions} sessions.`, code: 'field.invalid', params: { field: 'session' } };
  if (isCoordinatorOf(write, country) || runsCohort(cohort, write.user.name)) return null;
  return { reason: "Only the cohort's facilitators and this country's coordinators take its attendance.", code: 'mark.staffOnly' };
}

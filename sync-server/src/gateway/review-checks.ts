import { CATALOG_DB } from '../../couchdb/database-names';
import { CPD_PROGRAMME_ID } from '../../couchdb/workshops/cohort-kinds';
import { isStatus, type Couch } from '../couch/client';
import type { ProposedWrite, WriteRefusal } from './write-checks';

const NOT_CPD: WriteRefusal = { reason: 'Reviews are of published lessons of the CPD programme only.', code: 'review.notCpd' };

/**
 * A review is of a published lesson of the CPD programme: the rule sees only the review, so the
 * gateway reads the lesson in the catalog. Taking a review back needs no lesson (it may have gone).
 */
export async function cpdLessonCheck(write: ProposedWrite, couch: Couch): Promise<WriteRefusal | null> {
  if (write.doc['_deleted'] === true || write.user.roles.includes('_admin')) return null;
  const lessonId = write.doc['lessonId'];
  if (typeof lessonId !== 'string' || !lessonId.startsWith('lesson:')) return NOT_CPD;
  try {
    const lesson = (await couch.use(CATALOG_DB).get(lessonId)) as unknown as { type?: unknown; programmeId?: unknown };
    return lesson.type === 'lesson' && lesson.programmeId === CPD_PROGRAMME_ID ? null : NOT_CPD;
  } catch (error) {
    if (isStatus(error, 404)) return NOT_CPD;
    throw error;
  }
}

import express from 'express';
import { COUNTRIES, workshopsDbName } from '../../couchdb/database-names';
import { isStatus, type Couch } from '../couch/client';
import { runsCohort, type CohortDoc } from '../gateway/cohort-staff';
import type { MemberLimits } from '../gateway/member-limits';
import type { MemberSessions } from '../gateway/member-sessions';
import { sendError, SIGN_IN_FIRST_CODE, UNAVAILABLE_CODE } from '../http-errors';
import { COHORT_ID, PREPARATION_DB, type SessionPreparation } from './preparation-projector';

export interface PreparationRoutesDeps {
  readonly couch: Couch;
  readonly sessions: MemberSessions;
  readonly limits: MemberLimits;
}

const STAFF_ONLY = { code: 'cohort.preparationStaffOnly' };
const NOT_FOUND = { code: 'cohort.notFound' };

/**
 * `GET /api/cohorts/<cc>/<cohort id>/preparation`: who has done each session's preparation lesson, by
 * name, for those who run the cohort (its author and the co-facilitators it lists, holding the
 * network's facilitator role) and the network's coordinators; nobody else, whatever they send. Asked
 * of the cohort as it is now, so a facilitator taken off its list is refused at once.
 */
export function preparationRoutes({ couch, sessions, limits }: PreparationRoutesDeps): express.Router {
  const router = express.Router();
  router.get('/api/cohorts/:country/:cohortId/preparation', async (req, res) => {
    const user = await sessions.callerOf(req);
    if (!user) return sendError(res, 502, 'store_unavailable', 'The database is not reachable right now.', UNAVAILABLE_CODE);
    if (user.name === null) return sendError(res, 401, 'unauthorized', 'Sign in first.', SIGN_IN_FIRST_CODE);
    if (!limits.admitted(user.name, res)) return;
    const { country, cohortId } = req.params;
    if (!(COUNTRIES as readonly string[]).includes(country) || !COHORT_ID.test(cohortId))
      return sendError(res, 400, 'bad_request', 'The address names no cohort.', NOT_FOUND);
    const coordinator = user.roles.includes('_admin') || user.roles.includes(`coordinator:${country}`);
    if (!coordinator && !user.roles.includes(`facilitator:${country}`))
      return sendError(res, 403, 'forbidden', "Only the cohort's facilitators and the network's coordinators see this.", STAFF_ONLY);
    try {
      const cohort = await readOrNull<CohortDoc>(couch, workshopsDbName(country), cohortId);
      if (!cohort || cohort.type !== 'cohort') return sendError(res, 404, 'not_found', 'There is no such cohort.', NOT_FOUND);
      if (!coordinator && !runsCohort(cohort, user.name))
        return sendError(res, 403, 'forbidden', "Only the cohort's facilitators and the network's coordinators see this.", STAFF_ONLY);
      const projected = await readOrNull<{ sessions?: SessionPreparation[]; updatedAt?: string }>(
        couch,
        PREPARATION_DB,
        `${country}:${cohortId}`,
      );
      res.set('cache-control', 'no-store').json({
        cohortId,
        sessions: projected?.sessions ?? [],
        ...(projected?.updatedAt ? { updatedAt: projected.updatedAt } : {}),
      });
    } catch {
      sendError(res, 502, 'store_unavailable', 'The database is not reachable right now.', UNAVAILABLE_CODE);
    }
  });
  return router;
}

async function readOrNull<T>(couch: Couch, db: string, id: string): Promise<T | null> {
  try {
    return (await couch.use(db).get(id)) as T;
  } catch (error) {
    if (isStatus(error, 404)) return null;
    throw error;
  }
}

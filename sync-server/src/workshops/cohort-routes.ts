import express from 'express';
import { workshopsDbName } from '../../couchdb/database-names';
import { COHORT_KINDS, kindOf } from '../../couchdb/workshops/cohort-kinds';
import { isStatus, type Couch } from '../couch/client';
import { runsCohort, type CohortDoc as StaffedCohort } from '../gateway/cohort-staff';
import { isOwnerOf, isStaffLearnerOf } from '../gateway/enrolment-checks';
import type { MemberLimits } from '../gateway/member-limits';
import type { MemberSessions } from '../gateway/member-sessions';
import { sendError, SIGN_IN_FIRST_CODE, UNAVAILABLE_CODE } from '../http-errors';

export interface CohortRoutesDeps {
  readonly couch: Couch;
  readonly sessions: MemberSessions;
  readonly limits: MemberLimits;
  readonly maxBodyBytes: number;
}

interface CohortDoc extends StaffedCohort {
  _id: string;
  type: string;
  joinCode?: string;
  title?: string;
}

/**
 * A learner joins a cohort with the code its facilitator gave out (owners and tutors cannot write the
 * workshops database themselves): the server checks the code within their own country and enrols them.
 */
export function cohortRoutes({ couch, sessions, limits, maxBodyBytes }: CohortRoutesDeps): express.Router {
  const router = express.Router();
  router.post('/api/cohorts/join', express.json({ limit: maxBodyBytes }), async (req, res) => {
    const user = await sessions.callerOf(req);
    if (!user) return sendError(res, 502, 'store_unavailable', 'The database is not reachable right now.', UNAVAILABLE_CODE);
    if (user.name === null) return sendError(res, 401, 'unauthorized', 'Sign in first.', SIGN_IN_FIRST_CODE);
    if (!limits.admitted(user.name, res)) return;
    const code = (req.body as { code?: unknown } | undefined)?.code;
    if (typeof code !== 'string' || !/^[A-Za-z2-9]{8}$/.test(code.trim())) {
      return sendError(res, 400, 'bad_request', 'A cohort code is 8 letters and digits.', {
        code: 'cohort.codeFormat',
        params: { length: 8 },
      });
    }
    const country = user.roles.find((role) => /^country:[a-z]{2}$/.test(role))?.slice('country:'.length);
    if (!country)
      return sendError(res, 403, 'forbidden', 'Only members of a country network join its cohorts.', { code: 'cohort.networkMembersOnly' });
    const db = couch.use<CohortDoc>(workshopsDbName(country));
    const all = await db.list({ include_docs: true, startkey: 'cohort:', endkey: 'cohort:\ufff0' });
    const cohort = all.rows.map((row) => row.doc!).find((doc) => doc?.type === 'cohort' && doc.joinCode === code.trim().toUpperCase());
    if (!cohort)
      return sendError(res, 404, 'not_found', 'No cohort in your network has this code. Check it with your facilitator.', {
        code: 'cohort.codeUnknown',
      });
    // As through /couch/: owners join inductions, tutors and facilitators CPD courses (the projector
    // would make anyone else a peer mentor, or give a CPD certificate to an owner).
    if (COHORT_KINDS[kindOf(cohort)].learners === 'staff') {
      if (!(await isStaffLearnerOf(couch, user.name, country)))
        return sendError(res, 403, 'forbidden', `${user.name} is not a tutor or facilitator in this country network.`, {
          code: 'enrolment.notStaff',
          params: { owner: user.name },
        });
    } else if (!(await isOwnerOf(couch, user.name, country)))
      return sendError(res, 403, 'forbidden', `${user.name} is not an owner in this country network.`, {
        code: 'enrolment.notOwner',
        params: { owner: user.name },
      });
    // As through /couch/: nobody enrols in a cohort they run.
    if (runsCohort(cohort, user.name))
      return sendError(res, 403, 'forbidden', 'Nobody enrols themselves: ask another facilitator of your network.', {
        code: 'enrolment.self',
      });
    const now = new Date().toISOString();
    const enrolment = {
      _id: `enrolment:${cohort._id.slice('cohort:'.length)}:${user.name}`,
      type: 'enrolment',
      author: user.name,
      cohortId: cohort._id,
      owner: user.name,
      createdAt: now,
      updatedAt: now,
    };
    try {
      const existing = await db.get(enrolment._id).catch((error) => (isStatus(error, 404) ? null : Promise.reject(error)));
      // A facilitator's withdrawal stands: the code lets an owner in once, not back in after it.
      if ((existing as { withdrawn?: boolean } | null)?.withdrawn) {
        return sendError(res, 403, 'forbidden', 'Your facilitator took you off this cohort; ask them to add you again.', {
          code: 'cohort.withdrawn',
        });
      }
      if (!existing) await db.insert(enrolment as never);
    } catch (error) {
      if (!isStatus(error, 409)) throw error;
    }
    res.json({ ok: true, cohortId: cohort._id, title: cohort.title });
  });
  return router;
}

import { COHORT_KINDS, kindOf } from '../../couchdb/workshops/cohort-kinds';
import { isStatus, type Couch } from '../couch/client';
import { cohortOf, isCoordinatorOf, runsCohort, typeOf, workshopsCountry } from './cohort-staff';
import type { ProposedWrite, WriteRefusal } from './write-checks';

const NO_COHORT: WriteRefusal = { reason: 'There is no such cohort to enrol into.', code: 'cohort.notFound' };

/**
 * Who enrols and withdraws: a facilitator who runs the cohort (its author or a listed co-facilitator)
 * or a coordinator of the country. Creating, changing, withdrawing and deleting an enrolment alike.
 */
export async function enrolmentRightsCheck(write: ProposedWrite, couch: Couch): Promise<WriteRefusal | null> {
  const country = workshopsCountry(write.db);
  if (!country || typeOf(write) !== 'enrolment' || write.user.roles.includes('_admin')) return null;
  const enrolment = write.doc['_deleted'] === true && write.oldDoc ? write.oldDoc : write.doc;
  const cohort = await cohortOf(couch, write, enrolment['cohortId']);
  if (isCoordinatorOf(write, country)) {
    // A coordinator may clear up the roster of a cohort that is gone, but enrols nobody into nothing.
    return cohort || !active(write) ? null : NO_COHORT;
  }
  if (!cohort) return NO_COHORT;
  if (!runsCohort(cohort, write.user.name)) {
    return {
      reason: "Only the cohort's facilitators and this country's coordinators enrol or withdraw people.",
      code: 'enrolment.staffOnly',
    };
  }
  return null;
}

/**
 * An active enrolment names an existing account of this country network who learns in this kind of
 * cohort: an owner in an induction, a tutor or facilitator in a CPD course. Nobody enrols themselves, an
 * owner into a CPD course, a member of another network or a name that does not exist (the attendance
 * projector would write into that account's private database and could make it a peer mentor).
 */
export async function enrolledOwnerCheck(write: ProposedWrite, couch: Couch): Promise<WriteRefusal | null> {
  const country = workshopsCountry(write.db);
  if (!country || typeOf(write) !== 'enrolment' || !active(write) || write.user.roles.includes('_admin')) return null;
  const owner = write.doc['owner'];
  if (typeof owner !== 'string') return { reason: 'owner must be a user name.', code: 'field.userName', params: { field: 'owner' } };
  // An account may be staff and owner at once: it does not put itself through its own induction.
  if (owner === write.user.name)
    return { reason: 'Nobody enrols themselves: ask another facilitator of your network.', code: 'enrolment.self' };
  const cohort = await cohortOf(couch, write, write.doc['cohortId']);
  if (cohort && COHORT_KINDS[kindOf(cohort)].learners === 'staff') {
    if (await isStaffLearnerOf(couch, owner, country)) return null;
    return {
      reason: `${owner} is not a tutor or facilitator in this country network.`,
      code: 'enrolment.notStaff',
      params: { owner },
    };
  }
  if (await isOwnerOf(couch, owner, country)) return null;
  return { reason: `${owner} is not an owner in this country network.`, code: 'enrolment.notOwner', params: { owner } };
}

async function rolesOf(couch: Couch, name: string): Promise<unknown[]> {
  try {
    const user = (await couch.use('_users').get(`org.couchdb.user:${name}`)) as unknown as { roles?: unknown };
    return Array.isArray(user.roles) ? user.roles : [];
  } catch (error) {
    if (isStatus(error, 404)) return [];
    throw error;
  }
}

/** True when the account exists and holds the roles `owner` and `country:<cc>`. */
export async function isOwnerOf(couch: Couch, name: string, country: string): Promise<boolean> {
  const roles = await rolesOf(couch, name);
  return roles.includes('owner') && roles.includes(`country:${country}`);
}

/** True when the account is a tutor or facilitator of network <cc>: who takes its CPD courses. */
export async function isStaffLearnerOf(couch: Couch, name: string, country: string): Promise<boolean> {
  const roles = await rolesOf(couch, name);
  return roles.includes(`tutor:${country}`) || roles.includes(`facilitator:${country}`);
}

/** The enrolment keeps or puts someone on the roster (not a deletion, not a withdrawal). */
function active(write: ProposedWrite): boolean {
  return write.doc['_deleted'] !== true && write.doc['withdrawn'] !== true;
}

import type { Couch } from '../couch/client';
import { cohortOf, isCoordinatorOf, runsCohort, typeOf, workshopsCountry } from './cohort-staff';
import type { ProposedWrite } from './write-checks';

/** Attendance is taken by those who run the cohort (its author and listed co-facilitators) or a coordinator of the country. */
export async function markRightsCheck(write: ProposedWrite, couch: Couch): Promise<string | null> {
  const country = workshopsCountry(write.db);
  if (!country || typeOf(write) !== 'mark' || write.doc['_deleted'] === true || write.user.roles.includes('_admin')) return null;
  const cohort = await cohortOf(couch, write, write.doc['cohortId']);
  if (!cohort) return 'There is no such cohort to take attendance in.';
  if (isCoordinatorOf(write, country) || runsCohort(cohort, write.user.name)) return null;
  return "Only the cohort's facilitators and this country's coordinators take its attendance.";
}

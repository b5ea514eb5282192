import { parseDatabaseName } from '../../couchdb/database-names';
import { isStatus, type Couch } from '../couch/client';
import type { ProposedWrite } from './write-checks';

export interface CohortDoc {
  readonly _id: string;
  readonly type: string;
  readonly author?: string;
  readonly kind?: unknown;
  readonly facilitators?: readonly unknown[];
}

/** The country of a `workshops-<cc>` database, or null for any other database. */
export function workshopsCountry(db: string): string | null {
  const database = parseDatabaseName(db);
  return database?.kind === 'workshops' ? database.country : null;
}

/** The document's type; a deletion has the type of what it deletes. */
export function typeOf(write: ProposedWrite): unknown {
  return write.doc['_deleted'] === true && write.oldDoc ? write.oldDoc['type'] : write.doc['type'];
}

/** The cohort as it will be stored (sent earlier in the same request, or stored), or null when there is none (or it was deleted). */
export async function cohortOf(couch: Couch, write: ProposedWrite, cohortId: unknown): Promise<CohortDoc | null> {
  if (typeof cohortId !== 'string' || !cohortId.startsWith('cohort:')) return null;
  const sentBefore = write.earlier.get(cohortId);
  if (sentBefore) return sentBefore['_deleted'] === true || sentBefore['type'] !== 'cohort' ? null : (sentBefore as unknown as CohortDoc);
  try {
    const doc = (await couch.use(write.db).get(cohortId)) as unknown as CohortDoc;
    return doc.type === 'cohort' ? doc : null;
  } catch (error) {
    if (isStatus(error, 404)) return null;
    throw error;
  }
}

export function isCoordinatorOf(write: ProposedWrite, country: string): boolean {
  return write.user.roles.includes('_admin') || write.user.roles.includes(`coordinator:${country}`);
}

/** The people who run a cohort: its author and the co-facilitators it lists. */
export function runsCohort(cohort: CohortDoc, name: string | null): boolean {
  return name !== null && (cohort.author === name || (Array.isArray(cohort.facilitators) && cohort.facilitators.includes(name)));
}

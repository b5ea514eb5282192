import { COUNTRIES, workshopsDbName } from '../../couchdb/database-names';
import { isStatus, type Couch } from '../couch/client';
import type { ProvisionReport } from '../couch/provision';

type StoredCohort = { _id: string; _rev: string; type?: string; kind?: unknown } & Record<string, unknown>;

/**
 * Cohorts stored before cohorts had a kind were all inductions: each is written once with
 * `kind: 'induction'`, so the rule (which now requires a kind) accepts its next change. Safe to run again
 * and from several instances: a cohort that has a kind is left, and a lost race means another wrote it.
 */
export async function migrateCohortKinds(couch: Couch, report: ProvisionReport): Promise<void> {
  for (const country of COUNTRIES) {
    const db = couch.use<StoredCohort>(workshopsDbName(country));
    const cohorts = await db.list({ include_docs: true, startkey: 'cohort:', endkey: 'cohort:\ufff0' });
    const unkinded = cohorts.rows.map((row) => row.doc!).filter((doc) => doc && doc.type === 'cohort' && doc.kind === undefined);
    for (const cohort of unkinded) {
      try {
        await db.insert({ ...cohort, kind: 'induction' });
        report.updated.push(`${workshopsDbName(country)}/${cohort._id}`);
      } catch (error) {
        // A record the rule no longer accepts at all stays as it was (read as an induction), and is reported.
        if (isStatus(error, 403))
          console.warn(`Cohort ${cohort._id} in ${workshopsDbName(country)} kept without a kind:`, (error as Error).message);
        else if (!isStatus(error, 409)) throw error;
      }
    }
  }
}

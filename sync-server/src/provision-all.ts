import { sharedDatabases } from '../couchdb/databases';
import { INVITES_DB } from './auth/invites';
import { RESETS_DB } from './auth/password-resets';
import { AUTH_ATTEMPTS_DB } from './auth/sign-in-limiter';
import { ensureAccount } from './auth/accounts';
import { DEMO_ACCOUNTS } from './auth/demo-accounts';
import type { Config } from './config';
import type { Couch } from './couch/client';
import { MEDIA_DB } from './media/media-rules';
import { SESSIONS_DB } from './gateway/member-sessions';
import { mergeReports, provision, type ProvisionReport } from './couch/provision';
import { seedCatalog } from './seed/catalog-seed';
import { CERTIFICATES_DB } from './workshops/certificates';
import { PREPARATION_DB } from './workshops/preparation-projector';
import { migrateCohortKinds } from './workshops/cohort-kind-migration';
import { INSIGHT_PARTS_DB } from './insights/insights-aggregator';

/** Everything the store needs before members arrive; safe to run again and from several instances. */
export async function provisionAll(couch: Couch, config: Pick<Config, 'demoAccounts'>): Promise<ProvisionReport> {
  const report = await provision(couch, [
    ...sharedDatabases,
    serverOnlyDatabase(AUTH_ATTEMPTS_DB),
    serverOnlyDatabase(INVITES_DB),
    serverOnlyDatabase(RESETS_DB),
    serverOnlyDatabase(MEDIA_DB),
    serverOnlyDatabase(SESSIONS_DB),
    serverOnlyDatabase(CERTIFICATES_DB),
    serverOnlyDatabase(INSIGHT_PARTS_DB),
    serverOnlyDatabase(PREPARATION_DB),
  ]);
  const seeded = mergeReports();
  await migrateCohortKinds(couch, seeded);
  await seedCatalog(couch, seeded);
  if (config.demoAccounts) {
    for (const account of DEMO_ACCOUNTS) await ensureAccount(couch, account, seeded);
  }
  return mergeReports(report, seeded);
}

/** A database only the server (a CouchDB admin) reads and writes. */
function serverOnlyDatabase(name: string) {
  return { name, security: { admins: { names: [], roles: ['_admin'] }, members: { names: [], roles: ['_admin'] } }, designDocs: [] };
}

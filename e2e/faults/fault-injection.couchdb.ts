import { test } from '@playwright/test';
import { CouchDbNode } from './couchdb-node';
import { expectNothingLost, formatReport, runHarness } from './harness';

/**
 * The short fault-injection run with Apache CouchDB as the server's store (`npm run test:faults:couchdb`):
 * the same members, work and faults as on the embedded store, plus CouchDB's node killed and started
 * again on its data while the sync server keeps running. SOAK_MINUTES and SOAK_SEED as in fault-injection.spec.ts.
 */
const minutes = Number(process.env['SOAK_MINUTES'] ?? 0);
const duration = minutes > 0 ? minutes * 60_000 : 75_000;
const seed = Number(process.env['SOAK_SEED'] ?? Date.now() % 75_000);

test(`on Apache CouchDB, with its node killed too, nothing is lost or duplicated (${minutes > 0 ? `${minutes} min soak` : 'short form'})`, async ({}, testInfo) => {
  test.setTimeout(duration + 15 * 60_000);
  const couchDb = await CouchDbNode.started();
  try {
    const report = await runHarness({
      duration,
      seed,
      couchDb,
      log: (line) => console.log(`  [${new Date().toISOString().slice(11, 19)}] ${line}`),
    });
    const text = formatReport(report);
    console.log(text);
    await testInfo.attach('fault-injection-couchdb-report.txt', { body: text, contentType: 'text/plain' });

    expectNothingLost(report, ['offline', 'app-restart', 'session-expired', 'server-killed', 'store-killed']);
  } finally {
    await couchDb.stop();
  }
});

import { startSyncServer } from './sync-server';

/** One sync server for the run; its address reaches the tests through the environment. */
export default async function serverSetup(): Promise<() => Promise<void>> {
  // A completed induction counts 3 s after the last mark, not after the 10-minute undo window; owners
  // signed up during the run count in the insights at once, and figures follow every change (the
  // journeys of other files write into the same network, so batches of five would end anywhere).
  const server = await startSyncServer({
    env: { CERTIFICATE_SETTLE_SECONDS: '3', INSIGHTS_MIN_HOURS: '0', INSIGHTS_MIN_ACCOUNT_DAYS: '0', INSIGHTS_BATCH_OWNERS: '1' },
  });
  process.env['E2E_BASE_URL'] = server.baseUrl;
  process.env['E2E_DATA_DIR'] = server.dataDir;
  return () => server.stop();
}

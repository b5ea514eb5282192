import { startSyncServer } from './sync-server';

/** One sync server for the run; its address reaches the tests through the environment. */
export default async function serverSetup(): Promise<() => Promise<void>> {
  const server = await startSyncServer();
  process.env['E2E_BASE_URL'] = server.baseUrl;
  process.env['E2E_DATA_DIR'] = server.dataDir;
  return () => server.stop();
}

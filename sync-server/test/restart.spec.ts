import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freeLoopbackPort } from '../src/couch/embedded-store';
import { couchClient } from '../src/couch/client';
import { MemberClient, progressDoc, userDb, wipeCouchDb } from './support/test-server';

const MAIN = path.resolve(__dirname, '../src/main.js');
/** In the CouchDB suite the server is started as `COUCHDB_URL=… npm start` would be; otherwise on the embedded store. */
const COUCHDB_URL = process.env['COUCHDB_TEST_URL']?.trim() || null;

/** Starts `node main.js` as `npm start` does and resolves once it prints its URL. */
function startMain(dataDir: string, port: number): Promise<ChildProcess> {
  const onCouch = COUCHDB_URL ? { COUCHDB_URL, DEMO_ACCOUNTS: 'on' } : {};
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), APP_DIR: path.join(dataDir, 'no-app'), ...onCouch },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ME2ME Learn is running')) resolve(child);
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
  });
}

function kill(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe(`restart – ${COUCHDB_URL ? 'Apache CouchDB' : 'the embedded store on disk'} – node main.js`, () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'me2me-restart-'));
    if (COUCHDB_URL) await wipeCouchDb(couchClient(new URL(COUCHDB_URL)));
  });
  afterAll(async () => rm(dataDir, { recursive: true, force: true }));

  it('keeps documents and sessions across a killed and restarted server', async () => {
    const port = await freeLoopbackPort();
    const baseUrl = `http://127.0.0.1:${port}`;
    let server = await startMain(dataDir, port);
    const ania = new MemberClient(baseUrl);
    expect(await ania.signIn('ania', 'bakery-2026')).toBe(200);
    const doc = progressDoc('cash-flow-basics', { status: 'completed', completedAt: '2026-11-29T10:00:00.000Z' });
    expect((await ania.request('PUT', `/couch/${userDb('ania')}/${doc._id}`, doc)).status).toBe(201);

    await kill(server);
    server = await startMain(dataDir, port);
    try {
      const again = await ania.request('GET', `/couch/${userDb('ania')}/${doc._id}`);
      expect(again.status).toBe(200);
      expect(again.json.status).toBe('completed');
      const session = await ania.request('GET', '/couch/_session');
      expect(session.json.userCtx.name).toBe('ania');
    } finally {
      await kill(server);
    }
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp } from '../../src/app';
import { applyHttpLimits } from '../../src/http-limits';
import { DEMO_ACCOUNTS } from '../../src/auth/demo-accounts';
import { loadConfig, type Config } from '../../src/config';
import { couchClient, type Couch } from '../../src/couch/client';
import { startEmbeddedStore, type EmbeddedStore } from '../../src/couch/embedded-store';
import { provisionAll } from '../../src/provision-all';

/**
 * A real sync server over a real store, on free loopback ports, with its own data directory. The store is
 * the embedded one, or the Apache CouchDB named by COUCHDB_TEST_URL (an admin URL such as
 * http://admin:pw@127.0.0.1:5984; `npm run test:couchdb` starts one), wiped clean first.
 */
export interface TestServer {
  readonly baseUrl: string;
  readonly couch: Couch;
  readonly config: Config;
  /** The embedded store; on CouchDB a stand-in whose restart hooks throw (there is no process of ours to kill). */
  readonly store: EmbeddedStore;
  close(): Promise<void>;
}

export async function startTestServer(env: Record<string, string> = {}, options: { embeddedStore?: boolean } = {}): Promise<TestServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'me2me-server-test-'));
  // Tests of the embedded store itself (its process dying) run on it in the CouchDB suite too.
  const couchTestUrl = options.embeddedStore ? null : process.env['COUCHDB_TEST_URL']?.trim() || null;
  // On CouchDB the config says so (as `COUCHDB_URL=… npm start` would), with the demo accounts the tests sign in as.
  const onCouch = couchTestUrl ? { COUCHDB_URL: couchTestUrl, DEMO_ACCOUNTS: 'on' } : {};
  const config = loadConfig({ DATA_DIR: dataDir, PORT: '0', MAX_BODY_BYTES: '65536', ...onCouch, ...env });
  let store: EmbeddedStore;
  if (couchTestUrl) {
    store = couchDbStandIn(new URL(couchTestUrl));
    await wipeCouchDb(couchClient(store.url));
  } else {
    store = await startEmbeddedStore(config.dataDir);
  }
  const couch = couchClient(store.url);
  await provisionAll(couch, config);
  const server: Server = createApp({ config, couch, adminUrl: store.url }).listen(0, '127.0.0.1');
  applyHttpLimits(server, config); // header/request timeouts and the connection cap, as in main.ts
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    couch,
    config,
    store,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** CouchDB's own databases, which a fresh node has and which the wipe keeps. */
const COUCHDB_SYSTEM_DATABASES = ['_users', '_replicator', '_global_changes'];

/**
 * Makes an Apache CouchDB look like a fresh embedded store: every database of ours deleted, and every
 * account in _users removed (its design documents stay).
 */
export async function wipeCouchDb(couch: Couch): Promise<void> {
  for (const name of await couch.db.list()) {
    if (!COUCHDB_SYSTEM_DATABASES.includes(name)) await couch.db.destroy(name);
  }
  const users = couch.use<Record<string, unknown>>('_users');
  await authDesignWritten(couch);
  const accounts = (await users.list()).rows.filter((row) => !row.id.startsWith('_design/'));
  if (accounts.length === 0) return;
  const result = await users.bulk({ docs: accounts.map((row) => ({ _id: row.id, _rev: row.value.rev, _deleted: true })) });
  const failed = result.filter((row) => row.error);
  if (failed.length > 0) throw new Error(`Could not delete accounts from _users: ${JSON.stringify(failed)}`);
}

/**
 * A fresh node writes _users/_design/_auth a moment after it starts; a test that snapshots _users
 * (the fuzz) must not see it appear mid-run. The change feed answers once it is there.
 */
async function authDesignWritten(couch: Couch): Promise<void> {
  const qs = { feed: 'longpoll', filter: '_doc_ids', doc_ids: JSON.stringify(['_design/_auth']), since: '0', timeout: '60000' };
  const changes = (await couch.request({ db: '_users', path: '_changes', qs })) as { results: unknown[] };
  if (changes.results.length === 0) throw new Error('CouchDB did not write _users/_design/_auth within a minute');
}

/** In place of the embedded store when the tests run on CouchDB: the same URL, and no process to restart. */
function couchDbStandIn(url: URL): EmbeddedStore {
  const absent = (): never => {
    throw new Error('This test server runs on Apache CouchDB (COUCHDB_TEST_URL): there is no embedded store process to kill or restart.');
  };
  return {
    url,
    restarts: 0,
    whenRestarted: absent,
    get pid() {
      return absent();
    },
    close: async () => undefined,
  };
}

/** A member's view of the API: signs in through /couch/_session and sends the cookie it got. */
export class MemberClient {
  private cookie = '';

  constructor(private readonly baseUrl: string) {}

  async signIn(name: string, password: string): Promise<number> {
    const response = await fetch(`${this.baseUrl}/couch/_session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, password }),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0]!;
    await response.arrayBuffer();
    return response.status;
  }

  async request(method: string, pathAndQuery: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(`${this.baseUrl}${pathAndQuery}`, {
      method,
      headers: {
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let json: any = null;
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
    return { status: response.status, json, text, headers: response.headers };
  }
}

export function userDb(name: string): string {
  return 'userdb-' + Buffer.from(name, 'utf8').toString('hex');
}

export function progressDoc(lessonSlug: string, overrides: Record<string, unknown> = {}) {
  return {
    _id: `progress:lesson:${lessonSlug}`,
    type: 'progress',
    lessonId: `lesson:${lessonSlug}`,
    status: 'started',
    cardIndex: 1,
    updatedAt: '2026-11-29T09:00:00.000Z',
    ...overrides,
  };
}

/** A demo account (see src/auth/demo-accounts.ts) signed in through the gateway. */
export async function signedIn(server: TestServer, name: string): Promise<MemberClient> {
  const account = DEMO_ACCOUNTS.find((a) => a.name === name);
  if (!account) throw new Error(`${name} is not a demo account`);
  const client = new MemberClient(server.baseUrl);
  const status = await client.signIn(account.name, account.password);
  if (status !== 200) throw new Error(`${name} could not sign in: ${status}`);
  return client;
}

/** Waits for the store to report a change that makes `ready` true: no fixed sleeps. */
export async function waitForDoc(couch: Couch, db: string, id: string, ready: (doc: any) => boolean): Promise<any> {
  let since: string | number = 0;
  for (;;) {
    const changes = (await couch.request({
      db,
      path: '_changes',
      qs: { feed: 'longpoll', since, include_docs: true, timeout: 10000 },
    })) as {
      last_seq: string;
      results: { id: string; doc: any }[];
    };
    const match = changes.results.find((change) => change.id === id && ready(change.doc));
    if (match) return match.doc;
    since = changes.last_seq;
  }
}

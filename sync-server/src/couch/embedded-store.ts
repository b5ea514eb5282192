import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

// CommonJS packages without type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const PouchDB = require('pouchdb');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const expressPouchDB = require('express-pouchdb');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pouchWrappers = require('pouchdb-wrappers');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pouchSecurity = require('pouchdb-security');

export interface EmbeddedStore {
  /** Admin URL of the store on the loopback interface, credentials included. */
  readonly url: URL;
  close(): Promise<void>;
}

const ADMIN_NAME = 'me2me-admin';
/** 14 days; CouchDB's default of 10 minutes would sign owners out between two bus rides. */
export const SESSION_SECONDS = 14 * 24 * 3600;

/**
 * Starts PouchDB Server (express-pouchdb over LevelDB) on a loopback port. It is reachable only from
 * this process's gateway and provisioning: members never talk to it directly, because it crashes on
 * some requests a real CouchDB answers (see README, "The embedded store").
 */
export async function startEmbeddedStore(dataDir: string): Promise<EmbeddedStore> {
  const storeDir = path.join(dataDir, 'store');
  await mkdir(storeDir, { recursive: true });
  const secrets = await storeSecrets(dataDir);

  const LevelPouch = PouchDB.defaults({ prefix: storeDir + path.sep });
  const couchApp = expressPouchDB(LevelPouch, {
    // Config lives in memory and is set at every start: the file-backed config of express-pouchdb
    // renames a temporary file from concurrent saves and crashed restarts with ENOENT.
    inMemoryConfig: true,
    logPath: path.join(dataDir, 'store-log.txt'),
    overrideMode: {
      // Parts nobody should reach: the web admin UI downloads nothing offline, and server-side
      // replication would let the store fetch arbitrary URLs.
      exclude: ['routes/fauxton', 'routes/replicate', 'replicator', 'routes/active-tasks'],
    },
  });
  passSecurityToBulkValidation(couchApp);
  await setConfig(couchApp, 'admins', ADMIN_NAME, secrets.password);
  // Sessions survive restarts (same signing secret) and last long enough for a phone that is often offline.
  await setConfig(couchApp, 'couch_httpd_auth', 'secret', secrets.cookieSecret);
  await setConfig(couchApp, 'couch_httpd_auth', 'timeout', String(SESSION_SECONDS));

  // express-pouchdb is an Express 4 app and must not be mounted inside our Express 5 (req.query differs).
  const server: Server = couchApp.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const url = new URL(`http://127.0.0.1:${port}/`);
  url.username = ADMIN_NAME;
  url.password = secrets.password;
  return { url, close: () => closeServer(server) };
}

interface StoreSecrets {
  password: string;
  cookieSecret: string;
}

/** Made once per data directory and kept beside the data they protect. */
async function storeSecrets(dataDir: string): Promise<StoreSecrets> {
  const file = path.join(dataDir, 'store-secrets.json');
  try {
    const saved = JSON.parse(await readFile(file, 'utf8')) as Partial<StoreSecrets>;
    if (typeof saved.password === 'string' && typeof saved.cookieSecret === 'string') {
      return { password: saved.password, cookieSecret: saved.cookieSecret };
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secrets = { password: randomBytes(24).toString('hex'), cookieSecret: randomBytes(32).toString('hex') };
  await writeFile(file, JSON.stringify(secrets), { mode: 0o600 });
  return secrets;
}

function setConfig(couchApp: { couchConfig: { set: Function } }, section: string, key: string, value: string): Promise<void> {
  return new Promise((resolve, reject) =>
    couchApp.couchConfig.set(section, key, value, (error: Error | null) => (error ? reject(error) : resolve())),
  );
}

/**
 * express-pouchdb routes _bulk_docs before it loads the database's _security, so validate_doc_update
 * receives an empty secObj there (a single PUT gets the real one). CouchDB passes the real object
 * in both cases; this wrapper restores that, so validation functions can rely on secObj.
 */
function passSecurityToBulkValidation(couchApp: { dbWrapper: { _wrappers: Function[] } }): void {
  // First in the list, so that its bulkDocs handler runs before validation's. `_wrappers` is private
  // to express-pouchdb, pinned at 4.2.0; the server tests fail if this stops working.
  couchApp.dbWrapper._wrappers.unshift((_name: string, db: object, next: () => unknown) => {
    pouchWrappers.installWrapperMethods(db, {
      bulkDocs: async (original: () => Promise<unknown>, args: { base: object; options: { secObj?: unknown } }) => {
        if (!args.options.secObj) args.options.secObj = await pouchSecurity.getSecurity.call(args.base);
        return original();
      },
    });
    return next();
  });
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}

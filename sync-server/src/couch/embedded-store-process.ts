/**
 * The embedded store's own process: PouchDB Server (express-pouchdb over LevelDB). It runs apart from
 * the sync server so that a request that crashes express-pouchdb (it has several unhandled-error paths)
 * ends only this process, which the sync server then restarts on the same port and data.
 */
import http from 'node:http';
import path from 'node:path';

/** A function of an untyped library (PouchDB Server) or compiled from source text. */
type AnyFunction = (...args: any[]) => any;

// CommonJS packages without type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const PouchDB = require('pouchdb');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const expressPouchDB = require('express-pouchdb');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pouchWrappers = require('pouchdb-wrappers');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pouchSecurity = require('pouchdb-security');

export interface StoreProcessOptions {
  storeDir: string;
  logPath: string;
  port: number;
  adminName: string;
  adminPassword: string;
  cookieSecret: string;
  sessionSeconds: number;
  passwordIterations: number;
}

async function main(options: StoreProcessOptions): Promise<void> {
  // Whatever the store creates (LevelDB files, a log rotated or made again) is readable by this user only.
  process.umask(0o077);
  const LevelPouch = PouchDB.defaults({ prefix: options.storeDir + path.sep });
  const couchApp = expressPouchDB(LevelPouch, {
    // Config lives in memory and is set at every start: the file-backed config of express-pouchdb
    // renames a temporary file from concurrent saves and crashed restarts with ENOENT.
    inMemoryConfig: true,
    logPath: options.logPath,
    overrideMode: {
      // Parts nobody should reach: the web admin UI, and server-side replication that would let the
      // store fetch arbitrary URLs.
      exclude: ['routes/fauxton', 'routes/replicate', 'replicator', 'routes/active-tasks'],
    },
  });
  passSecurityToBulkValidation(couchApp);
  keepReplicatedHistories(couchApp);
  await setConfig(couchApp, 'admins', options.adminName, options.adminPassword);
  // Sessions survive restarts (same signing secret) and last long enough for a phone that is often offline.
  await setConfig(couchApp, 'couch_httpd_auth', 'secret', options.cookieSecret);
  await setConfig(couchApp, 'couch_httpd_auth', 'timeout', String(options.sessionSeconds));
  await setConfig(couchApp, 'couch_httpd_auth', 'iterations', options.passwordIterations);

  // express-pouchdb is an Express 4 app and must not be mounted inside our Express 5 (req.query differs).
  // Only the sync server talks to the store, always as its admin: anything anonymous on loopback
  // (another local user's process) is refused before express-pouchdb sees it.
  const server = http.createServer((req, res) => {
    if (!/^Basic /i.test(req.headers.authorization ?? '')) {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"unauthorized","reason":"Credentials are required."}');
      return;
    }
    (couchApp as unknown as http.RequestListener)(req, res);
  });
  server.listen(options.port, '127.0.0.1');
  server.once('listening', () => process.send?.({ listening: true }));
  server.once('error', (error: Error) => {
    console.error(`The embedded store cannot listen: ${error.message}`);
    process.exit(1);
  });
  // The sync server going away (even by SIGKILL) closes the IPC channel: leave with it.
  process.on('disconnect', () => process.exit(0));
}

/**
 * express-pouchdb routes _bulk_docs before it loads the database's _security, so validate_doc_update
 * receives an empty secObj there (a single PUT gets the real one). CouchDB passes the real object
 * in both cases; this wrapper restores that, so validation functions can rely on secObj.
 */
function passSecurityToBulkValidation(couchApp: { dbWrapper: { _wrappers: AnyFunction[] } }): void {
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

/**
 * pouchdb-validation sets each document's `_revisions` to the stored document's before it validates,
 * and the store then writes a replicated document (`new_edits: false`) under that history: an update
 * was answered as stored and dropped, and a new document lost its ancestors. The history the caller
 * sent is taken before validation and put back after it, right before the write.
 */
function keepReplicatedHistories(couchApp: { dbWrapper: { _wrappers: AnyFunction[] } }): void {
  type BulkArgs = { docs: Record<string, unknown>[] };
  const sent = new WeakMap<object, unknown>();
  const wrapBulkDocs = (handler: (args: BulkArgs) => void) => (_name: string, db: object, next: () => unknown) => {
    pouchWrappers.installWrapperMethods(db, {
      bulkDocs: (original: () => Promise<unknown>, args: BulkArgs) => {
        handler(args);
        return original();
      },
    });
    return next();
  };
  // Wrappers run in the order of this list: the first before validation, the last after it.
  couchApp.dbWrapper._wrappers.unshift(wrapBulkDocs((args) => args.docs.forEach((doc) => sent.set(doc, doc['_revisions']))));
  couchApp.dbWrapper._wrappers.push(
    wrapBulkDocs((args) =>
      args.docs.forEach((doc) => {
        if (!sent.has(doc)) return;
        if (sent.get(doc) === undefined) delete doc['_revisions'];
        else doc['_revisions'] = sent.get(doc);
      }),
    ),
  );
}

function setConfig(couchApp: { couchConfig: { set: AnyFunction } }, section: string, key: string, value: string | number): Promise<void> {
  return new Promise((resolve, reject) =>
    couchApp.couchConfig.set(section, key, value, (error: Error | null) => (error ? reject(error) : resolve())),
  );
}

process.once('message', (options: StoreProcessOptions) => {
  main(options).catch((error) => {
    console.error('The embedded store could not start:', error);
    process.exit(1);
  });
});

import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import type { StoreProcessOptions } from './embedded-store-process';

export interface EmbeddedStore {
  /** Admin URL of the store on the loopback interface, credentials included. Stable across restarts. */
  readonly url: URL;
  /** How many times the store process was restarted after it died. */
  readonly restarts: number;
  /** Resolves when the store next answers again after its process died. */
  whenRestarted(): Promise<void>;
  close(): Promise<void>;
  /** The store's process id, for tests that kill it. */
  readonly pid: number | undefined;
}

const ADMIN_NAME = 'me2me-admin';
/** 14 days; CouchDB's default of 10 minutes would sign owners out between two bus rides. */
export const SESSION_SECONDS = 14 * 24 * 3600;
/**
 * PBKDF2 rounds for passwords the embedded store hashes (pouchdb-auth's default is 10). Its PBKDF2 is
 * plain JavaScript and blocks the store while it hashes (1,000 take about 20 ms here, 10,000 about
 * 100 ms): more would let a stream of sign-in attempts stall every other request.
 */
export const PASSWORD_ITERATIONS = 1000;

/**
 * Starts PouchDB Server in a child process on a loopback port, and starts it again if it dies.
 * Members never talk to it directly: the gateway decides which requests reach it (README,
 * "The embedded store and how it differs from Apache CouchDB").
 */
export async function startEmbeddedStore(dataDir: string): Promise<EmbeddedStore> {
  const storeDir = path.join(dataDir, 'store');
  const logPath = path.join(dataDir, 'store-log.txt');
  await keepPrivate(dataDir, storeDir, logPath);
  const secrets = await storeSecrets(dataDir);
  const options: StoreProcessOptions = {
    storeDir,
    logPath,
    port: await freeLoopbackPort(),
    adminName: ADMIN_NAME,
    adminPassword: secrets.password,
    cookieSecret: secrets.cookieSecret,
    sessionSeconds: SESSION_SECONDS,
    passwordIterations: PASSWORD_ITERATIONS,
  };

  let child: ChildProcess = await spawnStore(options);
  let closing = false;
  let restarts = 0;
  const restartListeners: (() => void)[] = [];
  const superviseExit = () => {
    child.once('exit', (code, signal) => {
      if (closing) return;
      console.error(`The embedded store stopped (${signal ?? `exit ${code}`}); starting it again.`);
      restarts += 1;
      void spawnStore(options).then(
        (next) => {
          child = next;
          superviseExit();
          restartListeners.splice(0).forEach((listener) => listener());
        },
        (error) => {
          console.error('The embedded store could not be restarted:', error);
          process.exit(1);
        },
      );
    });
  };
  superviseExit();

  // Where the running store listens, for the admin command line (npm run admin) to find it.
  await writeFile(path.join(dataDir, 'store-address.json'), JSON.stringify({ port: options.port }), { mode: 0o600 });
  const url = new URL(`http://127.0.0.1:${options.port}/`);
  url.username = ADMIN_NAME;
  url.password = secrets.password;
  return {
    url,
    get restarts() {
      return restarts;
    },
    get pid() {
      return child.pid;
    },
    whenRestarted: () => new Promise((resolve) => restartListeners.push(resolve)),
    close: async () => {
      closing = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    },
  };
}

/**
 * Everything in the data directory is the server's alone (user documents, password hashes, the admin
 * secret, a log of every request): the directories 0700 and the log 0600, created so before the store
 * opens them and set so again on every start for data directories made by earlier versions.
 */
async function keepPrivate(dataDir: string, storeDir: string, logPath: string): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await mkdir(storeDir, { recursive: true, mode: 0o700 });
  await tighten(dataDir, 0o700);
  await tighten(storeDir, 0o700);
  await (await open(logPath, 'a', 0o600)).close();
  await tighten(logPath, 0o600);
  await tighten(path.join(dataDir, 'store-secrets.json'), 0o600);
  await tighten(path.join(dataDir, 'store-address.json'), 0o600);
}

/** chmod, where the file exists; one this user may not change (a mounted volume) is named, not fatal. */
async function tighten(file: string, mode: number): Promise<void> {
  try {
    await chmod(file, mode);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    if (code === 'EPERM') return console.warn(`Cannot make ${file} private (mode ${mode.toString(8)}): it belongs to another user.`);
    throw error;
  }
}

function spawnStore(options: StoreProcessOptions): Promise<ChildProcess> {
  const child = fork(path.join(__dirname, 'embedded-store-process.js'), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    // PouchDB 9 warns on every start that its leveldb adapter is deprecated; the README says so once.
    execArgv: ['--no-deprecation'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`the embedded store exited with ${code} before it listened`)));
    child.send(options);
  });
}

/** A free port on the loopback interface, chosen by the kernel. */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

interface StoreSecrets {
  password: string;
  cookieSecret: string;
}

/** The admin URL of a store already running on this data directory, if it answers. */
export async function runningStoreUrl(dataDir: string): Promise<URL | null> {
  try {
    const { port } = JSON.parse(await readFile(path.join(dataDir, 'store-address.json'), 'utf8')) as { port: number };
    const { password } = await storeSecrets(dataDir);
    const url = new URL(`http://127.0.0.1:${port}/`);
    url.username = ADMIN_NAME;
    url.password = password;
    const answer = await fetch(`http://127.0.0.1:${port}/_session`, {
      headers: { authorization: 'Basic ' + Buffer.from(`${ADMIN_NAME}:${password}`).toString('base64') },
    });
    const body = (await answer.json()) as { userCtx?: { roles?: string[] } };
    return body.userCtx?.roles?.includes('_admin') ? url : null;
  } catch {
    return null;
  }
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

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

export interface RunningServer {
  readonly baseUrl: string;
  readonly dataDir: string;
  readonly port: number;
  readonly process: ChildProcess;
  stop(): Promise<void>;
  /** SIGKILL to the server and its embedded store together, as a crashed machine would end them. */
  crash(): Promise<void>;
}

/** A free loopback port, chosen by the kernel. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Starts the built sync server as `npm start` would, on its own data directory, and waits until it serves. */
export async function startSyncServer(
  options: { dataDir?: string; port?: number; env?: Record<string, string>; crashable?: boolean } = {},
): Promise<RunningServer> {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'me2me-e2e-')));
  const port = options.port ?? (await freePort());
  const child = spawn(process.execPath, [path.join(ROOT, 'sync-server/dist/src/main.js')], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, HOST: '127.0.0.1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so that crash() can kill the store process with it.
    detached: options.crashable ?? false,
  });
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ME2ME Learn is running')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`sync server exited with ${code}:\n${output}`)));
  });
  await ready;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    baseUrl: `http://localhost:${port}`,
    dataDir,
    port,
    process: child,
    crash: async () => {
      if (!options.crashable) throw new Error('start the server with crashable: true to crash it');
      process.kill(-child.pid!, 'SIGKILL');
      await exited;
    },
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Signs up a member of a country network through the public API, as anyone can. */
export async function createAccount(baseUrl: string, account: { name: string; password: string; country: string }): Promise<void> {
  const response = await fetch(`${baseUrl}/api/accounts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(account),
  });
  if (response.status !== 201) throw new Error(`sign-up of ${account.name} refused: ${response.status} ${await response.text()}`);
}

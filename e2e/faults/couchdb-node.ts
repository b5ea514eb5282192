import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../sync-server';

const run = promisify(execFile);

/**
 * One Apache CouchDB node started from `../shared/couchdb/start.sh` (or COUCHDB_START) on its own
 * directory and loopback port, which the fault harness can SIGKILL and start again on the same data.
 */
export class CouchDbNode {
  private constructor(
    private readonly start: string,
    private readonly dir: string,
    private readonly port: number,
    private readonly name: string,
    /** The admin URL (http://admin:pw@127.0.0.1:port). */
    readonly url: string,
    private pid: number,
  ) {}

  static async started(): Promise<CouchDbNode> {
    const start = process.env['COUCHDB_START'] || path.resolve(__dirname, '../../../shared/couchdb/start.sh');
    const dir = await mkdtemp(path.join(tmpdir(), 'me2me-faults-couchdb-'));
    const port = await freePort();
    // A node name of its own: Erlang refuses a second couchdb@127.0.0.1 on the machine.
    const name = `me2me-faults-${process.pid}@127.0.0.1`;
    const { url, pid } = await CouchDbNode.launch(start, dir, port, name);
    // As the README's deployment guide says: nothing is answered without credentials (but /_up); kept in its local.ini across restarts.
    const setting = await fetch(new URL('_node/_local/_config/chttpd/require_valid_user_except_for_up', withoutCredentials(url)), {
      method: 'PUT',
      headers: { authorization: basicAuth(url) },
      body: '"true"',
    });
    if (!setting.ok) throw new Error(`CouchDB refused the setting: ${setting.status} ${await setting.text()}`);
    return new CouchDbNode(start, dir, port, name, url, pid);
  }

  private static async launch(start: string, dir: string, port: number, name: string): Promise<{ url: string; pid: number }> {
    const { stdout } = await run(start, [dir, String(port)], { env: { ...process.env, COUCH_NODE: name } });
    const match = /^(http\S+) (\d+)$/m.exec(stdout.trim().split('\n').at(-1) ?? '');
    if (!match) throw new Error(`CouchDB did not start:\n${stdout}`);
    return { url: match[1]!, pid: Number(match[2]) };
  }

  /** SIGKILL, as a machine that loses power ends it; resolves once the process is gone. */
  async kill(): Promise<void> {
    process.kill(this.pid, 'SIGKILL');
    while (alive(this.pid)) await new Promise((resolve) => setTimeout(resolve, 50));
  }

  /** Starts it again on the same data and port; resolves once it answers /_up. */
  async restart(): Promise<void> {
    this.pid = (await CouchDbNode.launch(this.start, this.dir, this.port, this.name)).pid;
  }

  async stop(): Promise<void> {
    if (alive(this.pid)) {
      process.kill(this.pid, 'SIGTERM');
      const deadline = Date.now() + 10_000;
      while (alive(this.pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      if (alive(this.pid)) process.kill(this.pid, 'SIGKILL');
    }
    await rm(this.dir, { recursive: true, force: true });
  }
}

function withoutCredentials(url: string): string {
  const bare = new URL(url);
  bare.username = '';
  bare.password = '';
  return bare.href;
}

function basicAuth(url: string): string {
  const { username, password } = new URL(url);
  return `Basic ${Buffer.from(`${decodeURIComponent(username)}:${decodeURIComponent(password)}`).toString('base64')}`;
}

/** Whether a process runs (a zombie waiting for its parent counts as gone). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

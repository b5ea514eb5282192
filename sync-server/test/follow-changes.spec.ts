import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { couchClient } from '../src/couch/client';
import { startEmbeddedStore } from '../src/couch/embedded-store';
import { followChanges, type Change } from '../src/couch/follow-changes';

/** Resolves with `promise`, or fails after `ms` (the old code waited for ever here). */
function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms))]);
}

/** A stand-in store: GET /db answers its info, and each _changes request is handed to the next of `polls`. */
async function fakeStore(
  polls: ((req: IncomingMessage, res: ServerResponse) => void)[],
): Promise<{ url: URL; server: Server; sinces: string[] }> {
  const sinces: string[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    if (url.pathname === '/things')
      return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"db_name":"things","update_seq":"7-abc"}');
    if (url.pathname === '/things/_changes') {
      sinces.push(url.searchParams.get('since')!);
      const next = polls.shift();
      if (next) return next(req, res);
    }
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not_found"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(`http://admin:pw@127.0.0.1:${(server.address() as AddressInfo).port}/`);
  return { url, server, sinces };
}

const oneChange = (res: ServerResponse) =>
  res
    .writeHead(200, { 'content-type': 'application/json' })
    .end('{"results":[{"id":"thing-1","seq":"8-def","doc":{"_id":"thing-1"}}],"last_seq":"8-def"}');

describe('followChanges – long-polls that end without an answer', () => {
  let warnings: string[];
  let stop: AbortController;

  beforeEach(() => {
    warnings = [];
    spyOn(console, 'warn').and.callFake((...args: unknown[]) => void warnings.push(args.map(String).join(' ')));
    stop = new AbortController();
  });
  afterEach(() => stop.abort());

  it('survives the embedded store being killed while it holds a long-poll, and picks up the change after its restart', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'me2me-follow-'));
    const store = await startEmbeddedStore(dataDir);
    const couch = couchClient(store.url);
    const realFetch = globalThis.fetch;
    try {
      await couch.db.create('things');
      // Know when the store has sent the long-poll's headers (it sends them at once and the body later).
      let held!: () => void;
      const heldPoll = new Promise<void>((resolve) => (held = resolve));
      globalThis.fetch = (async (...args: Parameters<typeof fetch>) => {
        const response = await realFetch(...args);
        if (String(args[0]).includes('/things/_changes')) held();
        return response;
      }) as typeof fetch;
      const seen: Change<unknown>[] = [];
      let sawIt!: () => void;
      const arrived = new Promise<void>((resolve) => (sawIt = resolve));
      void followChanges(
        couch,
        'things',
        {
          // Catching up looks at everything, as the real ones do: the change may land before the follower asks again.
          catchUp: async () => {
            if (
              await couch
                .use('things')
                .head('after-restart')
                .then(
                  () => true,
                  () => false,
                )
            )
              sawIt();
          },
          changed: async (changes) => {
            seen.push(...changes);
            if (changes.some((change) => change.id === 'after-restart')) sawIt();
          },
        },
        stop.signal,
        { retryMs: 100 },
      );
      await within(10_000, heldPoll, 'long-poll');
      globalThis.fetch = realFetch;
      const restarted = store.whenRestarted();
      process.kill(store.pid!, 'SIGKILL');
      await restarted;
      await couch.use('things').insert({ _id: 'after-restart' });
      await within(20_000, arrived, 'change after the restart');
      expect(warnings.filter((warning) => warning.includes('Cannot read properties'))).toEqual([]);
    } finally {
      globalThis.fetch = realFetch;
      stop.abort();
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 40_000);

  it('tells a cut-off answer apart, says so plainly, catches up and goes on', async () => {
    const fake = await fakeStore([
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"results":[');
        setTimeout(() => res.destroy(), 50);
      },
      (_req, res) => oneChange(res),
    ]);
    try {
      let catchUps = 0;
      const arrived = new Promise<Change<unknown>[]>((resolve) => {
        void followChanges(
          couchClient(fake.url),
          'things',
          { catchUp: async () => void catchUps++, changed: async (changes) => resolve(changes) },
          stop.signal,
          {
            retryMs: 50,
          },
        );
      });
      const changes = await within(10_000, arrived, 'change');
      expect(changes.map((change) => change.id)).toEqual(['thing-1']);
      expect(warnings.filter((warning) => warning.includes('Cannot read properties'))).toEqual([]);
      expect(warnings.length).toBe(1);
      expect(warnings[0]).toContain('without a list of changes');
      expect(catchUps).toBe(2);
    } finally {
      stop.abort();
      fake.server.closeAllConnections();
      fake.server.close();
    }
  });

  it("asks again at the deadline even when the request does not end with its signal (Node's fetch, now and then)", async () => {
    const fake = await fakeStore([
      (_req, res) => oneChange(res),
      (_req, res) => void res.writeHead(200, { 'content-type': 'application/json' }).flushHeaders(),
    ]);
    const couch = couchClient(fake.url);
    const request = couch.request.bind(couch);
    let asked = 0;
    // The first long-poll never settles, aborted or not, as undici's did about once in 300.
    couch.request = ((params: Parameters<typeof request>[0]) =>
      (params as { path?: string }).path === '_changes' && asked++ === 0
        ? new Promise(() => undefined)
        : request(params)) as typeof request;
    try {
      const arrived = new Promise<Change<unknown>[]>((resolve) => {
        void followChanges(couch, 'things', { catchUp: async () => undefined, changed: async (changes) => resolve(changes) }, stop.signal, {
          timeoutMs: 200,
        });
      });
      const changes = await within(5_000, arrived, 'change');
      expect(changes.map((change) => change.id)).toEqual(['thing-1']);
      // The one after the stuck long-poll asked from the same sequence, without starting over.
      expect(fake.sinces[0]).toBe('7-abc');
      expect(asked).toBeGreaterThanOrEqual(2);
      expect(warnings).toEqual([]);
    } finally {
      stop.abort();
      fake.server.closeAllConnections();
      fake.server.close();
    }
  });

  it('asks again from the same sequence when a long-poll outlasts its deadline (the embedded store ignores timeout=)', async () => {
    const fake = await fakeStore([
      (_req, res) => void res.writeHead(200, { 'content-type': 'application/json' }).flushHeaders(), // and nothing more, ever
      (_req, res) => oneChange(res),
    ]);
    try {
      let catchUps = 0;
      const arrived = new Promise<Change<unknown>[]>((resolve) => {
        void followChanges(
          couchClient(fake.url),
          'things',
          { catchUp: async () => void catchUps++, changed: async (changes) => resolve(changes) },
          stop.signal,
          {
            timeoutMs: 200,
          },
        );
      });
      const changes = await within(5_000, arrived, 'change');
      expect(changes.map((change) => change.id)).toEqual(['thing-1']);
      expect(fake.sinces).toEqual(['7-abc', '7-abc']);
      expect(catchUps).toBe(1);
      expect(warnings).toEqual([]);
    } finally {
      stop.abort();
      fake.server.closeAllConnections();
      fake.server.close();
    }
  });
});

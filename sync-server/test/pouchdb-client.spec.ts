import { DEMO_ACCOUNTS } from '../src/auth/demo-accounts';
import { progressDoc, signedIn, startTestServer, userDb, type TestServer } from './support/test-server';

// CommonJS packages without type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const PouchDB = require('pouchdb');
// eslint-disable-next-line @typescript-eslint/no-require-imports
PouchDB.plugin(require('pouchdb-adapter-memory'));

type Doc = Record<string, any>;

/** What a replication answers when it completes (PouchDB's result object). */
interface ReplicationResult {
  ok: boolean;
  docs_read: number;
  docs_written: number;
  doc_write_failures: number;
  errors: { id?: string; name?: string; message?: string }[];
}

/**
 * PouchDB 9, an independent CouchDB client, replicating members' databases through the sync server:
 * it speaks the replication protocol as PouchDB does (checkpoints in `_local`, `_revs_diff`,
 * `_bulk_get`, `_bulk_docs` with new_edits false, long-polled `_changes`), signed in with the
 * session cookie of `/couch/_session`, into a local memory database.
 */
describe('PouchDB 9 as a client – replication both ways through the member API – /couch/{db}', () => {
  let server: TestServer;
  const locals: { destroy(): Promise<unknown> }[] = [];
  let localCount = 0;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server.close());
  afterEach(async () => {
    await Promise.all(locals.splice(0).map((db) => db.destroy()));
    // PouchDB asks the source for info() after each batch it replicates and never handles that
    // request's failure (pouchdb 9, replicate: `src.info().then(...)`): the server closing under one
    // still running rejected inside PouchDB, where no spec can catch it ("Suite error" in CI once).
    await settled();
  });

  /** Requests PouchDB has sent to the server whose answers have not yet come in full. */
  const inFlight = new Set<Promise<unknown>>();
  async function settled(): Promise<void> {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
  }

  function local(): any {
    const db = new PouchDB(`pouchdb-client-${++localCount}`, { adapter: 'memory' });
    locals.push(db);
    return db;
  }

  /** The member's database on the server as PouchDB sees it; every request it makes is listed in `requests`. */
  function remote(db: string, cookie: string, requests: string[] = []): any {
    return new PouchDB(`${server.baseUrl}/couch/${db}`, {
      skip_setup: true,
      fetch: (url: string, options: RequestInit) => {
        const headers = new Headers(options.headers as ConstructorParameters<typeof Headers>[0]);
        if (cookie) headers.set('cookie', cookie);
        const { pathname, search } = new URL(url);
        requests.push(`${options.method ?? 'GET'} ${decodeURIComponent(pathname)}${decodeURIComponent(search)}`);
        const sent = fetch(url, { ...options, headers });
        const answered = sent.then((response) => response.clone().arrayBuffer());
        inFlight.add(answered);
        void answered.catch(() => undefined).finally(() => inFlight.delete(answered));
        return sent;
      },
    });
  }

  async function cookieOf(name: string): Promise<string> {
    const account = DEMO_ACCOUNTS.find((a) => a.name === name)!;
    const response = await fetch(`${server.baseUrl}/couch/_session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, password: account.password }),
    });
    expect(response.status).withContext(`${name} signs in`).toBe(200);
    return response.headers.get('set-cookie')!.split(';')[0]!;
  }

  /** The document's stored revisions that are leaves, as the server's admin reads them. */
  async function storedLeaves(db: string, id: string): Promise<Doc[]> {
    const leaves = (await server.couch.request({ db, doc: id, qs: { open_revs: 'all' } })) as { ok?: Doc }[];
    return leaves.flatMap((leaf) => (leaf.ok ? [leaf.ok] : []));
  }

  it('pulls the catalog: every document arrives, and no design document', async () => {
    const device = local();
    const result: ReplicationResult = await device.replicate.from(remote('catalog', await cookieOf('ania')));
    expect(result.ok).toBeTrue();
    expect(result.doc_write_failures).toBe(0);
    const pulled = (await device.allDocs()).rows.map((row: { id: string }) => row.id);
    const stored = (await server.couch.use('catalog').list()).rows.map((row) => row.id).filter((id) => !id.startsWith('_design/'));
    expect(stored.length).toBeGreaterThan(5);
    expect(pulled).toEqual(stored);
    expect(pulled.filter((id: string) => id.startsWith('_'))).toEqual([]);
  });

  it("pushes what was written on the device into the member's private database, updates included", async () => {
    const db = userDb('ania');
    const device = local();
    const onServer = remote(db, await cookieOf('ania'));
    const first = await device.put(progressDoc('pricing'));
    expect(((await device.replicate.to(onServer)) as ReplicationResult).docs_written).toBe(1);
    expect((await storedLeaves(db, 'progress:lesson:pricing')).map((doc) => doc['_rev'])).toEqual([first.rev]);

    const started = await device.get('progress:lesson:pricing');
    const finished = await device.put({
      ...started,
      status: 'completed',
      cardIndex: 4,
      completedAt: '2026-11-29T10:00:00.000Z',
      updatedAt: '2026-11-29T10:00:00.000Z',
    });
    const update: ReplicationResult = await device.replicate.to(onServer);
    expect(update.docs_written).toBe(1);
    expect(update.doc_write_failures).toBe(0);
    // One leaf, the device's: the update extends what was stored, with no conflict beside it.
    const leaves = await storedLeaves(db, 'progress:lesson:pricing');
    expect(leaves.map((doc) => doc['_rev'])).toEqual([finished.rev]);
    expect(leaves[0]!['status']).toBe('completed');
  });

  it("pulls what was written elsewhere into the member's private database on the device", async () => {
    const db = userDb('sofia');
    const sofia = await signedIn(server, 'sofia');
    const written = await sofia.request('PUT', `/couch/${db}/progress:lesson:budgeting`, progressDoc('budgeting'));
    expect(written.status).toBe(201);
    const device = local();
    const result: ReplicationResult = await device.replicate.from(remote(db, await cookieOf('sofia')));
    expect(result.doc_write_failures).toBe(0);
    const pulled = await device.get('progress:lesson:budgeting');
    expect(pulled._rev).toBe(written.json.rev);
    expect(pulled.lessonId).toBe('lesson:budgeting');
    expect((await device.allDocs()).rows.some((row: { id: string }) => row.id.startsWith('_'))).toBeFalse();
  });

  it('replicates again from its checkpoints: a second replication each way reads and sends nothing', async () => {
    const db = userDb('eva');
    const eva = await signedIn(server, 'eva');
    expect(
      (await eva.request('PUT', `/couch/${db}/settings`, { type: 'settings', language: 'pl', updatedAt: '2026-11-29T09:00:00.000Z' }))
        .status,
    ).toBe(201);
    const device = local();
    await device.put(progressDoc('cash-flow-basics'));
    const requests: string[] = [];
    const onServer = remote(db, await cookieOf('eva'), requests);
    expect(((await device.replicate.from(onServer)) as ReplicationResult).docs_written).toBe(1);
    expect(((await device.replicate.to(onServer)) as ReplicationResult).docs_written).toBe(1);

    requests.length = 0;
    const pullAgain: ReplicationResult = await device.replicate.from(onServer);
    const pushAgain: ReplicationResult = await device.replicate.to(onServer);
    expect([pullAgain.docs_read, pullAgain.docs_written, pushAgain.docs_read, pushAgain.docs_written]).toEqual([0, 0, 0, 0]);
    // Nothing asked about, fetched or sent, and the server's changes read from the pull's checkpoint on
    // (which the push's own document has passed since), never from the start.
    expect(requests.filter((request) => /_bulk_get|_bulk_docs|_revs_diff/.test(request))).toEqual([]);
    const since = requests.flatMap((request) => /\/_changes\?.*\bsince=([^&]*)/.exec(request)?.[1] ?? []);
    expect(since.length).toBeGreaterThan(0);
    expect(since).not.toContain('0');
  });

  it('delivers, live, a post another member writes in discussions-pl', async () => {
    const device = local();
    const requests: string[] = [];
    const live = device.replicate.from(remote('discussions-pl', await cookieOf('ania'), requests), { live: true, retry: false });
    const failed = new Promise((_resolve, reject) => live.on('error', reject));
    // Caught up with what is there: from now on only the long-poll can bring the post.
    await Promise.race([new Promise((resolve) => live.once('paused', resolve)), failed]);
    const id = 'thread:livepiotr01';
    const arrived = new Promise<Doc>((resolve) =>
      live.on('change', (change: { docs: Doc[] }) => {
        const doc = change.docs.find((d) => d['_id'] === id);
        if (doc) resolve(doc);
      }),
    );
    const piotr = await signedIn(server, 'piotr');
    const thread = {
      _id: id,
      type: 'thread',
      author: 'piotr',
      title: 'Who rents a stall at the market?',
      body: 'Saturday mornings.',
      topic: 'selling',
      createdAt: new Date().toISOString(),
    };
    expect((await piotr.request('POST', '/couch/discussions-pl/_bulk_docs', { docs: [thread] })).status).toBe(201);
    const doc = await Promise.race([arrived, failed]);
    live.cancel();
    await live;
    expect(doc).toEqual(jasmine.objectContaining({ author: 'piotr', title: thread.title }));
    expect((await device.get(id)).body).toBe('Saturday mornings.');
    expect(requests.some((request) => request.includes('/_changes') && request.includes('feed=longpoll'))).toBeTrue();
  });

  it('reports a document the rules refuse as denied, stores nothing of it, and sends the rest', async () => {
    const db = userDb('piotr');
    const device = local();
    await device.put({ ...progressDoc('pricing'), _id: 'progress:lesson:not-this-lesson' });
    await device.put(progressDoc('getting-paid'));
    const push = device.replicate.to(remote(db, await cookieOf('piotr')));
    const denied: { id?: string; name?: string }[] = [];
    push.on('denied', (error: { id?: string; name?: string }) => denied.push(error));
    const result: ReplicationResult = await push;
    expect(result.docs_written).toBe(1);
    expect(result.doc_write_failures).toBe(1);
    expect(result.errors.map((error) => [error.id, error.name])).toEqual([['progress:lesson:not-this-lesson', 'forbidden']]);
    expect(denied.map((error) => error.id)).toEqual(['progress:lesson:not-this-lesson']);
    await expectAsync(server.couch.use(db).get('progress:lesson:not-this-lesson')).toBeRejectedWith(
      jasmine.objectContaining({ statusCode: 404 }),
    );
    expect((await server.couch.use<Doc>(db).get('progress:lesson:getting-paid'))['type']).toBe('progress');
  });

  it("is refused another member's private database, pulling and pushing, and nobody's without a session", async () => {
    const jonasDb = userDb('jonas');
    const cookie = await cookieOf('ania');
    const device = local();
    await device.put(progressDoc('pricing'));
    const pull = await device.replicate.from(remote(jonasDb, cookie)).then(
      () => null,
      (error: { status?: number }) => error,
    );
    expect(pull?.status).withContext('pull').toBe(403);
    const push = await device.replicate.to(remote(jonasDb, cookie)).then(
      () => null,
      (error: { status?: number }) => error,
    );
    expect(push?.status).withContext('push').toBe(403);
    await expectAsync(server.couch.use(jonasDb).get('progress:lesson:pricing')).toBeRejectedWith(
      jasmine.objectContaining({ statusCode: 404 }),
    );
    const anonymous = await local()
      .replicate.from(remote('catalog', ''))
      .then(
        () => null,
        (error: { status?: number }) => error,
      );
    expect(anonymous?.status).withContext('without a session').toBe(401);
  });
});

import { MemberClient, progressDoc, signedIn, startTestServer, userDb, type TestServer } from './support/test-server';

describe('gateway – what members may ask of the store – /couch/*', () => {
  let server: TestServer;
  let ania: MemberClient;

  beforeAll(async () => {
    server = await startTestServer();
    ania = await signedIn(server, 'ania');
  });
  afterAll(async () => server.close());

  async function stillHealthy(): Promise<void> {
    const health = await fetch(`${server.baseUrl}/healthz`);
    expect(health.status).toBe(200);
  }

  it('does not let a member create or delete databases', async () => {
    for (const [method, path] of [
      ['PUT', '/couch/newdb'],
      ['PUT', '/couch/userdb-6e6577'],
      ['DELETE', '/couch/catalog'],
      ['DELETE', `/couch/${userDb('ania')}`],
    ]) {
      const answer = await ania.request(method!, path!);
      expect([403, 404]).withContext(`${method} ${path}`).toContain(answer.status);
      expect(answer.json.reason).toEqual(jasmine.any(String));
    }
    const all = await server.couch.db.list();
    expect(all).not.toContain('newdb');
    expect(all).toContain('catalog');
    expect(all).toContain(userDb('ania'));
    await stillHealthy();
  });

  it('cannot be crashed by a non-admin PUT of a new database (express-pouchdb "db.info is not a function")', async () => {
    const anonymous = new MemberClient(server.baseUrl);
    expect((await anonymous.request('PUT', '/couch/crashme')).status).toBe(404);
    expect((await ania.request('PUT', '/couch/crashme')).status).toBe(404);
    await stillHealthy();
  });

  it('refuses the filtered _changes requests that end the embedded store process', async () => {
    for (const filter of ['foo/nope', '_view', '_selector', '_design', 'validation/x']) {
      const answer = await ania.request('GET', `/couch/catalog/_changes?filter=${encodeURIComponent(filter)}`);
      expect(answer.status).withContext(filter).toBe(400);
      expect(answer.json.reason).toContain('_doc_ids');
    }
    await stillHealthy();
    const allowed = await ania.request('GET', '/couch/catalog/_changes?filter=_doc_ids&doc_ids=%5B%22programme%3Atoolbox%22%5D');
    expect(allowed.status).toBe(200);
  });

  it('hides server-wide endpoints: _all_dbs, _config, _users, _replicate, _utils', async () => {
    const anonymous = new MemberClient(server.baseUrl);
    for (const path of ['/couch/_all_dbs', '/couch/_config', '/couch/_users/_all_docs', '/couch/_replicate', '/couch/_utils/']) {
      expect((await anonymous.request('GET', path)).status)
        .withContext(path)
        .toBe(404);
    }
  });

  it('does not let members change _security or design documents', async () => {
    const security = await ania.request('PUT', `/couch/${userDb('ania')}/_security`, { members: { names: [] } });
    expect(security.status).toBe(403);
    const design = await ania.request('PUT', '/couch/catalog/_design/validation', { validate_doc_update: 'function(){}' });
    expect(design.status).toBe(403);
    const stored = await server.couch.request({ db: userDb('ania'), path: '_security' });
    expect(stored.members.names).toEqual(['ania']);
  });

  it('answers malformed JSON with 400 and stores nothing', async () => {
    const answer = await ania.request('PUT', `/couch/${userDb('ania')}/progress:lesson:broken`, '{"type": "progress",');
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ error: 'bad_request', reason: 'The request body is not valid JSON.' });
    const bulk = await ania.request('POST', `/couch/${userDb('ania')}/_bulk_docs`, '{"docs": [');
    expect(bulk.status).toBe(400);
    await expectAsync(server.couch.use(userDb('ania')).get('progress:lesson:broken')).toBeRejected();
  });

  it('answers an oversized body with 413 and stores nothing', async () => {
    const huge = progressDoc('oversized', { padding: 'x'.repeat(server.config.maxBodyBytes) });
    const answer = await ania.request('PUT', `/couch/${userDb('ania')}/${huge._id}`, huge);
    expect(answer.status).toBe(413);
    await expectAsync(server.couch.use(userDb('ania')).get(huge._id)).toBeRejected();
    await stillHealthy();
  });

  it('answers bodies that are not JSON with 415', async () => {
    const answer = await ania.request('POST', `/couch/${userDb('ania')}/_bulk_docs`, '{"docs":[]}', { 'content-type': 'text/plain' });
    expect(answer.status).toBe(415);
  });

  it('answers unknown addresses with a JSON 404, for the API and outside it', async () => {
    const api = await ania.request('GET', '/api/nothing-here');
    expect(api.status).toBe(404);
    expect(api.json.error).toBe('not_found');
    const couch = await ania.request('GET', '/couch/catalog/lesson:cash-flow-basics/attachment.png');
    expect(couch.status).toBe(404);
  });

  it('passes a member session through: sign-in, then reads of their own database', async () => {
    const session = await ania.request('GET', '/couch/_session');
    expect(session.json.userCtx.name).toBe('ania');
    const own = await ania.request('GET', `/couch/${userDb('ania')}/_all_docs`);
    expect(own.status).toBe(200);
    expect(own.headers.get('cache-control')).toBe('no-store');
  });

  it('never forwards CouchDB proxy-authentication headers', async () => {
    const anonymous = new MemberClient(server.baseUrl);
    const forged = await anonymous.request('GET', '/couch/_session', undefined, {
      'X-Auth-CouchDB-UserName': 'admin',
      'X-Auth-CouchDB-Roles': '_admin',
    });
    expect(forged.json.userCtx.name).toBeNull();
  });
});

describe('gateway – requests that reached private data or crashed the embedded store – /couch/*', () => {
  let server: TestServer;
  let ania: MemberClient;
  let jonas: MemberClient;

  beforeAll(async () => {
    server = await startTestServer();
    ania = await signedIn(server, 'ania');
    jonas = await signedIn(server, 'jonas');
    const stored = await ania.request('PUT', `/couch/${userDb('ania')}/progress:lesson:cash-flow-basics`, progressDoc('cash-flow-basics'));
    expect(stored.status).toBe(201);
  });
  afterAll(async () => server.close());

  it("does not hand out another user's documents through _bulk_get, signed in or not", async () => {
    const request = { docs: [{ id: 'progress:lesson:cash-flow-basics' }] };
    const anonymous = await new MemberClient(server.baseUrl).request('POST', `/couch/${userDb('ania')}/_bulk_get`, request);
    expect(anonymous.status).toBe(401);
    const other = await jonas.request('POST', `/couch/${userDb('ania')}/_bulk_get`, request);
    expect(other.status).toBe(403);
    expect(other.text).not.toContain('cardIndex');
    const own = await ania.request('POST', `/couch/${userDb('ania')}/_bulk_get`, request);
    expect(own.status).toBe(200);
    expect(own.text).toContain('cardIndex');
  });

  it('refuses every way of asking _changes for a view or a selector', async () => {
    for (const query of [
      'view=validation/x',
      'selector=%7B%7D',
      'filter=_doc_ids&selector=x',
      'style=all_docs&style=main_only',
      'feed=continuous',
    ]) {
      const answer = await ania.request('GET', `/couch/catalog/_changes?${query}`);
      expect(answer.status).withContext(query).toBe(400);
    }
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
  });

  it('refuses _revs_diff, _bulk_get and _bulk_docs bodies of the wrong shape', async () => {
    for (const [path, body] of [
      ['_revs_diff', { 'programme:toolbox': 1 }],
      ['_revs_diff', { 'programme:toolbox': 'abc' }],
      ['_bulk_get', { docs: [{ id: 'a', open_revs: 'all' }] }],
      ['_bulk_get', { docs: 'all' }],
      ['_bulk_docs', { docs: ['not a document'] }],
      ['_bulk_docs', [{ _id: 'x' }]],
      ['_all_docs', { keys: [1, 2] }],
    ] as const) {
      const answer = await ania.request('POST', `/couch/catalog/${path}`, body);
      expect(answer.status)
        .withContext(`${path} ${JSON.stringify(body)}`)
        .toBe(400);
    }
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
  });

  it('answers a streamed oversized body with 413, not a reset connection', async () => {
    const chunk = 'x'.repeat(16 * 1024);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > server.config.maxBodyBytes * 2) return controller.close();
        sent += chunk.length;
        controller.enqueue(new TextEncoder().encode(chunk));
      },
    });
    const answer = await fetch(`${server.baseUrl}/couch/${userDb('ania')}/_bulk_docs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(answer.status).toBe(413);
  });

  it('keeps the replication checkpoints of each member apart, and refuses the _session redirect parameter', async () => {
    const put = await ania.request('PUT', '/couch/catalog/_local/replication-1', { last_seq: '5' });
    expect(put.status).toBe(201);
    expect((await ania.request('GET', '/couch/catalog/_local/replication-1')).json.last_seq).toBe('5');
    const mary = await signedIn(server, 'mary');
    expect((await mary.request('GET', '/couch/catalog/_local/replication-1')).status).toBe(404);
    expect((await mary.request('PUT', '/couch/catalog/_local/replication-1', { last_seq: 'x' })).status).toBe(201);
    expect((await ania.request('GET', '/couch/catalog/_local/replication-1')).json.last_seq).toBe('5');
    const redirect = await new MemberClient(server.baseUrl).request('POST', '/couch/_session?next=/elsewhere', {
      name: 'ania',
      password: 'bakery-2026',
    });
    expect(redirect.status).toBe(400);
  });
});

describe('gateway – the embedded store process dying – /couch/*', () => {
  it('restarts the embedded store when its process dies, and serves again', async () => {
    const server = await startTestServer({}, { embeddedStore: true });
    try {
      const ania = await signedIn(server, 'ania');
      expect(
        (await ania.request('PUT', `/couch/${userDb('ania')}/progress:lesson:cash-flow-basics`, progressDoc('cash-flow-basics'))).status,
      ).toBe(201);
      const restarted = server.store.whenRestarted();
      process.kill(server.store.pid!, 'SIGKILL');
      await restarted;
      expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
      const own = await ania.request('GET', `/couch/${userDb('ania')}/progress:lesson:cash-flow-basics`);
      expect(own.status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

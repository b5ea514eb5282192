import { pbkdf2Sync, randomBytes } from 'node:crypto';
import http from 'node:http';
import { MAX_FAILURES_PER_ACCOUNT } from '../src/auth/sign-in-limiter';
import { PasswordChecker } from '../src/gateway/passwords';
import { StoreClient } from '../src/gateway/store-client';
import { MemberClient, progressDoc, signedIn, startTestServer, userDb, type TestServer } from './support/test-server';

/** Each finding of the attack on the member surface (issue: "No member can take over, crash or get round the server"). */
describe('member API – what an attacker with a member account tried – /couch/*', () => {
  let server: TestServer;
  let ania: MemberClient;

  beforeAll(async () => {
    server = await startTestServer();
    ania = await signedIn(server, 'ania');
  });
  afterAll(async () => server.close());

  async function securityOf(db: string): Promise<unknown> {
    return server.couch.request({ db, path: '_security' });
  }

  async function designIds(db: string): Promise<string[]> {
    const all = await server.couch.use(db).list({ startkey: '_design/', endkey: '_design0' });
    return all.rows.map((row) => row.id);
  }

  function expectStoreNeverRestarted(): void {
    expect(server.store?.restarts ?? 0)
      .withContext('the embedded store restarted')
      .toBe(0);
  }

  it('C1: cannot read or rewrite _local/_security, nor write design documents, on any database', async () => {
    for (const db of ['catalog', userDb('ania'), 'discussions-pl']) {
      const before = await securityOf(db);
      const read = await ania.request('POST', `/couch/${db}/_bulk_get`, { docs: [{ id: '_local/_security' }] });
      expect(read.status).withContext(`${db} _bulk_get`).toBe(400);
      expect(read.text).not.toContain('admins');
      const takeover = await ania.request('POST', `/couch/${db}/_bulk_docs`, {
        docs: [{ _id: '_local/_security', _rev: '0-1', security: { admins: { names: ['ania'] }, members: { names: [] } } }],
      });
      expect(takeover.status).withContext(`${db} _local/_security`).toBe(400);
      const design = await ania.request('POST', `/couch/${db}/_bulk_docs`, {
        docs: [{ _id: '_design/evil', validate_doc_update: 'function () { if (typeof process === "object") throw {forbidden: "ran"}; }' }],
      });
      expect(design.status).withContext(`${db} _design`).toBe(400);
      const direct = await ania.request('PUT', `/couch/${db}/_design/evil`, { validate_doc_update: 'function () {}' });
      expect(direct.status).withContext(`${db} PUT _design`).toBe(403);
      expect(await securityOf(db))
        .withContext(db)
        .toEqual(before);
      expect(await designIds(db))
        .withContext(db)
        .toEqual(['_design/validation']);
    }
  });

  it('H1: ids that begin with "_" are never stored, with or without the slash (_localfake)', async () => {
    for (const id of ['_localfake', '_localpost1', '_x', '_design']) {
      const lesson = { _id: id, type: 'lesson', title: 'Injected' };
      const bulk = await ania.request('POST', '/couch/catalog/_bulk_docs', { docs: [lesson] });
      expect(bulk.status).withContext(id).toBe(400);
      const own = await ania.request('POST', `/couch/${userDb('ania')}/_bulk_docs`, { docs: [{ ...lesson, _id: id }] });
      expect(own.status).withContext(id).toBe(400);
      await expectAsync(server.couch.use('catalog').get(id)).withContext(id).toBeRejected();
    }
    const post = await ania.request('PUT', '/couch/discussions-pl/_localpost1', { type: 'post', author: 'eva' });
    expect(post.status).toBe(403);
  });

  it('H1b: "." and ".." are never stored as ids: as a path they name no document, so nobody could read one back', async () => {
    for (const id of ['.', '..']) {
      const progress = { _id: id, type: 'progress', lessonId: 'lesson:cash-flow-basics', status: 'started', cardIndex: 0 };
      const own = await ania.request('POST', `/couch/${userDb('ania')}/_bulk_docs`, { docs: [progress] });
      expect(own.status).withContext(id).toBe(400);
      const replicated = await ania.request('POST', `/couch/${userDb('ania')}/_bulk_docs`, {
        docs: [{ ...progress, _rev: '1-0123456789abcdef0123456789abcdef' }],
        new_edits: false,
      });
      expect(replicated.status).withContext(id).toBe(400);
    }
  });

  it('H2: the requests that stopped the store are refused or answered, and the store keeps running', async () => {
    expect((await ania.request('GET', '/couch/catalog/_changes?filter=_doc_ids')).status).toBe(400);
    expect((await ania.request('GET', '/couch/catalog/programme:toolbox?rev=1-abc&latest=true')).status).toBe(404);
    const openRevs = await ania.request('GET', `/couch/catalog/programme:toolbox?open_revs=${encodeURIComponent('["1-abc"]')}&latest=true`);
    expect(openRevs.status).toBe(200);
    const bulkGet = await ania.request('POST', '/couch/catalog/_bulk_get?latest=true', {
      docs: [{ id: 'programme:toolbox', rev: '1-abc' }],
    });
    expect(bulkGet.status).toBe(200);
    expect((await ania.request('GET', '/couch/catalog/programme:toolbox')).status).toBe(200);
    expectStoreNeverRestarted();
  });

  it('L7: an empty _bulk_get is answered at once', async () => {
    const answer = await ania.request('POST', '/couch/catalog/_bulk_get', { docs: [] });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ results: [] });
  });

  it('M1: _session has one address, and Basic auth is never accepted for members', async () => {
    for (const path of ['/couch/./_session', '/couch/%2e/_session', '/couch/catalog/../_session', '/couch/catalog/%2e%2e/_session']) {
      const answer = await rawRequest('POST', path, JSON.stringify({ name: 'ania', password: 'bakery-2026' }));
      expect(answer.status).withContext(path).toBe(400);
      expect(answer.headers['set-cookie']).withContext(path).toBeUndefined();
    }
    const basic = { authorization: 'Basic ' + Buffer.from('ania:bakery-2026').toString('base64') };
    const anonymous = new MemberClient(server.baseUrl);
    expect((await anonymous.request('GET', `/couch/${userDb('ania')}/_all_docs`, undefined, basic)).status).toBe(401);
    expect((await anonymous.request('GET', '/couch/_session', undefined, basic)).json.userCtx.name).toBeNull();
    expect((await anonymous.request('POST', '/api/cohorts/join', { code: 'ABCDEFGH' }, basic)).status).toBe(401);
  });

  it('M2: wrong passwords for another member lock out only the address they came from', async () => {
    const wrong = JSON.stringify({ name: 'piotr', password: 'not-his-password' });
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++)
      expect((await rawRequest('POST', '/couch/_session', wrong, '127.0.0.2')).status).toBe(401);
    expect((await rawRequest('POST', '/couch/_session', wrong, '127.0.0.2')).status).toBe(429);
    const right = JSON.stringify({ name: 'piotr', password: 'facilitator-2026' });
    expect((await rawRequest('POST', '/couch/_session', right, '127.0.0.2')).status).toBe(429);
    expect((await rawRequest('POST', '/couch/_session', right, '127.0.0.3')).status).toBe(200);
  });

  it('M2: a burst of wrong passwords sent at once is counted as if sent one by one', async () => {
    const wrong = (i: number) => JSON.stringify({ name: 'jonas', password: `guess-number-${i}` });
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => rawRequest('POST', '/couch/_session', wrong(i), '127.0.0.4')));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 401).length)
      .withContext(String(statuses))
      .toBe(MAX_FAILURES_PER_ACCOUNT);
    expect(statuses.filter((status) => status === 429).length).toBe(20 - MAX_FAILURES_PER_ACCOUNT);
  });

  it('plants no second branch of a document with new_edits false: a replicated revision continues the stored one', async () => {
    const db = '/couch/discussions-pl/_bulk_docs';
    const post = (rev: string, body: string) => ({
      _id: 'post:branchplanting01',
      _rev: rev,
      type: 'post',
      author: 'ania',
      threadId: 'thread:branchthread1',
      createdAt: new Date().toISOString(),
      body,
    });
    const both = await ania.request('POST', db, {
      new_edits: false,
      docs: [post('1-aaaa', 'innocent'), post('1-0000', 'hidden second version')],
    });
    expect(both.status).toBe(201);
    expect(both.json.map((row: { error?: string }) => row.error)).toEqual(['conflict']);
    const sibling = await ania.request('POST', db, { new_edits: false, docs: [post('1-bbbb', 'another branch')] });
    expect(sibling.json.map((row: { error?: string }) => row.error)).toEqual(['conflict']);
    const stored = await ania.request('GET', '/couch/discussions-pl/post:branchplanting01?conflicts=true');
    expect(stored.json._rev).toBe('1-aaaa');
    expect(stored.json._conflicts).toBeUndefined();
  });

  it('keeps nothing but the revision of a deletion of what was never there, and the rule decides on that', async () => {
    const projection = { _id: 'projection:attendance', _deleted: true, type: 'projection', note: 'chosen by the member' };
    const mine = await ania.request('POST', `/couch/${userDb('ania')}/_bulk_docs`, { docs: [projection] });
    expect(mine.status).toBe(201);
    expect(mine.json[0].ok).toBeTrue();
    const changes = (await server.couch.request({ db: userDb('ania'), path: '_changes', qs: { since: 0, include_docs: true } })) as {
      results: { id: string; doc: Record<string, unknown> }[];
    };
    expect(changes.results.find((change) => change.id === projection._id)?.doc).toEqual({
      _id: projection._id,
      _rev: jasmine.any(String),
      _deleted: true,
    });
    // An owner deleting nothing in the catalog is still not a tutor.
    const lesson = { _id: 'lesson:planted-by-deleting', _rev: '1-abcd', _deleted: true, type: 'lesson', title: 'Not reviewed' };
    const replicated = await ania.request('POST', '/couch/catalog/_bulk_docs', { new_edits: false, docs: [lesson] });
    expect(replicated.json.map((row: { error?: string }) => row.error)).toEqual(['forbidden']);
    expect((await ania.request('DELETE', '/couch/catalog/lesson:planted-by-missing?rev=1-abcd')).status).toBe(403);
    const catalog = (await server.couch.request({ db: 'catalog', path: '_changes', qs: { since: 0 } })) as { results: { id: string }[] };
    expect(catalog.results.map((row) => row.id)).not.toContain(lesson._id);
  });

  it('I1: a signed-out session stops working at once', async () => {
    const sofia = await signedIn(server, 'sofia');
    const cookie = (sofia as unknown as { cookie: string }).cookie;
    expect((await sofia.request('GET', `/couch/${userDb('sofia')}/_all_docs`)).status).toBe(200);
    expect((await sofia.request('DELETE', '/couch/_session')).status).toBe(200);
    const replay = new MemberClient(server.baseUrl);
    (replay as unknown as { cookie: string }).cookie = cookie;
    expect((await replay.request('GET', `/couch/${userDb('sofia')}/_all_docs`)).status).toBe(401);
    expect((await replay.request('GET', '/couch/_session')).json.userCtx.name).toBeNull();
  });

  it('M5: one member cannot hold more long-polls than the limit, and others are served meanwhile', async () => {
    const mary = await signedIn(server, 'mary');
    const limit = server.config.memberLongPolls;
    const held = Array.from({ length: limit }, () => new AbortController());
    // Each held long-poll asks again when answered (the projector may still be writing mary's first
    // documents), as a phone does, so that its slot stays taken.
    const hold = async (abort: AbortController): Promise<void> => {
      while (!abort.signal.aborted) {
        const answer = await fetch(`${server.baseUrl}/couch/${userDb('mary')}/_changes?feed=longpoll&since=now&timeout=60000`, {
          headers: { cookie: (mary as unknown as { cookie: string }).cookie },
          signal: abort.signal,
        }).catch(() => null);
        await answer?.arrayBuffer().catch(() => null);
      }
    };
    const polls = held.map(hold);
    // The held long-polls reach the server in their own time (slowly on a busy CI machine): ask, each
    // answered at once, until all are held; the deadline only bounds a failing run.
    const deadline = Date.now() + 30_000;
    let refused = await mary.request('GET', `/couch/${userDb('mary')}/_changes?feed=longpoll&since=now&timeout=0`);
    while (refused.status !== 429 && Date.now() < deadline) {
      refused = await mary.request('GET', `/couch/${userDb('mary')}/_changes?feed=longpoll&since=now&timeout=0`);
    }
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    const write = await ania.request('PUT', `/couch/${userDb('ania')}/progress:lesson:pricing`, progressDoc('pricing'));
    expect(write.status).toBe(201);
    held.forEach((abort) => abort.abort());
    await Promise.all(polls);
  });

  it('answers a long-poll when a change arrives, with that change and no design documents', async () => {
    const db = userDb('ania');
    const info = await ania.request('GET', `/couch/${db}/`);
    const poll = ania.request('GET', `/couch/${db}/_changes?feed=longpoll&since=${info.json.update_seq}&include_docs=true&timeout=30000`);
    const write = await ania.request('PUT', `/couch/${db}/progress:lesson:getting-paid`, progressDoc('getting-paid'));
    expect(write.status).toBe(201);
    const answer = await poll;
    expect(answer.status).toBe(200);
    expect(answer.json.results.map((row: { id: string }) => row.id)).toEqual(['progress:lesson:getting-paid']);
    const all = await ania.request('GET', `/couch/${db}/_changes?since=0`);
    expect(all.json.results.some((row: { id: string }) => row.id.startsWith('_'))).toBeFalse();
  });

  it('takes a new cohort with its enrolments and marks in one _bulk_docs, as the app pushes them after a workshop offline', async () => {
    const piotr = await signedIn(server, 'piotr');
    const at = new Date().toISOString();
    const cohort = {
      _id: 'cohort:batch2026',
      type: 'cohort',
      kind: 'induction',
      author: 'piotr',
      title: 'Batch cohort',
      facilitators: ['piotr'],
      updatedAt: at,
    };
    const enrolment = {
      _id: 'enrolment:batch2026:ania',
      type: 'enrolment',
      author: 'piotr',
      cohortId: cohort._id,
      owner: 'ania',
      updatedAt: at,
    };
    const mark = {
      _id: 'mark:batch2026-1-ania',
      type: 'mark',
      author: 'piotr',
      cohortId: cohort._id,
      session: 1,
      owner: 'ania',
      status: 'present',
      markedAt: at,
      seen: [],
    };
    const answer = await piotr.request('POST', '/couch/workshops-pl/_bulk_docs', { docs: [cohort, enrolment, mark] });
    expect(answer.status).toBe(201);
    expect(answer.json.map((row: { ok?: boolean; reason?: string }) => row.ok ?? row.reason)).toEqual([true, true, true]);
    // The other way round the enrolment names a cohort that does not exist yet, and is refused alone.
    const reversed = await piotr.request('POST', '/couch/workshops-pl/_bulk_docs', {
      docs: [
        { ...enrolment, _id: 'enrolment:batch2027:ania', cohortId: 'cohort:batch2027' },
        { ...cohort, _id: 'cohort:batch2027' },
      ],
    });
    expect(reversed.json.map((row: { ok?: boolean; error?: string }) => row.ok ?? row.error)).toEqual(['forbidden', true]);
  });

  it("checks passwords against the store's hashes itself, the same on either store, and turns a flood away instead of queueing it", async () => {
    const checker = new PasswordChecker(new StoreClient(new URL(server.store.url)), 1, 1);
    expect(await checker.check('ania', 'bakery-2026')).toEqual({ name: 'ania', roles: jasmine.arrayContaining(['owner', 'country:pl']) });
    expect(await checker.check('ania', 'bakery-2027')).toBe('wrong');
    expect(await checker.check('nobody-here', 'bakery-2026')).toBe('wrong');
    // A hash made as CouchDB makes it (PBKDF2, hex salt used as text), with rounds enough that the
    // first check is still hashing when the others arrive: one hashes, one waits, the third is told to come back.
    const salt = randomBytes(16).toString('hex');
    const derived = pbkdf2Sync('a slow enough password', salt, 200_000, 20, 'sha1').toString('hex');
    await server.couch.use('_users').insert({
      _id: 'org.couchdb.user:slowhash',
      name: 'slowhash',
      type: 'user',
      roles: ['member'],
      password_scheme: 'pbkdf2',
      iterations: 200_000,
      salt,
      derived_key: derived,
    } as never);
    const answers = await Promise.all([1, 2, 3].map(() => checker.check('slowhash', 'a slow enough password')));
    expect(answers.filter((answer) => answer === 'busy').length).toBe(1);
    expect(answers.filter((answer) => typeof answer === 'object').length).toBe(2);
    // A name with no account costs the same hashing (the last real hash's), so an answer's time does not tell who has one.
    const missing = await Promise.all([1, 2, 3].map((i) => checker.check(`nobody-${i}`, 'a slow enough password')));
    expect(missing.filter((answer) => answer === 'busy').length).toBe(1);
    expect(missing.filter((answer) => answer === 'wrong').length).toBe(2);
  });

  /** A request from a chosen loopback address, with the path exactly as written. */
  function rawRequest(
    method: string,
    path: string,
    body: string,
    localAddress = '127.0.0.1',
  ): Promise<{ status: number; headers: http.IncomingHttpHeaders }> {
    const { port } = new URL(server.baseUrl);
    return new Promise((resolve, reject) => {
      const request = http.request(
        { host: '127.0.0.1', port, method, path, localAddress, headers: { 'content-type': 'application/json' } },
        (response) => {
          response.resume();
          response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers }));
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  }
});

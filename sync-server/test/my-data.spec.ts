import { FORMER_MEMBER } from '../couchdb/discussions/validate-doc-update';
import { EXPORTS_PER_HOUR } from '../src/auth/my-data-routes';
import { MemberClient, progressDoc, signedIn, startTestServer, userDb, type TestServer } from './support/test-server';

const AT = '2026-11-29T09:00:00.000Z';
const PASSWORD = 'she sells bread at the market';

/** A member's copy of their data, and deleting their account (GET /api/me/data, POST /api/me/delete). */
describe('my data – GET /api/me/data, POST /api/me/delete', () => {
  let server: TestServer;
  let ania: MemberClient;
  let zofia: MemberClient;

  /** A new owner of the Polish network with a lesson started, an answer, a helpful mark and an enrolment. */
  async function owner(name: string): Promise<MemberClient> {
    expect(
      (await new MemberClient(server.baseUrl).request('POST', '/api/accounts', { name, password: PASSWORD, country: 'pl' })).status,
    ).toBe(201);
    const client = new MemberClient(server.baseUrl);
    expect(await client.signIn(name, PASSWORD)).toBe(200);
    await write(client, userDb(name), progressDoc('pricing-for-profit'));
    await write(client, 'discussions-pl', {
      _id: `post:${name}sanswer`,
      type: 'post',
      author: name,
      threadId: 'thread:aniasthread',
      body: 'Half, for weddings.',
      createdAt: AT,
    });
    await write(client, 'discussions-pl', {
      _id: `helpful:aniasanswer:${name}`,
      type: 'helpful',
      author: name,
      targetId: 'post:aniasanswer',
      createdAt: AT,
    });
    await write(piotr, 'workshops-pl', {
      _id: `enrolment:marketbakers:${name}`,
      type: 'enrolment',
      author: 'piotr',
      cohortId: 'cohort:marketbakers',
      owner: name,
      updatedAt: AT,
    });
    return client;
  }

  async function write(client: MemberClient, db: string, doc: Record<string, unknown>): Promise<void> {
    const answer = await client.request('PUT', `/couch/${db}/${encodeURIComponent(String(doc['_id']))}`, doc);
    expect(answer.status).withContext(`${doc['_id']}: ${answer.text}`).toBe(201);
  }

  let piotr: MemberClient;
  let jadwiga: MemberClient;

  beforeAll(async () => {
    server = await startTestServer();
    ania = await signedIn(server, 'ania');
    piotr = await signedIn(server, 'piotr');
    await write(ania, 'discussions-pl', {
      _id: 'thread:aniasthread',
      type: 'thread',
      author: 'ania',
      title: 'Deposits?',
      body: 'Do you take one?',
      topic: 'pricing',
      createdAt: AT,
    });
    await write(ania, 'discussions-pl', {
      _id: 'post:aniasanswer',
      type: 'post',
      author: 'ania',
      threadId: 'thread:aniasthread',
      body: 'I take 30%.',
      createdAt: AT,
    });
    await write(piotr, 'workshops-pl', {
      _id: 'cohort:marketbakers',
      type: 'cohort',
      kind: 'induction',
      author: 'piotr',
      title: 'Market bakers',
      facilitators: ['piotr'],
      updatedAt: AT,
    });
    // zofia asks for her data and tries odd deletions; jadwiga deletes her account (the tests run in any order).
    zofia = await owner('zofia');
    jadwiga = await owner('jadwiga');
  });
  afterAll(async () => server.close());

  it("gives a member everything the server keeps about them, and nobody else's", async () => {
    const copy = await zofia.request('GET', '/api/me/data');
    expect(copy.status).toBe(200);
    expect(copy.headers.get('content-disposition')).toContain('me2me-zofia.json');
    const ids = (docs: { _id: string }[]) => docs.map((doc) => doc._id).sort();
    expect(copy.json.account).toEqual({ name: 'zofia', roles: jasmine.arrayContaining(['owner', 'country:pl']) });
    expect(ids(copy.json.private)).toContain('progress:lesson:pricing-for-profit');
    expect(ids(copy.json.discussions)).toEqual(['helpful:aniasanswer:zofia', 'post:zofiasanswer']);
    expect(ids(copy.json.workshops)).toEqual(['enrolment:marketbakers:zofia']);
    expect(JSON.stringify(copy.json)).not.toContain('I take 30%');
    expect((await new MemberClient(server.baseUrl).request('GET', '/api/me/data')).status).toBe(401);
  });

  it('gives copies a few times an hour, then asks the member to wait: a copy reads the whole network', async () => {
    const karol = await owner('karol');
    const statuses: number[] = [];
    for (let i = 0; i <= EXPORTS_PER_HOUR; i++) statuses.push((await karol.request('GET', '/api/me/data')).status);
    expect(statuses).toEqual([...Array(EXPORTS_PER_HOUR).fill(200), 429]);
    const refused = await karol.request('GET', '/api/me/data');
    expect(refused.json.code).toBe('limits.tooManyRequests');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(60);
    // A page of another site cannot spend a member's copies (the browser says where the request came from).
    expect((await zofia.request('GET', '/api/me/data', undefined, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    // Another member is not held up by it.
    expect((await ania.request('GET', '/api/me/data')).status).toBe(200);
  });

  it('refuses a deletion without the right password, or with anything else in the body', async () => {
    expect((await zofia.request('POST', '/api/me/delete', { password: 'not my password at all' })).status).toBe(401);
    for (const body of [{}, { password: PASSWORD, name: 'ania' }, [PASSWORD], { password: 7 }]) {
      expect((await zofia.request('POST', '/api/me/delete', body)).status)
        .withContext(JSON.stringify(body))
        .toBe(400);
    }
    expect((await new MemberClient(server.baseUrl).request('POST', '/api/me/delete', { password: PASSWORD })).status).toBe(401);
    expect(await new MemberClient(server.baseUrl).signIn('zofia', PASSWORD)).toBe(200);
  });

  it('deletes an account: private data and personal marks gone, posts kept without the name, attendance kept, the name not reusable', async () => {
    const gone = await jadwiga.request('POST', '/api/me/delete', { password: PASSWORD });
    expect(gone.status).withContext(gone.text).toBe(200);
    expect(await new MemberClient(server.baseUrl).signIn('jadwiga', PASSWORD)).toBe(401);
    expect((await jadwiga.request('GET', '/couch/_session')).json.userCtx.name)
      .withContext('her session ended')
      .toBeNull();
    expect(await server.couch.db.get(userDb('jadwiga')).catch((error) => error.statusCode)).toBe(404);
    const discussion = server.couch.use<Record<string, unknown>>('discussions-pl');
    const post = await discussion.get('post:jadwigasanswer');
    expect(post['author']).toBe(FORMER_MEMBER);
    expect(post['body']).toBe('Half, for weddings.');
    expect(await discussion.get('helpful:aniasanswer:jadwiga').catch((error) => error.statusCode)).toBe(404);
    expect((await discussion.get('post:aniasanswer'))['author']).toBe('ania');
    expect((await discussion.get('post:zofiasanswer'))['author']).toBe('zofia');
    expect((await server.couch.use('workshops-pl').get('enrolment:marketbakers:jadwiga'))._id).toBeDefined();
    const again = await new MemberClient(server.baseUrl).request('POST', '/api/accounts', {
      name: 'jadwiga',
      password: 'someone new takes the name',
      country: 'pl',
    });
    expect(again.status).withContext('the name stays taken').toBe(409);
    const heir = await new MemberClient(server.baseUrl).request('POST', '/api/accounts', {
      name: FORMER_MEMBER,
      password: 'i own their posts now',
      country: 'pl',
    });
    expect(heir.status).withContext('nobody signs up as the former member').toBe(409);
  });
});

import { MemberClient, signedIn, startTestServer, type TestServer } from './support/test-server';
import { revisionGone } from './support/revisions';

const AT = '2026-11-29T09:00:00.000Z';
const PASSWORD = 'she bakes rye on fridays';

/**
 * "Delete my account" rewrites the member's posts under the former member: the revisions before that
 * carry their name, and must not be readable afterwards (POST /api/me/delete, then GET ?rev=, open_revs, _bulk_get).
 */
describe('deleted account – earlier revisions of anonymised documents – member API', () => {
  let server: TestServer;
  beforeAll(async () => (server = await startTestServer()));
  afterAll(() => server.close());

  async function write(client: MemberClient, doc: Record<string, unknown>): Promise<string> {
    const answer = await client.request('PUT', `/couch/discussions-pl/${encodeURIComponent(String(doc['_id']))}`, doc);
    expect(answer.status).withContext(`${doc['_id']}: ${answer.text}`).toBe(201);
    return answer.json.rev as string;
  }

  it("leaves no revision with the member's name: not by ?rev=, open_revs or _bulk_get", async () => {
    const ania = await signedIn(server, 'ania');
    await write(ania, {
      _id: 'thread:hannathread',
      type: 'thread',
      author: 'ania',
      title: 'Rye?',
      body: 'Who bakes it?',
      topic: 'pricing',
      createdAt: AT,
    });
    await write(ania, { _id: 'post:aniasrye', type: 'post', author: 'ania', threadId: 'thread:hannathread', body: 'I do.', createdAt: AT });
    expect(
      (await new MemberClient(server.baseUrl).request('POST', '/api/accounts', { name: 'hanna', password: PASSWORD, country: 'pl' }))
        .status,
    ).toBe(201);
    const hanna = new MemberClient(server.baseUrl);
    expect(await hanna.signIn('hanna', PASSWORD)).toBe(200);
    const postRev = await write(hanna, {
      _id: 'post:hannasrye',
      type: 'post',
      author: 'hanna',
      threadId: 'thread:hannathread',
      body: 'On Fridays.',
      createdAt: AT,
    });
    const markRev = await write(hanna, {
      _id: 'helpful:aniasrye:hanna',
      type: 'helpful',
      author: 'hanna',
      targetId: 'post:aniasrye',
      createdAt: AT,
    });

    const gone = await hanna.request('POST', '/api/me/delete', { password: PASSWORD });
    expect(gone.status).withContext(gone.text).toBe(200);

    const post = '/couch/discussions-pl/post:hannasrye';
    const mark = '/couch/discussions-pl/helpful:aniasrye:hanna';
    expect((await ania.request('GET', post)).json.author).toBe('former-member');
    await revisionGone(ania, post, postRev);
    await revisionGone(ania, mark, markRev);
    for (const [path, rev] of [
      [post, postRev],
      [mark, markRev],
    ] as const) {
      const old = await ania.request('GET', `${path}?rev=${rev}`);
      expect(old.status).withContext(`${path} ${old.text}`).toBe(404);
      const open = await ania.request('GET', `${path}?open_revs=${encodeURIComponent(JSON.stringify([rev]))}`);
      expect(open.text).withContext(path).not.toContain('"author":"hanna"');
      expect(open.text).withContext(path).not.toContain('On Fridays');
    }
    const bulk = await ania.request('POST', '/couch/discussions-pl/_bulk_get', { docs: [{ id: 'post:hannasrye', rev: postRev }] });
    expect(bulk.status).toBe(200);
    expect(bulk.text).not.toContain('"author":"hanna"');
  });
});

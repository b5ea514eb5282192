import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { validateAuthoringDoc } from '../couchdb/authoring/validate-doc-update';
import { validateCatalogDoc } from '../couchdb/catalog/validate-doc-update';
import { validateDocUpdateSource } from '../couchdb/databases';
import { validateDiscussionDoc } from '../couchdb/discussions/validate-doc-update';
import { validateUserDoc } from '../couchdb/userdb/validate-doc-update';
import { validateWorkshopDoc } from '../couchdb/workshops/validate-doc-update';
import { MemberClient, signedIn, startTestServer, userDb, type TestServer } from './support/test-server';

/** sync-server/ and the app's English catalog, from sync-server/dist/test. */
const SERVER_DIR = path.resolve(__dirname, '../..');
const EN_CATALOG = path.resolve(SERVER_DIR, '../src/app/i18n/en.ts');
const CODE = /^[a-z]+(\.[a-z][A-Za-z]*)+$/;

const rules = { validateUserDoc, validateWorkshopDoc, validateDiscussionDoc, validateAuthoringDoc, validateCatalogDoc };

async function sourcesUnder(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await sourcesUnder(full)));
    else if (entry.name.endsWith('.ts')) found.push(await readFile(full, 'utf8'));
  }
  return found;
}

describe('refusal codes – every refusal of the rules and the server names a code the app has words for', () => {
  it('gives every failure of every rule a code as its first argument, and every throw a code', () => {
    for (const [name, rule] of Object.entries(rules)) {
      const source = validateDocUpdateSource(rule);
      const calls = [...source.matchAll(/\bfail\(([^,)]*)/g)].map((match) => match[1]!.trim());
      // The helper's own definition is `function fail(code, message, params)`.
      const uses = calls.filter((first) => first !== 'code');
      expect(uses.length).withContext(name).toBeGreaterThan(0);
      for (const first of uses)
        expect(first)
          .withContext(`${name}: fail(${first}…`)
          .toMatch(/^'[a-z]+(\.[a-z][A-Za-z]*)+'$/);
      for (const thrown of source.match(/throw \{[^}]*\}/g) ?? [])
        expect(thrown)
          .withContext(name)
          .toMatch(/\bcode: /);
    }
  });

  it('has an English message refusal.<code> for every code the rules and the server send', async () => {
    const sources = [...(await sourcesUnder(path.join(SERVER_DIR, 'couchdb'))), ...(await sourcesUnder(path.join(SERVER_DIR, 'src')))].join(
      '\n',
    );
    const codes = new Set([
      ...[...sources.matchAll(/\bfail\('([^']+)'/g)].map((match) => match[1]!),
      ...[...sources.matchAll(/\bcode: '([^']+)'/g)].map((match) => match[1]!),
    ]);
    expect(codes.size).toBeGreaterThan(50);
    const catalog = await readFile(EN_CATALOG, 'utf8');
    for (const code of codes) {
      expect(code).toMatch(CODE);
      // A long message may start on the next line.
      expect(catalog)
        .withContext(code)
        .toMatch(new RegExp(`'refusal\\.${code.replace(/\./g, '\\.')}':\\s`));
    }
  });
});

describe('refusal codes – over HTTP, beside the English reason', () => {
  let server: TestServer;
  let ania: MemberClient;
  let piotr: MemberClient;
  const threadId = 'thread:codes000001';
  const at = () => new Date().toISOString();

  beforeAll(async () => {
    server = await startTestServer();
    ania = await signedIn(server, 'ania');
    piotr = await signedIn(server, 'piotr');
    const discussions = server.couch.use('discussions-pl');
    await discussions.insert({
      _id: threadId,
      type: 'thread',
      author: 'eva',
      title: 'Card fees',
      body: 'Who pays them?',
      topic: 'pricing',
      createdAt: '2026-11-29T09:00:00.000Z',
    } as never);
    await discussions.insert({
      _id: 'moderation:codes000001',
      type: 'moderation',
      author: 'eva',
      targetId: threadId,
      action: 'lock',
      createdAt: '2026-11-29T10:00:00.000Z',
    } as never);
    await server.couch.use('workshops-pl').insert({
      _id: 'cohort:codes2026',
      type: 'cohort',
      kind: 'induction',
      author: 'piotr',
      title: 'Codes',
      facilitators: ['piotr'],
      updatedAt: '2026-11-29T09:00:00.000Z',
    } as never);
  });
  afterAll(async () => server.close());

  it("carries a rule's code and params in a _bulk_docs row and in a refused PUT", async () => {
    const post = {
      _id: 'post:codes000001',
      type: 'post',
      author: 'ania',
      threadId: 'thread:codes000002',
      body: 'x'.repeat(4001),
      createdAt: at(),
    };
    const bulk = await ania.request('POST', '/couch/discussions-pl/_bulk_docs', { docs: [post] });
    expect(bulk.json).toEqual([
      {
        id: post._id,
        error: 'forbidden',
        reason: 'body must be text of 1 to 4000 characters.',
        code: 'field.text',
        params: { field: 'body', max: 4000 },
      },
    ]);
    const put = await ania.request('PUT', `/couch/discussions-pl/${post._id}`, post);
    expect(put.status).toBe(403);
    expect(put.json).toEqual({
      error: 'forbidden',
      reason: 'body must be text of 1 to 4000 characters.',
      code: 'field.text',
      params: { field: 'body', max: 4000 },
    });
    // The member's own private database: its rule's refusals are coded too.
    const progress = { _id: 'progress:nothing', type: 'progress', lessonId: 'no lesson', status: 'started', cardIndex: 0, updatedAt: at() };
    const own = await ania.request('PUT', `/couch/${userDb('ania')}/${progress._id}`, progress);
    expect([own.status, own.json.code, own.json.params]).toEqual([403, 'field.invalid', { field: 'lessonId' }]);
  });

  it("carries the server's write checks' codes: a post into a closed thread, a mark taken back too late", async () => {
    const post = { _id: 'post:codes000003', type: 'post', author: 'ania', threadId, body: 'One more question.', createdAt: at() };
    const locked = await ania.request('POST', '/couch/discussions-pl/_bulk_docs', { docs: [post] });
    expect(locked.json).toEqual([
      {
        id: post._id,
        error: 'forbidden',
        reason: 'This discussion is closed: a moderator closed it to new answers.',
        code: 'thread.locked',
        params: {},
      },
    ]);

    const mark = {
      _id: 'mark:codes000001',
      type: 'mark',
      author: 'piotr',
      cohortId: 'cohort:codes2026',
      session: 1,
      owner: 'ania',
      status: 'present',
      markedAt: '2026-01-10T09:00:00.000Z',
      seen: [],
    };
    const [written] = (await piotr.request('POST', '/couch/workshops-pl/_bulk_docs', { docs: [mark] })).json;
    expect(written.ok).withContext(JSON.stringify(written)).toBeTrue();
    const late = await piotr.request('DELETE', `/couch/workshops-pl/${mark._id}?rev=${written.rev}`);
    expect(late.status).toBe(403);
    expect(late.json.code).toBe('mark.undoTooLate');
    expect(late.json.params).toEqual({ minutes: 10 });
    expect(late.json.reason).toContain('first 10 minutes');
  });

  it("carries a route's code: another member's database, a wrong password, a weak one, an unknown cohort code", async () => {
    const elsewhere = await ania.request('PUT', `/couch/${userDb('jonas')}/settings`, {
      _id: 'settings',
      type: 'settings',
      language: 'en',
      updatedAt: at(),
    });
    expect([elsewhere.status, elsewhere.json.code]).toEqual([403, 'auth.notAllowed']);

    const wrong = await new MemberClient(server.baseUrl).request('POST', '/couch/_session', { name: 'ania', password: 'not her password' });
    expect([wrong.status, wrong.json.code, wrong.json.reason]).toEqual([401, 'auth.wrongCredentials', 'Name or password is incorrect.']);

    const weak = await new MemberClient(server.baseUrl).request('POST', '/api/accounts', {
      name: 'newbaker',
      password: 'short',
      country: 'pl',
    });
    expect(weak.status).toBe(400);
    expect(weak.json).toEqual(jasmine.objectContaining({ field: 'password', code: 'password.tooShort', params: { min: 10 } }));
    expect(weak.json.reason).toContain('at least 10 characters');

    const unknown = await ania.request('POST', '/api/cohorts/join', { code: 'ZZZZZZZZ' });
    expect([unknown.status, unknown.json.code, unknown.json.params]).toEqual([404, 'cohort.codeUnknown', {}]);
  });
});

import { ensureAccount } from '../src/auth/accounts';
import { couchRoles } from '../src/auth/roles';
import { emptyReport } from '../src/couch/provision';
import { MemberClient, signedIn, startTestServer, type TestServer } from './support/test-server';

/** "Forgot password": a coordinator or facilitator makes a one-time code; the member sets a new password with it. */
describe('password resets – POST /api/password-resets, /api/password-resets/use', () => {
  let server: TestServer;
  let eva: MemberClient; // coordinator, pl
  let piotr: MemberClient; // facilitator, pl
  let ania: MemberClient; // owner, pl

  beforeAll(async () => {
    server = await startTestServer();
    eva = await signedIn(server, 'eva');
    piotr = await signedIn(server, 'piotr');
    ania = await signedIn(server, 'ania');
    for (const [name, roles] of [
      ['marta', couchRoles('owner', 'pl')],
      ['olek', couchRoles('owner', 'pl')],
      ['agata', couchRoles('tutor', 'pl')],
      ['rasa', couchRoles('owner', 'lt')],
      ['jan', couchRoles('coordinator', 'pl')],
    ] as const) {
      await ensureAccount(server.couch, { name, password: `${name} starts baking at dawn`, roles: [...roles] }, emptyReport());
    }
  });
  afterAll(async () => server.close());

  async function codeFor(caller: MemberClient, name: string): Promise<string> {
    const made = await caller.request('POST', '/api/password-resets', { name });
    expect(made.status).withContext(made.text).toBe(201);
    expect(made.json.code).toMatch(/^[A-Z2-9]{10}$/);
    return made.json.code;
  }

  function use(body: unknown): Promise<{ status: number; json: any; headers: Headers }> {
    return new MemberClient(server.baseUrl).request('POST', '/api/password-resets/use', body);
  }

  it('lets a facilitator give an owner of their network a code, once: the owner sets a new password, old sessions end', async () => {
    const marta = new MemberClient(server.baseUrl);
    expect(await marta.signIn('marta', 'marta starts baking at dawn')).toBe(200);
    const code = await codeFor(piotr, 'marta');
    const reset = await use({ name: 'marta', code: code.toLowerCase(), newPassword: 'a new loaf every morning' });
    expect(reset.status).toBe(200);
    expect(reset.json.roles).toContain('owner');
    expect(reset.headers.get('set-cookie')).toMatch(/^AuthSession=/);
    expect((await marta.request('GET', '/couch/_session')).json.userCtx.name)
      .withContext('the old session ended')
      .toBeNull();
    expect(await new MemberClient(server.baseUrl).signIn('marta', 'a new loaf every morning')).toBe(200);
    expect(await new MemberClient(server.baseUrl).signIn('marta', 'marta starts baking at dawn')).toBe(401);
    const again = await use({ name: 'marta', code, newPassword: 'someone else takes over' });
    expect(again.status).withContext('a code works once').toBe(400);
    expect(again.json.field).toBe('code');
  });

  it('gives no code to an owner, for a stronger account, across networks, for oneself, or to nobody', async () => {
    expect((await ania.request('POST', '/api/password-resets', { name: 'marta' })).status)
      .withContext('an owner')
      .toBe(403);
    expect((await ania.request('POST', '/api/password-resets', { name: 'nobody-here' })).status)
      .withContext('an owner learns nothing of names')
      .toBe(403);
    expect((await piotr.request('POST', '/api/password-resets', { name: 'agata' })).status)
      .withContext('a facilitator, for a tutor')
      .toBe(403);
    expect((await piotr.request('POST', '/api/password-resets', { name: 'eva' })).status)
      .withContext('a facilitator, for a coordinator')
      .toBe(403);
    expect((await eva.request('POST', '/api/password-resets', { name: 'jan' })).status)
      .withContext('a coordinator, for a coordinator')
      .toBe(403);
    expect((await eva.request('POST', '/api/password-resets', { name: 'eva' })).status)
      .withContext('for oneself')
      .toBe(403);
    expect((await eva.request('POST', '/api/password-resets', { name: 'rasa' })).status)
      .withContext('another network')
      .toBe(403);
    expect((await eva.request('POST', '/api/password-resets', { name: 'nobody-here' })).status).toBe(404);
    expect((await new MemberClient(server.baseUrl).request('POST', '/api/password-resets', { name: 'marta' })).status).toBe(401);
    expect((await eva.request('POST', '/api/password-resets', { name: 'agata' })).status)
      .withContext('a coordinator, for a tutor')
      .toBe(201);
  });

  it('refuses odd requests: unknown fields, names that are not names, bodies that are not objects, huge bodies', async () => {
    for (const body of [
      { name: 'marta', role: '_admin' },
      { name: '_design/x' },
      { name: 'org.couchdb.user:marta' },
      ['marta'],
      'marta',
      null,
      { name: 12 },
    ]) {
      expect((await eva.request('POST', '/api/password-resets', body)).status)
        .withContext(JSON.stringify(body))
        .toBe(400);
    }
    for (const body of [
      { name: 'marta', code: 'ABCDEFGHJK', newPassword: 'long enough password', admin: true },
      { name: 'marta', code: 'ABC', newPassword: 'long enough password' },
      { name: 'marta', code: 'ABCDEFGHJK', newPassword: 'short' },
      ['x'],
    ]) {
      expect((await use(body)).status)
        .withContext(JSON.stringify(body))
        .toBe(400);
    }
    const huge = await use({ name: 'marta', code: 'ABCDEFGHJK', newPassword: 'x'.repeat(200_000) });
    expect(huge.status).toBe(413);
  });

  it('voids a code when the member gains a role its maker may not reset, and when a newer code replaces it', async () => {
    const kept = await codeFor(piotr, 'olek');
    const newer = await codeFor(piotr, 'olek');
    expect((await use({ name: 'olek', code: kept, newPassword: 'with the older code' })).status)
      .withContext('replaced')
      .toBe(400);
    expect((await eva.request('POST', '/api/roles', { name: 'olek', role: 'tutor' })).status).toBe(200);
    expect((await use({ name: 'olek', code: newer, newPassword: 'taking over a tutor' })).status)
      .withContext('a facilitator may not reset a tutor')
      .toBe(400);
    expect((await eva.request('POST', '/api/roles', { name: 'olek', role: 'tutor', granted: false })).status).toBe(200);
  });

  it("does not let one member's code reset another", async () => {
    const code = await codeFor(piotr, 'olek');
    const wrongName = await use({ name: 'marta', code, newPassword: 'taking over marta now' });
    expect(wrongName.status).toBe(400);
    expect((await use({ name: 'olek', code, newPassword: 'my own new password' })).status)
      .withContext('still good for olek')
      .toBe(200);
  });

  it('turns guessing away like password guessing: after a few wrong codes, 429 with Retry-After, the right code too', async () => {
    const code = await codeFor(eva, 'agata');
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++)
      statuses.push((await use({ name: 'agata', code: `WRONG${String(i).padStart(5, '2')}`, newPassword: 'guessing a new one' })).status);
    expect(statuses.slice(0, 5).every((status) => status === 400)).toBeTrue();
    expect(statuses.at(-1)).toBe(429);
    const right = await use({ name: 'agata', code, newPassword: 'guessing a new one' });
    expect(right.status).toBe(429);
    expect(right.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});

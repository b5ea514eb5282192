import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MemberClient, signedIn, startTestServer, type TestServer } from './support/test-server';

describe('network management – roles and invitations – POST /api/roles, /api/invites', () => {
  let server: TestServer;
  let eva: MemberClient; // coordinator, pl
  let ania: MemberClient; // owner, pl

  beforeAll(async () => {
    server = await startTestServer();
    eva = await signedIn(server, 'eva');
    ania = await signedIn(server, 'ania');
  });
  afterAll(async () => server.close());

  async function rolesOf(name: string): Promise<string[]> {
    return ((await server.couch.use('_users').get(`org.couchdb.user:${name}`)) as unknown as { roles: string[] }).roles;
  }

  it('lets a coordinator give an owner of their network a second role, and take it back, keeping the others', async () => {
    const made = await eva.request('POST', '/api/roles', { name: 'ania', role: 'facilitator' });
    expect(made.status).toBe(200);
    expect(await rolesOf('ania')).toEqual(['member', 'country:pl', 'owner', 'owner:pl', 'facilitator', 'facilitator:pl']);
    expect((await eva.request('POST', '/api/roles', { name: 'ania', role: 'facilitator' })).status)
      .withContext('giving it twice')
      .toBe(200);
    expect(await rolesOf('ania')).toEqual(['member', 'country:pl', 'owner', 'owner:pl', 'facilitator', 'facilitator:pl']);
    const back = await eva.request('POST', '/api/roles', { name: 'ania', role: 'facilitator', granted: false });
    expect(back.status).toBe(200);
    expect(await rolesOf('ania')).toEqual(['member', 'country:pl', 'owner', 'owner:pl']);
  });

  it("keeps a peer mentor's earned role when a coordinator makes them a tutor too", async () => {
    const sofia = await signedIn(server, 'sofia');
    expect((await eva.request('POST', '/api/roles', { name: 'sofia', role: 'tutor' })).status).toBe(200);
    expect(await rolesOf('sofia')).toEqual(['member', 'country:pl', 'owner', 'owner:pl', 'peer-mentor', 'tutor', 'tutor:pl']);
    // Her session, made before, carries the new role once the instance's five-second cache of it has
    // passed: no new sign-in (the deadline only bounds a failing run).
    const deadline = Date.now() + 15_000;
    let roles: string[] = [];
    while (!roles.includes('tutor') && Date.now() < deadline) roles = (await sofia.request('GET', '/couch/_session')).json.userCtx.roles;
    expect(roles).toContain('tutor');
  });

  it('refuses a role request with odd fields or values', async () => {
    expect((await eva.request('POST', '/api/roles', { name: 'ania', role: 'tutor', granted: 'yes' })).status).toBe(400);
    expect((await eva.request('POST', '/api/roles', { name: 'ania', role: 'tutor', roles: ['_admin'] })).status).toBe(400);
    expect((await eva.request('POST', '/api/roles', { name: 'ania', role: '_admin' })).status).toBe(400);
    // A name that cannot be a user name is refused before the store is asked (a 20 kB one made it answer 431).
    for (const name of ['x'.repeat(20000), 'Ania', '_users', '../ania', '']) {
      const answer = await eva.request('POST', '/api/roles', { name, role: 'tutor' });
      expect(answer.status).withContext(name.slice(0, 10)).toBe(400);
      expect(answer.text.length).toBeLessThan(400);
    }
    expect(await rolesOf('ania')).not.toContain('_admin');
  });

  it('refuses a coordinator changing someone in another country, a coordinator, or an unknown role', async () => {
    expect((await eva.request('POST', '/api/roles', { name: 'jonas', role: 'tutor' })).status).toBe(403);
    expect((await eva.request('POST', '/api/roles', { name: 'eva', role: 'tutor' })).status).toBe(403);
    expect((await eva.request('POST', '/api/roles', { name: 'ania', role: 'coordinator' })).status).toBe(400);
    expect((await eva.request('POST', '/api/roles', { name: 'nobody-here', role: 'tutor' })).status).toBe(404);
    expect(await rolesOf('jonas')).toEqual(['member', 'country:lt', 'owner', 'owner:lt']);
  });

  it('refuses owners and anonymous callers', async () => {
    expect((await ania.request('POST', '/api/roles', { name: 'ania', role: 'tutor' })).status).toBe(403);
    expect((await ania.request('POST', '/api/invites', { role: 'tutor' })).status).toBe(403);
    expect((await new MemberClient(server.baseUrl).request('POST', '/api/invites', { role: 'tutor' })).status).toBe(401);
  });

  it('hands out an invitation that signs up a facilitator in the coordinator’s network, once', async () => {
    const invite = await eva.request('POST', '/api/invites', { role: 'facilitator' });
    expect(invite.status).toBe(201);
    expect(invite.json.code).toMatch(/^[A-Z2-9]{10}$/);
    expect(invite.json.link).toBe(`/sign-up?invite=${invite.json.code}`);
    const anonymous = new MemberClient(server.baseUrl);
    const signUp = await anonymous.request('POST', '/api/accounts', {
      name: 'newfac',
      password: 'we meet on mondays',
      country: 'fi',
      invite: invite.json.code.toLowerCase(),
    });
    expect(signUp.status).toBe(201);
    expect(await rolesOf('newfac')).toEqual(['member', 'country:pl', 'facilitator', 'facilitator:pl']);
    const again = await anonymous.request('POST', '/api/accounts', {
      name: 'another',
      password: 'we meet on mondays',
      country: 'pl',
      invite: invite.json.code,
    });
    expect(again.status).toBe(400);
    expect(again.json.field).toBe('invite');
    expect(again.json.reason).toContain('used already');
    const unknown = await anonymous.request('POST', '/api/accounts', {
      name: 'another',
      password: 'we meet on mondays',
      country: 'pl',
      invite: 'ZZZZZZZZZZ',
    });
    expect(unknown.json.field).toBe('invite');
  });
});

describe('admin command line – npm run admin', () => {
  const admin = path.resolve(__dirname, '../src/admin.js');
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'me2me-admin-'));
  });
  afterAll(async () => rm(dataDir, { recursive: true, force: true }));

  function run(...args: string[]) {
    return spawnSync(process.execPath, [admin, ...args], { env: { ...process.env, DATA_DIR: dataDir }, encoding: 'utf8', timeout: 60_000 });
  }

  it('creates a coordinator, resets a password, and explains bad input', () => {
    const created = run(
      'create-account',
      '--name',
      'kaisa',
      '--password',
      'northern lights 2026',
      '--role',
      'coordinator',
      '--country',
      'fi',
    );
    expect(created.status).withContext(created.stderr).toBe(0);
    expect(created.stdout).toContain('coordinator:fi');
    const reset = run('reset-password', '--name', 'kaisa', '--password', 'midnight sun 2027');
    expect(reset.status).withContext(reset.stderr).toBe(0);
    const weak = run('reset-password', '--name', 'kaisa', '--password', 'password1');
    expect(weak.status).toBe(2);
    expect(weak.stderr).toContain('--password');
    const wrongRole = run('create-account', '--name', 'x1x', '--password', 'northern lights 2026', '--role', 'king', '--country', 'fi');
    expect(wrongRole.status).toBe(2);
    expect(wrongRole.stderr).toContain('--role must be one of');
  });
});

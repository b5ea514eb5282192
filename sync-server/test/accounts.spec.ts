import { MAX_FAILURES_PER_ACCOUNT } from '../src/auth/sign-in-limiter';
import { passwordProblem } from '../src/auth/password-policy';
import { MemberClient, startTestServer, userDb, type TestServer } from './support/test-server';

describe('password policy', () => {
  it('asks for length, refuses common passwords and the user name, accepts a sentence', () => {
    expect(passwordProblem('short', 'ola')).toContain('at least 10');
    expect(passwordProblem('password123', 'ola')).toContain('most common');
    expect(passwordProblem('Qwertyuiop', 'ola')).toContain('most common');
    expect(passwordProblem('ola-bakery-2026', 'ola')).toContain('user name');
    expect(passwordProblem('aaaaaaaaaaaa', 'ola')).toContain('different characters');
    expect(passwordProblem(undefined, 'ola')).toBe('Choose a password.');
    expect(passwordProblem('my bread rises at dawn', 'ola')).toBeNull();
  });
});

describe('accounts – sign-up, sign-in limits, password change – POST /api/accounts, /couch/_session, /api/password', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server.close());

  async function post(path: string, body: unknown) {
    const client = new MemberClient(server.baseUrl);
    return client.request('POST', path, body);
  }

  it('signs up an owner in a country network, with a private database only they can read', async () => {
    const created = await post('/api/accounts', { name: 'ola', password: 'my bread rises at dawn', country: 'pl', language: 'pl' });
    expect(created.status).toBe(201);
    const signIn = await post('/couch/_session', { name: 'ola', password: 'my bread rises at dawn' });
    expect(signIn.headers.get('set-cookie')).toMatch(/^AuthSession=.*; Max-Age=\d+; SameSite=Lax/);
    const ola = new MemberClient(server.baseUrl);
    expect(await ola.signIn('ola', 'my bread rises at dawn')).toBe(200);
    const session = await ola.request('GET', '/couch/_session');
    expect(session.json.userCtx.roles).toEqual(['member', 'country:pl', 'owner', 'owner:pl']);
    expect((await ola.request('GET', `/couch/${userDb('ola')}/_all_docs`)).status).toBe(200);
    expect((await ola.request('GET', '/couch/discussions-pl/_all_docs')).status).toBe(200);
    expect((await ola.request('GET', '/couch/workshops-pl/_all_docs')).status).toBe(403);
  });

  it('explains each refused sign-up by field, and creates nothing', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ name: 'Ol', password: 'my bread rises at dawn', country: 'pl' }, 'name'],
      [{ name: '<script>', password: 'my bread rises at dawn', country: 'pl' }, 'name'],
      [{ name: 'piet', password: 'my bread rises at dawn', country: 'nl' }, 'country'],
      [{ name: 'piet', password: 'password123', country: 'pl' }, 'password'],
      [{ name: 'piet', country: 'pl' }, 'password'],
    ];
    for (const [body, field] of cases) {
      const answer = await post('/api/accounts', body);
      expect(answer.status).withContext(JSON.stringify(body)).toBe(400);
      expect(answer.json.field).toBe(field);
      expect(answer.json.reason).toEqual(jasmine.any(String));
    }
    await expectAsync(server.couch.use('_users').get('org.couchdb.user:piet')).toBeRejected();
    const taken = await post('/api/accounts', { name: 'ania', password: 'a different long one', country: 'pl' });
    expect(taken.status).toBe(409);
    const malformed = await new MemberClient(server.baseUrl).request('POST', '/api/accounts', '{"name":', {
      'content-type': 'application/json',
    });
    expect(malformed.status).toBe(400);
  });

  it('cannot be used to give yourself another role', async () => {
    const answer = await post('/api/accounts', {
      name: 'sneaky',
      password: 'my bread rises at dawn',
      country: 'pl',
      roles: ['_admin', 'tutor'],
    });
    expect(answer.status).toBe(201);
    const user = (await server.couch.use('_users').get('org.couchdb.user:sneaky')) as unknown as { roles: string[] };
    expect(user.roles).toEqual(['member', 'country:pl', 'owner', 'owner:pl']);
  });

  it('stops guessing after five wrong passwords for an account, with a clear message', async () => {
    await post('/api/accounts', { name: 'target', password: 'a long and good one', country: 'lt' });
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) {
      expect((await post('/couch/_session', { name: 'target', password: `guess-${i}` })).status).toBe(401);
    }
    const blocked = await post('/couch/_session', { name: 'target', password: 'a long and good one' });
    expect(blocked.status).toBe(429);
    expect(blocked.json.reason).toContain('Try again in');
    expect(blocked.headers.get('retry-after')).toMatch(/^\d+$/);
    // Other accounts from elsewhere are not affected.
    expect((await post('/couch/_session', { name: 'jonas', password: 'plumbing-2026' })).status).toBe(200);
  });

  it('changes a password after checking the current one, and signs the device in with the new one', async () => {
    await post('/api/accounts', { name: 'changer', password: 'first long password', country: 'fi' });
    const wrong = await post('/api/password', { name: 'changer', password: 'not it at all', newPassword: 'second long password' });
    expect(wrong.status).toBe(401);
    const weak = await post('/api/password', { name: 'changer', password: 'first long password', newPassword: 'password1' });
    expect(weak.status).toBe(400);
    expect(weak.json.field).toBe('newPassword');
    const changed = await post('/api/password', { name: 'changer', password: 'first long password', newPassword: 'second long password' });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('set-cookie')).toContain('AuthSession=');
    expect(changed.json.roles)
      .withContext('the app keeps the roles the answer names')
      .toEqual(jasmine.arrayContaining(['owner']));
    expect((await post('/couch/_session', { name: 'changer', password: 'first long password' })).status).toBe(401);
    expect((await post('/couch/_session', { name: 'changer', password: 'second long password' })).status).toBe(200);
  });
});

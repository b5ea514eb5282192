import { createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { couchClient } from '../src/couch/client';
import { PASSWORD_ITERATIONS, startEmbeddedStore } from '../src/couch/embedded-store';
import { MemberClient, progressDoc, signedIn, startTestServer, userDb, type TestServer } from './support/test-server';

const ATTEMPTS_DB = 'me2me-auth-attempts';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function uploadName(bytes: Buffer, extension: string): string {
  return `u-${createHash('sha256').update(bytes).digest('hex')}.${extension}`;
}

/** A raw connection to the server; `closed` resolves with everything the server sent before it hung up. */
function rawConnection(baseUrl: string): { socket: Socket; opened: Promise<void>; answered: Promise<void>; closed: Promise<string> } {
  const { port } = new URL(baseUrl);
  const socket = connect(Number(port), '127.0.0.1');
  let received = '';
  socket.on('data', (chunk) => (received += chunk.toString('latin1')));
  socket.on('error', () => undefined);
  return {
    socket,
    opened: new Promise((resolve) => socket.once('connect', () => resolve())),
    answered: new Promise((resolve) => socket.once('data', () => resolve())),
    closed: new Promise((resolve) => socket.once('close', () => resolve(received))),
  };
}

describe('hardening – security headers on every answer (L3)', () => {
  let server: TestServer;
  let appDir: string;

  beforeAll(async () => {
    appDir = await mkdtemp(path.join(tmpdir(), 'me2me-app-'));
    await writeFile(path.join(appDir, 'index.html'), '<!doctype html><title>x</title><app-root></app-root>');
    server = await startTestServer({ APP_DIR: appDir });
  });
  afterAll(async () => {
    await server.close();
    await rm(appDir, { recursive: true, force: true });
  });

  it('sends a content security policy, nosniff, no referrer and no framing, and no HSTS over plain HTTP', async () => {
    const anonymous = new MemberClient(server.baseUrl);
    for (const address of ['/', '/healthz', '/api/nothing-here', '/couch/_session', '/media/nothing.webp']) {
      const { headers } = await anonymous.request('GET', address, undefined, { accept: 'text/html' });
      const csp = headers.get('content-security-policy') ?? '';
      expect(csp).withContext(address).toContain("frame-ancestors 'none'");
      expect(csp).withContext(address).toContain("object-src 'none'");
      expect(csp).withContext(address).toContain("base-uri 'self'");
      expect(csp).withContext(address).toContain("connect-src 'self'");
      expect(csp)
        .withContext(address)
        .toMatch(/script-src 'self'[^;]*;/);
      expect(/script-src[^;]*'unsafe-inline'/.test(csp))
        .withContext(`${address}: no inline scripts`)
        .toBeFalse();
      expect(/script-src[^;]*'unsafe-eval'/.test(csp))
        .withContext(`${address}: nothing compiled at run time`)
        .toBeFalse();
      expect(headers.get('x-content-type-options')).withContext(address).toBe('nosniff');
      expect(headers.get('referrer-policy')).withContext(address).toBe('no-referrer');
      expect(headers.get('cross-origin-opener-policy')).withContext(address).toBe('same-origin');
      expect(headers.get('strict-transport-security')).withContext(address).toBeNull();
    }
  });

  it('sends HSTS when the request came over HTTPS through a trusted proxy', async () => {
    const behindProxy = await startTestServer({ TRUST_PROXY: 'loopback' });
    try {
      const client = new MemberClient(behindProxy.baseUrl);
      const secure = await client.request('GET', '/healthz', undefined, { 'x-forwarded-proto': 'https' });
      expect(secure.headers.get('strict-transport-security')).toBe('max-age=31536000');
      const plain = await client.request('GET', '/healthz');
      expect(plain.headers.get('strict-transport-security')).toBeNull();
    } finally {
      await behindProxy.close();
    }
    // Without TRUST_PROXY nobody may claim HTTPS for the server.
    const claimed = await new MemberClient(server.baseUrl).request('GET', '/healthz', undefined, { 'x-forwarded-proto': 'https' });
    expect(claimed.headers.get('strict-transport-security')).toBeNull();
  });
});

describe('hardening – uploads that start like a picture but hold a page (I3)', () => {
  let server: TestServer;
  let ania: MemberClient;

  beforeAll(async () => {
    server = await startTestServer();
    ania = await signedIn(server, 'ania');
  });
  afterAll(async () => server.close());

  async function upload(bytes: Buffer, name = uploadName(bytes, 'png')) {
    const cookie = (ania as unknown as { cookie: string }).cookie;
    const response = await fetch(`${server.baseUrl}/api/media/${name}`, {
      method: 'PUT',
      headers: { cookie, 'content-type': 'application/octet-stream' },
      body: new Uint8Array(bytes),
    });
    return { status: response.status, json: (await response.json()) as { reason?: string } };
  }

  it('refuses a PNG signature followed by HTML or a script, with 415 and the reason', async () => {
    for (const markup of [
      '<html><body>Sign in again</body></html>',
      '\n<script>fetch("/couch/_session")</script>',
      '<!DOCTYPE html><p>hi',
    ]) {
      const bytes = Buffer.concat([PNG_SIGNATURE, Buffer.from(markup, 'latin1'), randomBytes(32)]);
      const refused = await upload(bytes);
      expect(refused.status).withContext(markup).toBe(415);
      expect(refused.json.reason).withContext(markup).toContain('markup');
      const stored = await ania.request('GET', `/media/${uploadName(bytes, 'png')}`);
      expect(stored.status).withContext(markup).toBe(404);
    }
  });

  it('serves an accepted picture as its type, inline, never sniffed', async () => {
    const bytes = Buffer.concat([PNG_SIGNATURE, randomBytes(256)]);
    expect((await upload(bytes)).status).toBe(201);
    const served = await ania.request('GET', `/media/${uploadName(bytes, 'png')}`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('content-disposition')).toBe('inline');
    expect(served.headers.get('content-security-policy')).toContain('sandbox');
  });
});

describe('hardening – client addresses are not taken from X-Forwarded-For (I2)', () => {
  let server: TestServer;

  beforeAll(async () => (server = await startTestServer()));
  afterAll(async () => server.close());

  it('counts failed sign-ins against the connecting address, not a forged one', async () => {
    for (const forged of ['203.0.113.7', '198.51.100.23']) {
      const status = await new MemberClient(server.baseUrl).request(
        'POST',
        '/couch/_session',
        { name: 'ania', password: 'not her password at all' },
        { 'x-forwarded-for': forged },
      );
      expect(status.status).toBe(401);
    }
    const ids = (await server.couch.use(ATTEMPTS_DB).list()).rows.map((row) => row.id);
    expect(ids.some((id) => id.includes('127.0.0.1')))
      .withContext(ids.join(', '))
      .toBeTrue();
    expect(ids.some((id) => id.includes('203.0.113.7') || id.includes('198.51.100.23')))
      .withContext(ids.join(', '))
      .toBeFalse();
  });
});

describe('hardening – sign-up is limited per address (L5)', () => {
  const LIMIT = 6;
  let server: TestServer;

  beforeAll(async () => (server = await startTestServer({ SIGN_UPS_PER_ADDRESS_PER_HOUR: String(LIMIT) })));
  afterAll(async () => server.close());

  it(`makes SIGN_UPS_PER_ADDRESS_PER_HOUR (here ${LIMIT}) accounts an hour from one address, then answers 429 with Retry-After`, async () => {
    const client = new MemberClient(server.baseUrl);
    const signUp = (name: string, forged: string, password = 'baking bread at dawn 42') =>
      client.request('POST', '/api/accounts', { name, password, country: 'pl' }, { 'x-forwarded-for': forged });

    // Refused sign-ups (a taken name, a weak password) give their place back.
    expect((await signUp('ania', '10.1.1.1')).status).toBe(409);
    expect((await signUp('weakling', '10.1.1.2', 'short')).status).toBe(400);
    for (let i = 0; i < LIMIT; i++) {
      expect((await signUp(`flood-${i}`, `10.2.0.${i}`)).status)
        .withContext(`account ${i}`)
        .toBe(201);
    }
    const refused = await signUp('flood-last', '10.9.9.9');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(3600);
    expect(refused.json.reason).toContain('Too many accounts');
    expect(
      await server.couch
        .use('_users')
        .get('org.couchdb.user:flood-last')
        .catch(() => null),
    ).toBeNull();
    const ids = (await server.couch.use(ATTEMPTS_DB).list()).rows.map((row) => row.id);
    expect(ids).toContain('signup:127.0.0.1');
  });
});

describe('hardening – idle kept-alive connections', () => {
  let server: TestServer;

  // Behind a load balancer that keeps idle connections longer than the server (60 s at least, for
  // long-polls), the balancer reuses a connection the server has just closed, and the phone gets a 502.
  beforeAll(async () => (server = await startTestServer({ KEEP_ALIVE_TIMEOUT_SECONDS: '1' })));
  afterAll(async () => server.close());

  it('keeps an idle connection open for KEEP_ALIVE_TIMEOUT_SECONDS, then closes it', async () => {
    const idle = rawConnection(server.baseUrl);
    await idle.opened;
    idle.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    await idle.answered;
    const answeredAt = Date.now();
    try {
      await idle.closed;
      // Node's default (5 s) would close it later; a server that ignored the setting, too.
      expect(Date.now() - answeredAt).toBeGreaterThanOrEqual(900);
      expect(Date.now() - answeredAt).toBeLessThan(4500);
    } finally {
      idle.socket.destroy();
    }
  }, 10_000);
});

describe('hardening – slow clients and too many connections (L6)', () => {
  let server: TestServer;

  beforeAll(async () => (server = await startTestServer({ HEADERS_TIMEOUT_SECONDS: '1', REQUEST_TIMEOUT_SECONDS: '2' })));
  afterAll(async () => server.close());

  it('cuts a client that sends its headers slowly after the headers timeout', async () => {
    const started = Date.now();
    const slow = rawConnection(server.baseUrl);
    await slow.opened;
    slow.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
    try {
      const received = await slow.closed;
      expect(Date.now() - started).toBeLessThan(5000);
      expect(received).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      slow.socket.destroy();
    }
  }, 10_000);

  it('cuts a client that sends its body slowly after the request timeout', async () => {
    const started = Date.now();
    const slow = rawConnection(server.baseUrl);
    await slow.opened;
    slow.socket.write(
      'POST /api/accounts HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"name": "slo',
    );
    try {
      const received = await slow.closed;
      expect(Date.now() - started).toBeLessThan(6000);
      expect(received).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      slow.socket.destroy();
    }
  }, 10_000);

  it('does not cut a long-poll answer that lasts longer than the request timeout (a guard: Node times requests, not answers)', async () => {
    const ania = await signedIn(server, 'ania');
    const db = userDb('ania');
    const started = Date.now();
    const poll = ania.request('GET', `/couch/${db}/_changes?feed=longpoll&since=now&timeout=20000`);
    await new Promise((resolve) => setTimeout(resolve, 3000)); // longer than REQUEST_TIMEOUT_SECONDS, on purpose
    const write = await ania.request('PUT', `/couch/${db}/progress:lesson:late`, progressDoc('late'));
    expect(write.status).toBe(201);
    const answer = await poll;
    expect(answer.status).toBe(200);
    expect(answer.json?.results?.length).toBeGreaterThan(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2900);
  }, 30_000);

  it('refuses connections past MAX_CONNECTIONS', async () => {
    const capped = await startTestServer({ MAX_CONNECTIONS: '4' });
    const held = Array.from({ length: 4 }, () => rawConnection(capped.baseUrl));
    try {
      await Promise.all(held.map((connection) => connection.opened));
      // A connection counts once the server has taken it: an answer on each makes sure.
      for (const connection of held) connection.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      await Promise.all(held.map((connection) => connection.answered));
      const extra = rawConnection(capped.baseUrl);
      await extra.opened;
      extra.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
      expect(await extra.closed).toBe('');
    } finally {
      for (const connection of held) connection.socket.destroy();
      await capped.close();
    }
  });
});

describe('hardening – the store keeps its files private (L4)', () => {
  let root: string;

  beforeEach(async () => (root = await mkdtemp(path.join(tmpdir(), 'me2me-perm-'))));
  afterEach(async () => rm(root, { recursive: true, force: true }));

  const mode = async (file: string) => (await stat(file)).mode & 0o777;

  it('creates DATA_DIR and the store folder 0700 and the log 0600, and so do the store files', async () => {
    const dataDir = path.join(root, 'data');
    const store = await startEmbeddedStore(dataDir);
    try {
      await couchClient(store.url).db.create('private-things');
      expect(await mode(dataDir)).toBe(0o700);
      expect(await mode(path.join(dataDir, 'store'))).toBe(0o700);
      expect(await mode(path.join(dataDir, 'store-log.txt'))).toBe(0o600);
      const files = await readdir(path.join(dataDir, 'store'), { recursive: true });
      for (const file of files) {
        expect((await mode(path.join(dataDir, 'store', file))) & 0o077)
          .withContext(file)
          .toBe(0);
      }
    } finally {
      await store.close();
    }
  });

  it('makes an older, readable data directory private at start', async () => {
    const dataDir = path.join(root, 'data');
    await mkdir(path.join(dataDir, 'store'), { recursive: true });
    await writeFile(path.join(dataDir, 'store-log.txt'), 'old log\n');
    await chmod(dataDir, 0o755);
    await chmod(path.join(dataDir, 'store'), 0o755);
    await chmod(path.join(dataDir, 'store-log.txt'), 0o644);
    const store = await startEmbeddedStore(dataDir);
    try {
      expect(await mode(dataDir)).toBe(0o700);
      expect(await mode(path.join(dataDir, 'store'))).toBe(0o700);
      expect(await mode(path.join(dataDir, 'store-log.txt'))).toBe(0o600);
    } finally {
      await store.close();
    }
  });

  it('answers nothing anonymous on its loopback port, and hashes new passwords with more than 10 rounds', async () => {
    const store = await startEmbeddedStore(path.join(root, 'data'));
    try {
      const address = new URL(store.url);
      const anonymous = `${address.protocol}//${address.host}`;
      for (const route of ['/_all_dbs', '/', '/_users/_all_docs', '/_session']) {
        expect((await fetch(`${anonymous}${route}`)).status)
          .withContext(route)
          .toBe(401);
      }
      const couch = couchClient(store.url);
      await couch
        .use('_users')
        .insert({ _id: 'org.couchdb.user:hashed', name: 'hashed', type: 'user', roles: [], password: 'a long enough password' } as never);
      const stored = (await couch.use('_users').get('org.couchdb.user:hashed')) as unknown as { iterations: number };
      expect(stored.iterations).withContext('a number, as CouchDB keeps it').toBe(PASSWORD_ITERATIONS);
      expect(PASSWORD_ITERATIONS).toBeGreaterThanOrEqual(1000);
    } finally {
      await store.close();
    }
  });
});

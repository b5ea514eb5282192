import { randomBytes } from 'node:crypto';
import type { Request } from 'express';
import { MemberSessions, SESSION_COOKIE } from '../src/gateway/member-sessions';
import { StoreClient } from '../src/gateway/store-client';
import { startTestServer, type TestServer } from './support/test-server';

describe('member sessions – made-up cookies', () => {
  let server: TestServer;
  beforeAll(async () => (server = await startTestServer()));
  afterAll(async () => server.close());

  /** A request from `ip` carrying a well-formed session cookie for a name, with a secret nobody was given. */
  function madeUp(ip: string): Request {
    const token = `${Buffer.from('ania').toString('hex')}.${randomBytes(32).toString('base64url')}`;
    return { ip, headers: { cookie: `${SESSION_COOKIE}=${token}` } } as unknown as Request;
  }

  it('stops asking the store about one address once its cookies keep naming no session, and not about the others', async () => {
    const store = new StoreClient(new URL(server.store.url));
    let reads = 0;
    const counted = { json: (...args: Parameters<StoreClient['json']>) => ((reads += 1), store.json(...args)) } as unknown as StoreClient;
    const sessions = new MemberSessions(counted);
    for (let i = 0; i < 300; i++) expect((await sessions.callerOf(madeUp('10.0.0.66')))?.name).toBeNull();
    expect(reads).toBeGreaterThan(0);
    expect(reads).toBeLessThanOrEqual(2 * 120);
    const before = reads;
    expect((await sessions.callerOf(madeUp('10.0.0.7')))?.name).toBeNull();
    expect(reads).withContext('another address is still looked up').toBeGreaterThan(before);
  });
});

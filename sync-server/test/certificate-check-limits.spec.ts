import { MemberLimits } from '../src/gateway/member-limits';
import { MemberClient, startTestServer, type TestServer } from './support/test-server';

/** Guessing certificate codes from many addresses (GET /api/certificates/<code>), and the counters that stop it. */
describe('certificate check limits – GET /api/certificates/:code – by network, not by address', () => {
  let server: TestServer;
  beforeAll(async () => (server = await startTestServer({ CERTIFICATE_CHECKS_PER_ADDRESS_PER_MINUTE: '3', TRUST_PROXY: 'loopback' })));
  afterAll(() => server.close());

  const checkFrom = async (address: string) =>
    (await new MemberClient(server.baseUrl).request('GET', '/api/certificates/2222-2222-2222', undefined, { 'x-forwarded-for': address }))
      .status;

  it('counts every address of one IPv6 /64 together (a home network has 2^64 of them)', async () => {
    const statuses: number[] = [];
    for (const address of ['2001:db8:1:2::1', '2001:db8:1:2::2', '2001:db8:1:2:ffff::3', '2001:0db8:0001:0002:0000:0000:0000:0004'])
      statuses.push(await checkFrom(address));
    expect(statuses).toEqual([404, 404, 404, 429]);
    expect(await checkFrom('2001:db8:1:3::1'))
      .withContext('the next /64')
      .toBe(404);
  });

  it('counts IPv4 addresses one by one, however they are written', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push(await checkFrom(i % 2 ? '192.0.2.7' : '::ffff:192.0.2.7'));
    expect(statuses).toEqual([404, 404, 404, 429]);
    expect(await checkFrom('192.0.2.8')).toBe(404);
  });
});

describe('member limits – many names at once', () => {
  it('forgets the oldest counters when it holds too many, never the one being flooded from just now', () => {
    const now = 1_000_000;
    const limits = new MemberLimits(0, 2, 60_000, () => now);
    limits.admit('early');
    for (let i = 0; i < 49_998; i++) limits.admit(`filler${i}`);
    expect([limits.admit('flooder'), limits.admit('flooder')]).toEqual([0, 0]);
    expect(limits.admit('flooder')).toBeGreaterThan(0);
    // More names than it keeps: the earliest go, and the flood goes on being refused.
    for (let i = 0; i < 10; i++) limits.admit(`newcomer${i}`);
    expect(limits.admit('flooder')).toBeGreaterThan(0);
  });
});

import { ensureAccount } from '../src/auth/accounts';
import { couchRoles } from '../src/auth/roles';
import { emptyReport } from '../src/couch/provision';
import { AttendanceProjector, PROJECTION_ID } from '../src/workshops/attendance-projector';
import { CERTIFICATES_DB } from '../src/workshops/certificates';
import { MemberClient, signedIn, startTestServer, userDb, waitForDoc, type TestServer } from './support/test-server';

const NOW = '2026-10-05T09:00:00.000Z';

/** A deleted enrolment withdraws the certificate it led to; only owners join cohorts by code. */
describe('enrolments – DELETE /couch/workshops-<cc>/enrolment:…, POST /api/cohorts/join', () => {
  let server: TestServer;
  beforeAll(async () => (server = await startTestServer()));
  afterAll(() => server.close());

  /** The owner completes the four sessions of a cohort of their own; returns their certificate's code. */
  async function complete(cohort: string, owner: string): Promise<string> {
    const db = server.couch.use('workshops-pl');
    await db.insert({
      _id: `cohort:${cohort}`,
      type: 'cohort',
      kind: 'induction',
      author: 'piotr',
      title: cohort,
      facilitators: ['piotr'],
      updatedAt: NOW,
    } as never);
    await db.insert({
      _id: `enrolment:${cohort}:${owner}`,
      type: 'enrolment',
      author: 'piotr',
      cohortId: `cohort:${cohort}`,
      owner,
      updatedAt: NOW,
    } as never);
    for (const session of [1, 2, 3, 4]) {
      await db.insert({
        _id: `mark:${cohort}${owner}${session}`,
        type: 'mark',
        author: 'piotr',
        cohortId: `cohort:${cohort}`,
        session,
        owner,
        status: 'present',
        markedAt: `2026-10-0${session}T18:00:00.000Z`,
        seen: [],
        updatedAt: NOW,
      } as never);
    }
    await new AttendanceProjector(server.couch, 0).projectDatabase('workshops-pl');
    const projection = await server.couch.use<{ data: { certificateCode?: string } }>(userDb(owner)).get(PROJECTION_ID);
    expect(projection.data.certificateCode).toBeDefined();
    return projection.data.certificateCode!;
  }

  /** The cohort's facilitator deletes the enrolment outright (not a withdrawal), through the member API. */
  async function deleteEnrolment(cohort: string, owner: string): Promise<void> {
    const piotr = await signedIn(server, 'piotr');
    const path = `/couch/workshops-pl/enrolment:${cohort}:${owner}`;
    const stored = await piotr.request('GET', path);
    const deleted = await piotr.request('DELETE', `${path}?rev=${stored.json._rev}`);
    expect(deleted.status).withContext(deleted.text).toBe(200);
  }

  const check = (code: string) => new MemberClient(server.baseUrl).request('GET', `/api/certificates/${code}`);

  it('withdraws the certificate as soon as the enrolment is deleted', async () => {
    const code = await complete('deleted01', 'ania');
    expect((await check(code)).status).toBe(200);
    const projector = new AttendanceProjector(server.couch, 0);
    projector.start();
    try {
      await deleteEnrolment('deleted01', 'ania');
      await waitForDoc(server.couch, CERTIFICATES_DB, `code:${code}`, (doc) => doc?.withdrawn === true);
    } finally {
      projector.stop();
    }
    expect((await check(code)).status).toBe(410);
  });

  it('withdraws it too when the deletion happened while no projector ran', async () => {
    const code = await complete('deleted02', 'sofia');
    await deleteEnrolment('deleted02', 'sofia');
    await new AttendanceProjector(server.couch, 0).projectDatabase('workshops-pl');
    expect((await check(code)).status).toBe(410);
    const projection = await server.couch.use<{ data: { completed: boolean } }>(userDb('sofia')).get(PROJECTION_ID);
    expect(projection.data.completed).toBeFalse();
  });

  it('lets only owners of the network join by code: not a coordinator, nor staff of the cohort', async () => {
    const piotr = await signedIn(server, 'piotr');
    const cohort = {
      _id: 'cohort:joinonly01',
      type: 'cohort',
      kind: 'induction',
      author: 'piotr',
      title: 'Owners only',
      joinCode: 'Q7PX2MQB',
      updatedAt: NOW,
    };
    expect((await piotr.request('PUT', `/couch/workshops-pl/${cohort._id}`, cohort)).status).toBe(201);

    const coordinator = await signedIn(server, 'eva');
    const refused = await coordinator.request('POST', '/api/cohorts/join', { code: 'Q7PX2MQB' });
    expect(refused.status).toBe(403);
    expect(refused.json.code).toBe('enrolment.notOwner');
    expect(
      await server.couch
        .use('workshops-pl')
        .get('enrolment:joinonly01:eva')
        .catch((error) => error.statusCode),
    ).toBe(404);

    // A facilitator who is also an owner joins another's cohort, not their own.
    const roles = [...couchRoles('facilitator', 'pl'), 'owner', 'owner:pl'];
    await ensureAccount(server.couch, { name: 'kasia', password: 'facilitates-and-bakes', roles }, emptyReport());
    const kasia = new MemberClient(server.baseUrl);
    expect(await kasia.signIn('kasia', 'facilitates-and-bakes')).toBe(200);
    expect((await kasia.request('POST', '/api/cohorts/join', { code: 'Q7PX2MQB' })).status).toBe(200);
    const own = { ...cohort, _id: 'cohort:joinonly02', author: 'kasia', joinCode: 'Q7PX2MQC' };
    expect((await kasia.request('PUT', `/couch/workshops-pl/${own._id}`, own)).status).toBe(201);
    const self = await kasia.request('POST', '/api/cohorts/join', { code: 'Q7PX2MQC' });
    expect(self.status).toBe(403);
    expect(self.json.code).toBe('enrolment.self');
  });
});

import { validateWorkshopDoc } from '../couchdb/workshops/validate-doc-update';
import { ensureAccount } from '../src/auth/accounts';
import { couchRoles } from '../src/auth/roles';
import { emptyReport } from '../src/couch/provision';
import { AttendanceProjector, PEER_MENTOR, PROJECTION_ID } from '../src/workshops/attendance-projector';
import { MemberClient, signedIn, startTestServer, userDb, waitForDoc, type TestServer } from './support/test-server';

const security = { members: { names: [], roles: ['facilitator:pl', 'coordinator:pl'] } };
const piotr = { name: 'piotr', roles: ['member', 'country:pl', 'facilitator', 'facilitator:pl'] };
const ania = { name: 'ania', roles: ['member', 'country:pl', 'owner', 'owner:pl'] };
const kasia = { name: 'kasia', roles: ['member', 'country:pl', 'facilitator', 'facilitator:pl'] };
const eva = { name: 'eva', roles: ['member', 'country:pl', 'coordinator', 'coordinator:pl'] };
const evaInLithuania = { name: 'eva', roles: ['member', 'country:lt', 'coordinator', 'coordinator:lt', 'facilitator:pl'] };
const NOW = '2026-03-14T18:00:00.000Z';
const mark = {
  _id: 'mark:spring0001',
  type: 'mark',
  author: 'piotr',
  cohortId: 'cohort:spring2026',
  session: 1,
  owner: 'ania',
  status: 'present',
  markedAt: NOW,
  seen: [],
  updatedAt: NOW,
};

function refusal(newDoc: unknown, oldDoc: unknown, user: unknown): string | null {
  try {
    validateWorkshopDoc(newDoc, oldDoc, user, security);
    return null;
  } catch (error) {
    return (error as { forbidden: string }).forbidden;
  }
}

describe('workshop rules (validate_doc_update of workshops-<cc>)', () => {
  it("takes attendance marks from this country's facilitators, as themselves, never lets one change, and lets its author take it back", () => {
    expect(refusal(mark, null, piotr)).toBeNull();
    expect(refusal(mark, null, ania)).toContain('Only');
    expect(refusal({ ...mark, author: 'eva' }, null, piotr)).toContain('your own user name');
    expect(refusal({ ...mark, status: 'absent' }, mark, piotr)).toContain('never changed');
    expect(refusal({ ...mark, _deleted: true }, mark, piotr))
      .withContext('an undo by its author')
      .toBeNull();
    expect(refusal({ ...mark, author: 'kasia', _deleted: true }, mark, kasia))
      .withContext("another facilitator's mark")
      .toContain('never changed');
  });

  it('refuses malformed marks, enrolments and cohorts with the field that is wrong', () => {
    expect(refusal({ ...mark, session: 5 }, null, piotr)).toContain('session');
    expect(refusal({ ...mark, status: 'asleep' }, null, piotr)).toContain('status');
    expect(refusal({ ...mark, seen: 'all' }, null, piotr)).toContain('seen');
    expect(refusal({ ...mark, owner: '<script>' }, null, piotr)).toContain('owner');
    const enrolment = {
      _id: 'enrolment:spring2026:ania',
      type: 'enrolment',
      author: 'piotr',
      cohortId: 'cohort:spring2026',
      owner: 'ania',
      updatedAt: NOW,
    };
    expect(refusal(enrolment, null, piotr)).toBeNull();
    expect(refusal({ ...enrolment, _id: 'enrolment:spring2026:jonas' }, null, piotr)).toContain('enrolment:<cohort>:<owner>');
    const cohort = {
      _id: 'cohort:spring2026',
      type: 'cohort',
      kind: 'induction',
      author: 'piotr',
      title: 'Spring',
      sessions: [{ number: 1, date: '2026-03-14' }],
      updatedAt: NOW,
    };
    expect(refusal(cohort, null, piotr)).toBeNull();
    expect(refusal({ ...cohort, sessions: [{ number: 2 }] }, null, piotr)).toContain('sessions[0].number');
    expect(refusal({ ...cohort, sessions: [{ number: 1, date: 'next week' }] }, null, piotr)).toContain('date');
  });

  it("lets only a cohort's author or a coordinator of the country change or delete it, and keeps its author", () => {
    const cohort = {
      _id: 'cohort:spring2026',
      _rev: '1-a',
      type: 'cohort',
      kind: 'induction',
      author: 'piotr',
      title: 'Spring',
      facilitators: ['piotr', 'kasia'],
      updatedAt: NOW,
    };
    expect(refusal({ ...cohort, title: 'Spring, moved' }, cohort, piotr)).toBeNull();
    expect(refusal({ ...cohort, _deleted: true }, cohort, piotr)).toBeNull();
    expect(refusal({ ...cohort, title: 'Mine now', author: 'kasia' }, cohort, kasia))
      .withContext('a co-facilitator')
      .toContain("cohort's author or a coordinator");
    expect(refusal({ ...cohort, title: 'Mine now' }, cohort, kasia)).toContain("cohort's author or a coordinator");
    expect(refusal({ _id: cohort._id, _rev: cohort._rev, _deleted: true }, cohort, kasia))
      .withContext('deleting')
      .toContain("cohort's author or a coordinator");
    expect(refusal({ ...cohort, facilitators: ['piotr'] }, cohort, eva))
      .withContext('a coordinator')
      .toBeNull();
    expect(refusal({ _id: cohort._id, _rev: cohort._rev, _deleted: true }, cohort, eva)).toBeNull();
    expect(refusal({ ...cohort, author: 'eva' }, cohort, eva)).toContain('author of a cohort does not change');
    expect(refusal({ ...cohort, author: 'kasia' }, cohort, piotr)).toContain('author of a cohort does not change');
    expect(refusal({ ...cohort, title: 'Mine now' }, cohort, evaInLithuania))
      .withContext("another country's coordinator")
      .toContain("cohort's author or a coordinator");
    expect(refusal({ ...cohort, author: 'kasia' }, { ...cohort, _deleted: true }, kasia))
      .withContext('a new cohort where one was deleted')
      .toBeNull();
  });
});

describe('workshops over HTTP', () => {
  let server: TestServer;
  beforeAll(async () => (server = await startTestServer()));
  afterAll(async () => server.close());

  it('lets an owner join a cohort of their own network with its code, and nothing else', async () => {
    const facilitator = await signedIn(server, 'piotr');
    const cohort = {
      _id: 'cohort:joincode01',
      type: 'cohort',
      kind: 'induction',
      author: 'piotr',
      title: 'Joinable',
      joinCode: 'K7PX2MQA',
      updatedAt: NOW,
    };
    expect((await facilitator.request('PUT', `/couch/workshops-pl/${cohort._id}`, cohort)).status).toBe(201);
    const owner = await signedIn(server, 'ania');
    const joined = await owner.request('POST', '/api/cohorts/join', { code: 'k7px2mqa' });
    expect(joined.status).withContext(joined.text).toBe(200);
    expect(joined.json.title).toBe('Joinable');
    const enrolment = (await server.couch.use('workshops-pl').get('enrolment:joincode01:ania')) as unknown as { owner: string };
    expect(enrolment.owner).toBe('ania');
    expect((await owner.request('POST', '/api/cohorts/join', { code: 'K7PX2MQA' })).status)
      .withContext('joining twice is harmless')
      .toBe(200);
    expect((await owner.request('POST', '/api/cohorts/join', { code: 'ZZZZZZZZ' })).status).toBe(404);
    expect((await owner.request('POST', '/api/cohorts/join', { code: '<script>' })).status).toBe(400);
    const lithuanian = await signedIn(server, 'jonas');
    expect((await lithuanian.request('POST', '/api/cohorts/join', { code: 'K7PX2MQA' })).status)
      .withContext("another country's cohort")
      .toBe(404);
    expect((await new MemberClient(server.baseUrl).request('POST', '/api/cohorts/join', { code: 'K7PX2MQA' })).status).toBe(401);
    // The cohort's own facilitator, who is no owner, cannot enrol themselves with its code
    // (staff who are also owners: enrolment-hardening.spec.ts).
    const own = await facilitator.request('POST', '/api/cohorts/join', { code: 'K7PX2MQA' });
    expect(own.status).toBe(403);
    expect(own.json.code).toBe('enrolment.notOwner');

    // Taken off the cohort by its facilitator, the owner cannot put themselves back with the code.
    const stored = (await facilitator.request('GET', '/couch/workshops-pl/enrolment:joincode01:ania')).json;
    const withdrawn = await facilitator.request('PUT', '/couch/workshops-pl/enrolment:joincode01:ania', {
      ...stored,
      author: 'piotr',
      withdrawn: true,
      updatedAt: new Date().toISOString(),
    });
    expect(withdrawn.status).withContext(withdrawn.text).toBe(201);
    const back = await owner.request('POST', '/api/cohorts/join', { code: 'K7PX2MQA' });
    expect(back.status).toBe(403);
    expect(back.json.reason).toContain('ask them to add you again');
    expect(
      ((await server.couch.use('workshops-pl').get('enrolment:joincode01:ania')) as unknown as { withdrawn: boolean }).withdrawn,
    ).toBeTrue();
  });

  it("counts a member's requests to /api/ with their /couch/ requests: a flood of joins meets 429", async () => {
    const owner = await signedIn(server, 'sofia');
    const limit = server.config.memberRequestsPerMinute;
    const statuses: number[] = [];
    for (let i = 0; i <= limit && !statuses.includes(429); i++)
      statuses.push((await owner.request('POST', '/api/cohorts/join', { code: 'ZZZZZZZZ' })).status);
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.slice(0, -1).every((status) => status === 404)).toBeTrue();
  });

  it('lets a facilitator take back a mark only in its first minutes, and nobody enrol or mark themselves', async () => {
    await server.couch.use('workshops-pl').insert({
      _id: 'cohort:undo2026',
      type: 'cohort',
      kind: 'induction',
      author: 'piotr',
      title: 'Undo',
      facilitators: ['piotr'],
      updatedAt: NOW,
    } as never);
    const facilitator = await signedIn(server, 'piotr');
    const now = new Date().toISOString();
    const fresh = {
      _id: 'mark:undofresh01',
      type: 'mark',
      author: 'piotr',
      cohortId: 'cohort:undo2026',
      session: 1,
      owner: 'ania',
      status: 'present',
      markedAt: now,
      seen: [],
      updatedAt: now,
    };
    const old = { ...fresh, _id: 'mark:undoold0001', markedAt: '2026-01-10T09:00:00.000Z', updatedAt: '2026-01-10T09:00:00.000Z' };
    const written = await facilitator.request('POST', '/couch/workshops-pl/_bulk_docs', { docs: [fresh, old] });
    expect(written.json.map((row: { ok?: boolean }) => row.ok)).toEqual([true, true]);
    const [freshRev, oldRev] = written.json.map((row: { rev: string }) => row.rev);
    expect((await facilitator.request('DELETE', `/couch/workshops-pl/${fresh._id}?rev=${freshRev}`)).status)
      .withContext('an undo')
      .toBe(200);
    const late = await facilitator.request('DELETE', `/couch/workshops-pl/${old._id}?rev=${oldRev}`);
    expect(late.status).toBe(403);
    expect(late.json.reason).toContain('first 10 minutes');
    const self = { ...fresh, _id: 'mark:undoself001', owner: 'piotr' };
    expect((await facilitator.request('PUT', `/couch/workshops-pl/${self._id}`, self)).status).toBe(403);
    const enrolSelf = {
      _id: 'enrolment:undo2026:piotr',
      type: 'enrolment',
      author: 'piotr',
      cohortId: 'cohort:undo2026',
      owner: 'piotr',
      updatedAt: now,
    };
    expect((await facilitator.request('PUT', `/couch/workshops-pl/${enrolSelf._id}`, enrolSelf)).status).toBe(403);
    const nothing = await facilitator.request('POST', '/couch/workshops-pl/_bulk_docs', {
      new_edits: false,
      docs: [{ _id: 'anything at all', _rev: '999-abc', _deleted: true }],
    });
    expect(nothing.json.map((row: { error?: string }) => row.error))
      .withContext('a tombstone of nothing')
      .toEqual(['forbidden']);
  });

  it('keeps a mark as it was written when its author tries to rewrite it', async () => {
    // Marks are taken in a cohort that exists and that the facilitator runs (the gateway's write checks).
    await server.couch.use('workshops-pl').insert({
      _id: 'cohort:spring2026',
      type: 'cohort',
      kind: 'induction',
      author: 'piotr',
      title: 'Spring',
      facilitators: ['piotr'],
      updatedAt: NOW,
    } as never);
    const facilitator = await signedIn(server, 'piotr');
    const created = await facilitator.request('PUT', `/couch/workshops-pl/${mark._id}`, mark);
    expect(created.status).toBe(201);
    const rewrite = await facilitator.request('PUT', `/couch/workshops-pl/${mark._id}`, {
      ...mark,
      _rev: created.json.rev,
      status: 'absent',
    });
    expect(rewrite.status).toBe(403);
    const owner = await signedIn(server, 'ania');
    expect((await owner.request('GET', `/couch/workshops-pl/${mark._id}`)).status).toBe(403);
  });
});

describe("attendance projected into owners' private databases", () => {
  let server: TestServer;
  let projector: AttendanceProjector;
  beforeAll(async () => {
    server = await startTestServer();
    projector = new AttendanceProjector(server.couch);
  });
  afterAll(async () => {
    projector.stop();
    await server.close();
  });

  async function write(client: Awaited<ReturnType<typeof signedIn>>, doc: Record<string, unknown>): Promise<void> {
    const answer = await client.request('PUT', `/couch/workshops-pl/${encodeURIComponent(String(doc['_id']))}`, doc);
    expect(answer.status).withContext(answer.text).toBe(201);
  }
  const markFor = (owner: string, session: number, status: string, minute: number) => ({
    _id: `mark:${owner}${session}${status}${minute}x`,
    type: 'mark',
    author: 'piotr',
    cohortId: 'cohort:autumn2026',
    session,
    owner,
    status,
    markedAt: `2026-10-0${session}T18:${String(minute).padStart(2, '0')}:00.000Z`,
    seen: [],
    updatedAt: NOW,
  });

  it('shows an owner their cohort, sessions and attendance, and makes them a peer mentor after all four', async () => {
    const facilitator = await signedIn(server, 'piotr');
    await write(facilitator, {
      _id: 'cohort:autumn2026',
      type: 'cohort',
      kind: 'induction',
      author: 'piotr',
      title: 'Autumn cohort',
      venue: 'Library, Kraków',
      facilitators: ['piotr'],
      sessions: [{ number: 1, date: '2026-10-01', time: '18:00' }],
      updatedAt: NOW,
    });
    await write(facilitator, {
      _id: 'enrolment:autumn2026:ania',
      type: 'enrolment',
      author: 'piotr',
      cohortId: 'cohort:autumn2026',
      owner: 'ania',
      updatedAt: NOW,
    });
    await write(facilitator, markFor('ania', 1, 'present', 1));
    await write(facilitator, markFor('ania', 2, 'late', 1));
    await write(facilitator, markFor('ania', 3, 'excused', 1));

    await projector.projectDatabase('workshops-pl');
    const owner = await signedIn(server, 'ania');
    const first = (await owner.request('GET', `/couch/${userDb('ania')}/${PROJECTION_ID}`)).json;
    expect(first.data.cohorts[0].title).toBe('Autumn cohort');
    expect(first.data.cohorts[0].sessions.map((s: { status: string | null }) => s.status)).toEqual(['present', 'late', 'excused', null]);
    expect(first.data.cohorts[0].checkInCode).toMatch(/^[A-Z2-9]{8}$/);
    expect(first.data.completed).toBeFalse();

    await projector.projectDatabase('workshops-pl');
    expect((await owner.request('GET', `/couch/${userDb('ania')}/${PROJECTION_ID}`)).json._rev)
      .withContext('nothing changed, nothing written')
      .toBe(first._rev);

    projector.start();
    await write(facilitator, markFor('ania', 3, 'present', 30));
    await write(facilitator, markFor('ania', 4, 'present', 1));
    const done = await waitForDoc(server.couch, userDb('ania'), PROJECTION_ID, (doc) => doc?.data?.completed === true);
    expect(done.data.attendedSessions).toEqual([1, 2, 3, 4]);
    expect(done.data.completedAt).toBe('2026-10-04T18:01:00.000Z');
    const user = (await server.couch.use('_users').get('org.couchdb.user:ania')) as unknown as { roles: string[] };
    expect(user.roles).toContain('peer-mentor');
  });

  it("ignores enrolments and marks of anyone who is not an owner of the database's own network", async () => {
    // Written as the store's admin, as if before the gateway checked enrolments: an Irish owner, the
    // facilitator himself and a name nobody has, each enrolled and marked present four times.
    await ensureAccount(server.couch, { name: 'siobhan', password: 'pottery-2026-ie', roles: couchRoles('owner', 'ie') }, emptyReport());
    const db = server.couch.use('workshops-pl');
    await db.insert({
      _id: 'cohort:foreign2026',
      type: 'cohort',
      kind: 'induction',
      author: 'piotr',
      title: 'Not for them',
      facilitators: ['piotr'],
      updatedAt: NOW,
    } as never);
    for (const owner of ['siobhan', 'piotr', 'nobody-here']) {
      await db.insert({
        _id: `enrolment:foreign2026:${owner}`,
        type: 'enrolment',
        author: 'piotr',
        cohortId: 'cohort:foreign2026',
        owner,
        updatedAt: NOW,
      } as never);
      for (const session of [1, 2, 3, 4]) {
        await db.insert({ ...markFor(owner.replace(/-/g, ''), session, 'present', 5), owner, cohortId: 'cohort:foreign2026' } as never);
      }
    }

    await projector.projectDatabase('workshops-pl');

    for (const name of ['siobhan', 'piotr']) {
      const user = (await server.couch.use('_users').get(`org.couchdb.user:${name}`)) as unknown as { roles: string[] };
      expect(user.roles).withContext(name).not.toContain(PEER_MENTOR);
      const projection = await server.couch
        .use(userDb(name))
        .get(PROJECTION_ID)
        .catch((error) => error.statusCode);
      expect(projection).withContext(`nothing written into ${name}'s private database`).toBe(404);
    }
    expect(
      await server.couch
        .use('_users')
        .get('org.couchdb.user:nobody-here')
        .catch((error) => error.statusCode),
    ).toBe(404);
  });
});

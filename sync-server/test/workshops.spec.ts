import { validateWorkshopDoc } from '../couchdb/workshops/validate-doc-update';
import { signedIn, startTestServer, type TestServer } from './support/test-server';

const security = { members: { names: [], roles: ['facilitator:pl', 'coordinator:pl'] } };
const piotr = { name: 'piotr', roles: ['member', 'country:pl', 'facilitator', 'facilitator:pl'] };
const ania = { name: 'ania', roles: ['member', 'country:pl', 'owner', 'owner:pl'] };
const NOW = '2026-03-14T18:00:00.000Z';
const mark = { _id: 'mark:spring0001', type: 'mark', author: 'piotr', cohortId: 'cohort:spring2026', session: 1, owner: 'ania', status: 'present', markedAt: NOW, seen: [], updatedAt: NOW };

function refusal(newDoc: unknown, oldDoc: unknown, user: unknown): string | null {
  try {
    validateWorkshopDoc(newDoc, oldDoc, user, security);
    return null;
  } catch (error) {
    return (error as { forbidden: string }).forbidden;
  }
}

describe('workshop rules (validate_doc_update of workshops-<cc>)', () => {
  it("takes attendance marks from this country's facilitators, as themselves, and never lets one change", () => {
    expect(refusal(mark, null, piotr)).toBeNull();
    expect(refusal(mark, null, ania)).toContain('Only');
    expect(refusal({ ...mark, author: 'eva' }, null, piotr)).toContain('your own user name');
    expect(refusal({ ...mark, status: 'absent' }, mark, piotr)).toContain('never changed');
    expect(refusal({ ...mark, _deleted: true }, mark, piotr)).toContain('never changed');
  });

  it('refuses malformed marks, enrolments and cohorts with the field that is wrong', () => {
    expect(refusal({ ...mark, session: 5 }, null, piotr)).toContain('session');
    expect(refusal({ ...mark, status: 'asleep' }, null, piotr)).toContain('status');
    expect(refusal({ ...mark, seen: 'all' }, null, piotr)).toContain('seen');
    expect(refusal({ ...mark, owner: '<script>' }, null, piotr)).toContain('owner');
    const enrolment = { _id: 'enrolment:spring2026:ania', type: 'enrolment', author: 'piotr', cohortId: 'cohort:spring2026', owner: 'ania', updatedAt: NOW };
    expect(refusal(enrolment, null, piotr)).toBeNull();
    expect(refusal({ ...enrolment, _id: 'enrolment:spring2026:jonas' }, null, piotr)).toContain('enrolment:<cohort>:<owner>');
    const cohort = { _id: 'cohort:spring2026', type: 'cohort', author: 'piotr', title: 'Spring', sessions: [{ number: 1, date: '2026-03-14' }], updatedAt: NOW };
    expect(refusal(cohort, null, piotr)).toBeNull();
    expect(refusal({ ...cohort, sessions: [{ number: 2 }] }, null, piotr)).toContain('sessions[0].number');
    expect(refusal({ ...cohort, sessions: [{ number: 1, date: 'next week' }] }, null, piotr)).toContain('date');
  });
});

describe('workshops over HTTP', () => {
  let server: TestServer;
  beforeAll(async () => (server = await startTestServer()));
  afterAll(async () => server.close());

  it('keeps a mark as it was written when its author tries to rewrite it', async () => {
    const facilitator = await signedIn(server, 'piotr');
    const created = await facilitator.request('PUT', `/couch/workshops-pl/${mark._id}`, mark);
    expect(created.status).toBe(201);
    const rewrite = await facilitator.request('PUT', `/couch/workshops-pl/${mark._id}`, { ...mark, _rev: created.json.rev, status: 'absent' });
    expect(rewrite.status).toBe(403);
    const owner = await signedIn(server, 'ania');
    expect((await owner.request('GET', `/couch/workshops-pl/${mark._id}`)).status).toBe(403);
  });
});

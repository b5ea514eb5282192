import { validateWorkshopDoc } from '../couchdb/workshops/validate-doc-update';
import { ensureAccount } from '../src/auth/accounts';
import { couchRoles } from '../src/auth/roles';
import { emptyReport } from '../src/couch/provision';
import { PREPARATION_DB, PreparationProjector } from '../src/workshops/preparation-projector';
import { MemberClient, progressDoc, signedIn, startTestServer, userDb, type TestServer } from './support/test-server';

type Doc = { _id: string; _rev?: string } & Record<string, unknown>;

const PASSWORD = 'the dough rests overnight';
const COHORT = 'cohort:prepared2026';
const PATH = `/api/cohorts/pl/${encodeURIComponent(COHORT)}/preparation`;
const AT = '2026-11-29T09:00:00.000Z';

/**
 * Who has done each session's preparation lesson, for the cohort's own facilitators and the network's
 * coordinators: owners' progress lives in their private databases, so the server projects it into a
 * server-only document and answers it only to those who run the cohort.
 */
describe('cohort preparation – who did each session’s preparation lesson, for those who run the cohort', () => {
  let server: TestServer;
  let projector: PreparationProjector;
  const cohort: Doc = {
    _id: COHORT,
    type: 'cohort',
    kind: 'induction',
    author: 'piotr',
    title: 'Bakers of Wola',
    facilitators: ['piotr', 'kuba'],
    sessions: [
      { number: 1, date: '2026-12-01', preparationLessonId: 'lesson:how-adults-learn' },
      { number: 2, date: '2026-12-08', preparationLessonId: 'lesson:sharing-what-you-know' },
      { number: 3, date: '2026-12-15' },
    ],
    createdAt: AT,
    updatedAt: AT,
  };
  const enrolment = (owner: string, overrides: Record<string, unknown> = {}): Doc => ({
    _id: `enrolment:prepared2026:${owner}`,
    type: 'enrolment',
    author: 'piotr',
    cohortId: COHORT,
    owner,
    createdAt: AT,
    updatedAt: AT,
    ...overrides,
  });

  async function owner(name: string, country: 'pl' | 'lt'): Promise<MemberClient> {
    const signUp = await new MemberClient(server.baseUrl).request('POST', '/api/accounts', { name, password: PASSWORD, country });
    expect(signUp.status).withContext(signUp.text).toBe(201);
    const client = new MemberClient(server.baseUrl);
    expect(await client.signIn(name, PASSWORD)).toBe(200);
    return client;
  }

  async function staff(name: string, role: 'facilitator' | 'coordinator' | 'tutor', country: 'pl' | 'lt'): Promise<MemberClient> {
    await ensureAccount(server.couch, { name, password: PASSWORD, roles: couchRoles(role, country) }, emptyReport());
    const client = new MemberClient(server.baseUrl);
    expect(await client.signIn(name, PASSWORD)).toBe(200);
    return client;
  }

  async function put(db: string, doc: Doc): Promise<void> {
    const scope = server.couch.use<Doc>(db);
    const stored = await scope.get(doc._id).catch(() => null);
    await scope.insert({ ...doc, ...(stored ? { _rev: stored._rev } : {}) });
  }

  let enrolled: MemberClient;
  let outsider: MemberClient;

  beforeAll(async () => {
    server = await startTestServer();
    projector = new PreparationProjector(server.couch, { delayMs: 5 });
    enrolled = await owner('ola0', 'pl');
    await owner('ola1', 'pl');
    outsider = await owner('ola2', 'pl');
    await owner('ola3', 'pl');
    await owner('rasa0', 'lt');
    await staff('kuba', 'facilitator', 'pl');
    await put('workshops-pl', cohort);
    // ola3 withdrew; rasa0 belongs to another network, whoever enrolled her: neither is on the roster shown.
    for (const doc of [enrolment('ola0'), enrolment('ola1'), enrolment('ola3', { withdrawn: true }), enrolment('rasa0')])
      await put('workshops-pl', doc);
    for (const name of ['ola0', 'ola3', 'rasa0'])
      await put(userDb(name), progressDoc('how-adults-learn', { status: 'completed', completedAt: AT }));
    await put(userDb('ola1'), progressDoc('how-adults-learn'));
    await projector.projectCountry('pl');
  });
  afterAll(() => server.close());

  const expected = {
    cohortId: COHORT,
    sessions: [
      { number: 1, lessonId: 'lesson:how-adults-learn', done: ['ola0'], notYet: ['ola1'] },
      { number: 2, lessonId: 'lesson:sharing-what-you-know', done: [], notYet: ['ola0', 'ola1'] },
    ],
  };

  it("shows the cohort's author, its co-facilitators and the network's coordinators, by name, only the enrolled owners of the network", async () => {
    const coFacilitator = new MemberClient(server.baseUrl);
    expect(await coFacilitator.signIn('kuba', PASSWORD)).toBe(200);
    for (const [who, client] of [
      ['its author', await signedIn(server, 'piotr')],
      ['a co-facilitator it lists', coFacilitator],
      ["the network's coordinator", await signedIn(server, 'eva')],
    ] as const) {
      const answer = await client.request('GET', PATH);
      expect(answer.status).withContext(`${who}: ${answer.text}`).toBe(200);
      expect(answer.json).withContext(who).toEqual(jasmine.objectContaining(expected));
    }
  });

  it('answers an owner of the cohort, another owner, a tutor and anyone signed out with a refusal, never the names', async () => {
    const tutor = await staff('tola', 'tutor', 'pl');
    for (const [who, client, status] of [
      ['an owner enrolled in it', enrolled, 403],
      ['an owner of the network not enrolled', outsider, 403],
      ["the network's tutor", tutor, 403],
      ['nobody signed in', new MemberClient(server.baseUrl), 401],
    ] as const) {
      const answer = await client.request('GET', PATH);
      expect(answer.status).withContext(who).toBe(status);
      expect(answer.text).withContext(who).not.toContain('ola1');
    }
  });

  it("refuses a facilitator of another cohort and another network's coordinator, and follows the cohort's list at once", async () => {
    const other = await staff('olek', 'facilitator', 'pl');
    await put('workshops-pl', { ...cohort, _id: 'cohort:otherone2026', author: 'olek', facilitators: ['olek'], title: 'Another' });
    expect((await other.request('GET', PATH)).status).toBe(403);
    const lithuanian = await staff('lina', 'coordinator', 'lt');
    expect((await lithuanian.request('GET', PATH)).status).toBe(403);
    expect((await lithuanian.request('GET', `/api/cohorts/lt/${encodeURIComponent(COHORT)}/preparation`)).status)
      .withContext('the same cohort id asked of her own network: no such cohort there')
      .toBe(404);

    const stored = await server.couch.use<Doc>('workshops-pl').get(COHORT);
    await put('workshops-pl', { ...stored, facilitators: ['piotr', 'olek'] });
    expect((await other.request('GET', PATH)).status)
      .withContext('listed as a co-facilitator')
      .toBe(200);
    await put('workshops-pl', { ...(await server.couch.use<Doc>('workshops-pl').get(COHORT)), facilitators: ['piotr', 'kuba'] });
    expect((await other.request('GET', PATH)).status)
      .withContext('taken off the list')
      .toBe(403);
  });

  it('lists nobody as a facilitator who is not one: an owner named in the list is still refused', async () => {
    await put('workshops-pl', { ...(await server.couch.use<Doc>('workshops-pl').get(COHORT)), facilitators: ['piotr', 'kuba', 'ola2'] });
    try {
      expect((await outsider.request('GET', PATH)).status).toBe(403);
    } finally {
      await put('workshops-pl', { ...(await server.couch.use<Doc>('workshops-pl').get(COHORT)), facilitators: ['piotr', 'kuba'] });
    }
  });

  it('refuses every write to the projected document, and every read of it but this one', async () => {
    const coordinator = await signedIn(server, 'eva');
    const facilitator = await signedIn(server, 'piotr');
    const forged = { _id: `pl:${COHORT}`, type: 'preparation', cohortId: COHORT, sessions: [] };
    for (const client of [coordinator, facilitator, enrolled]) {
      const put = await client.request('PUT', `/couch/${PREPARATION_DB}/${encodeURIComponent(forged._id)}`, forged);
      expect(put.status).withContext(put.text).toBeGreaterThanOrEqual(400);
      const read = await client.request('GET', `/couch/${PREPARATION_DB}/_all_docs?include_docs=true`);
      expect(read.status).toBeGreaterThanOrEqual(400);
      expect(read.text).not.toContain('ola1');
      for (const method of ['PUT', 'POST', 'DELETE'])
        expect((await client.request(method, PATH, forged)).status)
          .withContext(method)
          .toBeGreaterThanOrEqual(400);
    }
    // Nor as a document of the workshops database, which every facilitator of the network replicates.
    const smuggled = await facilitator.request('PUT', `/couch/workshops-pl/preparation:smuggled01`, {
      ...forged,
      _id: 'preparation:smuggled01',
    });
    expect(smuggled.status).toBe(403);
    expect((await facilitator.request('GET', PATH)).json).toEqual(jasmine.objectContaining(expected));
  });

  it('names a deleted account nowhere once the cohort is projected again', async () => {
    await owner('ola4', 'pl');
    await put('workshops-pl', enrolment('ola4'));
    await put(userDb('ola4'), progressDoc('how-adults-learn', { status: 'completed', completedAt: AT }));
    await projector.projectCohort('pl', COHORT);
    const facilitator = await signedIn(server, 'piotr');
    expect((await facilitator.request('GET', PATH)).json.sessions[0].done).toContain('ola4');
    // As account deletion leaves it: the name, no roles, no private database.
    const account = await server.couch.use<Doc>('_users').get('org.couchdb.user:ola4');
    await server.couch.use('_users').insert({ _id: account._id, _rev: account._rev, name: 'ola4', type: 'user', roles: [] } as never);
    await server.couch.db.destroy(userDb('ola4'));
    await projector.projectCountry('pl');
    expect((await facilitator.request('GET', PATH)).json).toEqual(jasmine.objectContaining(expected));
  });

  it('takes a preparation lesson per session in the workshops rule, only a lesson id', () => {
    const piotr = { name: 'piotr', roles: ['member', 'country:pl', 'facilitator', 'facilitator:pl'] };
    const security = { members: { names: [], roles: ['facilitator:pl', 'coordinator:pl'] } };
    const refusal = (preparationLessonId: unknown) => {
      try {
        validateWorkshopDoc({ ...cohort, sessions: [{ number: 1, preparationLessonId }] }, null, piotr, security);
        return null;
      } catch (error) {
        return (error as { code: string }).code;
      }
    };
    expect(refusal('lesson:how-adults-learn')).toBeNull();
    expect(refusal('lesson:How Adults Learn')).toBe('field.invalid');
    expect(refusal('progress:lesson:how-adults-learn')).toBe('field.invalid');
    expect(refusal(7)).toBe('field.invalid');
  });

  it('parses the address strictly', async () => {
    const facilitator = await signedIn(server, 'piotr');
    for (const path of [
      '/api/cohorts/xx/cohort%3Aprepared2026/preparation',
      '/api/cohorts/pl/cohort%3Ashort/preparation',
      '/api/cohorts/pl/enrolment%3Aprepared2026%3Aola0/preparation',
      `/api/cohorts/pl/${encodeURIComponent('cohort:prepared2026_local/../x')}/preparation`,
    ])
      expect((await facilitator.request('GET', path)).status)
        .withContext(path)
        .toBe(400);
  });

  it('follows an owner finishing the lesson, a withdrawal, and writes nothing when nothing changed (two instances agree)', async () => {
    const before = await server.couch.use<Doc>(PREPARATION_DB).get(`pl:${COHORT}`);
    await new PreparationProjector(server.couch).projectCountry('pl');
    await projector.projectCountry('pl');
    expect((await server.couch.use<Doc>(PREPARATION_DB).get(`pl:${COHORT}`))._rev).toBe(before._rev);

    // In Polish: a translation counts for the lesson it translates.
    await put(userDb('ola1'), progressDoc('how-adults-learn-pl', { status: 'completed', completedAt: AT }));
    projector.ownerChanged('ola1');
    await projector.flush();
    const facilitator = await signedIn(server, 'piotr');
    expect((await facilitator.request('GET', PATH)).json.sessions[0]).toEqual({
      number: 1,
      lessonId: 'lesson:how-adults-learn',
      done: ['ola0', 'ola1'],
      notYet: [],
    });

    await put('workshops-pl', { ...(await server.couch.use<Doc>('workshops-pl').get('enrolment:prepared2026:ola1')), withdrawn: true });
    await projector.projectCohort('pl', COHORT);
    expect((await facilitator.request('GET', PATH)).json.sessions[1]).toEqual({
      number: 2,
      lessonId: 'lesson:sharing-what-you-know',
      done: [],
      notYet: ['ola0'],
    });
    // As the other specs found it.
    await put('workshops-pl', enrolment('ola1'));
    const translated = await server.couch.use<Doc>(userDb('ola1')).get('progress:lesson:how-adults-learn-pl');
    await server.couch.use(userDb('ola1')).destroy(translated._id, translated._rev!);
    await projector.projectCohort('pl', COHORT);
    expect((await facilitator.request('GET', PATH)).json).toEqual(jasmine.objectContaining(expected));
  });
});

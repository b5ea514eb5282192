import { validateCatalogDoc } from '../couchdb/catalog/validate-doc-update';
import { validateUserDoc } from '../couchdb/userdb/validate-doc-update';
import { MemberClient, progressDoc, signedIn, startTestServer, userDb, type TestServer } from './support/test-server';

function reasonOf(run: () => void): string | null {
  try {
    run();
    return null;
  } catch (error) {
    return (error as { forbidden?: string }).forbidden ?? String(error);
  }
}

describe('validate_doc_update – as plain functions', () => {
  const owner = { name: 'ania', roles: ['member', 'owner', 'country:pl'] };
  const tutor = { name: 'mary', roles: ['member', 'tutor', 'country:ie'] };
  const ownSecurity = { members: { names: ['ania'], roles: [] } };

  it('lets the owner write well-formed progress to their own database', () => {
    expect(reasonOf(() => validateUserDoc(progressDoc('cash-flow-basics'), null, owner, ownSecurity))).toBeNull();
  });

  it('refuses another user writing to that database', () => {
    expect(reasonOf(() => validateUserDoc(progressDoc('cash-flow-basics'), null, tutor, ownSecurity))).toContain('Only the owner');
  });

  it('names the field that is wrong', () => {
    expect(reasonOf(() => validateUserDoc(progressDoc('x', { status: 'finished' }), null, owner, ownSecurity))).toContain('status');
    expect(reasonOf(() => validateUserDoc(progressDoc('x', { cardIndex: -1 }), null, owner, ownSecurity))).toContain('cardIndex');
    expect(reasonOf(() => validateUserDoc(progressDoc('x', { updatedAt: 'yesterday' }), null, owner, ownSecurity))).toContain('updatedAt');
    expect(reasonOf(() => validateUserDoc({ _id: 'a', type: 'virus' }, null, owner, ownSecurity))).toContain('Unknown document type');
    for (const answers of [{ '0': 5 }, [1], { x: [1] }, { '1': ['a'] }, { '1': [1.5] }]) {
      expect(reasonOf(() => validateUserDoc(progressDoc('x', { answers }), null, owner, ownSecurity)))
        .withContext(JSON.stringify(answers))
        .toContain('answers');
    }
    expect(reasonOf(() => validateUserDoc(progressDoc('x', { answers: { '2': [0, 3] } }), null, owner, ownSecurity))).toBeNull();
    const settings = { _id: 'settings', type: 'settings', language: 'pl', updatedAt: '2026-11-29T10:00:00.000Z' };
    expect(reasonOf(() => validateUserDoc(settings, null, owner, ownSecurity))).toBeNull();
    expect(reasonOf(() => validateUserDoc({ ...settings, language: 'xx' }, null, owner, ownSecurity))).toContain('language');
    expect(reasonOf(() => validateUserDoc({ ...settings, _id: 'settings-2' }, null, owner, ownSecurity))).toContain('id settings');
  });

  it('lets only tutors and admins change the catalog, and checks every card', () => {
    const lesson = {
      _id: 'lesson:test',
      type: 'lesson',
      programmeId: 'programme:toolbox',
      title: 'Test',
      summary: 'A test lesson.',
      topic: 'test',
      minutes: 3,
      order: 9,
      language: 'en',
      cards: [{ kind: 'text', body: 'Hello' }],
    };
    expect(reasonOf(() => validateCatalogDoc(lesson, null, tutor))).toBeNull();
    expect(reasonOf(() => validateCatalogDoc(lesson, null, owner))).toContain('Only tutors');
    const badQuiz = {
      ...lesson,
      cards: [{ kind: 'quiz', question: 'Q?', multiple: false, options: [{ text: 'a', correct: true, feedback: 'f' }] }],
    };
    expect(reasonOf(() => validateCatalogDoc(badQuiz, null, tutor))).toContain('cards[0].options');
    const script = { ...lesson, cards: [{ kind: 'html', body: '<script>alert(1)</script>' }] };
    expect(reasonOf(() => validateCatalogDoc(script, null, tutor))).toContain('cards[0].kind');
  });

  it('holds only what phones know (programmes and lessons), written by tutors: peer mentors publish through review', () => {
    const mentor = { name: 'ania', roles: ['member', 'owner', 'country:pl', 'peer-mentor'] };
    const tip = {
      _id: 'tip:count-your-cash-daily',
      type: 'tip',
      author: 'ania',
      peerTip: true,
      title: 'Count cash daily',
      body: 'It takes two minutes.',
      topic: 'cash-flow',
    };
    expect(reasonOf(() => validateCatalogDoc(tip, null, mentor))).toContain('Only tutors');
    expect(reasonOf(() => validateCatalogDoc(tip, null, tutor))).toContain('Unknown document type');
    expect(reasonOf(() => validateCatalogDoc({ _id: 'programme:x', type: 'programme' }, null, mentor))).toContain('Only tutors');
  });
});

describe('validate_doc_update – enforced by the store – PUT /{db}/{doc} and POST /{db}/_bulk_docs', () => {
  let server: TestServer;
  let ania: MemberClient;
  let jonas: MemberClient;

  beforeAll(async () => {
    server = await startTestServer();
    ania = await signedIn(server, 'ania');
    jonas = await signedIn(server, 'jonas');
  });
  afterAll(async () => server.close());

  it('stores a well-formed document from its owner, by PUT and by _bulk_docs', async () => {
    const put = await ania.request('PUT', `/couch/${userDb('ania')}/progress:lesson:pricing-for-profit`, progressDoc('pricing-for-profit'));
    expect(put.status).toBe(201);
    const bulk = await ania.request('POST', `/couch/${userDb('ania')}/_bulk_docs`, { docs: [progressDoc('cash-flow-basics')] });
    expect(bulk.status).toBe(201);
    expect(bulk.json[0].ok).toBe(true);
  });

  it('refuses a malformed document with the reason, by PUT and by _bulk_docs, and stores nothing', async () => {
    const bad = progressDoc('getting-paid-on-time', { cardIndex: 'seven' });
    const put = await ania.request('PUT', `/couch/${userDb('ania')}/${bad._id}`, bad);
    expect(put.status).toBe(403);
    expect(put.json).toEqual({
      error: 'forbidden',
      reason: 'cardIndex must be a whole number from 0 to 50.',
      code: 'field.wholeNumber',
      params: { field: 'cardIndex', min: 0, max: 50 },
    });
    const bulk = await ania.request('POST', `/couch/${userDb('ania')}/_bulk_docs`, { docs: [bad] });
    expect(bulk.json[0]).toEqual(
      jasmine.objectContaining({ error: 'forbidden', reason: 'cardIndex must be a whole number from 0 to 50.' }),
    );
    await expectAsync(server.couch.use(userDb('ania')).get(bad._id)).toBeRejected();
  });

  it("refuses a member writing into another member's database, and reading it", async () => {
    const write = await jonas.request('PUT', `/couch/${userDb('ania')}/progress:lesson:how-adults-learn`, progressDoc('how-adults-learn'));
    expect([401, 403]).toContain(write.status);
    const bulk = await jonas.request('POST', `/couch/${userDb('ania')}/_bulk_docs`, { docs: [progressDoc('how-adults-learn')] });
    expect(bulk.status === 201 ? bulk.json[0].error : bulk.status).toBeTruthy();
    const read = await jonas.request('GET', `/couch/${userDb('ania')}/_all_docs`);
    expect([401, 403]).toContain(read.status);
    await expectAsync(server.couch.use(userDb('ania')).get('progress:lesson:how-adults-learn')).toBeRejected();
  });

  it('refuses an owner writing to the catalog', async () => {
    const answer = await ania.request('PUT', '/couch/catalog/programme:mine', {
      type: 'programme',
      title: 'Mine',
      summary: 'Not allowed',
      audience: 'owner',
      order: 1,
    });
    expect(answer.status).toBe(403);
    expect(answer.json.reason).toContain('Only tutors');
  });

  it('refuses anonymous reads of the catalog', async () => {
    const anonymous = new MemberClient(server.baseUrl);
    expect((await anonymous.request('GET', '/couch/catalog/_all_docs')).status).toBe(401);
  });
});

describe('projections – written by the server into a private database', () => {
  let server: TestServer;
  let ania: MemberClient;

  beforeAll(async () => {
    server = await startTestServer();
    ania = await signedIn(server, 'ania');
  });
  afterAll(async () => server.close());

  it('lets the owner read a projection but not write, change or delete one', async () => {
    const projection = {
      _id: 'projection:attendance',
      type: 'projection',
      kind: 'attendance',
      data: { sessions: 2 },
      updatedAt: '2026-11-29T10:00:00.000Z',
    };
    const { rev } = await server.couch.use(userDb('ania')).insert(projection as never);
    const read = await ania.request('GET', `/couch/${userDb('ania')}/projection:attendance`);
    expect(read.json.data).toEqual({ sessions: 2 });
    const edit = await ania.request('PUT', `/couch/${userDb('ania')}/projection:attendance`, {
      ...projection,
      _rev: rev,
      data: { sessions: 4 },
    });
    expect(edit.status).toBe(403);
    const remove = await ania.request('DELETE', `/couch/${userDb('ania')}/projection:attendance?rev=${rev}`);
    expect(remove.status).toBe(403);
    const forge = await ania.request('PUT', `/couch/${userDb('ania')}/projection:certificate`, {
      ...projection,
      _id: 'projection:certificate',
    });
    expect(forge.status).toBe(403);
    expect(((await server.couch.use(userDb('ania')).get('projection:attendance')) as unknown as { data: unknown }).data).toEqual({
      sessions: 2,
    });
  });
});

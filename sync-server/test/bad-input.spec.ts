import { MemberClient, progressDoc, startTestServer, userDb, type TestServer } from './support/test-server';

/**
 * Malformed documents of every type, sent straight to the CouchDB API by a user who may write there:
 * each is refused with a reason, and nothing is stored. Free text may contain anything (it is shown as
 * text, never as HTML); structured fields (ids, kinds, addresses, times) refuse script payloads.
 */
const HUGE = 'x'.repeat(5000);
const SCRIPT = '<script>alert(1)</script>';
const NOW = '2026-11-29T10:00:00.000Z';

interface Case {
  readonly who: string;
  readonly db: string;
  readonly valid: Record<string, unknown>;
  readonly bad: Record<string, Record<string, unknown>>;
}

const lesson = {
  _id: 'lesson:bad-input-test',
  type: 'lesson',
  programmeId: 'programme:toolbox',
  title: 'A lesson',
  summary: 'About something.',
  topic: 'cash-flow',
  minutes: 3,
  order: 50,
  language: 'en',
  cards: [
    { kind: 'text', body: 'Hello' },
    {
      kind: 'quiz',
      question: 'Q?',
      multiple: false,
      options: [
        { text: 'a', correct: true, feedback: 'yes' },
        { text: 'b', correct: false, feedback: 'no' },
      ],
    },
  ],
};

const CASES: Case[] = [
  {
    who: 'mary',
    db: 'catalog',
    valid: lesson,
    bad: {
      'missing title': { title: undefined },
      'wrong type of minutes': { minutes: '3' },
      'huge summary': { summary: HUGE },
      'unknown type': { type: 'course' },
      'script in an image address': { cards: [{ kind: 'image', src: `javascript:${SCRIPT}`, alt: 'x' }] },
      'script as a card kind': { cards: [{ kind: SCRIPT, body: 'x' }] },
      'no cards': { cards: [] },
      'a quiz without a right answer': {
        cards: [
          {
            kind: 'quiz',
            question: 'Q?',
            multiple: false,
            options: [
              { text: 'a', correct: false, feedback: 'f' },
              { text: 'b', correct: false, feedback: 'f' },
            ],
          },
        ],
      },
      'unknown language': { language: 'xx' },
    },
  },
  {
    who: 'ania',
    db: userDb('ania'),
    valid: progressDoc('bad-input-test'),
    bad: {
      'missing lessonId': { lessonId: undefined },
      'wrong type of cardIndex': { cardIndex: '1' },
      'unknown status': { status: 'almost' },
      'unknown type': { type: 'note' },
      'script in a time': { updatedAt: SCRIPT },
      'answers of the wrong shape': { answers: { '1': 'all' } },
      'completed without a time': { status: 'completed' },
    },
  },
  {
    who: 'ania',
    db: 'discussions-pl',
    valid: {
      _id: 'thread:badinput01',
      type: 'thread',
      author: 'ania',
      title: 'A question',
      body: 'Hello',
      topic: 'pricing',
      createdAt: NOW,
    },
    bad: {
      'missing title': { title: undefined },
      'huge body': { body: HUGE },
      'wrong type of body': { body: 42 },
      'unknown type': { type: 'poll' },
      'someone else as author': { author: 'eva' },
      'script in a time': { createdAt: SCRIPT },
    },
  },
  {
    who: 'piotr',
    db: 'workshops-pl',
    valid: { _id: 'cohort:badinput01', type: 'cohort', kind: 'induction', author: 'piotr', title: 'Spring cohort' },
    bad: {
      'missing title': { title: undefined },
      'huge title': { title: HUGE },
      'unknown type': { type: 'party' },
      'someone else as author': { author: 'eva' },
    },
  },
];

describe('bad input – malformed documents of every type – PUT /couch/{db}/{doc}', () => {
  let server: TestServer;
  const clients = new Map<string, MemberClient>();
  const passwords: Record<string, string> = { mary: 'tutor-2026', ania: 'bakery-2026', piotr: 'facilitator-2026' };

  beforeAll(async () => {
    server = await startTestServer();
    for (const [name, password] of Object.entries(passwords)) {
      const client = new MemberClient(server.baseUrl);
      expect(await client.signIn(name, password)).toBe(200);
      clients.set(name, client);
    }
  });
  afterAll(async () => server.close());

  for (const testCase of CASES) {
    describe(testCase.db.startsWith('userdb-') ? 'private database' : testCase.db, () => {
      it('accepts the well-formed document (so the refusals below are about the flaw)', async () => {
        const client = clients.get(testCase.who)!;
        const id = `${String(testCase.valid['_id'])}-ok`.replace(/^(\w+:)/, '$1');
        const doc = {
          ...testCase.valid,
          _id: id,
          ...(testCase.db.startsWith('userdb-') ? { _id: 'progress:lesson:bad-input-ok', lessonId: 'lesson:bad-input-ok' } : {}),
        };
        const answer = await client.request('PUT', `/couch/${testCase.db}/${encodeURIComponent(String(doc['_id']))}`, doc);
        expect(answer.status).withContext(answer.text).toBe(201);
      });

      for (const [flaw, change] of Object.entries(testCase.bad)) {
        it(`refuses ${flaw} with a reason and stores nothing`, async () => {
          const client = clients.get(testCase.who)!;
          const doc: Record<string, unknown> = { ...testCase.valid, ...change };
          for (const key of Object.keys(change)) if (change[key] === undefined) delete doc[key];
          const path = `/couch/${testCase.db}/${encodeURIComponent(String(doc['_id']))}`;
          const answer = await client.request('PUT', path, doc);
          expect(answer.status).withContext(answer.text).toBe(403);
          expect(answer.json.reason).toEqual(jasmine.stringMatching(/\w+ .+/));
          const bulk = await client.request('POST', `/couch/${testCase.db}/_bulk_docs`, { docs: [doc] });
          expect(bulk.json[0].error).toBe('forbidden');
          await expectAsync(server.couch.use(testCase.db).get(String(doc['_id']))).toBeRejected();
        });
      }
    });
  }
});

import { ensureAccount } from '../src/auth/accounts';
import { couchRoles } from '../src/auth/roles';
import { emptyReport } from '../src/couch/provision';
import { INSIGHT_PARTS_DB, InsightsAggregator, LEARNING_FIGURES_ID, NEEDS_FIGURES_ID } from '../src/insights/insights-aggregator';
import { validateUserDoc } from '../couchdb/userdb/validate-doc-update';
import { NEEDS_TOPICS } from '../couchdb/needs-topics';
import { FEWER, learningFigures, median, needsFigures, ownerPart, type CatalogKey } from '../src/insights/learning-figures';
import { MemberClient, progressDoc, signedIn, startTestServer, userDb, type TestServer } from './support/test-server';

const CASH_FLOW_QUIZ = 'lesson:cash-flow-basics#3';
const CATALOG: CatalogKey = {
  lessonIds: new Set(['lesson:cash-flow-basics', 'lesson:pricing-for-profit']),
  questions: new Map([[CASH_FLOW_QUIZ, { correct: [0], options: ['€400', '€3,500', '−€1,100'] }]]),
};
/** Owners answer at once and their accounts count at once (the privacy rules have their own spec). */
const AT_ONCE = { insightsMinHours: 0, insightsMinAccountDays: 0, insightsBatchOwners: 5 };
const progress = (answers: Record<string, number[]>) => ({
  type: 'progress',
  lessonId: 'lesson:cash-flow-basics',
  status: 'completed',
  answers,
});

describe('insights figures (pure)', () => {
  it('counts starts, completions and first wrong answers, but shows nothing about fewer than five people', () => {
    const four = [1, 2, 3, 4].map(() => ownerPart([progress({ 3: [1, 0] })], CATALOG));
    const shy = learningFigures(four, CATALOG);
    expect(shy.owners).toBe(FEWER);
    expect(shy.lessons).toEqual([{ lessonId: 'lesson:cash-flow-basics', starts: FEWER, completions: FEWER, medianMinutes: FEWER }]);
    expect(shy.questions).toEqual([]);

    const five = [...four, ownerPart([progress({ 3: [0] })], CATALOG)];
    const figures = learningFigures(five, CATALOG);
    expect(figures.owners).toBe(5);
    expect(figures.lessons).toEqual([{ lessonId: 'lesson:cash-flow-basics', starts: 5, completions: 5, medianMinutes: FEWER }]);
    expect(figures.questions).toEqual([{ lessonId: 'lesson:cash-flow-basics', card: 3, answered: 5, missShare: 0.8, commonWrong: null }]);
    // Four people chose €3,500: fewer than five, so which wrong answer tempts is not said yet.
    const six = [...five, ownerPart([progress({ 3: [1, 0] })], CATALOG)];
    expect(learningFigures(six, CATALOG).questions[0]!.commonWrong).toEqual({ option: 1, text: '€3,500', people: 5 });
  });

  it("ignores what is not an owner's own learning record, answers to questions it does not know and lessons the catalog has not", () => {
    const part = ownerPart(
      [
        { type: 'settings', language: 'pl' },
        { type: 'review', lessonId: 'lesson:x' },
        progress({ 3: [2], 9: [1] }),
        { ...progress({}), lessonId: 'lesson:made-up' },
        { type: 'feedback', lessonId: 'lesson:made-up', useful: true, comment: 'Not a lesson' },
      ],
      CATALOG,
    );
    expect(part).toEqual({ lessons: { 'lesson:cash-flow-basics': 'completed' }, questions: { [CASH_FLOW_QUIZ]: [2] } });
  });
});

describe('median minutes per lesson (pure)', () => {
  const finished = (startedAt: string | undefined, completedAt: string | undefined, lessonId = 'lesson:cash-flow-basics') => ({
    type: 'progress',
    lessonId,
    status: 'completed',
    ...(startedAt ? { startedAt } : {}),
    ...(completedAt ? { completedAt } : {}),
  });
  const tookMinutes = (minutes: number) =>
    ownerPart(
      [finished('2026-11-02T10:00:00.000Z', new Date(Date.parse('2026-11-02T10:00:00.000Z') + minutes * 60_000).toISOString())],
      CATALOG,
    );

  it("keeps whole minutes from opening to finishing in an owner's part, only for finished catalog lessons that say both", () => {
    const part = ownerPart(
      [
        finished('2026-11-02T10:00:00.000Z', '2026-11-02T10:07:40.000Z'),
        { ...finished('2026-11-02T10:00:00.000Z', undefined, 'lesson:pricing-for-profit'), status: 'started' },
        finished('2026-11-02T10:00:00.000Z', '2026-11-02T10:05:00.000Z', 'lesson:made-up'),
      ],
      CATALOG,
    );
    expect(part.minutes).toEqual({ 'lesson:cash-flow-basics': 8 });
    expect(ownerPart([finished(undefined, '2026-11-02T10:05:00.000Z')], CATALOG).minutes)
      .withContext('a record from before startedAt was kept')
      .toBeUndefined();
    expect(ownerPart([finished('2026-11-02T10:05:00.000Z', '2026-11-02T10:00:00.000Z')], CATALOG).minutes)
      .withContext('finished before it was opened: a clock set back')
      .toBeUndefined();
    expect(ownerPart([finished('yesterday', '2026-11-02T10:00:00.000Z')], CATALOG).minutes).toBeUndefined();
  });

  it('gives the median over five or more who finished and say how long, and "fewer than 5" below that', () => {
    const four = [3, 5, 4, 90].map(tookMinutes);
    expect(learningFigures(four, CATALOG).lessons[0]!.medianMinutes).toBe(FEWER);
    // Two more finished it, but with records kept before the start time was: they count as completions, not as times.
    const untimed = [1, 2].map(() => ownerPart([finished(undefined, '2026-11-02T10:00:00.000Z')], CATALOG));
    const six = learningFigures([...four, ...untimed], CATALOG).lessons[0]!;
    expect(six.completions).toBe(6);
    expect(six.medianMinutes).toBe(FEWER);

    expect(learningFigures([...four, tookMinutes(6)], CATALOG).lessons[0]!.medianMinutes)
      .withContext('3, 4, 5, 6, 90: the one who came back days later does not move it')
      .toBe(5);
    expect(learningFigures([...four, tookMinutes(6), tookMinutes(7)], CATALOG).lessons[0]!.medianMinutes)
      .withContext('an even count: the middle two, 5 and 6, rounded')
      .toBe(6);
    expect(median([4, 1, 3])).toBe(3);
  });
});

describe('needs check-ins and lesson feedback', () => {
  const checkIn = (day: string, ratings: Record<string, number>, request?: string) => ({
    _id: `needs:${day}`,
    type: 'needs',
    ratings,
    ...(request ? { request } : {}),
    updatedAt: `${day}T10:00:00.000Z`,
  });
  const refusal = (doc: unknown) => {
    try {
      validateUserDoc(doc, null, { name: 'ania', roles: [] }, { members: { names: ['ania'] } });
      return null;
    } catch (error) {
      return (error as { code: string }).code;
    }
  };

  it('takes exactly the toolbox topics rated 1 to 5, a short request, and a yes or no per lesson', () => {
    const all = Object.fromEntries(NEEDS_TOPICS.map((topic) => [topic, 3]));
    expect(refusal(checkIn('2026-12-01', all, 'Prices for weddings'))).toBeNull();
    expect(refusal(checkIn('2026-12-01', { pedagogy: 3 }))).toBe('field.invalid');
    expect(refusal(checkIn('2026-12-01', { pricing: 6 }))).toBe('field.invalid');
    expect(refusal(checkIn('2026-12-01', { pricing: 2.5 }))).toBe('field.invalid');
    expect(refusal(checkIn('2026-12-01', { pricing: 2 }, 'x'.repeat(301)))).toBe('field.tooLong');
    expect(refusal({ ...checkIn('2026-12-01', {}), _id: 'needs:soon' })).toBe('field.invalid');
    const feedback = {
      _id: 'feedback:lesson:pricing-for-profit',
      type: 'feedback',
      lessonId: 'lesson:pricing-for-profit',
      useful: true,
      updatedAt: '2026-12-01T10:00:00.000Z',
    };
    expect(refusal(feedback)).toBeNull();
    expect(refusal({ ...feedback, useful: 'yes' })).toBe('field.invalid');
    expect(refusal({ ...feedback, _id: 'feedback:lesson:cash-flow-basics' })).toBe('field.invalid');
    expect(refusal({ ...feedback, comment: 'y'.repeat(501) })).toBe('field.tooLong');
  });

  it('shows confidence per topic now and three months ago, requests and usefulness, only for five people or more', () => {
    const owner = (now: number, before: number | null, request?: string, useful?: boolean, comment?: string) =>
      ownerPart(
        [
          checkIn('2026-12-01', { pricing: now }, request),
          ...(before === null ? [] : [checkIn('2026-08-15', { pricing: before })]),
          ...(useful === undefined
            ? []
            : [{ type: 'feedback', lessonId: 'lesson:pricing-for-profit', useful, ...(comment ? { comment } : {}) }]),
        ],
        CATALOG,
      );
    const four = [owner(2, 1, 'Wedding prices', true, 'Clear'), owner(3, 1), owner(4, null), owner(4, 2, undefined, false)];
    const few = needsFigures(four, NEEDS_TOPICS, CATALOG);
    expect(few.answered).toBe(FEWER);
    expect(few.topics.find((t) => t.topic === 'pricing')!.now).toEqual({ answered: FEWER, levels: FEWER });
    expect(few.requests).toEqual([]);
    expect(few.usefulness).toEqual([{ lessonId: 'lesson:pricing-for-profit', ratings: FEWER, useful: FEWER, comments: [] }]);

    const five = [...four, owner(5, 2, 'Hiring a first employee', true)];
    const figures = needsFigures(five, NEEDS_TOPICS, CATALOG);
    expect(figures.answered).toBe(5);
    expect(figures.topics.find((t) => t.topic === 'pricing')!.now).toEqual({ answered: 5, levels: [0, 1, 1, 2, 1] });
    // Four of them answered three months before: not shown yet.
    expect(figures.topics.find((t) => t.topic === 'pricing')!.before).toEqual({ answered: FEWER, levels: FEWER });
    expect(figures.requests).toEqual(['Hiring a first employee', 'Wedding prices']);
    expect(figures.usefulness).toEqual([{ lessonId: 'lesson:pricing-for-profit', ratings: FEWER, useful: FEWER, comments: [] }]);
  });
});

describe('insights-<cc> over HTTP', () => {
  let server: TestServer;
  const owners: MemberClient[] = [];
  const PASSWORD = 'the dough rests overnight';

  beforeAll(async () => {
    server = await startTestServer();
    await ensureAccount(
      server.couch,
      { name: 'tomasz', password: 'tutor-of-poland-2026', roles: couchRoles('tutor', 'pl') },
      emptyReport(),
    );
    for (let i = 0; i < 5; i++) {
      const name = `baker${i}`;
      expect(
        (await new MemberClient(server.baseUrl).request('POST', '/api/accounts', { name, password: PASSWORD, country: 'pl' })).status,
      ).toBe(201);
      const client = new MemberClient(server.baseUrl);
      expect(await client.signIn(name, PASSWORD)).toBe(200);
      owners.push(client);
    }
  });
  afterAll(() => server.close());

  async function answerWrong(index: number): Promise<void> {
    const doc = progressDoc('cash-flow-basics', {
      status: 'completed',
      cardIndex: 6,
      answers: { '3': [1, 0] },
      completedAt: '2026-11-29T09:05:00.000Z',
    });
    const answer = await owners[index]!.request('PUT', `/couch/${userDb(`baker${index}`)}/${doc._id}`, doc);
    expect(answer.status).withContext(answer.text).toBe(201);
  }

  const figuresOf = async (client: MemberClient) => client.request('GET', `/couch/insights-pl/${LEARNING_FIGURES_ID}`);

  it('shows a network of four nothing, and five the figures; only its tutors, facilitators and coordinators read them', async () => {
    for (const index of [0, 1, 2, 3]) await answerWrong(index);
    const aggregator = new InsightsAggregator(server.couch, AT_ONCE, { delayMs: 10 });
    await aggregator.catchUp();
    const tutor = new MemberClient(server.baseUrl);
    expect(await tutor.signIn('tomasz', 'tutor-of-poland-2026')).toBe(200);
    // Four owners are not a publication: nothing is written about them.
    const fourAnswer = await figuresOf(tutor);
    expect(fourAnswer.status).withContext(fourAnswer.text).toBe(404);

    // The gateway reports the fifth owner's write; the figures follow without a catch-up.
    await answerWrong(4);
    aggregator.ownerChanged('baker4');
    await aggregator.flush();
    const five = (await figuresOf(tutor)).json;
    expect(five.figures.owners).toBe(5);
    expect(five.figures.questions[0]).toEqual(
      jasmine.objectContaining({ lessonId: 'lesson:cash-flow-basics', card: 3, answered: 5, missShare: 1 }),
    );
    expect(five.figures.questions[0].commonWrong).toEqual({ option: 1, text: '€3,500', people: 5 });

    for (const name of ['piotr', 'eva'])
      expect((await figuresOf(await signedIn(server, name))).status)
        .withContext(name)
        .toBe(200);
    for (const name of ['ania', 'sofia', 'mary', 'jonas'])
      expect((await figuresOf(await signedIn(server, name))).status)
        .withContext(name)
        .toBe(403);
    expect((await figuresOf(owners[0]!)).status).toBe(403);
    expect((await figuresOf(new MemberClient(server.baseUrl))).status).toBe(401);
    // Nobody but the server writes them, not even the network's tutor.
    const forged = await tutor.request('PUT', `/couch/insights-pl/${LEARNING_FIGURES_ID}`, { ...five, figures: { owners: 999 } });
    expect(forged.status).toBe(403);
    expect(forged.json.code).toBe('rule.serverOnly');
    expect((await owners[0]!.request('GET', '/couch/me2me-insight-parts/_all_docs')).status).not.toBe(200);

    // Five owners answer the needs check-in on their phones: the tutor sees the spread, with no names.
    for (const [index, owner] of owners.entries()) {
      const doc = {
        _id: 'needs:2026-12-01',
        type: 'needs',
        ratings: { 'cash-flow': 1 + (index % 3), hiring: 2 },
        request: `Topic from ${index}`,
        updatedAt: '2026-12-01T10:00:00.000Z',
      };
      expect((await owner.request('PUT', `/couch/${userDb(`baker${index}`)}/${doc._id}`, doc)).status).toBe(201);
      aggregator.ownerChanged(`baker${index}`);
    }
    await aggregator.flush();
    const needs = (await tutor.request('GET', `/couch/insights-pl/${NEEDS_FIGURES_ID}`)).json.figures;
    expect(needs.answered).toBe(5);
    expect(needs.topics.find((t: { topic: string }) => t.topic === 'cash-flow').now).toEqual({ answered: 5, levels: [2, 2, 1, 0, 0] });
    expect(needs.requests.length).toBe(5);
    expect(JSON.stringify(needs)).not.toContain('baker');
  });

  it('writes nothing when nothing changed, and two instances agree', async () => {
    const first = new InsightsAggregator(server.couch, AT_ONCE, { delayMs: 10 });
    const second = new InsightsAggregator(server.couch, AT_ONCE, { delayMs: 10 });
    // Whatever the other tests wrote before (they run in any order): parts, publications and figures.
    const revisions = async () => [
      ...(await server.couch.use(INSIGHT_PARTS_DB).list()).rows.map((row) => `${row.id} ${row.value.rev}`),
      ...(await server.couch.use('insights-pl').list()).rows.map((row) => `${row.id} ${row.value.rev}`),
    ];
    await Promise.all([first.catchUp(), second.catchUp()]);
    const before = await revisions();
    await first.catchUp();
    await second.catchUp();
    expect(await revisions()).toEqual(before);
  });
});

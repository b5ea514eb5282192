import { ensureAccount } from '../src/auth/accounts';
import { couchRoles } from '../src/auth/roles';
import { emptyReport } from '../src/couch/provision';
import { InsightsAggregator, LEARNING_FIGURES_ID } from '../src/insights/insights-aggregator';
import { FEWER, learningFigures, ownerPart, type QuestionKey } from '../src/insights/learning-figures';
import { MemberClient, progressDoc, signedIn, startTestServer, userDb, type TestServer } from './support/test-server';

const CASH_FLOW_QUIZ = 'lesson:cash-flow-basics#3';
const QUESTIONS = new Map<string, QuestionKey>([[CASH_FLOW_QUIZ, { correct: [0], options: ['€400', '€3,500', '−€1,100'] }]]);
const progress = (answers: Record<string, number[]>) => ({ type: 'progress', lessonId: 'lesson:cash-flow-basics', status: 'completed', answers });

describe('insights figures (pure)', () => {
  it('counts starts, completions and first wrong answers, but shows nothing about fewer than five people', () => {
    const four = [1, 2, 3, 4].map(() => ownerPart([progress({ 3: [1, 0] })], QUESTIONS));
    const shy = learningFigures(four, QUESTIONS);
    expect(shy.owners).toBe(FEWER);
    expect(shy.lessons).toEqual([{ lessonId: 'lesson:cash-flow-basics', starts: FEWER, completions: FEWER }]);
    expect(shy.questions).toEqual([]);

    const five = [...four, ownerPart([progress({ 3: [0] })], QUESTIONS)];
    const figures = learningFigures(five, QUESTIONS);
    expect(figures.owners).toBe(5);
    expect(figures.lessons).toEqual([{ lessonId: 'lesson:cash-flow-basics', starts: 5, completions: 5 }]);
    expect(figures.questions).toEqual([{ lessonId: 'lesson:cash-flow-basics', card: 3, answered: 5, missShare: 0.8, commonWrong: null }]);
    // Four people chose €3,500: fewer than five, so which wrong answer tempts is not said yet.
    const six = [...five, ownerPart([progress({ 3: [1, 0] })], QUESTIONS)];
    expect(learningFigures(six, QUESTIONS).questions[0]!.commonWrong).toEqual({ option: 1, text: '€3,500', people: 5 });
  });

  it('ignores what is not an owner\'s own learning record, and answers to questions it does not know', () => {
    const part = ownerPart([{ type: 'settings', language: 'pl' }, { type: 'review', lessonId: 'lesson:x' }, progress({ 3: [2], 9: [1] })], QUESTIONS);
    expect(part).toEqual({ lessons: { 'lesson:cash-flow-basics': 'completed' }, questions: { [CASH_FLOW_QUIZ]: [2] } });
  });
});

describe('insights-<cc> over HTTP', () => {
  let server: TestServer;
  const owners: MemberClient[] = [];
  const PASSWORD = 'the dough rests overnight';

  beforeAll(async () => {
    server = await startTestServer();
    await ensureAccount(server.couch, { name: 'tomasz', password: 'tutor-of-poland-2026', roles: couchRoles('tutor', 'pl') }, emptyReport());
    for (let i = 0; i < 5; i++) {
      const name = `baker${i}`;
      expect((await new MemberClient(server.baseUrl).request('POST', '/api/accounts', { name, password: PASSWORD, country: 'pl' })).status).toBe(201);
      const client = new MemberClient(server.baseUrl);
      expect(await client.signIn(name, PASSWORD)).toBe(200);
      owners.push(client);
    }
  });
  afterAll(() => server.close());

  async function answerWrong(index: number): Promise<void> {
    const doc = progressDoc('cash-flow-basics', { status: 'completed', cardIndex: 6, answers: { '3': [1, 0] }, completedAt: '2026-11-29T09:05:00.000Z' });
    const answer = await owners[index]!.request('PUT', `/couch/${userDb(`baker${index}`)}/${doc._id}`, doc);
    expect(answer.status).withContext(answer.text).toBe(201);
  }

  const figuresOf = async (client: MemberClient) => client.request('GET', `/couch/insights-pl/${LEARNING_FIGURES_ID}`);

  it('shows a network of four nothing, and five the figures; only its tutors, facilitators and coordinators read them', async () => {
    for (const index of [0, 1, 2, 3]) await answerWrong(index);
    const aggregator = new InsightsAggregator(server.couch, 10);
    await aggregator.catchUp();
    const tutor = new MemberClient(server.baseUrl);
    expect(await tutor.signIn('tomasz', 'tutor-of-poland-2026')).toBe(200);
    const fourAnswer = await figuresOf(tutor);
    expect(fourAnswer.status).withContext(fourAnswer.text).toBe(200);
    const four = fourAnswer.json;
    expect(four.figures.owners).toBe(FEWER);
    expect(four.figures.questions).toEqual([]);
    expect(JSON.stringify(four)).not.toContain('baker');

    // The gateway reports the fifth owner's write; the figures follow without a catch-up.
    await answerWrong(4);
    aggregator.ownerChanged('baker4');
    await aggregator.flush();
    const five = (await figuresOf(tutor)).json;
    expect(five.figures.owners).toBe(5);
    expect(five.figures.questions[0]).toEqual(jasmine.objectContaining({ lessonId: 'lesson:cash-flow-basics', card: 3, answered: 5, missShare: 1 }));
    expect(five.figures.questions[0].commonWrong).toEqual({ option: 1, text: '€3,500', people: 5 });

    for (const name of ['piotr', 'eva']) expect((await figuresOf(await signedIn(server, name))).status).withContext(name).toBe(200);
    for (const name of ['ania', 'sofia', 'mary', 'jonas']) expect((await figuresOf(await signedIn(server, name))).status).withContext(name).toBe(403);
    expect((await figuresOf(owners[0]!)).status).toBe(403);
    expect((await figuresOf(new MemberClient(server.baseUrl))).status).toBe(401);
    // Nobody but the server writes them, not even the network's tutor.
    const forged = await tutor.request('PUT', `/couch/insights-pl/${LEARNING_FIGURES_ID}`, { ...five, figures: { owners: 999 } });
    expect(forged.status).toBe(403);
    expect(forged.json.code).toBe('rule.serverOnly');
    expect((await owners[0]!.request('GET', '/couch/me2me-insight-parts/_all_docs')).status).not.toBe(200);
  });

  it('writes nothing when nothing changed, and two instances agree', async () => {
    const first = new InsightsAggregator(server.couch, 10);
    const second = new InsightsAggregator(server.couch, 10);
    await Promise.all([first.catchUp(), second.catchUp()]);
    const before = await server.couch.use('insights-pl').get(LEARNING_FIGURES_ID);
    await first.catchUp();
    const after = await server.couch.use('insights-pl').get(LEARNING_FIGURES_ID);
    expect(after._rev).toBe(before._rev);
  });
});

import { randomBytes } from 'node:crypto';
import { ensureAccount } from '../src/auth/accounts';
import { couchRoles } from '../src/auth/roles';
import { emptyReport } from '../src/couch/provision';
import { clockCheck } from '../src/gateway/clock-check';
import { enrolledOwnerCheck, enrolmentRightsCheck } from '../src/gateway/enrolment-checks';
import { markRightsCheck } from '../src/gateway/mark-check';
import { threadLockCheck } from '../src/gateway/thread-lock-check';
import { writeChecksFor, type ProposedWrite, type WriteRefusal } from '../src/gateway/write-checks';
import { startTestServer, type TestServer } from './support/test-server';

const piotr = { name: 'piotr', roles: couchRoles('facilitator', 'pl') };
const kasia = { name: 'kasia', roles: couchRoles('facilitator', 'pl') };
const tomasz = { name: 'tomasz', roles: couchRoles('facilitator', 'pl') };
const eva = { name: 'eva', roles: couchRoles('coordinator', 'pl') };
const ania = { name: 'ania', roles: couchRoles('owner', 'pl') };
const mary = { name: 'mary', roles: couchRoles('tutor', 'ie') };
const marek = { name: 'marek', roles: couchRoles('tutor', 'pl') };
const PAST = '2026-11-29T09:00:00.000Z';

function proposed(
  db: string,
  user: ProposedWrite['user'],
  doc: Record<string, unknown>,
  oldDoc: Record<string, unknown> | null = null,
): ProposedWrite {
  return { db, user, doc, oldDoc, earlier: new Map() };
}

/** The English reason of a check's refusal, or null when it lets the write through. */
async function reasonOf(refusal: Promise<WriteRefusal | null>): Promise<string | null> {
  return (await refusal)?.reason ?? null;
}

describe('write checks – what the gateway asks after the rule accepted a workshops-<cc> write', () => {
  let server: TestServer;
  const cohort = {
    _id: 'cohort:checks2026',
    type: 'cohort',
    kind: 'induction',
    author: 'piotr',
    title: 'Checked cohort',
    facilitators: ['piotr', 'kasia'],
    updatedAt: PAST,
  };
  const enrolment = (owner: string, extra: Record<string, unknown> = {}) => ({
    _id: `enrolment:checks2026:${owner}`,
    type: 'enrolment',
    author: 'piotr',
    cohortId: cohort._id,
    owner,
    updatedAt: PAST,
    ...extra,
  });
  const mark = (author: string, cohortId = cohort._id) => ({
    _id: `mark:${randomBytes(6).toString('hex')}`,
    type: 'mark',
    author,
    cohortId,
    session: 1,
    owner: 'ania',
    status: 'present',
    markedAt: PAST,
    seen: [],
  });

  beforeAll(async () => {
    server = await startTestServer();
    await server.couch.use('workshops-pl').insert(cohort as never);
    // An Irish owner, in a network of her own.
    await ensureAccount(server.couch, { name: 'siobhan', password: 'pottery-2026-ie', roles: couchRoles('owner', 'ie') }, emptyReport());
  });
  afterAll(async () => server.close());

  it('runs for the workshops and discussion databases of every network', () => {
    expect(writeChecksFor('workshops-pl')).toEqual(
      jasmine.arrayContaining([clockCheck, enrolmentRightsCheck, enrolledOwnerCheck, markRightsCheck]),
    );
    expect(writeChecksFor('discussions-ie')).toEqual(jasmine.arrayContaining([clockCheck, threadLockCheck]));
    expect(writeChecksFor('catalog')).toEqual([]);
  });

  it('enrols only existing owners of the same network', async () => {
    const check = (doc: Record<string, unknown>, old: Record<string, unknown> | null = null) =>
      reasonOf(enrolledOwnerCheck(proposed('workshops-pl', piotr, doc, old), server.couch));
    expect(await check(enrolment('ania'))).toBeNull();
    expect(await check(enrolment('sofia')))
      .withContext('an owner who is also a peer mentor')
      .toBeNull();
    expect(await check(enrolment('siobhan')))
      .withContext("another network's owner")
      .toContain('not an owner in this country network');
    expect(await check(enrolment('piotr')))
      .withContext('the facilitator himself')
      .toContain('Nobody enrols themselves');
    expect(await check(enrolment('eva')))
      .withContext('a coordinator')
      .toContain('not an owner');
    expect(await check(enrolment('nobody-at-all')))
      .withContext('a name nobody has')
      .toContain('not an owner');
    // Taking someone off the roster is always possible, whoever they turned out to be.
    expect(await check(enrolment('siobhan', { withdrawn: true }), enrolment('siobhan'))).toBeNull();
    expect(await check({ _id: enrolment('siobhan')._id, _deleted: true }, enrolment('siobhan'))).toBeNull();
    expect(await check(enrolment('siobhan', { withdrawn: false }), enrolment('siobhan', { withdrawn: true })))
      .withContext('back on the roster')
      .toContain('not an owner');
    // With a code and its parameters, for the app to say it in the facilitator's language.
    expect(await enrolledOwnerCheck(proposed('workshops-pl', piotr, enrolment('siobhan')), server.couch)).toEqual({
      reason: 'siobhan is not an owner in this country network.',
      code: 'enrolment.notOwner',
      params: { owner: 'siobhan' },
    });
    expect((await enrolledOwnerCheck(proposed('workshops-pl', piotr, enrolment('piotr')), server.couch))?.code).toBe('enrolment.self');
  });

  it("lets those who run the cohort and the country's coordinators enrol and withdraw, nobody else", async () => {
    const check = (user: ProposedWrite['user'], doc: Record<string, unknown>, old: Record<string, unknown> | null = null) =>
      reasonOf(enrolmentRightsCheck(proposed('workshops-pl', user, doc, old), server.couch));
    const stored = enrolment('ania');
    for (const user of [piotr, kasia, eva]) {
      expect(await check(user, { ...enrolment('ania'), author: user.name }))
        .withContext(user.name)
        .toBeNull();
      expect(await check(user, { ...stored, author: user.name, withdrawn: true }, stored))
        .withContext(`${user.name} withdraws`)
        .toBeNull();
      expect(await check(user, { _id: stored._id, _deleted: true }, stored))
        .withContext(`${user.name} deletes`)
        .toBeNull();
    }
    expect(await check(tomasz, { ...enrolment('ania'), author: 'tomasz' })).toContain("Only the cohort's facilitators");
    expect(await check(tomasz, { ...stored, author: 'tomasz', withdrawn: true }, stored))
      .withContext('withdrawing')
      .toContain("Only the cohort's facilitators");
    expect(await check(tomasz, { _id: stored._id, _deleted: true }, stored))
      .withContext('deleting')
      .toContain("Only the cohort's facilitators");
    const elsewhere = { ...enrolment('ania'), _id: 'enrolment:gone2026x:ania', cohortId: 'cohort:gone2026x' };
    expect(await check(piotr, elsewhere)).toContain('no such cohort');
    expect(await check(eva, elsewhere))
      .withContext('a coordinator enrols nobody into nothing')
      .toContain('no such cohort');
    expect(await check(eva, { ...elsewhere, withdrawn: true }, elsewhere))
      .withContext('but clears up after a deleted cohort')
      .toBeNull();
    const lithuanianCoordinator = { name: 'ruta', roles: [...couchRoles('coordinator', 'lt'), 'facilitator:pl'] };
    expect(await check(lithuanianCoordinator, { ...enrolment('ania'), author: 'ruta' })).toContain("Only the cohort's facilitators");
  });

  it("takes attendance only from those who run the cohort and the country's coordinators", async () => {
    const check = (user: ProposedWrite['user'], doc: Record<string, unknown>) =>
      reasonOf(markRightsCheck(proposed('workshops-pl', user, doc), server.couch));
    for (const user of [piotr, kasia, eva])
      expect(await check(user, mark(user.name)))
        .withContext(user.name)
        .toBeNull();
    expect(await check(tomasz, mark('tomasz'))).toContain("Only the cohort's facilitators");
    expect(await check(piotr, mark('piotr', 'cohort:gone2026x'))).toContain('no such cohort');
    expect((await markRightsCheck(proposed('workshops-pl', tomasz, mark('tomasz')), server.couch))?.code).toBe('mark.staffOnly');
    expect((await markRightsCheck(proposed('workshops-pl', piotr, mark('piotr', 'cohort:gone2026x')), server.couch))?.code).toBe(
      'cohort.notFound',
    );
  });

  it('refuses times more than five minutes ahead of the server clock', async () => {
    const check = (doc: Record<string, unknown>, old: Record<string, unknown> | null = null) =>
      reasonOf(clockCheck(proposed('workshops-pl', piotr, doc, old), server.couch));
    const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
    expect(await check(mark('piotr'))).toBeNull();
    expect(await check({ ...mark('piotr'), markedAt: inMinutes(2) }))
      .withContext('a clock a little fast')
      .toBeNull();
    expect(await check({ ...mark('piotr'), markedAt: '2099-01-01T00:00:00.000Z' })).toContain('markedAt is in the future');
    expect(await check({ ...mark('piotr'), markedAt: inMinutes(10) })).toContain('markedAt');
    expect(await check({ ...cohort, updatedAt: inMinutes(10) }, cohort)).toContain('updatedAt');
    expect(await check({ ...enrolment('ania'), createdAt: inMinutes(10) })).toContain('createdAt');
    const stuck = enrolment('ania', { createdAt: '2099-01-01T00:00:00.000Z' });
    expect(await check({ ...stuck, withdrawn: true, updatedAt: PAST }, stuck))
      .withContext('a time stored earlier is not held against a change')
      .toBeNull();
    const post = {
      _id: 'post:future0001',
      type: 'post',
      author: 'ania',
      threadId: 'thread:future0001',
      body: 'First!',
      createdAt: '2099-01-01T00:00:00.000Z',
    };
    expect(await clockCheck(proposed('discussions-pl', ania, post), server.couch)).toEqual({
      reason: 'createdAt is in the future: check the date and time of this device.',
      code: 'clock.future',
      params: { field: 'createdAt' },
    });
  });
});

describe('write checks – posts into a locked thread of discussions-<cc>', () => {
  let server: TestServer;
  const threadId = 'thread:lockcheck01';
  const post = (author: string, thread = threadId) => ({
    _id: `post:${randomBytes(6).toString('hex')}`,
    type: 'post',
    author,
    threadId: thread,
    body: 'One more thing.',
    createdAt: PAST,
  });
  const moderation = (action: string, createdAt: string, id = randomBytes(6).toString('hex'), targetId = threadId) => ({
    _id: `moderation:${id}`,
    type: 'moderation',
    author: 'eva',
    targetId,
    action,
    createdAt,
  });
  const check = (user: ProposedWrite['user'], doc: Record<string, unknown>) =>
    reasonOf(threadLockCheck(proposed('discussions-pl', user, doc), server.couch));

  beforeAll(async () => {
    server = await startTestServer();
    await server.couch.use('discussions-pl').insert({
      _id: threadId,
      type: 'thread',
      author: 'ania',
      title: 'Flour prices',
      body: 'Up again.',
      topic: 'pricing',
      createdAt: PAST,
    } as never);
  });
  afterAll(async () => server.close());

  it('takes posts into a thread until its latest lock action is a lock, then only from its moderators', async () => {
    const db = server.couch.use('discussions-pl');
    expect(await check(ania, post('ania'))).toBeNull();
    await db.insert(moderation('pin', '2026-11-29T10:00:00.000Z') as never);
    await db.insert(moderation('lock', '2026-11-29T10:00:00.000Z', 'zzzz0001', 'thread:otherthr01') as never);
    expect(await check(ania, post('ania')))
      .withContext("a pin, and another thread's lock")
      .toBeNull();

    await db.insert(moderation('lock', '2026-11-29T11:00:00.000Z', 'mmmm0001') as never);
    expect(await check(ania, post('ania'))).toContain('closed');
    expect(await check(mary, post('mary')))
      .withContext("another network's tutor")
      .toContain('closed');
    expect(await check(eva, post('eva')))
      .withContext('a coordinator of the network')
      .toBeNull();
    expect(await check(marek, post('marek')))
      .withContext('a tutor of the network')
      .toBeNull();
    expect(await check(ania, post('ania', 'thread:otherthr99')))
      .withContext('another thread')
      .toBeNull();
    const edit = { _id: 'edit:lockcheck01', type: 'edit', author: 'ania', targetId: threadId, body: 'Up again, by 10%.', createdAt: PAST };
    expect(await check(ania, edit))
      .withContext('edits of what was posted stay possible, as in the app')
      .toBeNull();

    // At the same moment the id decides, as on every device (thread-assembly.ts).
    await db.insert(moderation('unlock', '2026-11-29T11:00:00.000Z', 'aaaa0001') as never);
    expect(await check(ania, post('ania')))
      .withContext('an unlock that sorts before the lock')
      .toContain('closed');
    await db.insert(moderation('unlock', '2026-11-29T11:00:00.000Z', 'zzzz0002') as never);
    expect(await check(ania, post('ania')))
      .withContext('an unlock that sorts after it')
      .toBeNull();
    await db.insert(moderation('lock', '2026-11-29T12:00:00.000Z') as never);
    expect(await check(ania, post('ania')))
      .withContext('locked again')
      .toContain('closed');
    expect((await threadLockCheck(proposed('discussions-pl', ania, post('ania')), server.couch))?.code).toBe('thread.locked');
  });
});

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CATALOG_DB, type Country } from '../couchdb/database-names';
import { validateUserDoc } from '../couchdb/userdb/validate-doc-update';
import { createApp } from '../src/app';
import { ensureAccount } from '../src/auth/accounts';
import { couchRoles } from '../src/auth/roles';
import type { InsightsSettings } from '../src/config';
import type { Couch } from '../src/couch/client';
import { emptyReport } from '../src/couch/provision';
import { needsDayCheck, needsDayCheckAt } from '../src/gateway/clock-check';
import { writeChecksFor } from '../src/gateway/write-checks';
import {
  INSIGHT_PARTS_DB,
  InsightsAggregator,
  LEARNING_FIGURES_ID,
  NEEDS_FIGURES_ID,
  rangeReadLimit,
} from '../src/insights/insights-aggregator';
import { MemberClient, progressDoc, startTestServer, userDb, type TestServer } from './support/test-server';
import { revisionGone } from './support/revisions';

const PASSWORD = 'the dough rests overnight';
const AT_ONCE: InsightsSettings = { insightsMinHours: 0, insightsMinAccountDays: 0, insightsBatchOwners: 5 };
const DAY_MS = 86_400_000;

type Doc = { _id: string; _rev?: string } & Record<string, unknown>;

/**
 * What a tutor can learn about one owner from the insights: sock puppets that bring a network to five,
 * the difference between two publications or two revisions, and a flood of made-up records.
 */
describe('insights privacy – figures per batch of five, from accounts a week old, old revisions gone', () => {
  let server: TestServer;
  beforeAll(async () => (server = await startTestServer()));
  afterAll(() => server.close());

  async function owner(name: string, country: Country): Promise<MemberClient> {
    const signUp = await new MemberClient(server.baseUrl).request('POST', '/api/accounts', { name, password: PASSWORD, country });
    expect(signUp.status).withContext(signUp.text).toBe(201);
    const client = new MemberClient(server.baseUrl);
    expect(await client.signIn(name, PASSWORD)).toBe(200);
    return client;
  }

  /** Stores a document in an owner's private database as the store's admin, over what is there. */
  async function store(name: string, doc: Doc): Promise<void> {
    const db = server.couch.use<Doc>(userDb(name));
    const stored = await db.get(doc._id).catch(() => null);
    await db.insert({ ...doc, ...(stored ? { _rev: stored._rev } : {}) });
  }

  const checkIn = (level: number, request: string) => ({
    _id: 'needs:2026-11-02',
    type: 'needs',
    ratings: { 'cash-flow': level, hiring: 2 },
    request,
    updatedAt: '2026-11-02T10:00:00.000Z',
  });

  const figures = (country: Country, id: string) =>
    server.couch
      .use<Doc>(`insights-${country}`)
      .get(id)
      .catch(() => null);

  async function network(country: Country, prefix: string): Promise<string[]> {
    const names = [0, 1, 2, 3, 4].map((i) => `${prefix}${i}`);
    for (const [index, name] of names.entries()) {
      await owner(name, country);
      await store(name, checkIn(1 + (index % 3), `First wish of ${name}`));
    }
    return names;
  }

  it("publishes a network's figures only when five owners changed what they tell, so no publication is one person", async () => {
    const names = await network('pl', 'ada');
    const aggregator = new InsightsAggregator(server.couch, AT_ONCE, { delayMs: 5 });
    await aggregator.catchUp();
    const first = (await figures('pl', NEEDS_FIGURES_ID))!;
    expect((first['figures'] as { answered: unknown }).answered).toBe(5);

    // One owner changes her answers: a tutor who compared the figures would see her alone.
    await store(names[0]!, checkIn(5, 'Only my own wish'));
    aggregator.ownerChanged(names[0]!);
    await aggregator.flush();
    expect((await figures('pl', NEEDS_FIGURES_ID))!._rev)
      .withContext('one change')
      .toBe(first._rev);
    for (const name of names.slice(1, 4)) {
      await store(name, checkIn(4, `Changed wish of ${name}`));
      aggregator.ownerChanged(name);
    }
    await aggregator.flush();
    expect((await figures('pl', NEEDS_FIGURES_ID))!._rev)
      .withContext('four changes')
      .toBe(first._rev);

    await store(names[4]!, checkIn(4, `Changed wish of ${names[4]}`));
    aggregator.ownerChanged(names[4]!);
    await aggregator.flush();
    const second = (await figures('pl', NEEDS_FIGURES_ID))!;
    expect(second._rev).withContext('five changes').not.toBe(first._rev);
    const requests = (second['figures'] as { requests: string[] }).requests;
    expect(requests).toContain('Only my own wish');
    expect(requests)
      .withContext('in an order that says nothing about when')
      .toEqual([...requests].sort());
    // Nobody started a lesson: the learning figures had nothing new to publish.
    expect(await figures('pl', LEARNING_FIGURES_ID)).toBeNull();
  });

  it('counts an owner only once their account is a week old: sock puppets signed up today do not make five', async () => {
    await network('lt', 'bea');
    await new InsightsAggregator(server.couch, { insightsMinHours: 0, insightsMinAccountDays: 7, insightsBatchOwners: 5 }).catchUp();
    expect(await figures('lt', NEEDS_FIGURES_ID)).toBeNull();

    const weekLater = () => Date.now() + 8 * DAY_MS;
    await new InsightsAggregator(
      server.couch,
      { insightsMinHours: 0, insightsMinAccountDays: 7, insightsBatchOwners: 5 },
      { now: weekLater },
    ).catchUp();
    expect(((await figures('lt', NEEDS_FIGURES_ID))!['figures'] as { answered: unknown }).answered).toBe(5);
  });

  it('publishes at most once per INSIGHTS_MIN_HOURS, however many change', async () => {
    const names = await network('hu', 'cia');
    const start = Date.now();
    const at = (hours: number) =>
      new InsightsAggregator(
        server.couch,
        { insightsMinHours: 24, insightsMinAccountDays: 0, insightsBatchOwners: 5 },
        { now: () => start + hours * 3_600_000 },
      );
    await at(0).catchUp();
    const first = (await figures('hu', NEEDS_FIGURES_ID))!;
    for (const name of names) await store(name, checkIn(5, `Later wish of ${name}`));
    await at(1).catchUp();
    expect((await figures('hu', NEEDS_FIGURES_ID))!._rev)
      .withContext('an hour later')
      .toBe(first._rev);
    await at(25).catchUp();
    expect((await figures('hu', NEEDS_FIGURES_ID))!._rev)
      .withContext('a day later')
      .not.toBe(first._rev);
  });

  it('leaves no earlier revision of the figures to read: GET ?rev= and open_revs through the member API', async () => {
    await ensureAccount(server.couch, { name: 'tudor', password: 'tutor-of-romania-26', roles: couchRoles('tutor', 'ro') }, emptyReport());
    const tutor = new MemberClient(server.baseUrl);
    expect(await tutor.signIn('tudor', 'tutor-of-romania-26')).toBe(200);
    const names = await network('ro', 'dan');
    const aggregator = new InsightsAggregator(server.couch, AT_ONCE);
    await aggregator.catchUp();
    const first = (await tutor.request('GET', `/couch/insights-ro/${NEEDS_FIGURES_ID}`)).json;
    expect(first.figures.requests).toContain('First wish of dan0');
    for (const name of names) await store(name, checkIn(5, `Second wish of ${name}`));
    await aggregator.catchUp();
    const path = `/couch/insights-ro/${NEEDS_FIGURES_ID}`;
    expect((await tutor.request('GET', path)).json._rev).not.toBe(first._rev);

    await revisionGone(tutor, path, first._rev);
    const old = await tutor.request('GET', `${path}?rev=${first._rev}`);
    expect(old.status).withContext(old.text).toBe(404);
    const open = await tutor.request('GET', `${path}?open_revs=${encodeURIComponent(JSON.stringify([first._rev]))}`);
    expect(open.text).not.toContain('First wish');
  });

  it("reads only what can count: a flood of made-up lessons in one owner's database costs a bounded read and reaches no figure", async () => {
    await owner('eve0', 'ie');
    const junk = Array.from({ length: 3000 }, (_, i) =>
      progressDoc(`made-up-${i}`, { status: 'completed', answers: { '3': [1] }, completedAt: '2026-11-02T10:00:00.000Z' }),
    );
    for (let i = 0; i < junk.length; i += 500) await server.couch.use(userDb('eve0')).bulk({ docs: junk.slice(i, i + 500) });
    await store(
      'eve0',
      progressDoc('cash-flow-basics', { status: 'completed', answers: { '3': [1, 0] }, completedAt: '2026-11-02T10:00:00.000Z' }),
    );

    let rowsRead = 0;
    const counting = countingRows(server.couch, userDb('eve0'), (rows) => (rowsRead += rows));
    await new InsightsAggregator(counting, AT_ONCE).catchUp();
    const part = await server.couch.use<Doc>(INSIGHT_PARTS_DB).get('part:ie:eve0');
    expect(Object.keys((part['part'] as { lessons: object }).lessons)).toEqual(['lesson:cash-flow-basics']);
    const lessons = await server.couch.use(CATALOG_DB).list({ startkey: 'lesson:', endkey: 'lesson:\ufff0' });
    const catalog = { lessonIds: new Set(lessons.rows.map((row) => row.id)), questions: new Map() };
    // A full range read, then the catalog's keys: bounded by the catalog, not by the flood.
    expect(rowsRead).toBeLessThanOrEqual(rangeReadLimit(catalog) + 2 * lessons.rows.length + 2);
  });

  it("reads an owner's records in one request, and counts from it only the catalog's lessons and check-ins not dated ahead", async () => {
    await owner('ida0', 'ie');
    const day = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY_MS).toISOString().slice(0, 10);
    // Stored as the store's admin: the gateway refuses check-ins dated ahead, a store written before it did may hold one.
    for (const doc of [
      progressDoc('cash-flow-basics', { status: 'completed', completedAt: '2026-11-02T10:00:00.000Z' }),
      progressDoc('made-up-lesson'),
      {
        _id: 'feedback:lesson:made-up-lesson',
        type: 'feedback',
        lessonId: 'lesson:made-up-lesson',
        useful: true,
        updatedAt: '2026-11-02T10:00:00.000Z',
      },
      { ...checkIn(2, 'Ahead of the clock'), _id: `needs:${day(30)}` },
      { ...checkIn(3, 'Today'), _id: `needs:${day(0)}` },
      { ...checkIn(1, 'Too recent to be three months ago'), _id: `needs:${day(-10)}` },
      { ...checkIn(4, 'Four months ago'), _id: `needs:${day(-120)}` },
    ])
      await store('ida0', doc);

    let requests = 0;
    const counting = wrapDatabase(server.couch, (db, method, args) => {
      if (db === userDb('ida0')) requests += 1;
      return method(...args);
    });
    const aggregator = new InsightsAggregator(counting, AT_ONCE, { delayMs: 5 });
    aggregator.ownerChanged('ida0');
    await aggregator.flush();
    expect(requests).toBe(1);
    const part = (await server.couch.use<Doc>(INSIGHT_PARTS_DB).get('part:ie:ida0'))['part'];
    expect(part).toEqual({
      lessons: { 'lesson:cash-flow-basics': 'completed' },
      questions: {},
      needs: { now: { 'cash-flow': 3, hiring: 2 }, before: { 'cash-flow': 4, hiring: 2 }, request: 'Today' },
    });
  });

  it('goes on with the other owners and networks when one of them fails', async () => {
    const names = await network('cz', 'fay');
    await owner('fay5', 'cz');
    const warn = spyOn(console, 'warn');
    // fay5's database does not answer, and neither do the parts of the Polish network (read first).
    const failing = failingCouch(server.couch, (db, args) =>
      db === userDb('fay5') ? true : db === INSIGHT_PARTS_DB && String((args[0] as { startkey?: string })?.startkey).startsWith('part:pl:'),
    );
    await expectAsync(new InsightsAggregator(failing, AT_ONCE).catchUp()).toBeResolved();
    expect(((await figures('cz', NEEDS_FIGURES_ID))!['figures'] as { answered: unknown }).answered).toBe(names.length);
    expect(warn).toHaveBeenCalled();
  });

  it('hears of a write into a private database only when something was stored', async () => {
    const heard: string[] = [];
    const app: Server = createApp({
      config: server.config,
      couch: server.couch,
      adminUrl: server.store.url,
      onPrivateWrite: (name) => heard.push(name),
    }).listen(0, '127.0.0.1');
    await new Promise((resolve) => app.once('listening', resolve));
    try {
      await owner('gus0', 'fi');
      const client = new MemberClient(`http://127.0.0.1:${(app.address() as AddressInfo).port}`);
      expect(await client.signIn('gus0', PASSWORD)).toBe(200);
      const db = `/couch/${userDb('gus0')}`;
      const refused = progressDoc('cash-flow-basics', { status: 'maybe' });
      expect((await client.request('PUT', `${db}/${refused._id}`, refused)).status).toBe(403);
      const bulk = await client.request('POST', `${db}/_bulk_docs`, { docs: [refused, { ...refused, _id: 'progress:lesson:other' }] });
      expect(bulk.json.every((row: { error?: string }) => row.error)).toBeTrue();
      expect(heard).withContext('nothing stored').toEqual([]);
      const good = progressDoc('cash-flow-basics');
      expect((await client.request('PUT', `${db}/${good._id}`, good)).status).toBe(201);
      expect(heard).toEqual(['gus0']);
    } finally {
      app.closeAllConnections();
      await new Promise((resolve) => app.close(resolve));
    }
  });

  it("refuses a needs check-in dated ahead of the server's clock, with the clock's refusal", async () => {
    const client = await owner('hal0', 'uk');
    const day = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY_MS).toISOString().slice(0, 10);
    const ahead = { ...checkIn(3, 'From the future'), _id: `needs:${day(2)}` };
    const answer = await client.request('PUT', `/couch/${userDb('hal0')}/${ahead._id}`, ahead);
    expect(answer.status).toBe(403);
    expect(answer.json.code).toBe('clock.future');
    const today = { ...checkIn(3, 'From today'), _id: `needs:${day(0)}` };
    expect((await client.request('PUT', `/couch/${userDb('hal0')}/${today._id}`, today)).status).toBe(201);
    const refusal = (id: string) => {
      try {
        validateUserDoc({ ...today, _id: id }, null, { name: 'hal0', roles: [] }, { members: { names: ['hal0'] } });
        return null;
      } catch (error) {
        return (error as { code: string }).code;
      }
    };
    // The rule has no clock to trust and checks only that the day is real; the gateway's check holds it against the server's clock.
    expect(refusal(`needs:${day(3)}`)).toBeNull();
    expect(refusal('needs:2026-02-30')).toBe('field.invalid');
    const check = needsDayCheckAt(() => Date.parse('2026-12-07T23:58:00Z'));
    const write = (id: string, roles: string[] = []) => ({
      db: userDb('hal0'),
      user: { name: 'hal0', roles },
      doc: { ...today, _id: id },
      oldDoc: null,
      earlier: new Map(),
    });
    expect(await check(write('needs:2026-12-07'), server.couch)).toBeNull();
    expect(await check(write('needs:2026-12-08'), server.couch))
      .withContext('five minutes of grace reach into tomorrow')
      .toBeNull();
    expect((await check(write('needs:2026-12-09'), server.couch))?.code).toBe('clock.future');
    expect(await check({ ...write('needs:2026-12-09'), doc: { _id: 'needs:2026-12-09', _deleted: true } }, server.couch))
      .withContext('a check-in dated ahead can still be deleted')
      .toBeNull();
    expect(writeChecksFor(userDb('hal0'))).toContain(needsDayCheck);
  });
});

type ScopeMethod = (...args: unknown[]) => Promise<unknown>;

/** The admin client with the calls on one database wrapped. */
function wrapDatabase(couch: Couch, wrap: (db: string, method: ScopeMethod, args: unknown[]) => Promise<unknown>): Couch {
  return new Proxy(couch, {
    get(target, key) {
      if (key !== 'use') return Reflect.get(target, key);
      return (db: string) => {
        const scope = target.use(db);
        return new Proxy(scope, {
          get(inner, name) {
            const value = Reflect.get(inner, name) as unknown;
            if (typeof value !== 'function') return value;
            return (...args: unknown[]) => wrap(db, (...a) => (value as ScopeMethod).apply(inner, a), args);
          },
        });
      };
    },
  });
}

function countingRows(couch: Couch, counted: string, onRows: (rows: number) => void): Couch {
  return wrapDatabase(couch, async (db, method, args) => {
    const answer = (await method(...args)) as { rows?: unknown[] } | undefined;
    if (db === counted && Array.isArray(answer?.rows)) onRows(answer.rows.length);
    return answer;
  });
}

function failingCouch(couch: Couch, fails: (db: string, args: unknown[]) => boolean): Couch {
  return wrapDatabase(couch, (db, method, args) =>
    fails(db, args) ? Promise.reject(Object.assign(new Error('The store failed'), { statusCode: 500 })) : method(...args),
  );
}

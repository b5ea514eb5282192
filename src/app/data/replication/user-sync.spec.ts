import { decodeRefusal } from '../../../../sync-server/couchdb/refusal';
import { filter, firstValueFrom, map, timeout, timer } from 'rxjs';
import { watchCatalog } from '../catalog-repository';
import type { AppDatabase } from '../database';
import { watchOutbox } from '../outbox';
import { saveDraft } from '../authoring-repository';
import type { LessonDraft } from '../schemas/authoring';
import { saveProgress, watchProgress } from '../progress-repository';
import { FakeCouch } from '../testing/fake-couch';
import { createMemoryDatabase } from '../testing/memory-database';
import { withdrawMark, writeDiscussion } from '../discussion-repository';
import { UserSync, type ConnectionState } from './user-sync';
import { userDbName } from '../../../../sync-server/couchdb/database-names';

const BASE = 'http://sync.test/couch/';
const USER = 'ania';
const PRIVATE_DB = userDbName(USER);

function lesson(slug: string, title = 'Cash flow basics') {
  return {
    _id: `lesson:${slug}`,
    type: 'lesson',
    programmeId: 'programme:toolbox',
    title,
    summary: 'Money in, money out.',
    order: 1,
    minutes: 3,
    topic: 'cash-flow',
    language: 'en',
    cards: [{ kind: 'text', body: 'Hello' }],
  };
}

describe('UserSync (replication in CouchDB terms: revisions, _changes, _bulk_docs)', () => {
  let couch: FakeCouch;
  let db: AppDatabase;
  let sync: UserSync;
  let connection: ConnectionState[];
  let unhandled: unknown[];
  const onUnhandled = (event: PromiseRejectionEvent) => {
    unhandled.push(event.reason);
    event.preventDefault();
  };

  beforeEach(async () => {
    couch = new FakeCouch();
    couch.serverWrite('catalog', {
      _id: 'programme:toolbox',
      type: 'programme',
      title: 'Toolbox',
      summary: 'Skills',
      audience: 'owner',
      order: 1,
    });
    couch.serverWrite('catalog', lesson('cash-flow-basics'));
    couch.serverWrite('catalog', { _id: '_design/validation', validate_doc_update: 'function(){}' });
    couch.serverWrite(PRIVATE_DB, { _id: '_design/validation', validate_doc_update: 'function(){}' });
    connection = [];
    unhandled = [];
    window.addEventListener('unhandledrejection', onUnhandled);
    db = await createMemoryDatabase();
    sync = startSync();
  });

  function startSync(): UserSync {
    return new UserSync(db, {
      couchBase: BASE,
      userName: USER,
      onConnection: (state) => connection.push(state),
      retryTime: 50,
      waitForLeadership: false,
      baseFetch: couch.fetch,
    });
  }

  afterEach(async () => {
    await sync.stop();
    await db.remove();
    window.removeEventListener('unhandledrejection', onUnhandled);
  });

  function catalogIds(count: number): Promise<string[]> {
    return firstValueFrom(
      watchCatalog(db).pipe(
        map((entries) => entries.map((e) => e.id).sort()),
        filter((ids) => ids.length === count),
      ),
    );
  }

  /** The outbox entry of `docId` once it is in `state`; a test waiting in vain fails with what it waited for. */
  function outboxState(docId: string, state: string) {
    return firstValueFrom(
      watchOutbox(db).pipe(
        map((entries) => entries.find((e) => e.docId === docId)),
        filter((e) => e?.state === state),
        timeout({
          first: 10_000,
          with: () => {
            throw new Error(`${docId} never became ${state}`);
          },
        }),
      ),
    );
  }

  /** The phone's database gone (a new phone), and `count` lesson records of the user's on the server. */
  async function newPhoneFor(count: number): Promise<void> {
    await sync.stop();
    await db.remove();
    for (let i = 0; i < count; i++) {
      const lessonId = `lesson:l${String(i).padStart(4, '0')}`;
      couch.serverWrite(PRIVATE_DB, {
        _id: `progress:${lessonId}`,
        type: 'progress',
        lessonId,
        status: 'started',
        cardIndex: 1,
        updatedAt: '2026-11-29T10:00:00.000Z',
      });
    }
  }

  it('pulls the catalog and never stores design documents', async () => {
    expect(await catalogIds(2)).toEqual(['lesson:cash-flow-basics', 'programme:toolbox']);
    await sync.awaitInSync();
    const all = await db.catalog.find().exec();
    expect(all.map((d) => d.id).filter((id) => id.startsWith('_design'))).toEqual([]);
    const personal = await db.personal.find().exec();
    expect(personal.length).toBe(0);
  });

  it('pulls a whole database on first sync even when a design document fills a place in the first batch', async () => {
    // A new phone: everything is on the server before it starts. The private database's design document
    // comes first in its changes, as provisioning writes it first.
    await newPhoneFor(250);
    db = await createMemoryDatabase();
    sync = startSync();
    const all = await firstValueFrom(watchProgress(db).pipe(filter((docs) => docs.length === 250)));
    expect(all.length).toBe(250);
  });

  it('fills a new phone in pages that grow while full, not a hundred documents per round trip', async () => {
    await newPhoneFor(3000);
    const before = couch.requests.length;
    db = await createMemoryDatabase();
    sync = startSync();
    await sync.awaitInSync();
    expect((await db.personal.find().exec()).length).toBe(3000);
    const pages = couch.requests.slice(before).filter((request) => request === `GET ${PRIVATE_DB}/_changes`);
    // 100, 200, 400, 800, 1000 and the short page that ends it, and the long-poll after: pages of 100 would take 31.
    expect(pages.length).toBeLessThanOrEqual(7);
  });

  it('applies a deletion made on the server, whose tombstone has no body', async () => {
    await catalogIds(2);
    const errors: unknown[] = [];
    const subscription = sync.errors$.subscribe((error) => errors.push(error));
    couch.serverDelete('catalog', 'lesson:cash-flow-basics');
    expect(await catalogIds(1)).toEqual(['programme:toolbox']);
    subscription.unsubscribe();
    expect(errors).toEqual([]);
  });

  it("stores the server's projections for the user, read-only data the schema accepts", async () => {
    couch.serverWrite(PRIVATE_DB, {
      _id: 'projection:attendance',
      type: 'projection',
      kind: 'attendance',
      data: { sessions: 3 },
      updatedAt: '2026-11-29T10:00:00.000Z',
    });
    const stored = await firstValueFrom(db.personal.findOne('projection:attendance').$.pipe(filter((doc) => doc !== null)));
    expect(stored!.toJSON()).toEqual(jasmine.objectContaining({ type: 'projection', kind: 'attendance', data: { sessions: 3 } }));
  });

  it("keeps taking the server's changes to a document pulled at first start, across restarts", async () => {
    const projection = (sessions: number) => ({
      _id: 'projection:workshops',
      type: 'projection',
      kind: 'workshops',
      data: { sessions },
      updatedAt: `2026-11-29T10:0${sessions}:00.000Z`,
    });
    const sessionsOnPhone = (sessions: number) =>
      firstValueFrom(
        db.personal.findOne('projection:workshops').$.pipe(
          filter((doc) => (doc?.toJSON() as { data?: { sessions?: number } } | undefined)?.data?.sessions === sessions),
          timeout({
            first: 5000,
            with: () => {
              throw new Error(`the phone never got the projection with ${sessions} sessions`);
            },
          }),
        ),
      );
    couch.serverWrite(PRIVATE_DB, projection(1));
    await sessionsOnPhone(1);
    // The app is closed after storing the page and before storing how far it read: the page comes again, harmlessly.
    await sync.stop();
    await (await db.checkpoints.findOne(PRIVATE_DB).exec())!.remove();
    couch.serverWrite(PRIVATE_DB, projection(2));
    sync = startSync();
    await sessionsOnPhone(2);
    couch.serverWrite(PRIVATE_DB, projection(3));
    await sessionsOnPhone(3);
    expect((await db.personal.findOne('projection:workshops').exec())!.get('sync')).toEqual({
      rev: couch.revision(PRIVATE_DB, 'projection:workshops'),
      state: 'pulled',
    });
  });

  it('marks sent a write whose answer was lost (a dropped network, a killed server), without sending it again', async () => {
    const progressId = 'progress:lesson:cash-flow-basics';
    await sync.awaitInSync();
    couch.losingAnswers.add('_bulk_docs');
    await saveProgress(db, { lessonId: 'lesson:cash-flow-basics', cardIndex: 1, status: 'started' });
    await outboxState(progressId, 'sent');
    expect(couch.stored(PRIVATE_DB, progressId)?.['cardIndex']).toBe(1);
    expect(couch.requests.filter((request) => request.endsWith('/_bulk_docs')).length)
      .withContext('sent once')
      .toBe(1);
  });

  it('delivers a write the app was closed before marking, after it is opened again', async () => {
    const progressId = 'progress:lesson:cash-flow-basics';
    await sync.stop();
    await saveProgress(db, { lessonId: 'lesson:cash-flow-basics', cardIndex: 2, status: 'started' });
    sync = startSync();
    await outboxState(progressId, 'sent');
    expect(couch.stored(PRIVATE_DB, progressId)?.['cardIndex']).toBe(2);
  });

  it('sends a deletion made on the phone with the revision it replaces, and shows it sent', async () => {
    await sync.stop();
    sync = new UserSync(db, {
      couchBase: BASE,
      userName: USER,
      roles: ['member', 'owner', 'country:pl'],
      country: 'pl',
      onConnection: () => undefined,
      retryTime: 50,
      waitForLeadership: false,
      baseFetch: couch.fetch,
    });
    const follow = {
      id: `follow:abcdefgh12:${USER}`,
      type: 'follow' as const,
      author: USER,
      threadId: 'thread:abcdefgh12',
      createdAt: new Date().toISOString(),
    };
    await writeDiscussion(db, follow, 'outbox.follow');
    await outboxState(follow.id, 'sent');
    expect(couch.stored('discussions-pl', follow.id)).not.toBeNull();
    await withdrawMark(db, follow.id, 'outbox.follow');
    await firstValueFrom(watchOutbox(db).pipe(filter((entries) => entries.some((e) => e.docId === follow.id && e.state === 'waiting'))));
    await outboxState(follow.id, 'sent');
    expect(couch.stored('discussions-pl', follow.id)).toBeNull();
    // Followed again: the same id, created anew over the server's deletion.
    await writeDiscussion(db, { ...follow, createdAt: new Date().toISOString() }, 'outbox.follow');
    await firstValueFrom(timer(0, 10).pipe(filter(() => couch.stored('discussions-pl', follow.id) !== null)));
  });

  it('pulls documents with fields this app version does not know, keeping the known ones', async () => {
    await catalogIds(2);
    couch.serverWrite('catalog', { ...lesson('edited-by-a-tutor', 'Edited'), version: 2, author: 'mary', publishedFrom: 'draft:x@1-a' });
    expect(await catalogIds(3)).toContain('lesson:edited-by-a-tutor');
    const stored = (await db.catalog.findOne('lesson:edited-by-a-tutor').exec())!.toJSON() as Record<string, unknown>;
    expect(stored['title']).toBe('Edited');
    expect(stored['publishedFrom']).toBeUndefined();
  });

  it('ignores, on purpose, a document of a type this app version does not know, and keeps pulling after it', async () => {
    await catalogIds(2);
    couch.serverWrite('catalog', {
      _id: 'tip:count-cash-daily',
      type: 'tip',
      author: 'sofia',
      title: 'Count cash daily',
      body: 'Two minutes.',
    });
    couch.serverWrite('catalog', lesson('after-the-tip'));
    expect(await catalogIds(3)).toEqual(['lesson:after-the-tip', 'lesson:cash-flow-basics', 'programme:toolbox']);
    expect(await db.catalog.findOne('tip:count-cash-daily').exec()).toBeNull();
  });

  it('ends its open long-polls when paused, so pausing and resuming never piles up connections (one long-poll per database)', async () => {
    await catalogIds(2);
    await sync.awaitInSync();
    await firstValueFrom(timer(0, 10).pipe(filter(() => couch.openLongPolls === 2)));
    sync.pause();
    await firstValueFrom(timer(0, 10).pipe(filter(() => couch.openLongPolls === 0)));
    sync.resume();
    sync.pause();
    sync.resume();
    await firstValueFrom(timer(0, 10).pipe(filter(() => couch.openLongPolls >= 2)));
    couch.serverWrite('catalog', lesson('after-the-pause', 'After the pause'));
    expect(await catalogIds(3)).toContain('lesson:after-the-pause');
    // Every loop that saw the change asks again: one per database, however often it was paused.
    await firstValueFrom(timer(0, 10).pipe(filter(() => couch.openLongPolls >= 2)));
    await sync.awaitInSync();
    expect(couch.openLongPolls).toBe(2);
  });

  it('holds at most five long-polls for a member with every role, asking the seldom-changing databases now and then', async () => {
    await sync.stop();
    sync = new UserSync(db, {
      couchBase: BASE,
      userName: 'eva',
      roles: ['owner', 'tutor', 'facilitator', 'coordinator', 'reviewer'],
      authoring: true,
      country: 'pl',
      workshops: true,
      insights: true,
      onConnection: (state) => connection.push(state),
      retryTime: 50,
      waitForLeadership: false,
      baseFetch: couch.fetch,
    });
    await sync.awaitInSync();
    // catalog, her own, authoring, discussions-pl, workshops-pl: the sixth connection stays free.
    await firstValueFrom(timer(0, 10).pipe(filter(() => couch.openLongPolls === 5)));
    const asked = (db: string) => couch.requests.filter((request) => request === `GET ${db}/_changes`).length;
    expect(asked('insights-pl')).toBeGreaterThan(0);
    expect(asked('cpd-reviews')).toBeGreaterThan(0);
    couch.serverWrite('insights-pl', { _id: 'figures:pl:needs', type: 'figures', kind: 'needs', country: 'pl', figures: {} });
    // Asked again when the app asks for a sync (coming online, opening the app), else after a while.
    sync.reSync();
    await firstValueFrom(db.insights.findOne('figures:pl:needs').$.pipe(filter(Boolean)));
    expect(couch.openLongPolls).toBe(5);
  });

  it('keeps pulling live changes from the server', async () => {
    await catalogIds(2);
    couch.serverWrite('catalog', lesson('pricing-for-profit', 'Pricing for profit'));
    expect(await catalogIds(3)).toContain('lesson:pricing-for-profit');
  });

  it('marks a document the server refuses and still delivers the writes after it', async () => {
    couch.validate = (_db, doc) => (doc['lessonId'] === 'lesson:refused' ? 'lessonId must name a lesson.' : null);
    await saveProgress(db, { lessonId: 'lesson:refused', cardIndex: 0, status: 'started' });
    const refused = await outboxState('progress:lesson:refused', 'refused');
    expect(refused!.reason).toBe('lessonId must name a lesson.');

    await saveProgress(db, { lessonId: 'lesson:cash-flow-basics', cardIndex: 2, status: 'started' });
    const sent = await outboxState('progress:lesson:cash-flow-basics', 'sent');
    expect(sent!.sentAt).toEqual(jasmine.any(String));
    expect(couch.stored(PRIVATE_DB, 'progress:lesson:cash-flow-basics')?.['cardIndex']).toBe(2);
    expect(couch.stored(PRIVATE_DB, 'progress:lesson:refused')).toBeNull();
    const local = await db.personal.findOne('progress:lesson:refused').exec();
    expect(local).not.toBeNull();
    expect((await firstValueFrom(watchOutbox(db))).find((e) => e.docId === 'progress:lesson:refused')!.state).toBe('refused');
  });

  it('sends a refused document again once the user changed it, and then marks it sent', async () => {
    let refuse = true;
    couch.validate = () => (refuse ? 'cardIndex must be a whole number from 0 to 50.' : null);
    await saveProgress(db, { lessonId: 'lesson:cash-flow-basics', cardIndex: 1, status: 'started' });
    await outboxState('progress:lesson:cash-flow-basics', 'refused');
    refuse = false;
    await saveProgress(db, { lessonId: 'lesson:cash-flow-basics', cardIndex: 2, status: 'started' });
    await outboxState('progress:lesson:cash-flow-basics', 'sent');
    expect(couch.stored(PRIVATE_DB, 'progress:lesson:cash-flow-basics')?.['cardIndex']).toBe(2);
  });

  it('survives an expired session (401): reports it, keeps the write, delivers it after sign-in', async () => {
    await catalogIds(2);
    couch.authorized = false;
    couch.wake();
    await saveProgress(db, { lessonId: 'lesson:cash-flow-basics', cardIndex: 1, status: 'started' });
    await firstValueFrom(sync.errors$);
    expect(connection).toContain('unauthorized');
    expect(couch.stored(PRIVATE_DB, 'progress:lesson:cash-flow-basics')).toBeNull();

    couch.authorized = true;
    sync.reSync();
    await outboxState('progress:lesson:cash-flow-basics', 'sent');
    expect(couch.stored(PRIVATE_DB, 'progress:lesson:cash-flow-basics')?.['cardIndex']).toBe(1);

    couch.serverWrite('catalog', lesson('getting-paid', 'Getting paid'));
    expect(await catalogIds(3)).toContain('lesson:getting-paid');
    expect(unhandled).toEqual([]);
  });

  it('delivers a backlog of more than one push batch when the network went away while it was being pushed', async () => {
    await catalogIds(2);
    await sync.awaitInSync();
    couch.authorized = false;
    couch.wake();
    const lessonIds = Array.from({ length: 120 }, (_, i) => `lesson:backlog-${String(i).padStart(3, '0')}`);
    for (const lessonId of lessonIds) await saveProgress(db, { lessonId, cardIndex: 1, status: 'started' });
    // Offline and back while the session is still gone: the backlog is pushed again in batches of 50.
    sync.pause();
    sync.resume();
    await firstValueFrom(sync.errors$);
    await firstValueFrom(sync.errors$);
    // The network goes away while those batches wait for their retry, and stays away for a few
    // retry periods (the time offline is what this test is about, not a wait for an event).
    sync.pause();
    await firstValueFrom(timer(300));
    couch.authorized = true;
    sync.resume();
    await sync.awaitInSync();
    const missing = lessonIds.filter((lessonId) => couch.stored(PRIVATE_DB, `progress:${lessonId}`) === null);
    expect(missing).toEqual([]);
  });

  it('resolves a conflict with the server to the furthest point, keeping every answer', async () => {
    couch.serverWrite(PRIVATE_DB, {
      _id: 'progress:lesson:cash-flow-basics',
      type: 'progress',
      lessonId: 'lesson:cash-flow-basics',
      status: 'completed',
      cardIndex: 5,
      completedAt: '2026-11-28T10:00:00.000Z',
      answers: { '3': [1] },
      updatedAt: '2026-11-28T10:00:00.000Z',
    });
    await sync.stop();
    // Written on this phone before it ever saw the server's copy.
    await db.personal.upsert({
      sync: { state: 'waiting', label: 'outbox.progress', queuedAt: '2026-11-29T10:00:00.000Z' },
      id: 'progress:lesson:cash-flow-basics',
      type: 'progress',
      lessonId: 'lesson:cash-flow-basics',
      status: 'started',
      cardIndex: 2,
      answers: { '1': [0] },
      updatedAt: '2026-11-29T10:00:00.000Z',
    });
    sync = new UserSync(db, {
      couchBase: BASE,
      userName: USER,
      onConnection: () => undefined,
      retryTime: 50,
      waitForLeadership: false,
      baseFetch: couch.fetch,
    });
    const merged = await firstValueFrom(
      watchProgress(db).pipe(
        map((all) => all.find((p) => p.lessonId === 'lesson:cash-flow-basics')),
        filter((p) => p?.status === 'completed'),
      ),
    );
    expect(merged!.cardIndex).toBe(5);
    expect(merged!.answers).toEqual({ '1': [0], '3': [1] });
    await sync.awaitInSync();
    const onServer = couch.stored(PRIVATE_DB, 'progress:lesson:cash-flow-basics')!;
    expect(onServer['status']).toBe('completed');
    expect(onServer['answers']).toEqual({ '1': [0], '3': [1] });
  });

  it('replicates drafts for authors only, refusing locally what the server would refuse', async () => {
    await sync.stop();
    expect(couch.requests.some((r) => r.includes('authoring/')))
      .withContext('an owner never asks for drafts')
      .toBeFalse();
    couch.serverWrite('authoring', { _id: '_design/validation', validate_doc_update: 'function(){}' });
    sync = new UserSync(db, {
      couchBase: BASE,
      userName: 'sofia',
      roles: ['member', 'owner', 'peer-mentor'],
      authoring: true,
      onConnection: () => undefined,
      retryTime: 50,
      waitForLeadership: false,
      baseFetch: couch.fetch,
    });
    const base = {
      type: 'draft' as const,
      author: 'sofia',
      programmeId: 'programme:toolbox',
      title: 'Price a haircut',
      summary: '',
      topic: 'pricing',
      minutes: 3,
      language: 'en',
      cards: [],
    };
    // A peer mentor may not publish: the shared rule refuses it on the device, and it stays, marked.
    await saveDraft(db, { ...base, id: 'draft:haircut-0001', lessonId: 'lesson:haircut-0001', status: 'publishing', updatedAt: '' });
    expect((await outboxState('draft:haircut-0001', 'refused'))!.reason).toContain('Only tutors publish');
    await saveDraft(db, { ...base, id: 'draft:haircut-0002', lessonId: 'lesson:haircut-0002', status: 'submitted', updatedAt: '' });
    await outboxState('draft:haircut-0002', 'sent');
    expect(couch.stored('authoring', 'draft:haircut-0002')?.['status']).toBe('submitted');
    expect(couch.stored('authoring', 'draft:haircut-0001')).toBeNull();
  });

  it("lets a tutor publish an edited lesson again: the rule runs against the server's copy", async () => {
    await sync.stop();
    couch.serverWrite('authoring', { _id: '_design/validation', validate_doc_update: 'function(){}' });
    sync = new UserSync(db, {
      couchBase: BASE,
      userName: 'mary',
      roles: ['member', 'tutor', 'tutor:ie'],
      authoring: true,
      onConnection: () => undefined,
      retryTime: 50,
      waitForLeadership: false,
      baseFetch: couch.fetch,
    });
    const draft = {
      id: 'draft:cakes-0001',
      type: 'draft' as const,
      author: 'mary',
      lessonId: 'lesson:cakes-0001',
      programmeId: 'programme:toolbox',
      title: 'Price a cake',
      summary: '',
      topic: 'pricing',
      minutes: 3,
      language: 'en',
      cards: [],
      status: 'publishing' as const,
      updatedAt: '',
    };
    await saveDraft(db, draft);
    await outboxState('draft:cakes-0001', 'sent');
    // The server publishes it (its publisher runs as an admin) and the phone pulls what it wrote.
    const { _rev, ...stored } = couch.stored('authoring', 'draft:cakes-0001')!;
    couch.serverWrite('authoring', { ...stored, status: 'published', publishedVersion: 1, publishedAt: '2026-12-06T10:00:00.000Z' });
    const published = (await firstValueFrom(
      db.authoring.findOne('draft:cakes-0001').$.pipe(filter((doc) => (doc?.toJSON() as LessonDraft | undefined)?.status === 'published')),
    ))!.toMutableJSON() as LessonDraft;
    // Edited and published again: the copy on the phone carries the server's publishedVersion, unchanged.
    await saveDraft(db, { ...published, title: 'Price a cake, step by step', status: 'publishing' });
    await outboxState('draft:cakes-0001', 'sent');
    expect(couch.stored('authoring', 'draft:cakes-0001')?.['title']).toBe('Price a cake, step by step');
    expect(couch.stored('authoring', 'draft:cakes-0001')?.['status']).toBe('publishing');
    // What the rule refuses against the server's copy is still refused on the phone: the server's field changed.
    await saveDraft(db, { ...published, title: 'Sneaky', status: 'publishing', publishedVersion: 7 });
    expect(decodeRefusal((await outboxState('draft:cakes-0001', 'refused'))!.reason!)).toEqual({
      code: 'rule.serverOnly',
      params: { field: 'publishedVersion' },
      reason: 'publishedVersion is set by the server.',
    });
    expect(couch.stored('authoring', 'draft:cakes-0001')?.['title']).toBe('Price a cake, step by step');
  });
});

describe('UserSync – the server rule run before pushing', () => {
  it('keeps a document the rule refuses on the device, marked with the reason, and never sends it', async () => {
    const couch = new FakeCouch();
    const db = await createMemoryDatabase();
    const sync = new UserSync(db, {
      couchBase: BASE,
      userName: USER,
      onConnection: () => undefined,
      retryTime: 50,
      waitForLeadership: false,
      baseFetch: couch.fetch,
    });
    try {
      await saveProgress(db, { lessonId: 'Not a lesson', cardIndex: 0, status: 'started' });
      const entry = await firstValueFrom(
        watchOutbox(db).pipe(
          map((entries) => entries.find((e) => e.docId === 'progress:Not a lesson')),
          filter((e) => e?.state === 'refused'),
        ),
      );
      expect(decodeRefusal(entry!.reason!)).toEqual({
        code: 'field.invalid',
        params: { field: 'lessonId' },
        reason: 'lessonId must name a lesson.',
      });
      await saveProgress(db, { lessonId: 'lesson:cash-flow-basics', cardIndex: 1, status: 'started' });
      await sync.awaitInSync();
      expect(couch.stored(PRIVATE_DB, 'progress:lesson:cash-flow-basics')).not.toBeNull();
      expect(couch.stored(PRIVATE_DB, 'progress:Not a lesson')).toBeNull();
    } finally {
      await sync.stop();
      await db.remove();
    }
  });
});

import { combineLatest, firstValueFrom, ReplaySubject, skip } from 'rxjs';
import type { AppDatabase } from './database';
import { watchDiscussion, type DiscussionDoc, type Post } from './discussion-repository';
import { watchOutbox } from './outbox';
import { isWaiting, markedDocuments, saveForServer, type Synced } from './sync-marker';
import { createMemoryDatabase } from './testing/memory-database';

// Long before the writes this test makes now, so that the outbox (newest first) puts those first.
const at = (minute: number) => new Date(Date.UTC(2020, 0, 6, 9, minute)).toISOString();
const post = (id: string, minute: number): Post => ({
  id,
  type: 'post',
  author: 'ania',
  threadId: 'thread:cakes001',
  body: `Post ${id}`,
  createdAt: at(minute),
});

describe('the replication and the outbox asking the screens’ read (memory storage)', () => {
  let db: AppDatabase;

  beforeEach(async () => {
    db = await createMemoryDatabase();
    await db.discussion.bulkInsert([
      { ...post('post:pulled01', 1), sync: { rev: '1-a', state: 'pulled' } },
      { ...post('post:sent0001', 2), sync: { rev: '1-b', state: 'sent', label: 'outbox.reply', queuedAt: at(2), sentAt: at(3) } },
    ] as Synced<DiscussionDoc>[]);
    await saveForServer(db.discussion, post('post:waiting1', 4), 'outbox.reply');
  });
  afterEach(async () => db.remove());

  it('costs the collection one read at start for the screens, the outbox and the waiting writes together', async () => {
    const query = spyOn(db.discussion.storageInstance, 'query').and.callThrough();
    const [discussion, outbox, waiting] = await firstValueFrom(
      combineLatest([watchDiscussion(db), watchOutbox(db), markedDocuments(db.discussion, isWaiting)]),
    );

    expect(query).toHaveBeenCalledTimes(1);
    expect(discussion.map((doc) => doc.id)).toEqual(['post:pulled01', 'post:sent0001', 'post:waiting1']);
    expect(outbox.map((entry) => [entry.docId, entry.state])).toEqual([
      ['post:waiting1', 'waiting'],
      ['post:sent0001', 'sent'],
    ]);
    expect(waiting.map((doc) => doc.primary)).toEqual(['post:waiting1']);
  });

  it('tells the replication when the waiting writes change, and not when another document does', async () => {
    const seen = new ReplaySubject<string[]>();
    const subscription = markedDocuments(db.discussion, isWaiting).subscribe((docs) =>
      seen.next(docs.map((doc) => `${doc.primary} ${doc.get('body')}`)),
    );
    const emissions: string[][] = [];
    seen.subscribe((docs) => emissions.push(docs));
    /** The next emission after the `count` seen so far. */
    const next = (count: number) => firstValueFrom(seen.pipe(skip(count)));
    await next(0);

    await db.discussion.insert({ ...post('post:pulled02', 5), sync: { rev: '1-c', state: 'pulled' } } as Synced<DiscussionDoc>);
    await saveForServer(db.discussion, post('post:waiting2', 6), 'outbox.reply');
    await next(1);
    // Edited while still waiting: the same writes wait, but the push must send the new text.
    await saveForServer(db.discussion, { ...post('post:waiting2', 6), body: 'Post post:waiting2, edited' }, 'outbox.reply');
    await next(2);
    await (await db.discussion.findOne('post:waiting1').exec())!.incrementalPatch({ sync: { rev: '1-d', state: 'sent' } });
    await next(3);
    subscription.unsubscribe();

    expect(emissions).toEqual([
      ['post:waiting1 Post post:waiting1'],
      ['post:waiting1 Post post:waiting1', 'post:waiting2 Post post:waiting2'],
      ['post:waiting1 Post post:waiting1', 'post:waiting2 Post post:waiting2, edited'],
      ['post:waiting2 Post post:waiting2, edited'],
    ]);
  });
});

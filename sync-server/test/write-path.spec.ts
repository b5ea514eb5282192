import { progressDoc, signedIn, startTestServer, userDb, type MemberClient, type TestServer } from './support/test-server';

describe('the write path – what a batch answers', () => {
  let server: TestServer;
  let ania: MemberClient;

  beforeAll(async () => {
    server = await startTestServer();
    ania = await signedIn(server, 'ania');
  });
  afterAll(async () => server.close());

  // The embedded store validates each document on its own and answered in the order validation
  // finished: a facilitator's undo then named the revision of another mark, and met 409.
  it('answers each document of a mixed batch with its own revision, in the order sent', async () => {
    const db = userDb('ania');
    const slugs = Array.from({ length: 24 }, (_unused, index) => `order-${String(index).padStart(2, '0')}`);
    const first = await ania.request('POST', `/couch/${db}/_bulk_docs`, {
      docs: slugs.filter((_slug, index) => index % 2 === 0).map((slug) => progressDoc(slug, { cardIndex: 1 })),
    });
    const revOf = new Map<string, string>(first.json.map((row: { id: string; rev: string }) => [row.id, row.rev]));
    // Updates (the store reads what each replaces) interleaved with new documents (nothing to read).
    const batch = slugs.map((slug, index) => {
      const doc = progressDoc(slug, { cardIndex: index + 2 });
      const rev = revOf.get(doc._id);
      return rev ? { ...doc, _rev: rev } : doc;
    });
    const written = await ania.request('POST', `/couch/${db}/_bulk_docs`, { docs: batch });
    expect(written.status).toBe(201);
    const rows = written.json as { id: string; ok?: boolean; rev: string }[];
    expect(rows.map((row) => row.id)).toEqual(batch.map((doc) => doc._id));
    for (const [index, row] of rows.entries()) {
      expect(row.ok).withContext(row.id).toBeTrue();
      const stored = await ania.request('GET', `/couch/${db}/${encodeURIComponent(row.id)}`);
      expect(stored.json._rev).withContext(`${row.id}: the revision answered is the one stored`).toBe(row.rev);
      expect(stored.json.cardIndex).toBe(index + 2);
    }
  });

  // What a member could send to confuse the matching: one id twice, and a document the rule refuses,
  // between documents that are stored. Each row still speaks of its own document, in the order sent.
  it('answers a batch holding one id twice and a refused document row by row, storing only what passed', async () => {
    const db = userDb('ania');
    const twice = progressDoc('twice-in-one-batch', { cardIndex: 3 });
    const batch = [
      progressDoc('batch-first', { cardIndex: 1 }),
      twice,
      progressDoc('batch-refused', { status: 'taken over' }),
      { ...twice, cardIndex: 4 },
      progressDoc('batch-last', { cardIndex: 5 }),
    ];
    const written = await ania.request('POST', `/couch/${db}/_bulk_docs`, { docs: batch });
    expect(written.status).toBe(201);
    const rows = written.json as { id: string; ok?: boolean; rev?: string; error?: string }[];
    expect(rows.map((row) => row.id)).toEqual(batch.map((doc) => doc._id));
    expect(rows.map((row) => row.ok ?? row.error)).toEqual([true, true, 'forbidden', 'conflict', true]);
    for (const row of rows.filter((each) => each.ok)) {
      const stored = await ania.request('GET', `/couch/${db}/${encodeURIComponent(row.id)}`);
      expect(stored.json._rev).withContext(row.id).toBe(row.rev);
    }
    expect((await ania.request('GET', `/couch/${db}/${encodeURIComponent(twice._id)}`)).json.cardIndex).toBe(3);
    expect((await ania.request('GET', `/couch/${db}/${encodeURIComponent(batch[2]!._id)}`)).status).toBe(404);
  });
});

import { randomBytes } from 'node:crypto';
import { MemberClient, startTestServer, userDb, type TestServer } from './support/test-server';

/**
 * Every role against every kind of database, over HTTP through the gateway to the real store:
 * read, create, update, delete and change security, each with the outcome the README's table states.
 */
type Who = 'anonymous' | 'expired' | 'ania' | 'jonas' | 'mary' | 'piotr' | 'eva' | 'sofia';
type Op = 'read' | 'create' | 'update' | 'delete' | 'security';

const PASSWORDS: Record<string, string> = {
  ania: 'bakery-2026', // owner, pl
  jonas: 'plumbing-2026', // owner, lt
  mary: 'tutor-2026', // tutor, ie
  piotr: 'facilitator-2026', // facilitator, pl
  eva: 'coordinator-2026', // coordinator, pl
  sofia: 'salon-2026', // owner and peer mentor, pl
};

const DATABASES = [
  'catalog',
  'authoring',
  userDb('ania'),
  'discussions-pl',
  'discussions-lt',
  'workshops-pl',
  'workshops-lt',
  'cpd-reviews',
] as const;
type Db = (typeof DATABASES)[number];

/** Who may read, and who may write, each database: the table in the README. */
const READERS: Record<Db, Who[]> = {
  catalog: ['ania', 'jonas', 'mary', 'piotr', 'eva', 'sofia'],
  authoring: ['mary', 'sofia'],
  [userDb('ania')]: ['ania'],
  'discussions-pl': ['ania', 'piotr', 'eva', 'sofia'],
  'discussions-lt': ['jonas'],
  'workshops-pl': ['piotr', 'eva'],
  'workshops-lt': [],
  // Tutors read the reviews; reviewers (none of these callers: see cpd.spec.ts) write them.
  'cpd-reviews': ['mary'],
};
const WRITERS: Record<Db, Who[]> = {
  catalog: ['mary'],
  authoring: ['mary', 'sofia'],
  [userDb('ania')]: ['ania'],
  'discussions-pl': ['ania', 'piotr', 'eva', 'sofia'],
  'discussions-lt': ['jonas'],
  'workshops-pl': ['piotr', 'eva'],
  'workshops-lt': [],
  'cpd-reviews': [],
};

function newDoc(db: Db, author: string): Record<string, unknown> {
  const id = randomBytes(8).toString('hex');
  const now = new Date().toISOString();
  if (db === 'catalog')
    return { _id: `programme:test-${id}`, type: 'programme', title: 'Test', summary: 'A test programme.', audience: 'owner', order: 99 };
  if (db === 'cpd-reviews')
    return {
      _id: `review:test-${id}:${author}`,
      type: 'review',
      lessonId: `lesson:test-${id}`,
      author,
      country: 'pl',
      rating: 4,
      comment: 'Useful.',
      createdAt: now,
      updatedAt: now,
    };
  if (db === 'authoring') {
    return {
      _id: `draft:test-${id}`,
      type: 'draft',
      author,
      lessonId: `lesson:test-${id}`,
      programmeId: 'programme:toolbox',
      title: 'Pricing a cake',
      summary: '',
      topic: 'pricing',
      minutes: 3,
      language: 'en',
      cards: [],
      status: 'draft',
      updatedAt: now,
    };
  }
  if (db.startsWith('userdb-'))
    return {
      _id: `progress:lesson:test-${id}`,
      type: 'progress',
      lessonId: `lesson:test-${id}`,
      status: 'started',
      cardIndex: 0,
      updatedAt: now,
    };
  if (db.startsWith('discussions-'))
    return {
      _id: `thread:${id}`,
      type: 'thread',
      author,
      title: 'How do you price a cake?',
      body: 'Asking for a friend.',
      topic: 'pricing',
      createdAt: now,
    };
  return { _id: `cohort:${id}`, type: 'cohort', kind: 'induction', author, title: 'Induction, spring cohort' };
}

function expected(who: Who, db: Db, op: Op): number[] {
  if (who === 'anonymous' || who === 'expired') return [401];
  const reads = READERS[db].includes(who);
  if (op === 'security') return [403];
  if (op === 'read') return reads ? [200] : [403];
  if (!reads) return [403];
  if (!WRITERS[db].includes(who)) return [403];
  // Discussions are append-only: what was posted is never changed or deleted, even by its author.
  if (db.startsWith('discussions-') && op !== 'create') return [403];
  return op === 'create' ? [201] : op === 'update' ? [201] : [200];
}

describe('authorization matrix – every role × database × operation – /couch/{db}', () => {
  let server: TestServer;
  const clients = new Map<Who, MemberClient>();

  beforeAll(async () => {
    server = await startTestServer();
    clients.set('anonymous', new MemberClient(server.baseUrl));
    const expired = new MemberClient(server.baseUrl);
    (expired as unknown as { cookie: string }).cookie = 'AuthSession=YW5pYTo2NzAwMDAwMDpmb3JnZWQ';
    clients.set('expired', expired);
    for (const [name, password] of Object.entries(PASSWORDS)) {
      const client = new MemberClient(server.baseUrl);
      expect(await client.signIn(name, password))
        .withContext(name)
        .toBe(200);
      clients.set(name as Who, client);
    }
  });
  afterAll(async () => server.close());

  for (const who of ['anonymous', 'expired', 'ania', 'jonas', 'mary', 'piotr', 'eva', 'sofia'] as Who[]) {
    for (const db of DATABASES) {
      it(`${who} on ${db.startsWith('userdb-') ? "ania's private database" : db}`, async () => {
        const client = clients.get(who)!;
        const author = who === 'anonymous' || who === 'expired' ? 'ania' : who;

        const read = await client.request('GET', `/couch/${db}/_all_docs`);
        expect(read.status)
          .withContext('read')
          .toBeOneOf(expected(who, db, 'read'));

        const doc = newDoc(db, author);
        const create = await client.request('PUT', `/couch/${db}/${encodeURIComponent(String(doc['_id']))}`, doc);
        expect(create.status)
          .withContext(`create: ${create.text}`)
          .toBeOneOf(expected(who, db, 'create'));

        // Update and delete a document that exists: the caller's own if they could create it, else one an admin made.
        let rev = create.json?.rev as string | undefined;
        if (!rev) rev = (await server.couch.use(db).insert(doc as never)).rev;
        const changed = { ...doc, _rev: rev, title: 'Changed', summary: 'Changed.' };
        const update = await client.request('PUT', `/couch/${db}/${encodeURIComponent(String(doc['_id']))}`, changed);
        expect(update.status)
          .withContext(`update: ${update.text}`)
          .toBeOneOf(expected(who, db, 'update'));
        if (update.json?.rev) rev = update.json.rev;

        const remove = await client.request('DELETE', `/couch/${db}/${encodeURIComponent(String(doc['_id']))}?rev=${rev}`);
        expect(remove.status)
          .withContext(`delete: ${remove.text}`)
          .toBeOneOf(expected(who, db, 'delete'));

        const security = await client.request('PUT', `/couch/${db}/_security`, {
          admins: { names: [author] },
          members: { names: [author] },
        });
        expect(security.status)
          .withContext('security')
          .toBeOneOf(who === 'anonymous' || who === 'expired' ? [401, 403] : [403]);
      });
    }
  }

  it('refuses forged fields: an author who is not the writer, and roles in a document body', async () => {
    const ania = clients.get('ania')!;
    const forged = newDoc('discussions-pl', 'eva');
    const answer = await ania.request('PUT', `/couch/discussions-pl/${forged['_id']}`, { ...forged, roles: ['_admin'] });
    expect(answer.status).toBe(403);
    expect(answer.json.reason).toContain('author');
    const own = newDoc('discussions-pl', 'ania');
    const created = await ania.request('PUT', `/couch/discussions-pl/${own['_id']}`, own);
    expect(created.status).toBe(201);
    const piotr = clients.get('piotr')!;
    const edit = await piotr.request('PUT', `/couch/discussions-pl/${own['_id']}`, {
      ...own,
      _rev: created.json.rev,
      author: 'piotr',
      body: 'Edited by someone else',
    });
    expect(edit.status).toBe(403);
    expect(edit.json.reason).toContain('Nobody changes');
  });
});

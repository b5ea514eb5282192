import http from 'node:http';
import { DEMO_ACCOUNTS } from '../src/auth/demo-accounts';
import { rulesFor } from '../src/gateway/database-rules';
import { startTestServer, userDb, type TestServer } from './support/test-server';

/**
 * A seeded fuzz of the member surface: requests made of the replication protocol's methods, paths,
 * query parameters and bodies, mostly well formed and then bent, sent one at a time by members of
 * every role (and by nobody) to databases they can and cannot reach. `npm test` sends 1,500;
 * `FUZZ_REQUESTS=20000` sends more and `FUZZ_SEED=<n>` replays a run: every failure names both.
 */
const REQUESTS = wholeNumber(process.env['FUZZ_REQUESTS'], 1500);
const SEED = wholeNumber(process.env['FUZZ_SEED'], Math.floor(Math.random() * 2 ** 31));
const REPLAY = `replay with FUZZ_SEED=${SEED} FUZZ_REQUESTS=${REQUESTS}`;

type Doc = Record<string, unknown>;

interface Actor {
  readonly name: string | null;
  readonly password: string;
  readonly roles: readonly string[];
  cookie: string;
}

interface FuzzRequest {
  readonly actor: Actor;
  readonly method: string;
  /** Exactly as sent: already percent-encoded, with any "..", "%2e" or "//" left in. */
  readonly path: string;
  readonly body: { text: string; type: string | null; chunked: boolean } | null;
  /** The body as built, before it was bent into text: what the fuzzer knows it sent. */
  readonly sent: unknown;
}

interface Answer {
  readonly status: number;
  readonly text: string;
  readonly setCookie: readonly string[];
  readonly error?: string;
}

/** A write the server said it stored: the revision, and who sent it. */
interface Write {
  readonly db: string;
  readonly id: string;
  readonly rev: string;
  readonly actor: Actor;
  readonly step: number;
  /** False when the answer leaves it open (two documents with one id in a batch, one of them refused). */
  readonly certain: boolean;
}

describe('member API – a seeded fuzz of the replication protocol – /couch/*', () => {
  let server: TestServer;
  let before: Snapshot;
  const serverErrors: string[] = [];
  const writes: Write[] = [];
  const statuses = new Map<number, number>();

  beforeAll(
    async () => {
      server = await startTestServer({ MEMBER_REQUESTS_PER_MINUTE: '10000000' });
      before = await snapshot(server);
      const members: Actor[] = [];
      for (const account of DEMO_ACCOUNTS) {
        const actor: Actor = { name: account.name, password: account.password, roles: account.roles, cookie: '' };
        actor.cookie = await signIn(server, actor);
        members.push(actor);
      }
      const nobody: Actor = { name: null, password: '', roles: [], cookie: '' };
      // A well-formed cookie with a secret nobody was given.
      const forger: Actor = { name: null, password: '', roles: [], cookie: `AuthSession=${hex('ania')}.${'A'.repeat(43)}` };
      const fuzz = new Fuzzer(new Random(SEED), members, [nobody, forger]);
      let previous = '';
      for (let step = 0; step < REQUESTS; step++) {
        const request = fuzz.next();
        const answer = await send(server, request);
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        // A connection that drops may be the previous request's doing (it went over the same socket).
        if (answer.status >= 500) serverErrors.push(describeFailure(step, request, answer));
        if (answer.error !== undefined) serverErrors.push(`${describeFailure(step, request, answer)}, after ${previous}`);
        previous = describeFailure(step, request, answer);
        for (const write of fuzz.learn(step, request, answer)) writes.push(write);
        // The fuzzer signed this member out (DELETE _session): sign in again, as the app would.
        if (request.actor.name !== null && answer.setCookie.some((cookie) => cookie.startsWith('AuthSession=;'))) {
          request.actor.cookie = await signIn(server, request.actor);
        }
      }
      if (process.env['FUZZ_REQUESTS']) {
        const counts = [...statuses]
          .sort(([a], [b]) => a - b)
          .map(([status, count]) => `${status}×${count}`)
          .join(' ');
        console.log(`\nfuzz: seed ${SEED}, ${REQUESTS} requests, ${writes.length} writes stored; answers ${counts}`);
      }
    },
    Math.max(120_000, REQUESTS * 40),
  );

  afterAll(async () => {
    agent.destroy();
    await server?.close();
  });

  it('answers every request, and never with a server error', () => {
    expect(serverErrors.slice(0, 30)).withContext(`${serverErrors.length} requests failed; ${REPLAY}`).toEqual([]);
    // The run must have reached the writes: a fuzzer that is refused everything proves nothing.
    expect(writes.length)
      .withContext(`too few writes were stored; ${REPLAY}`)
      .toBeGreaterThan(REQUESTS / 100);
    expect(statuses.get(400) ?? 0)
      .withContext(REPLAY)
      .toBeGreaterThan(REQUESTS / 10);
  });

  it('keeps the server and its store answering, with no restart of the store', async () => {
    expect(server.store.restarts).withContext(`the embedded store restarted; ${REPLAY}`).toBe(0);
    expect((await fetch(`${server.baseUrl}/healthz`)).status)
      .withContext(REPLAY)
      .toBe(200);
    const ania = DEMO_ACCOUNTS.find((account) => account.name === 'ania')!;
    const cookie = await signIn(server, { name: ania.name, password: ania.password, roles: ania.roles, cookie: '' });
    const info = await fetch(`${server.baseUrl}/couch/${userDb('ania')}/`, { headers: { cookie } });
    expect(info.status).withContext(REPLAY).toBe(200);
  });

  it("leaves every database's _security and design documents, _users and the media as provisioning wrote them", async () => {
    const after = await snapshot(server);
    expect(Object.keys(after.security).sort()).withContext(REPLAY).toEqual(Object.keys(before.security).sort());
    for (const db of Object.keys(before.security)) {
      expect(after.security[db]).withContext(`_security of ${db}; ${REPLAY}`).toEqual(before.security[db]);
      expect(after.design[db]).withContext(`design documents of ${db}; ${REPLAY}`).toEqual(before.design[db]);
    }
    for (const db of ['_users', 'me2me-media', 'me2me-invites']) {
      expect(after.revs[db]).withContext(`documents of ${db}; ${REPLAY}`).toEqual(before.revs[db]);
    }
  });

  it('stores no id beginning with "_" but the design documents, and no attachments', async () => {
    const found: string[] = [];
    for (const db of await server.couch.db.list()) {
      const all = await server.couch.use<Doc>(db).list({ include_docs: true });
      for (const row of all.rows) {
        if (row.id.startsWith('_') && !row.id.startsWith('_design/')) found.push(`${db}/${row.id}`);
        if (row.doc && '_attachments' in row.doc) found.push(`${db}/${row.id} has attachments`);
      }
    }
    expect(found).withContext(REPLAY).toEqual([]);
  });

  it('keeps every revision it answered as stored, replicated ones included', async () => {
    const lost: string[] = [];
    for (const write of writes.filter((w) => w.certain)) {
      const [found] = await openRevs(server, write.db, write.id, { open_revs: JSON.stringify([write.rev]) });
      if (!found?.ok) lost.push(`${write.db}/${write.id} ${write.rev} by ${write.actor.name} (request ${write.step})`);
    }
    expect(lost.slice(0, 30)).withContext(`${lost.length} revisions lost; ${REPLAY}`).toEqual([]);
  });

  it('stores only revisions that pass the database rule as the member who sent them', async () => {
    const problems: string[] = [];
    const byDoc = new Map<string, Write[]>();
    for (const write of writes) {
      const key = `${write.db}\u0000${write.id}`;
      byDoc.set(key, [...(byDoc.get(key) ?? []), write]);
    }
    for (const docWrites of byDoc.values()) {
      const { db, id } = docWrites[0]!;
      const rules = rulesFor(db)!;
      const leaves = await openRevs(server, db, id, { open_revs: 'all', revs: true });
      for (const leaf of leaves.map((entry) => entry.ok).filter((doc): doc is Doc => doc !== undefined)) {
        const rev = leaf['_rev'] as string;
        const writer = docWrites.find((write) => write.rev === rev);
        if (!writer) {
          const told = docWrites.map((write) => `#${write.step} ${write.actor.name} ${write.rev}`).join(', ');
          if (before.revs[db]?.[id] !== rev) problems.push(`${db}/${id} ${rev}: a stored revision no member was told of (told: ${told})`);
          continue;
        }
        const oldDoc = await parentOf(server, db, leaf);
        try {
          rules.validate(leaf, oldDoc, { name: writer.actor.name, roles: writer.actor.roles }, rules.security);
        } catch (error) {
          problems.push(`${db}/${id} ${rev} by ${writer.actor.name} (request ${writer.step}): ${JSON.stringify(error).slice(0, 200)}`);
        }
      }
    }
    expect(problems).withContext(REPLAY).toEqual([]);
  });
});

/** A document's revisions as open_revs lists them; anything but a list names the document, to replay. */
async function openRevs(server: TestServer, db: string, id: string, qs: Record<string, unknown>): Promise<{ ok?: Doc }[]> {
  const answer = await server.couch.request({ db, doc: id, qs });
  if (!Array.isArray(answer))
    throw new Error(`${db}/${JSON.stringify(id)} answered open_revs with ${JSON.stringify(answer).slice(0, 300)}; ${REPLAY}`);
  return answer as { ok?: Doc }[];
}

/** The documents and settings the fuzz must not change, read as admin. */
interface Snapshot {
  security: Record<string, unknown>;
  design: Record<string, unknown>;
  /** Every document's winning revision, by database and id. */
  revs: Record<string, Record<string, string>>;
}

async function snapshot(server: TestServer): Promise<Snapshot> {
  const result: Snapshot = { security: {}, design: {}, revs: {} };
  for (const db of await server.couch.db.list()) {
    result.security[db] = await server.couch.request({ db, path: '_security' });
    const design = await server.couch.use<Doc>(db).list({ startkey: '_design/', endkey: '_design0', include_docs: true });
    result.design[db] = design.rows.map((row) => row.doc);
    const all = await server.couch.use<Doc>(db).list();
    result.revs[db] = Object.fromEntries(all.rows.map((row) => [row.id, row.value.rev]));
  }
  return result;
}

/** The revision a stored one replaced, as a rule sees it: null when there is none, it is not kept, or it was a deletion. */
async function parentOf(server: TestServer, db: string, doc: Doc): Promise<Doc | null> {
  const history = doc['_revisions'] as { start: number; ids: string[] } | undefined;
  delete doc['_revisions'];
  if (!history || history.ids.length < 2) return null;
  try {
    const parent = await server.couch.use<Doc>(db).get(doc['_id'] as string, { rev: `${history.start - 1}-${history.ids[1]}` });
    return parent['_deleted'] === true ? null : (parent as Doc);
  } catch {
    return null;
  }
}

async function signIn(server: TestServer, actor: Actor): Promise<string> {
  const response = await fetch(`${server.baseUrl}/couch/_session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: actor.name, password: actor.password }),
  });
  await response.arrayBuffer();
  const cookie = response.headers.get('set-cookie')?.split(';')[0];
  if (response.status !== 200 || !cookie) throw new Error(`${actor.name} could not sign in: ${response.status}`);
  return cookie;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

/** Sends a request byte for byte as built (fetch would tidy its path); any failure to answer is an answer too. */
function send(server: TestServer, request: FuzzRequest): Promise<Answer> {
  const { hostname, port } = new URL(server.baseUrl);
  const headers: Record<string, string> = {};
  if (request.actor.cookie) headers['cookie'] = request.actor.cookie;
  if (request.body?.type) headers['content-type'] = request.body.type;
  // Said outright: Node frames a GET, HEAD, DELETE or OPTIONS body as chunked only when told to.
  if (request.body)
    headers[request.body.chunked ? 'transfer-encoding' : 'content-length'] = request.body.chunked
      ? 'chunked'
      : String(Buffer.byteLength(request.body.text));
  return new Promise((resolve) => {
    const failed = (error: Error) => resolve({ status: 0, text: '', setCookie: [], error: error.message });
    let outgoing: http.ClientRequest;
    try {
      outgoing = http.request(
        { host: hostname, port, method: request.method, path: request.path, headers, agent, timeout: 30_000 },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
          incoming.on('error', failed);
          incoming.on('end', () =>
            resolve({
              status: incoming.statusCode ?? 0,
              text: Buffer.concat(chunks).toString('utf8'),
              setCookie: incoming.headers['set-cookie'] ?? [],
            }),
          );
        },
      );
    } catch (error) {
      return failed(new Error(`the fuzzer built a request Node would not send: ${(error as Error).message}`));
    }
    outgoing.on('timeout', () => outgoing.destroy(new Error('no answer within 30 s')));
    outgoing.on('error', failed);
    outgoing.end(request.body?.text);
  });
}

function describeFailure(step: number, request: FuzzRequest, answer: Answer): string {
  const who = request.actor.name ?? (request.actor.cookie ? 'forged cookie' : 'anonymous');
  const body = request.body ? ` body ${request.body.text.length} B: ${request.body.text.slice(0, 160)}` : '';
  const outcome = answer.error ?? `${answer.status} ${answer.text.slice(0, 160)}`;
  return `#${step} ${who} ${request.method} ${request.path.slice(0, 200)}${body} -> ${outcome}`;
}

function hex(text: string): string {
  return Buffer.from(text, 'utf8').toString('hex');
}

function wholeNumber(raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new Error(`Expected a whole number, got "${raw}"`);
  return Number(raw.trim());
}

/** mulberry32: small, fast and the same on every machine, so a seed replays a run. */
class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  below(n: number): number {
    return Math.floor(this.next() * n);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)]!;
  }

  /** One of the choices, each as likely as its weight. */
  weighted<T>(choices: readonly (readonly [number, T])[]): T {
    let left = this.next() * choices.reduce((sum, [weight]) => sum + weight, 0);
    for (const [weight, choice] of choices) if ((left -= weight) < 0) return choice;
    return choices[choices.length - 1]![1];
  }

  word(length: number, alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789'): string {
    let word = '';
    for (let i = 0; i < length; i++) word += alphabet[this.below(alphabet.length)];
    return word;
  }

  hash(): string {
    return this.word(32, '0123456789abcdef');
  }
}

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'COPY', 'PATCH', 'OPTIONS'];
const LANGUAGES = ['en', 'pl', 'lt', 'hu', 'ro', 'cs', 'fi'];
const LESSONS = ['pricing', 'cash-flow-basics', 'getting-paid', 'budgeting', 'x'];
const THREADS = ['cakeprice01', 'fuzzthread02', 'fuzzthread03'];
const POSTS = ['fuzzpost0001', 'fuzzpost0002', 'fuzzpost0003'];
const COHORTS = ['fuzzcohort01', 'fuzzcohort02'];
const OWNERS = ['ania', 'sofia', 'jonas', 'piotr', 'nobody01'];
/** Marks a place in a body's JSON where text too deep for JSON.stringify goes (it is spliced in as text). */
const DEEP = '\u0000deep\u0000';
const ODD_VALUES: readonly unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  1e308,
  -0,
  '',
  ' ',
  'x'.repeat(5000),
  'zażółć gęślą jaźń',
  '\u202e\u0000\ufeff',
  [],
  [null],
  {},
  { $gt: '' },
  { _id: '_design/x' },
  ['_local/_security'],
  '_design/validation',
  '../_users',
  '2999-01-01T00:00:00.000Z',
  'not a time',
];
const ODD_QUERY_VALUES = [
  '-1',
  '0',
  '1',
  '99999999999999999999',
  '1e3',
  '0x10',
  '1.5',
  ' 1',
  'true',
  'false',
  'TRUE',
  '',
  'null',
  '[]',
  '["a"]',
  '{"a":1}',
  '[1,2]',
  '{{',
  'all',
  'now',
  'longpoll',
  'continuous',
  'eventsource',
  '_doc_ids',
  '_design',
  'validation/x',
  '\u0000',
  'zażółć',
  'x'.repeat(3000),
  '%',
  '"0"',
];
const ODD_IDS = [
  '_design/x',
  '_design/validation',
  '_local/_security',
  '_local/x',
  '_security',
  '_localfake',
  '_all_docs',
  '_x',
  '',
  ' ',
  '.',
  '..',
  'a/b',
  'a%2Fb',
  'zażółć:gęślą',
  '日本語',
  '\u{1f600}',
  'a\u0000b',
  '\ufeffx',
  '\u202eevil',
  'x'.repeat(251),
  'progress:lesson:' + 'a'.repeat(3000),
];

/** Builds requests from what it has learned of the databases (ids and revisions) and learns from the answers. */
class Fuzzer {
  private readonly known = new Map<string, Map<string, string>>();

  constructor(
    private readonly random: Random,
    private readonly members: Actor[],
    private readonly strangers: Actor[],
  ) {}

  next(): FuzzRequest {
    const r = this.random;
    const actor = r.chance(0.88) ? r.pick(this.members) : r.pick(this.strangers);
    const db = this.database(actor);
    const kind = r.weighted<(actor: Actor, db: string) => FuzzRequest>([
      [2, (a) => this.request(a, r.pick(['GET', 'HEAD']), r.pick(['/couch', '/couch/', '/couch//']), this.query([]), null)],
      [4, (a) => this.session(a)],
      [
        3,
        (a) =>
          this.request(
            a,
            r.pick(METHODS),
            r.pick(SERVER_WIDE),
            this.query([]),
            this.maybeBody(0.3, () => this.doc(a, 'catalog')),
          ),
      ],
      [
        4,
        (a, d) => {
          const method = r.pick(['GET', 'GET', 'HEAD', 'PUT', 'DELETE', 'POST', 'COPY']);
          return this.request(
            a,
            method,
            `/couch/${this.dbSegment(d)}${r.pick(['', '/'])}`,
            this.query([]),
            this.maybeBody(0.2, () => ({})),
          );
        },
      ],
      [10, (a, d) => this.changes(a, d)],
      [8, (a, d) => this.allDocs(a, d)],
      [24, (a, d) => this.bulkDocs(a, d)],
      [6, (a, d) => this.bulkGet(a, d)],
      [5, (a, d) => this.revsDiff(a, d)],
      [7, (a, d) => this.local(a, d)],
      [22, (a, d) => this.document(a, d)],
      [6, (a, d) => this.reserved(a, d)],
    ]);
    return kind(actor, db);
  }

  /** What the server stored, as its answers tell: the writes to check afterwards, and ids and revisions to build on. */
  learn(step: number, request: FuzzRequest, answer: Answer): Write[] {
    if (answer.status < 200 || answer.status >= 300 || request.actor.name === null) return [];
    const segments = decodedSegments(request.path);
    if (!segments || segments[0] !== 'couch' || segments.length < 3) return [];
    const [, db, second] = segments as [string, string, string];
    const json = parseJson(answer.text);
    const found: Write[] = [];
    const stored = (id: string, rev: string, certain = true) => {
      found.push({ db, id, rev, actor: request.actor, step, certain });
      this.remember(db, id, rev);
    };
    if (second === '_bulk_docs' && request.method === 'POST' && Array.isArray(json)) {
      const sent = request.sent as { docs: Doc[]; new_edits?: boolean };
      if (sent.new_edits === false) {
        // The store lists only the documents it refused, by id; the others are stored under the revisions they carry.
        const refused = (id: string) => json.filter((row: { id?: string }) => row.id === id).length;
        for (const doc of sent.docs) {
          const id = doc['_id'] as string;
          const sentWithId = sent.docs.filter((other) => other['_id'] === id).length;
          if (refused(id) < sentWithId) stored(id, replicatedRev(doc), refused(id) === 0);
        }
      } else {
        for (const row of json as { id?: string; rev?: string; ok?: boolean }[]) if (row.ok && row.id && row.rev) stored(row.id, row.rev);
      }
    } else if (segments.length === 3 && !second.startsWith('_') && (request.method === 'PUT' || request.method === 'DELETE')) {
      const row = json as { ok?: boolean; id?: string; rev?: string } | null;
      if (row?.ok && row.id && row.rev) stored(row.id, row.rev);
    } else if (second === '_all_docs' && json && Array.isArray((json as { rows?: unknown }).rows)) {
      for (const row of (json as { rows: { id?: string; value?: { rev?: string } }[] }).rows)
        if (row.id && row.value?.rev) this.remember(db, row.id, row.value.rev);
    } else if (segments.length === 3 && request.method === 'GET' && json && typeof (json as Doc)['_rev'] === 'string') {
      this.remember(db, (json as Doc)['_id'] as string, (json as Doc)['_rev'] as string);
    }
    return found;
  }

  private remember(db: string, id: string, rev: string): void {
    if (!this.known.has(db)) this.known.set(db, new Map());
    this.known.get(db)!.set(id, rev);
  }

  private knownIds(db: string): string[] {
    return [...(this.known.get(db)?.keys() ?? [])];
  }

  private database(actor: Actor): string {
    const r = this.random;
    const own = actor.name ? userDb(actor.name) : userDb(r.pick(this.members).name!);
    return r.weighted([
      [35, own],
      [40, r.pick(['catalog', 'authoring', 'discussions-pl', 'discussions-lt', 'discussions-ie', 'workshops-pl', 'workshops-lt'])],
      [12, userDb(r.pick(this.members).name!)],
      [
        13,
        r.pick([
          '_users',
          'me2me-sessions',
          'me2me-media',
          '_replicator',
          'userdb-zz',
          'userdb-',
          userDb('nobody'),
          'Catalog',
          'discussions-xx',
          'workshops-uk',
        ]),
      ],
    ]);
  }

  /** The database as a path segment: usually plainly, now and then with letters percent-encoded for no reason. */
  private dbSegment(db: string): string {
    if (!this.random.chance(0.05) || db.length === 0) return encodeURIComponent(db);
    return `%${db.charCodeAt(0).toString(16)}${encodeURIComponent(db.slice(1))}`;
  }

  private request(actor: Actor, method: string, path: string, query: string, sent: unknown): FuzzRequest {
    return { actor, method, path: path + query, sent, body: sent === undefined ? null : this.bodyText(sent) };
  }

  private maybeBody(p: number, build: () => unknown): unknown {
    return this.random.chance(p) ? build() : undefined;
  }

  private session(actor: Actor): FuzzRequest {
    const r = this.random;
    const odd = [
      '/couch/_session/',
      '/couch/_session/x',
      '/couch/%2e/_session',
      '/couch/catalog/../_session',
      '/couch/catalog/%2e%2e/_session',
    ];
    const path = r.chance(0.6) ? '/couch/_session' : r.pick(odd);
    const method = r.weighted([
      [4, 'GET'],
      [3, 'POST'],
      [1, 'DELETE'],
      [1, r.pick(METHODS)],
    ]);
    // Wrong passwords only for names that are not accounts: five of them lock an account out of this address.
    const credentials = r.weighted<unknown>([
      [2, { name: actor.name ?? 'ania', password: actor.name ? actor.password : 'bakery-2026' }],
      [3, { name: r.pick(['nobody', 'x', 'me2me-admin', '../_users', 'a'.repeat(150), 'ZAŻÓŁĆ']), password: r.word(8) }],
      [
        2,
        r.pick<unknown>([
          { name: 'ania' },
          { name: 5, password: [] },
          { name: 'ania', password: 'bakery-2026', roles: ['_admin'] },
          'ania:bakery-2026',
          [],
        ]),
      ],
    ]);
    return this.request(actor, method, path, this.query([]), method === 'POST' || r.chance(0.1) ? credentials : undefined);
  }

  private changes(actor: Actor, db: string): FuzzRequest {
    const r = this.random;
    const method = r.weighted([
      [6, 'GET'],
      [3, 'POST'],
      [1, r.pick(METHODS)],
    ]);
    const query = this.query(
      [
        'since',
        'limit',
        'feed',
        'heartbeat',
        'timeout',
        'include_docs',
        'style',
        'seq_interval',
        'filter',
        'doc_ids',
        'conflicts',
        'descending',
      ],
      db,
    );
    const body =
      method === 'POST'
        ? r.pick<unknown>([{ doc_ids: this.someIds(db) }, { doc_ids: '_design/validation' }, { selector: {} }, {}, undefined])
        : undefined;
    return this.request(actor, method, `/couch/${this.dbSegment(db)}/_changes`, query, body);
  }

  private allDocs(actor: Actor, db: string): FuzzRequest {
    const r = this.random;
    if (r.chance(0.4)) {
      const body = r.pick<unknown>([
        { keys: this.someIds(db) },
        { keys: this.someIds(db), include_docs: true, conflicts: r.chance(0.5), limit: r.pick([0, 5, -1, 10001, 1.5]) },
        { keys: ['_design/validation', '_local/_security'] },
        { keys: this.someIds(db), deleted: r.pick(['ok', true]) },
        { keys: 'all', startkey: '_' },
      ]);
      return this.request(
        actor,
        r.chance(0.9) ? 'POST' : r.pick(METHODS),
        `/couch/${this.dbSegment(db)}/_all_docs`,
        this.query([]),
        this.bend(body),
      );
    }
    const query = this.query(
      ['include_docs', 'keys', 'limit', 'conflicts', 'startkey', 'endkey', 'key', 'skip', 'descending', 'update_seq'],
      db,
    );
    return this.request(actor, r.chance(0.9) ? 'GET' : r.pick(METHODS), `/couch/${this.dbSegment(db)}/_all_docs`, query, undefined);
  }

  private bulkDocs(actor: Actor, db: string): FuzzRequest {
    const r = this.random;
    const replicating = r.chance(0.25);
    const count = r.weighted([
      [6, 1],
      [3, 2 + r.below(3)],
      [1, 0],
      [1, r.chance(0.2) ? 1001 : 10],
    ]);
    const docs = Array.from({ length: count }, () => {
      const doc = count > 100 ? { _id: `progress:lesson:${r.word(6)}`, type: 'progress' } : this.doc(actor, db);
      return replicating ? this.replicated(db, doc) : doc;
    });
    const body: Doc = { docs };
    if (replicating) body['new_edits'] = r.chance(0.95) ? false : r.pick<unknown>(['false', 0, null]);
    else if (r.chance(0.05)) body['new_edits'] = true;
    if (r.chance(0.04)) body['all_or_nothing'] = true;
    const method = r.chance(0.93) ? 'POST' : r.pick(METHODS);
    return this.request(
      actor,
      method,
      `/couch/${this.dbSegment(db)}/_bulk_docs`,
      this.query(['new_edits', 'batch', 'w'], db, 0.1),
      this.bend(body),
    );
  }

  private bulkGet(actor: Actor, db: string): FuzzRequest {
    const r = this.random;
    const entries = this.someIds(db).map((id) => {
      const rev = this.known.get(db)?.get(id);
      return r.weighted<unknown>([
        [5, rev ? { id, rev } : { id }],
        [2, { id }],
        [1, { id, rev: r.pick(['junk', '1-abc', '0-0', 99]) }],
        [1, { id, atts_since: [] }],
        [1, { id: r.pick(ODD_IDS) }],
        [1, { id: r.pick(ODD_VALUES) }],
      ]);
    });
    const tooMany = Array.from({ length: 1001 }, () => ({ id: 'x' }));
    const body = r.weighted<unknown>([
      [8, { docs: entries }],
      [1, { docs: [] }],
      [1, { docs: tooMany }],
      [1, { docs: 'all' }],
    ]);
    const query = this.query(['revs', 'latest', 'attachments', 'open_revs'], db);
    return this.request(actor, r.chance(0.92) ? 'POST' : r.pick(METHODS), `/couch/${this.dbSegment(db)}/_bulk_get`, query, this.bend(body));
  }

  private revsDiff(actor: Actor, db: string): FuzzRequest {
    const r = this.random;
    const body: Doc = {};
    for (const id of this.someIds(db)) body[id] = [this.known.get(db)?.get(id) ?? `1-${r.hash()}`, `2-${r.hash()}`];
    if (r.chance(0.3))
      body[r.pick(ODD_IDS)] = r.pick<unknown>([['1-abc'], 'notalist', [1], Array.from({ length: 101 }, (_x, i) => `${i + 1}-abc`)]);
    return this.request(
      actor,
      r.chance(0.92) ? 'POST' : r.pick(METHODS),
      `/couch/${this.dbSegment(db)}/_revs_diff`,
      this.query([], db),
      this.bend(body),
    );
  }

  /** Replication checkpoints: the one place a member writes an id beginning with "_". */
  private local(actor: Actor, db: string): FuzzRequest {
    const r = this.random;
    // Already as they go in a path: "%2e%2e" and "%zz" stay as written.
    const odd = ['_security', '', '..', '%2e%2e', 'a/b', 'x'.repeat(201), 'za%C5%BC%C3%B3%C5%82%C4%87', '%zz', '_design%2Fx'];
    const id = r.chance(0.67) ? r.pick(['checkpoint-1', 'A1b2C3%3D%3D', 'x.y_z-w']) : r.pick(odd);
    const method = r.weighted([
      [4, 'GET'],
      [4, 'PUT'],
      [2, 'DELETE'],
      [1, r.pick(METHODS)],
    ]);
    const checkpoint: Doc = {
      last_seq: r.pick<unknown>([r.below(100), 'now', `${r.below(9)}-g1AAAA`]),
      session_id: r.hash(),
      replicator: 'pouchdb',
      version: 1,
      history: [{ last_seq: 1, session_id: r.hash() }],
    };
    if (r.chance(0.3)) checkpoint['_id'] = r.pick([`_local/${id}`, id, '_local/_security', '_design/x']);
    if (r.chance(0.4)) checkpoint['_rev'] = r.pick<unknown>(['0-1', '0-2', '1-abc', 'junk', '', 5, null]);
    const rev = method === 'DELETE' && r.chance(0.8) ? [['rev', r.pick(['0-1', '0-2', 'junk', ''])] as [string, string]] : [];
    const path = `/couch/${this.dbSegment(db)}/${r.pick(['_local/', '_local/', '_local/', '%5Flocal/', '_local%2F'])}${id}`;
    const body = method === 'PUT' || r.chance(0.05) ? this.bend(this.mutate(checkpoint, actor)) : undefined;
    return this.request(actor, method, path, this.query(['rev'], db, 0.2, rev), body);
  }

  private document(actor: Actor, db: string): FuzzRequest {
    const r = this.random;
    const doc = this.doc(actor, db);
    const method = r.weighted([
      [5, 'PUT'],
      [4, 'GET'],
      [2, 'DELETE'],
      [1, 'HEAD'],
      [1, r.pick(METHODS)],
    ]);
    const id = r.chance(0.9) ? (typeof doc['_id'] === 'string' ? doc['_id'] : 'x') : r.pick(ODD_IDS);
    const rev = this.known.get(db)?.get(id);
    const namesRev = (method === 'DELETE' || (method === 'PUT' && r.chance(0.2))) && r.chance(0.85);
    const revParam: [string, string][] = namesRev ? [['rev', rev && r.chance(0.8) ? rev : r.pick(['1-abc', 'junk', `2-${r.hash()}`])]] : [];
    if (method === 'PUT' && r.chance(0.2)) delete doc['_id'];
    const attachment = r.chance(0.04) ? `/${r.pick(['att.txt', '_attachments', '..', 'a%2Fb'])}` : '';
    const names = ['rev', 'revs', 'open_revs', 'conflicts', 'latest', 'attachments', 'revs_info', 'local_seq', 'new_edits', 'batch'];
    const path = `/couch/${this.dbSegment(db)}/${this.idSegment(id)}${attachment}`;
    return this.request(
      actor,
      method,
      path,
      this.query(names, db, 0.35, revParam),
      method === 'PUT' || r.chance(0.05) ? this.bend(doc) : undefined,
    );
  }

  /** What belongs to the server: design documents, security, server-wide handlers under a database. */
  private reserved(actor: Actor, db: string): FuzzRequest {
    const r = this.random;
    const sub = r.pick([
      '_design/x',
      '_design/validation',
      '_design%2Fvalidation',
      '%5Fdesign/validation',
      '_security',
      '_local/_security',
      '_local',
      '_localfake',
      '_find',
      '_index',
      '_purge',
      '_compact',
      '_view_cleanup',
      '_ensure_full_commit',
      '_explain',
      '_design/validation/_view/x',
      '_design_docs',
      '..',
      '%2e',
      '%2e%2e',
      '.',
      '%2e%2e/_users',
      '../me2me-sessions/_all_docs',
      '_changes/x',
      'a%00b',
      '%zz',
      '%ED%A0%80',
      '',
    ]);
    const takeover = { admins: { names: [actor.name], roles: [] }, members: { names: [], roles: [] } };
    const body = r.pick<unknown>([{ validate_doc_update: 'function () {}' }, takeover, this.doc(actor, db), undefined]);
    return this.request(actor, r.pick(METHODS), `/couch/${this.dbSegment(db)}/${sub}`, this.query([], db), body);
  }

  /** An id in a path: encoded as a client would, or sometimes with its "_" or ":" percent-encoded. */
  private idSegment(id: string): string {
    if (this.random.chance(0.05) && /^[\x21-\x7e]/.test(id)) return `%${id.charCodeAt(0).toString(16)}${encodeURIComponent(id.slice(1))}`;
    return encodeURIComponent(id).replace(/%2F/g, this.random.chance(0.5) ? '/' : '%2F');
  }

  private someIds(db: string): string[] {
    const r = this.random;
    const known = this.knownIds(db);
    const one = () =>
      known.length > 0 && r.chance(0.6) ? r.pick(known) : r.chance(0.8) ? (this.doc(null, db)['_id'] as string) : r.pick(ODD_IDS);
    return Array.from({ length: 1 + r.below(4) }, one);
  }

  /** A query string of known parameters with sensible or odd values, unknown ones and repeats; never a long wait. */
  private query(names: readonly string[], db = '', p = 0.5, fixed: [string, string][] = []): string {
    const r = this.random;
    const pairs = [...fixed];
    if (r.chance(p)) {
      for (let i = 1 + r.below(3); i > 0; i--) {
        const name =
          names.length > 0 && r.chance(0.85) ? r.pick(names) : r.pick(['x', 'attachments', 'new_edits', '_nonce', 'callback', 'q', '']);
        pairs.push([name, r.chance(0.6) ? this.sensible(name, db) : r.pick(ODD_QUERY_VALUES)]);
      }
      if (r.chance(0.05) && pairs.length > 0) pairs.push(r.pick(pairs));
    }
    // A long-poll that the server takes waits for its timeout (25 s unless told): keep it short.
    if (pairs.some(([name, value]) => name === 'feed' && value === 'longpoll')) {
      const others = pairs.filter(([name]) => name !== 'timeout');
      others.push(['timeout', r.pick(['0', '20', '80'])]);
      pairs.splice(0, pairs.length, ...others);
    }
    if (pairs.length === 0) return r.chance(0.02) ? r.pick(['?', '?&&', '?=', '?%zz=1', '?a=%E0%A4%A']) : '';
    return '?' + pairs.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join('&');
  }

  private sensible(name: string, db: string): string {
    const r = this.random;
    const ids = () => JSON.stringify(this.someIds(db));
    const revs = () =>
      JSON.stringify(
        this.knownIds(db)
          .slice(0, 2)
          .map((id) => this.known.get(db)!.get(id)!)
          .concat(`1-${r.hash()}`),
      );
    const values: Record<string, () => string> = {
      since: () => r.pick(['0', 'now', String(r.below(50)), `${r.below(50)}-g1AAAA`]),
      limit: () => r.pick(['0', '1', '5', '100']),
      feed: () => r.pick(['normal', 'longpoll']),
      heartbeat: () => '10000',
      timeout: () => r.pick(['0', '50']),
      style: () => r.pick(['all_docs', 'main_only']),
      seq_interval: () => '10',
      filter: () => '_doc_ids',
      doc_ids: ids,
      keys: ids,
      key: () => JSON.stringify(r.pick(this.someIds(db))),
      startkey: () => JSON.stringify('_design/'),
      endkey: () => JSON.stringify('_design0'),
      open_revs: () => (r.chance(0.5) ? 'all' : revs()),
      rev: () =>
        r.pick(
          this.knownIds(db)
            .map((id) => this.known.get(db)!.get(id)!)
            .concat(`1-${r.hash()}`),
        ),
      new_edits: () => 'false',
      batch: () => 'ok',
      w: () => '1',
      skip: () => '1',
    };
    return (values[name] ?? (() => r.pick(['true', 'false'])))();
  }

  /** A document of the database's kind (sometimes another's) as the actor would write it, bent now and then. */
  private doc(actor: Actor | null, db: string): Doc {
    const r = this.random;
    const author = actor?.name ?? 'ania';
    const kind = r.chance(0.9) ? db.replace(/-.*$/, '') : r.pick(['userdb', 'catalog', 'authoring', 'discussions', 'workshops']);
    const at = this.time();
    const lesson = r.pick(LESSONS);
    const thread = `thread:${r.chance(0.8) ? r.pick(THREADS) : r.word(10)}`;
    const post = `post:${r.chance(0.8) ? r.pick(POSTS) : r.word(10)}`;
    const cohort = `cohort:${r.chance(0.85) ? r.pick(COHORTS) : r.word(10)}`;
    const templates: Record<string, () => Doc> = {
      userdb: () =>
        r.pick<() => Doc>([
          () => ({
            _id: `progress:lesson:${lesson}`,
            type: 'progress',
            lessonId: `lesson:${lesson}`,
            status: 'started',
            cardIndex: r.below(51),
            updatedAt: at,
            ...(r.chance(0.3) ? { answers: { '1': [0, 2] } } : {}),
          }),
          () => ({
            _id: `progress:lesson:${lesson}`,
            type: 'progress',
            lessonId: `lesson:${lesson}`,
            status: 'completed',
            cardIndex: 3,
            completedAt: at,
            updatedAt: at,
          }),
          () => ({ _id: 'settings', type: 'settings', language: r.pick(LANGUAGES), updatedAt: at }),
          () => ({
            _id: `review:lesson:${lesson}:2`,
            type: 'review',
            lessonId: `lesson:${lesson}`,
            cardIndex: 2,
            step: r.below(11),
            dueAt: at,
            updatedAt: at,
          }),
          () => ({ _id: 'projection:workshops', type: 'projection', cohorts: [], attendedSessions: [1, 2, 3, 4], completed: true }),
        ])(),
      catalog: () =>
        r.pick<() => Doc>([
          () => ({
            _id: `programme:${r.pick(['toolbox', 'fuzz-programme'])}`,
            type: 'programme',
            title: 'Toolbox',
            summary: 'Short lessons.',
            audience: 'owner',
            order: r.below(1001),
          }),
          () => lessonDoc(`lesson:${lesson}`, r.pick(LANGUAGES)),
        ])(),
      authoring: () =>
        r.pick<() => Doc>([
          () => ({
            ...lessonDoc(`lesson:${lesson}`, 'en'),
            _id: `draft:${r.pick(['fuzz-draft-01', 'fuzz-draft-02'])}`,
            type: 'draft',
            author,
            lessonId: `lesson:${lesson}`,
            status: r.pick(['draft', 'submitted', 'publishing']),
            updatedAt: at,
          }),
          () => ({ _id: `version:${lesson}:1`, type: 'lesson-version', lessonId: `lesson:${lesson}`, version: 1 }),
        ])(),
      discussions: () =>
        r.pick<() => Doc>([
          () => ({
            _id: thread,
            type: 'thread',
            author,
            title: 'How do you price a cake?',
            body: 'Mine never pay.',
            topic: 'pricing',
            createdAt: at,
          }),
          () => ({
            _id: post,
            type: 'post',
            author,
            threadId: thread,
            body: 'Count your hours.',
            createdAt: at,
            ...(r.chance(0.3) ? { parentId: `post:${r.pick(POSTS)}` } : {}),
          }),
          () => ({
            _id: `edit:${r.word(10)}`,
            type: 'edit',
            author,
            targetId: post,
            body: 'Count your hours, and the oven.',
            createdAt: at,
          }),
          () => ({ _id: `helpful:${post.slice(5)}:${author}`, type: 'helpful', author, targetId: post, createdAt: at }),
          () => ({
            _id: `report:${post.slice(5)}:${author}`,
            type: 'report',
            author,
            targetId: post,
            reason: 'Advertising.',
            createdAt: at,
          }),
          () => ({ _id: `follow:${thread.slice(7)}:${author}`, type: 'follow', author, threadId: thread, createdAt: at }),
          () => ({ _id: `accepted:${thread.slice(7)}:${author}`, type: 'accepted', author, threadId: thread, postId: post, createdAt: at }),
          () => ({
            _id: `moderation:${r.word(10)}`,
            type: 'moderation',
            author,
            targetId: thread,
            action: r.pick(['hide', 'lock', 'unlock', 'pin']),
            reason: 'Off topic.',
            createdAt: at,
          }),
        ])(),
      workshops: () =>
        r.pick<() => Doc>([
          () => ({
            _id: cohort,
            type: 'cohort',
            kind: 'induction',
            author,
            title: 'Spring cohort',
            venue: 'Library',
            facilitators: [author, 'piotr'],
            sessions: [{ number: 1, date: '2026-03-14', time: '18:30', place: 'Hall' }],
            updatedAt: at,
          }),
          () => {
            const owner = r.pick(OWNERS);
            return {
              _id: `enrolment:${cohort.slice(7)}:${owner}`,
              type: 'enrolment',
              author,
              cohortId: cohort,
              owner,
              updatedAt: at,
              ...(r.chance(0.2) ? { withdrawn: true } : {}),
            };
          },
          () => ({
            _id: `mark:${r.word(12)}`,
            type: 'mark',
            author,
            cohortId: cohort,
            session: 1 + r.below(4),
            owner: r.pick(OWNERS),
            status: r.pick(['present', 'late', 'excused', 'absent']),
            markedAt: at,
            seen: [],
          }),
        ])(),
    };
    const doc = (templates[kind] ?? templates['userdb']!)();
    const known = this.known.get(db)?.get(doc['_id'] as string);
    // Build on what is stored: an update, or now and then a deletion.
    if (known && r.chance(0.6)) doc['_rev'] = known;
    // A deletion that keeps the document's fields, stored or not (the server's checks read some of them).
    if (r.chance(0.06)) doc['_deleted'] = true;
    return actor && r.chance(0.45) ? this.mutate(doc, actor) : doc;
  }

  /** One to three of the changes a careless or hostile client makes. */
  private mutate(doc: Doc, actor: Actor): Doc {
    const r = this.random;
    const fields = () => Object.keys(doc);
    const mutations: (() => void)[] = [
      () => delete doc[r.pick(fields())],
      () => (doc[r.pick(fields())] = r.pick(ODD_VALUES)),
      () => (doc['author'] = r.pick(['eva', 'piotr', 'ania', 'mary', '', 'me2me-admin'])),
      () =>
        (doc['type'] = r.pick([
          'thread',
          'post',
          'moderation',
          'cohort',
          'mark',
          'lesson',
          'tip',
          'projection',
          'lesson-version',
          'draft',
          'settings',
          '_design',
        ])),
      () => (doc['_attachments'] = { 'a.txt': { content_type: 'text/plain', data: Buffer.from('hello').toString('base64') } }),
      () => (doc['_conflicts'] = [`1-${r.hash()}`]),
      () => (doc['_revisions'] = { start: r.pick([1, 2, 1e300, -1]), ids: [r.hash()] }),
      () => (doc['_deleted'] = r.pick<unknown>([true, 'yes', 1, null])),
      () => (doc['_rev'] = r.pick<unknown>(['junk', '1-abc', `99999999999-${r.hash()}`, 5, ''])),
      () => (doc['_id'] = r.pick(ODD_IDS)),
      () => (doc[r.pick(['_local_seq', '_revs_info', '_deleted_conflicts', '_access', '_security', '_foo', '_id '])] = r.pick(ODD_VALUES)),
      () => (doc['padding'] = Array.from({ length: r.pick([100, 4000, 12000]) }, (_x, i) => i)),
      () => (doc['nested'] = DEEP),
      () =>
        (doc[r.pick(['createdAt', 'updatedAt', 'markedAt'])] = r.pick(['2999-01-01T00:00:00.000Z', 'yesterday', '2026-13-45T99:99:99Z'])),
      () =>
        (doc['cards'] = [
          r.pick<unknown>([
            null,
            'text',
            { kind: 'quiz', question: 'Q?', multiple: false, options: [] },
            { kind: 'script', body: '<script>' },
          ]),
        ]),
      () => (doc['roles'] = ['_admin']),
      // An own "__proto__" key, as JSON.parse makes it on the server (assigning it would set the prototype instead).
      () => Object.defineProperty(doc, '__proto__', { value: { polluted: true }, enumerable: true, configurable: true, writable: true }),
      () => (doc['owner'] = actor.name === 'ania' ? 'jonas' : 'ania'),
      () =>
        (doc[r.pick(['cohortId', 'threadId', 'targetId', 'lessonId'])] =
          `${r.pick(['cohort', 'thread', 'post', 'lesson'])}:${'x'.repeat(r.pick([10, 300, 20000]))}`),
    ];
    for (let i = 1 + r.below(3); i > 0 && fields().length > 0; i--) r.pick(mutations)();
    return doc;
  }

  /** A document as a replicator sends it (new_edits false): with its revision history, true or not. */
  private replicated(db: string, doc: Doc): Doc {
    const r = this.random;
    const stored = this.known.get(db)?.get(doc['_id'] as string);
    const parent = stored && r.chance(0.5) ? stored : `${1 + r.below(3)}-${r.hash()}`;
    const [number, hash] = parent.split('-') as [string, string];
    const own = r.hash();
    const result: Doc = { ...doc, _rev: `${Number(number) + 1}-${own}` };
    if (r.chance(0.7)) result['_revisions'] = { start: Number(number) + 1, ids: [own, hash] };
    if (r.chance(0.1)) result['_revisions'] = { start: r.pick([1, 50, 2 ** 40]), ids: [r.hash()] };
    return result;
  }

  private time(): string {
    const r = this.random;
    return new Date(Date.UTC(2025, r.below(12), 1 + r.below(28), r.below(24), r.below(60))).toISOString();
  }

  /** Now and then, something other than the JSON it asked for. */
  private bend(value: unknown): unknown {
    const r = this.random;
    if (!r.chance(0.08)) return value;
    return r.pick<unknown>([null, [], 'docs', 12, [value], { docs: value }]);
  }

  /** The body as text: JSON mostly, and now and then broken, empty, of another type, chunked or too large. */
  private bodyText(value: unknown): NonNullable<FuzzRequest['body']> {
    const r = this.random;
    let text = JSON.stringify(value) ?? '';
    if (text.includes(JSON.stringify(DEEP))) {
      const depth = r.pick([40, 300, 3000, 12000, 30000]);
      const open = r.chance(0.5) ? '[' : '{"a":';
      const close = open === '[' ? ']' : '}';
      text = text.split(JSON.stringify(DEEP)).join(open.repeat(depth) + '1' + close.repeat(depth));
    }
    const shape = r.weighted<() => string>([
      [88, () => text],
      [2, () => text.slice(0, Math.max(1, r.below(text.length)))],
      [2, () => ''],
      [1, () => text + ' junk'],
      [1, () => '\ufeff' + text],
      [1, () => JSON.stringify({ padding: 'x'.repeat(70_000), ...(typeof value === 'object' ? value : {}) })],
      [1, () => r.pick(['null', 'true', '"text"', '1e999', '[]', '{"a":1,"a":2}', '{"__proto__":{"x":1}}'])],
    ]);
    const type = r.weighted<string | null>([
      [94, 'application/json'],
      [2, 'text/plain'],
      [2, null],
      [1, 'application/json; charset=latin1'],
      [1, 'multipart/related; boundary=x'],
    ]);
    return { text: shape(), type, chunked: r.chance(0.05) };
  }
}

const SERVER_WIDE = [
  '/couch/_all_dbs',
  '/couch/_users/org.couchdb.user:ania',
  '/couch/_users/_all_docs',
  '/couch/_config',
  '/couch/_replicate',
  '/couch/_utils/',
  '/couch/_uuids',
  '/couch/_active_tasks',
  '/couch/_node/_local/_config',
  '/couch/me2me-sessions/_all_docs',
  '/couch//catalog',
  '/couch/catalog//x',
  '/couch/%2e%2e/_users',
  '/couch/_session/../_users',
  '/couch/_dbs_info',
  '/couch/_membership',
  '/couch/_replicator/x',
  '/couch/%00',
  '/couch/%zz',
];

/** A lesson the catalog's rule accepts: every kind of card once. */
function lessonDoc(id: string, language: string): Doc {
  return {
    _id: id,
    type: 'lesson',
    programmeId: 'programme:toolbox',
    title: 'Pricing a cake',
    summary: 'Count everything.',
    topic: 'pricing',
    minutes: 3,
    order: 5,
    language,
    cards: [
      { kind: 'text', title: 'Costs', body: 'Flour, eggs, your hours.' },
      { kind: 'image', src: 'media/cake-1.webp', alt: 'A cake' },
      { kind: 'audio', src: 'media/cake-1.mp3', title: 'Listen', transcript: 'Count your hours.' },
      {
        kind: 'quiz',
        question: 'What counts?',
        multiple: false,
        options: [
          { text: 'Hours', feedback: 'Yes.', correct: true },
          { text: 'Nothing', feedback: 'No.', correct: false },
        ],
      },
      { kind: 'action', body: 'Price one cake today.' },
    ],
  };
}

/** The revision a document sent with new_edits false is stored under: its history's newest, else its _rev. */
function replicatedRev(doc: Doc): string {
  const history = doc['_revisions'] as { start: number; ids: string[] } | undefined;
  return history ? `${history.start}-${history.ids[0]}` : (doc['_rev'] as string);
}

/** The path as the server reads it (without the query), or null when it does not decode. */
function decodedSegments(path: string): string[] | null {
  const bare = path.split('?')[0]!;
  try {
    const parts = bare.split('/').slice(1).map(decodeURIComponent);
    if (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
    return parts;
  } catch {
    return null;
  }
}

function parseJson(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

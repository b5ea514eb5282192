import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { validateAuthoringDoc } from '../couchdb/authoring/validate-doc-update';
import { decodeRefusal } from '../couchdb/refusal';
import { LessonPublisher } from '../src/authoring/lesson-publisher';
import { MEDIA_DB } from '../src/media/media-rules';
import { provisionAll } from '../src/provision-all';
import { SEED_CONTENT_DIR } from '../src/seed/catalog-seed';
import { MemberClient, signedIn, startTestServer, waitForDoc, type TestServer } from './support/test-server';

const tutor = { name: 'mary', roles: ['member', 'country:ie', 'tutor', 'tutor:ie'] };
const mentor = { name: 'sofia', roles: ['member', 'country:pl', 'owner', 'owner:pl', 'peer-mentor'] };
const owner = { name: 'ania', roles: ['member', 'country:pl', 'owner', 'owner:pl'] };
const admin = { name: null, roles: ['_admin'] };

function draft(overrides: Record<string, unknown> = {}): Record<string, any> {
  const id = randomBytes(6).toString('hex');
  return {
    _id: `draft:test-${id}`,
    type: 'draft',
    author: 'mary',
    lessonId: `lesson:test-${id}`,
    programmeId: 'programme:toolbox',
    title: 'Price a custom cake',
    summary: 'Cover ingredients, time and a margin before you quote.',
    topic: 'pricing',
    minutes: 3,
    language: 'en',
    cards: [
      { kind: 'text', title: 'Start from cost', body: 'Add up flour, butter, eggs and decoration for one cake.' },
      {
        kind: 'quiz',
        question: 'What belongs in the price?',
        multiple: false,
        options: [
          { text: 'Ingredients only', correct: false, feedback: 'Your time and the oven cost money too.' },
          { text: 'Ingredients, time and a margin', correct: true, feedback: 'Yes: that is a price you can live on.' },
        ],
      },
    ],
    status: 'draft',
    updatedAt: '2026-11-29T09:00:00.000Z',
    ...overrides,
  };
}

function refusal(newDoc: unknown, oldDoc: unknown, user: unknown): string | null {
  try {
    validateAuthoringDoc(newDoc, oldDoc, user);
    return null;
  } catch (error) {
    return (error as { forbidden: string }).forbidden;
  }
}

function uploadName(bytes: Buffer, extension: string): string {
  return `u-${createHash('sha256').update(bytes).digest('hex')}.${extension}`;
}

describe('authoring rules (validate_doc_update of the authoring database)', () => {
  it('lets tutors and peer mentors write their own drafts, unfinished ones too, and nobody else', () => {
    expect(refusal(draft(), null, tutor)).toBeNull();
    expect(refusal(draft({ author: 'sofia', cards: [], title: '' }), null, mentor)).toBeNull();
    expect(refusal(draft({ author: 'ania' }), null, owner)).toContain('Only tutors and peer mentors');
    expect(refusal(draft({ author: 'ania' }), null, mentor)).toContain('your own user name');
  });

  it('lets tutors review any draft but peer mentors change only their own', () => {
    const sofias = draft({ author: 'sofia' });
    expect(refusal({ ...sofias, status: 'submitted' }, sofias, mentor)).toBeNull();
    expect(refusal({ ...sofias, reviewNote: 'Add a picture of the scale.', status: 'draft' }, sofias, tutor)).toBeNull();
    const marys = draft();
    expect(refusal({ ...marys, author: 'sofia' }, marys, mentor)).toContain('only their own');
    expect(refusal({ ...marys, _deleted: true }, marys, mentor)).toContain('only their own');
  });

  it('lets only tutors publish, and only the server mark a draft published or set its outcome', () => {
    const sofias = draft({ author: 'sofia' });
    expect(refusal({ ...sofias, status: 'publishing' }, sofias, mentor)).toContain('Only tutors publish');
    expect(refusal({ ...sofias, status: 'publishing' }, sofias, tutor)).toBeNull();
    expect(refusal({ ...sofias, status: 'published' }, sofias, tutor)).toContain('by the server');
    expect(refusal({ ...sofias, status: 'published', publishedVersion: 1 }, sofias, admin)).toBeNull();
    expect(refusal({ ...sofias, publishedVersion: 3 }, sofias, tutor)).toContain('publishedVersion is set by the server');
    const published = { ...sofias, status: 'published', publishedVersion: 1 };
    expect(refusal({ ...published, status: 'draft', title: 'Price a wedding cake' }, published, mentor)).toBeNull();
    expect(refusal({ ...published, lessonId: 'lesson:another' }, published, tutor)).toContain('keeps its id');
  });

  it("lets nobody but tutors and the server write a draft that is publishing: the author's edit makes it a draft again", () => {
    const publishing = { ...draft({ author: 'sofia' }), _rev: '2-a', status: 'publishing' };
    const edited = { ...publishing, title: 'Price a cake (not reviewed)', updatedAt: '2026-11-29T10:00:00.000Z' };
    expect(refusal(edited, publishing, mentor))
      .withContext('the author keeps it publishing')
      .toContain('Only tutors publish');
    expect(refusal({ ...publishing, updatedAt: '2026-11-29T10:00:00.000Z' }, publishing, mentor))
      .withContext('even unchanged')
      .toContain('Only tutors publish');
    expect(refusal({ ...edited, status: 'draft' }, publishing, mentor)).toBeNull();
    expect(refusal({ ...edited, status: 'submitted' }, publishing, mentor)).toBeNull();
    expect(refusal({ ...publishing, _deleted: true }, publishing, mentor))
      .withContext('the author may still delete it')
      .toBeNull();
    expect(refusal(edited, publishing, tutor))
      .withContext('a tutor edits what they publish')
      .toBeNull();
    expect(refusal({ ...publishing, waitingForMedia: ['u-1.webp'] }, publishing, admin))
      .withContext('the publisher')
      .toBeNull();
  });

  it('refuses malformed drafts with the field that is wrong', () => {
    expect(refusal(draft({ _id: 'draft:x' }), null, tutor)).toContain('draft id');
    expect(refusal(draft({ minutes: 0 }), null, tutor)).toContain('minutes');
    expect(refusal(draft({ language: 'xx' }), null, tutor)).toContain('language');
    expect(refusal(draft({ status: 'live' }), null, tutor)).toContain('status');
    expect(refusal(draft({ cards: Array.from({ length: 13 }, () => ({ kind: 'text', body: 'x' })) }), null, tutor)).toContain('at most 12');
    expect(refusal(draft({ cards: [{ kind: 'script' }] }), null, tutor)).toContain('cards[0].kind');
    expect(refusal(draft({ cards: [{ kind: 'text', body: 'x'.repeat(3001) }] }), null, tutor)).toContain('cards[0].body');
    expect(refusal(draft({ updatedAt: 'yesterday' }), null, tutor)).toContain('updatedAt');
    expect(refusal({ _id: 'lesson-version:x:1', type: 'lesson-version' }, null, tutor)).toContain('Only the server');
  });
});

describe('media uploads – PUT /api/media/{name}, GET /media/{name}', () => {
  let server: TestServer;
  let mary: MemberClient;
  let ania: MemberClient;
  let picture: Buffer;

  beforeAll(async () => {
    server = await startTestServer();
    mary = await signedIn(server, 'mary');
    ania = await signedIn(server, 'ania');
    picture = await readFile(path.join(SEED_CONTENT_DIR, 'media', 'cash-flow-basics.webp'));
  });
  afterAll(async () => server.close());

  async function uploadBytes(client: MemberClient, name: string, bytes: Buffer) {
    const cookie = (client as unknown as { cookie: string }).cookie;
    const response = await fetch(`${server.baseUrl}/api/media/${name}`, {
      method: 'PUT',
      headers: { cookie, 'content-type': 'application/octet-stream' },
      body: new Uint8Array(bytes),
    });
    return { status: response.status, json: (await response.json()) as any };
  }

  it("stores a tutor's picture once, under the name of its content, and serves it to members", async () => {
    // A file no other spec uploaded, so that the first upload here is the first one.
    const fresh = Buffer.concat([picture, randomBytes(16)]);
    const name = uploadName(fresh, 'webp');
    const first = await uploadBytes(mary, name, fresh);
    expect(first.status).withContext(JSON.stringify(first.json)).toBe(201);
    expect(first.json.size).toBe(fresh.length);
    expect((await uploadBytes(mary, name, fresh)).status)
      .withContext('the same file again')
      .toBe(200);

    const served = await fetch(`${server.baseUrl}/media/${name}`, { headers: { cookie: (ania as any).cookie } });
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/webp');
    expect(served.headers.get('cache-control')).toContain('immutable');
    expect(Buffer.from(await served.arrayBuffer()).equals(fresh)).toBeTrue();

    const again = await ania.request('GET', `/media/${name}`, undefined, { 'if-none-match': served.headers.get('etag')! });
    expect(again.status).toBe(304);
    const head = await ania.request('HEAD', `/media/${name}`);
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(fresh.length));
  });

  it('answers byte ranges, so recordings and clips can seek', async () => {
    const name = uploadName(picture, 'webp');
    await uploadBytes(mary, name, picture);
    const cookie = (ania as any).cookie;
    const part = await fetch(`${server.baseUrl}/media/${name}`, { headers: { cookie, range: 'bytes=4-11' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 4-11/${picture.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(picture.subarray(4, 12))).toBeTrue();
    const beyond = await fetch(`${server.baseUrl}/media/${name}`, { headers: { cookie, range: `bytes=${picture.length + 10}-` } });
    expect(beyond.status).toBe(416);
    await beyond.arrayBuffer();
  });

  it('takes pictures from every member but recordings and clips only from authors, and nothing from strangers', async () => {
    const photo = Buffer.concat([picture, randomBytes(16)]);
    expect((await uploadBytes(ania, uploadName(photo, 'webp'), photo)).status)
      .withContext('an owner shares a photo')
      .toBe(201);
    const recording = Buffer.concat([Buffer.from('OggS'), randomBytes(64)]);
    const refused = await uploadBytes(ania, uploadName(recording, 'ogg'), recording);
    expect(refused.status).toBe(403);
    expect(refused.json.reason).toContain('recordings');
    expect((await uploadBytes(mary, uploadName(recording, 'ogg'), recording)).status).toBe(201);
    const name = uploadName(picture, 'webp');
    expect((await uploadBytes(new MemberClient(server.baseUrl), name, picture)).status).toBe(401);
    expect((await new MemberClient(server.baseUrl).request('GET', `/media/${name}`)).status).toBe(401);
    expect((await ania.request('GET', `/media/${uploadName(Buffer.from('never uploaded'), 'webp')}`)).status).toBe(404);
  });

  it('refuses a wrong name, a file that is not what its name says, a changed file and a file too large', async () => {
    const badName = await uploadBytes(mary, 'holiday.webp', picture);
    expect(badName.status).toBe(400);
    expect(badName.json.reason).toContain('SHA-256');

    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(64)]);
    const mislabelled = await uploadBytes(mary, uploadName(png, 'webp'), png);
    expect(mislabelled.status).toBe(415);
    expect(mislabelled.json.reason).toContain('not a WebP picture');

    const changed = await uploadBytes(mary, uploadName(Buffer.from('other bytes'), 'webp'), picture);
    expect(changed.status).toBe(415);
    expect(changed.json.reason).toContain('does not match its name');

    const huge = Buffer.concat([picture, Buffer.alloc(2 * 1024 * 1024)]);
    const tooLarge = await uploadBytes(mary, uploadName(huge, 'webp'), huge);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.json.reason).toContain('at most 2 MB');
    const stored = await server.couch.use(MEDIA_DB).list();
    expect(stored.rows.every((row) => !row.id.includes(uploadName(png, 'webp'))))
      .withContext('nothing refused is stored')
      .toBeTrue();
  });
});

describe('publishing a draft into the catalog', () => {
  let server: TestServer;
  let mary: MemberClient;
  let sofia: MemberClient;
  let publisher: LessonPublisher;

  beforeAll(async () => {
    server = await startTestServer();
    mary = await signedIn(server, 'mary');
    sofia = await signedIn(server, 'sofia');
    publisher = new LessonPublisher(server.couch);
  });
  afterAll(async () => {
    await server.close();
  });

  async function put(client: MemberClient, doc: Record<string, any>): Promise<Record<string, any>> {
    const answer = await client.request('PUT', `/couch/authoring/${encodeURIComponent(doc['_id'])}`, doc);
    expect(answer.status).withContext(answer.text).toBe(201);
    return { ...doc, _rev: answer.json.rev };
  }

  async function stored(db: string, id: string): Promise<any> {
    return server.couch.use(db).get(id);
  }

  it('waits for the media a lesson needs, then publishes it as version 1 with its history', async () => {
    const photo = randomBytes(200);
    photo.write('RIFF', 0, 'latin1');
    photo.write('WEBP', 8, 'latin1');
    const name = uploadName(photo, 'webp');
    const written = draft({ status: 'publishing' });
    written['cards'].push({ kind: 'image', src: `media/${name}`, alt: 'A cake on a kitchen scale.' });
    const saved = await put(mary, written);

    expect(await publisher.publish((await stored('authoring', saved['_id'])) as never)).toBe('waiting-for-media');
    const waiting = await stored('authoring', saved['_id']);
    expect(waiting.waitingForMedia).toEqual([name]);
    expect(
      await server.couch
        .use('catalog')
        .get(saved['lessonId'])
        .catch((e) => e.statusCode),
    ).toBe(404);

    const cookie = (mary as any).cookie;
    const upload = await fetch(`${server.baseUrl}/api/media/${name}`, { method: 'PUT', headers: { cookie }, body: new Uint8Array(photo) });
    expect(upload.status).toBe(201);
    await publisher.sweep();

    const lesson = await stored('catalog', saved['lessonId']);
    expect(lesson.version).toBe(1);
    expect(lesson.title).toBe('Price a custom cake');
    expect(lesson.cards.length).toBe(3);
    const done = await stored('authoring', saved['_id']);
    expect(done.status).toBe('published');
    expect(done.publishedVersion).toBe(1);
    expect(done.waitingForMedia).toBeUndefined();
    const history = await stored('authoring', `lesson-version:${saved['lessonId'].slice(7)}:1`);
    expect(history.cards.length).toBe(3);
  });

  it('publishes one draft revision once, even when two server instances both see it', async () => {
    const saved = await put(mary, draft({ status: 'publishing' }));
    const copy = (await stored('authoring', saved['_id'])) as never;
    const outcomes = await Promise.all([publisher.publish(copy), new LessonPublisher(server.couch).publish(copy)]);
    // Either may be first; the other finds it busy or already published.
    expect(outcomes.every((o) => ['published', 'busy', 'already-published'].includes(o)))
      .withContext(String(outcomes))
      .toBeTrue();
    expect(outcomes.filter((o) => o === 'published').length).toBeLessThanOrEqual(1);
    await publisher.publish(copy);
    expect((await stored('catalog', saved['lessonId'])).version).toBe(1);
  });

  it('publishes a translation as a lesson of its own that names the lesson it translates', async () => {
    const saved = await put(
      mary,
      draft({
        status: 'publishing',
        lessonId: 'lesson:pricing-for-profit-pl2',
        translationOf: 'lesson:pricing-for-profit',
        language: 'pl',
        title: 'Cena z zyskiem',
      }),
    );
    await publisher.publish((await stored('authoring', saved['_id'])) as never);
    const lesson = await stored('catalog', 'lesson:pricing-for-profit-pl2');
    expect(lesson.translationOf).toBe('lesson:pricing-for-profit');
    expect(lesson.language).toBe('pl');
    // A translation of itself is no translation.
    const own = draft({ _id: 'draft:selftranslation' });
    const self = await mary.request('PUT', '/couch/authoring/draft:selftranslation', { ...own, translationOf: own['lessonId'] });
    expect(self.status).toBe(403);
    expect(self.json.code).toBe('field.invalid');
  });

  it('makes an edit after publishing a new version under the same lesson id', async () => {
    const saved = await put(mary, draft({ status: 'publishing' }));
    await publisher.publish((await stored('authoring', saved['_id'])) as never);
    const published = await stored('authoring', saved['_id']);
    await put(mary, {
      ...published,
      status: 'publishing',
      title: 'Price a custom cake, step by step',
      updatedAt: new Date().toISOString(),
    });
    await publisher.sweep();
    const lesson = await stored('catalog', saved['lessonId']);
    expect(lesson.version).toBe(2);
    expect(lesson.title).toBe('Price a custom cake, step by step');
    expect((await stored('authoring', saved['_id'])).publishedVersion).toBe(2);
  });

  it("publishes the text a tutor published, not a peer mentor's later edit while a photo was awaited", async () => {
    const photo = randomBytes(200);
    photo.write('RIFF', 0, 'latin1');
    photo.write('WEBP', 8, 'latin1');
    const name = uploadName(photo, 'webp');
    const sofias = await put(sofia, draft({ author: 'sofia', status: 'submitted', title: 'Weigh before you quote' }));
    sofias['cards'].push({ kind: 'image', src: `media/${name}`, alt: 'Flour on a kitchen scale.' });
    const reviewed = await put(mary, { ...sofias, status: 'publishing', updatedAt: new Date().toISOString() });
    expect(await publisher.publish((await stored('authoring', reviewed['_id'])) as never)).toBe('waiting-for-media');

    const waiting = await stored('authoring', reviewed['_id']);
    const sneaked = await sofia.request('PUT', `/couch/authoring/${waiting._id}`, {
      ...waiting,
      title: 'Buy my flour at example.com',
      updatedAt: new Date().toISOString(),
    });
    expect(sneaked.status).withContext(sneaked.text).toBe(403);
    const upload = await fetch(`${server.baseUrl}/api/media/${name}`, {
      method: 'PUT',
      headers: { cookie: (sofia as any).cookie },
      body: new Uint8Array(photo),
    });
    expect(upload.status).toBe(201);
    await publisher.sweep();
    expect((await stored('catalog', reviewed['lessonId'])).title).toBe('Weigh before you quote');

    // Her edit as the app makes it (a draft again) is taken, and waits for a tutor.
    const again = await stored('authoring', reviewed['_id']);
    await put(sofia, { ...again, status: 'draft', title: 'Weigh, then quote', updatedAt: new Date().toISOString() });
  });

  it("returns an unfinished lesson to its author with the catalog's reason", async () => {
    const unfinished = draft({ status: 'publishing', cards: [{ kind: 'quiz', question: 'Which?', multiple: false, options: [] }] });
    const saved = await put(mary, unfinished);
    expect(await publisher.publish((await stored('authoring', saved['_id'])) as never)).toBe('refused');
    const back = await stored('authoring', saved['_id']);
    expect(back.status).toBe('draft');
    expect(back.publishError).toContain('options');
    // Kept with the rule's code, so that the editor says it in the author's language.
    expect(decodeRefusal(back.publishError)).toEqual({
      code: 'field.list',
      params: { field: 'cards[0].options', min: 2, max: 6 },
      reason: 'cards[0].options must be a list of 2 to 6 options.',
    });
    expect(
      await server.couch
        .use('catalog')
        .get(saved['lessonId'])
        .catch((e) => e.statusCode),
    ).toBe(404);
  });

  it('follows the authoring database: a peer mentor submits, a tutor publishes, the lesson appears', async () => {
    // A follower of its own, stopped at the end: left running, it would race the other tests' explicit calls.
    const follower = new LessonPublisher(server.couch);
    follower.start();
    try {
      const sofias = await put(sofia, draft({ author: 'sofia', status: 'submitted' }));
      const refused = await sofia.request('PUT', `/couch/authoring/${sofias['_id']}`, { ...sofias, status: 'publishing' });
      expect(refused.status).toBe(403);
      await put(mary, { ...sofias, status: 'publishing', updatedAt: new Date().toISOString() });
      const lesson = await waitForDoc(server.couch, 'catalog', sofias['lessonId'], () => true);
      expect(lesson.author).toBe('sofia');
      expect(lesson.version).toBe(1);
      await waitForDoc(server.couch, 'authoring', sofias['_id'], (doc) => doc.status === 'published');
    } finally {
      follower.stop();
      await follower.sweep(); // and a sweep it may have begun is over before the next test writes
    }
  });

  it("keeps a tutor's edit of a shipped lesson when the server provisions again", async () => {
    const shipped = await stored('catalog', 'lesson:cash-flow-basics');
    const edit = draft({
      lessonId: 'lesson:cash-flow-basics',
      programmeId: shipped.programmeId,
      title: 'Cash flow basics, revised',
      cards: shipped.cards,
      status: 'publishing',
    });
    const saved = await put(mary, edit);
    expect(await publisher.publish((await stored('authoring', saved['_id'])) as never)).toBe('published');
    await provisionAll(server.couch, server.config);
    const lesson = await stored('catalog', 'lesson:cash-flow-basics');
    expect(lesson.title).toBe('Cash flow basics, revised');
    expect(lesson.version).toBe(2);
    expect(lesson.order).toBe(shipped.order);
  });
});

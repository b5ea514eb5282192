import { validateReviewDoc } from '../couchdb/cpd-reviews/validate-doc-update';
import { CPD_REVIEWS_DB, securityOf } from '../couchdb/database-names';
import { refusalOfThrown } from '../couchdb/refusal';
import { validateWorkshopDoc } from '../couchdb/workshops/validate-doc-update';
import { ensureAccount } from '../src/auth/accounts';
import { couchRoles } from '../src/auth/roles';
import { emptyReport } from '../src/couch/provision';
import { provisionAll } from '../src/provision-all';
import { AttendanceProjector, PROJECTION_ID } from '../src/workshops/attendance-projector';
import { MemberClient, signedIn, startTestServer, userDb, type TestServer } from './support/test-server';

const NOW = '2026-11-30T09:00:00.000Z';
const CPD_LESSON = 'lesson:working-with-micro-enterprises';
const TOOLBOX_LESSON = 'lesson:cash-flow-basics';
const reviewer = { name: 'marta', roles: ['member', 'country:pl', 'owner', 'owner:pl', 'reviewer', 'reviewer:pl'] };
const reviewSecurity = securityOf({ kind: 'cpd-reviews' });
const workshopsSecurity = securityOf({ kind: 'workshops', country: 'pl' });
const piotr = { name: 'piotr', roles: couchRoles('facilitator', 'pl') };

function review(author: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const lessonId = (extra['lessonId'] as string | undefined) ?? CPD_LESSON;
  return {
    _id: `review:${lessonId.slice('lesson:'.length)}:${author}`,
    type: 'review',
    lessonId,
    author,
    country: 'pl',
    rating: 4,
    comment: 'Clear and close to what owners say; add an example from a trade.',
    createdAt: NOW,
    updatedAt: NOW,
    ...extra,
  };
}

/** The refusal's code when the rule throws, or null when it accepts. */
function codeOf(run: () => void): string | null {
  try {
    run();
    return null;
  } catch (thrown) {
    return refusalOfThrown(thrown).code ?? 'no code';
  }
}

describe('CPD reviews – validate_doc_update of cpd-reviews', () => {
  const check = (doc: unknown, user: { name: string; roles: string[] }, old: unknown = null) =>
    codeOf(() => validateReviewDoc(doc, old, user, reviewSecurity));

  it('accepts a reviewer’s own review of a lesson, and its change', () => {
    expect(check(review('marta'), reviewer)).toBeNull();
    expect(check({ ...review('marta'), rating: 2, _rev: '1-a' }, reviewer, review('marta'))).toBeNull();
  });

  it('refuses anyone without the reviewer role, a tutor or an owner', () => {
    expect(check(review('ania'), { name: 'ania', roles: couchRoles('owner', 'pl') })).toBe('review.reviewersOnly');
    expect(check(review('mary'), { name: 'mary', roles: couchRoles('tutor', 'ie') })).toBe('review.reviewersOnly');
  });

  it('refuses a review in another reviewer’s name, and changing or deleting theirs', () => {
    expect(check(review('kasia'), reviewer)).toBe('rule.notYourName');
    expect(check({ ...review('kasia'), author: 'marta' }, reviewer)).toBe('field.invalid');
    expect(check({ ...review('kasia'), rating: 1 }, reviewer, review('kasia'))).toBe('rule.notYourName');
    expect(check({ _id: review('kasia')['_id'], _deleted: true }, reviewer, review('kasia'))).toBe('rule.notYourName');
  });

  it('allows one review per reviewer per lesson: the id is the lesson and the reviewer', () => {
    expect(check({ ...review('marta'), _id: 'review:working-with-micro-enterprises:marta-2' }, reviewer)).toBe('field.invalid');
    expect(check({ ...review('marta'), _id: 'review:working-with-micro-enterprises:marta:2' }, reviewer)).toBe('field.invalid');
    expect(check({ ...review('marta'), _id: '_design/validation' }, reviewer)).toBe('field.invalid');
    expect(check({ ...review('marta'), _id: '_local/marta' }, reviewer)).toBe('field.invalid');
  });

  it('takes a rating only as a whole number from 1 to 5', () => {
    for (const rating of [0, 6, 2.5, '5', null, -1, 1e9]) {
      expect(check(review('marta', { rating }), reviewer))
        .withContext(String(rating))
        .toBe('field.wholeNumber');
    }
    for (const rating of [1, 5]) expect(check(review('marta', { rating }), reviewer)).toBeNull();
  });

  it('bounds the comment, and refuses fields a review does not have', () => {
    expect(check(review('marta', { comment: 'x'.repeat(2001) }), reviewer)).toBe('field.text');
    expect(check(review('marta', { comment: '   ' }), reviewer)).toBe('field.text');
    expect(check(review('marta', { comment: 'x'.repeat(2000) }), reviewer)).toBeNull();
    expect(check(review('marta', { roles: ['_admin'] }), reviewer)).toBe('field.invalid');
    expect(check(review('marta', { country: 'ie' }), reviewer))
      .withContext('another network')
      .toBe('field.invalid');
    expect(check(review('marta', { updatedAt: '2026-99-99T99:99:99Z' }), reviewer)).toBe('field.time');
  });
});

describe('cohort kinds – validate_doc_update of workshops-<cc>', () => {
  const cohort = (extra: Record<string, unknown> = {}) => ({
    _id: 'cohort:kinds2026',
    type: 'cohort',
    kind: 'cpd',
    author: 'piotr',
    title: 'CPD, spring',
    updatedAt: NOW,
    ...extra,
  });
  const check = (doc: unknown, old: unknown = null) => codeOf(() => validateWorkshopDoc(doc, old, piotr, workshopsSecurity));
  const sessions = (count: number) => Array.from({ length: count }, (_, i) => ({ number: i + 1 }));

  it('accepts the two kinds, each with at most its own number of sessions', () => {
    expect(check(cohort({ sessions: sessions(3) }))).toBeNull();
    expect(check(cohort({ kind: 'induction', sessions: sessions(4) }))).toBeNull();
    expect(check(cohort({ sessions: sessions(4) })))
      .withContext('a fourth CPD session')
      .toBe('field.list');
    expect(check(cohort({ kind: 'induction', sessions: sessions(5) }))).toBe('field.list');
  });

  it('refuses an unknown or missing kind, and a kind that changes', () => {
    for (const kind of ['webinar', '', 'constructor', '__proto__', 1, null, undefined]) {
      expect(check(cohort({ kind })))
        .withContext(String(kind))
        .toBe('field.invalid');
    }
    expect(check({ ...cohort(), _rev: '1-a' }, cohort({ kind: 'induction' }))).toBe('field.invalid');
  });

  it('lets a cohort from before kinds be written again as an induction only', () => {
    const legacy: Record<string, unknown> = cohort();
    delete legacy['kind'];
    expect(check(cohort({ kind: 'induction' }), legacy)).toBeNull();
    expect(check(cohort({ kind: 'cpd' }), legacy)).toBe('field.invalid');
  });

  it('takes marks of sessions 1 to 4 only (the cohort’s own kind is the gateway’s check)', () => {
    const mark = (session: unknown) => ({
      _id: 'mark:kindsmark0001',
      type: 'mark',
      author: 'piotr',
      cohortId: 'cohort:kinds2026',
      owner: 'marek',
      session,
      status: 'present',
      markedAt: NOW,
      seen: [],
      updatedAt: NOW,
    });
    expect(check(mark(4))).toBeNull();
    for (const session of [0, 5, 1.5, '1'])
      expect(check(mark(session)))
        .withContext(String(session))
        .toBe('field.invalid');
  });
});

describe('CPD courses and reviews through the gateway – /couch/workshops-<cc>, /couch/cpd-reviews, /api/roles', () => {
  let server: TestServer;
  let eva: MemberClient; // coordinator, pl
  let facilitator: MemberClient; // piotr, pl

  async function client(name: string, password: string): Promise<MemberClient> {
    const member = new MemberClient(server.baseUrl);
    expect(await member.signIn(name, password)).toBe(200);
    return member;
  }

  beforeAll(async () => {
    server = await startTestServer();
    const accounts = [
      { name: 'marta', password: 'forum-member-2026', roles: couchRoles('owner', 'pl') },
      { name: 'marek', password: 'vet-tutor-2026', roles: couchRoles('tutor', 'pl') },
      { name: 'zofia', password: 'facilitates-2026', roles: couchRoles('facilitator', 'pl') },
      { name: 'aoife', password: 'coordinates-ie-2026', roles: couchRoles('coordinator', 'ie') },
    ];
    for (const account of accounts) await ensureAccount(server.couch, account, emptyReport());
    eva = await signedIn(server, 'eva');
    facilitator = await signedIn(server, 'piotr');
  });
  afterAll(() => server.close());

  async function rolesOf(name: string): Promise<string[]> {
    return ((await server.couch.use('_users').get(`org.couchdb.user:${name}`)) as unknown as { roles: string[] }).roles;
  }

  describe('the reviewer role', () => {
    let marta: MemberClient;
    beforeAll(async () => {
      const given = await eva.request('POST', '/api/roles', { name: 'marta', role: 'reviewer' });
      expect(given.status).withContext(given.text).toBe(200);
      marta = await client('marta', 'forum-member-2026');
    });

    it('is given by a coordinator of the member’s network, keeping their other roles, and by no other', async () => {
      expect(await rolesOf('marta')).toEqual(['member', 'country:pl', 'owner', 'owner:pl', 'reviewer', 'reviewer:pl']);
      const aoife = await client('aoife', 'coordinates-ie-2026');
      const foreign = await aoife.request('POST', '/api/roles', { name: 'marek', role: 'reviewer' });
      expect(foreign.status).toBe(403);
      expect(foreign.json.code).toBe('network.notYourMember');
      const owner = await signedIn(server, 'ania');
      expect((await owner.request('POST', '/api/roles', { name: 'marek', role: 'reviewer' })).status).toBe(403);
      expect(await rolesOf('marek')).not.toContain('reviewer');
    });

    it('reads the catalog and the reviews, never drafts, workshops or insights', async () => {
      expect((await marta.request('GET', `/couch/catalog/${encodeURIComponent(CPD_LESSON)}`)).status).toBe(200);
      expect((await marta.request('GET', `/couch/${CPD_REVIEWS_DB}/_all_docs`)).status).toBe(200);
      for (const db of ['authoring', 'workshops-pl', 'insights-pl']) {
        expect((await marta.request('GET', `/couch/${db}/_all_docs`)).status)
          .withContext(db)
          .toBe(403);
        expect((await marta.request('GET', `/couch/${db}/_changes`)).status)
          .withContext(db)
          .toBe(403);
      }
    });

    it('writes a review of a CPD lesson that a tutor of any network reads, and changes it', async () => {
      const written = await marta.request('PUT', `/couch/${CPD_REVIEWS_DB}/${review('marta')['_id']}`, review('marta'));
      expect(written.status).withContext(written.text).toBe(201);
      const mary = await signedIn(server, 'mary');
      const read = await mary.request('GET', `/couch/${CPD_REVIEWS_DB}/${review('marta')['_id']}`);
      expect(read.status).toBe(200);
      expect(read.json.rating).toBe(4);
      const changed = await marta.request('PUT', `/couch/${CPD_REVIEWS_DB}/${review('marta')['_id']}`, {
        ...review('marta', { rating: 5 }),
        _rev: written.json.rev,
      });
      expect(changed.status).withContext(changed.text).toBe(201);
      const twice = await marta.request('PUT', `/couch/${CPD_REVIEWS_DB}/${review('marta')['_id']}`, review('marta', { rating: 1 }));
      expect(twice.status).withContext('a second review of the same lesson').toBe(409);
    });

    it('refuses a review of a lesson outside the CPD programme, or of none', async () => {
      for (const lessonId of [TOOLBOX_LESSON, 'lesson:how-adults-learn', 'lesson:no-such-lesson']) {
        const doc = review('marta', { lessonId });
        const refused = await marta.request('PUT', `/couch/${CPD_REVIEWS_DB}/${doc['_id']}`, doc);
        expect(refused.status).withContext(lessonId).toBe(403);
        expect(refused.json.code).withContext(lessonId).toBe('review.notCpd');
      }
    });

    it('refuses forged, out-of-range and unauthorised reviews', async () => {
      const forged = review('kasia', { lessonId: 'lesson:making-mini-lessons-with-a-phone' });
      const asOther = await marta.request('PUT', `/couch/${CPD_REVIEWS_DB}/${forged['_id']}`, forged);
      expect(asOther.status).toBe(403);
      expect(asOther.json.code).toBe('rule.notYourName');
      const six = review('marta', { lessonId: 'lesson:making-mini-lessons-with-a-phone', rating: 6 });
      const outOfRange = await marta.request('PUT', `/couch/${CPD_REVIEWS_DB}/${six['_id']}`, six);
      expect(outOfRange.status).toBe(403);
      expect(outOfRange.json.code).toBe('field.wholeNumber');
      const ania = await signedIn(server, 'ania');
      const byOwner = review('ania');
      expect((await ania.request('PUT', `/couch/${CPD_REVIEWS_DB}/${byOwner['_id']}`, byOwner)).status).toBe(403);
      const mary = await signedIn(server, 'mary');
      const byTutor = review('mary', { country: 'ie' });
      const tutorWrite = await mary.request('PUT', `/couch/${CPD_REVIEWS_DB}/${byTutor['_id']}`, byTutor);
      expect(tutorWrite.status).toBe(403);
      expect(tutorWrite.json.code).toBe('review.reviewersOnly');
      const stored = (await server.couch.use(CPD_REVIEWS_DB).list()).rows.map((row) => row.id);
      for (const refusedDoc of [forged, six, byOwner, byTutor]) expect(stored).not.toContain(String(refusedDoc['_id']));
    });
  });

  describe('a CPD course', () => {
    const cpdCohort = {
      _id: 'cohort:cpdcourse01',
      type: 'cohort',
      kind: 'cpd',
      author: 'piotr',
      title: 'CPD for tutors, autumn',
      facilitators: ['piotr'],
      joinCode: 'CPD2JQ7K',
      updatedAt: NOW,
    };
    const enrolment = (person: string) => ({
      _id: `enrolment:cpdcourse01:${person}`,
      type: 'enrolment',
      author: 'piotr',
      cohortId: cpdCohort._id,
      owner: person,
      updatedAt: NOW,
    });
    const mark = (person: string, session: number) => ({
      _id: `mark:cpdcourse01${person}${session}`,
      type: 'mark',
      author: 'piotr',
      cohortId: cpdCohort._id,
      owner: person,
      session,
      status: 'present',
      markedAt: `2026-11-0${session}T18:00:00.000Z`,
      seen: [],
      updatedAt: NOW,
    });

    beforeAll(async () => {
      const made = await facilitator.request('PUT', `/couch/workshops-pl/${cpdCohort._id}`, cpdCohort);
      expect(made.status).withContext(made.text).toBe(201);
      // A tutor and a facilitator of the network: who CPD courses are for.
      for (const person of ['marek', 'zofia']) {
        const enrolled = await facilitator.request('PUT', `/couch/workshops-pl/${enrolment(person)._id}`, enrolment(person));
        expect(enrolled.status).withContext(`${person}: ${enrolled.text}`).toBe(201);
      }
    });

    it('is created by a facilitator in their own network only, of a known kind', async () => {
      const elsewhere = await facilitator.request('PUT', '/couch/workshops-ie/cohort:cpdireland01', {
        ...cpdCohort,
        _id: 'cohort:cpdireland01',
      });
      expect(elsewhere.status).toBe(403);
      const unknown = await facilitator.request('PUT', '/couch/workshops-pl/cohort:webinar0001', {
        ...cpdCohort,
        _id: 'cohort:webinar0001',
        kind: 'webinar',
      });
      expect(unknown.status).toBe(403);
      expect(unknown.json.code).toBe('field.invalid');
      const tooLong = await facilitator.request('PUT', '/couch/workshops-pl/cohort:cpdlong0001', {
        ...cpdCohort,
        _id: 'cohort:cpdlong0001',
        sessions: [1, 2, 3, 4].map((number) => ({ number })),
      });
      expect(tooLong.status).toBe(403);
    });

    it('enrols the network’s tutors and facilitators, never an owner or someone of another network', async () => {
      const owner = await facilitator.request('PUT', `/couch/workshops-pl/${enrolment('ania')._id}`, enrolment('ania'));
      expect(owner.status).toBe(403);
      expect(owner.json.code).toBe('enrolment.notStaff');
      const foreignTutor = await facilitator.request('PUT', `/couch/workshops-pl/${enrolment('mary')._id}`, enrolment('mary'));
      expect(foreignTutor.status).toBe(403);
      expect(foreignTutor.json.code).toBe('enrolment.notStaff');
      const stored = (await server.couch.use('workshops-pl').list()).rows.map((row) => row.id);
      expect(stored).toContain(enrolment('marek')._id);
      expect(stored).not.toContain(enrolment('ania')._id);
      expect(stored).not.toContain(enrolment('mary')._id);
    });

    it('is joined by code by tutors and facilitators of the network, not by owners', async () => {
      const ania = await signedIn(server, 'ania');
      const refused = await ania.request('POST', '/api/cohorts/join', { code: cpdCohort.joinCode });
      expect(refused.status).toBe(403);
      expect(refused.json.code).toBe('enrolment.notStaff');
      const mary = await signedIn(server, 'mary');
      expect((await mary.request('POST', '/api/cohorts/join', { code: cpdCohort.joinCode })).status)
        .withContext('a tutor of another network does not find it')
        .toBe(404);
    });

    it('has three sessions: a mark of a fourth is refused', async () => {
      const fourth = await facilitator.request('PUT', `/couch/workshops-pl/${mark('marek', 4)._id}`, mark('marek', 4));
      expect(fourth.status).toBe(403);
      expect(fourth.json.params?.field).toBe('session');
    });

    it('completed, gives its own certificate that says which course, and no role', async () => {
      for (const session of [1, 2, 3]) {
        const marked = await facilitator.request('PUT', `/couch/workshops-pl/${mark('marek', session)._id}`, mark('marek', session));
        expect(marked.status).withContext(marked.text).toBe(201);
      }
      await new AttendanceProjector(server.couch, 0).projectDatabase('workshops-pl');
      const projection = (await server.couch.use<{ data: any }>(userDb('marek')).get(PROJECTION_ID)).data;
      expect(projection.cpd.completed).toBeTrue();
      expect(projection.cpd.attendedSessions).toEqual([1, 2, 3]);
      expect(projection.completed).withContext('the induction is not touched').toBeFalse();
      expect(projection.cohorts.map((c: { kind: string }) => c.kind)).toEqual(['cpd']);
      expect(await rolesOf('marek')).not.toContain('peer-mentor');

      const verified = await new MemberClient(server.baseUrl).request('GET', `/api/certificates/${projection.cpd.certificateCode}`);
      expect(verified.status).toBe(200);
      expect(verified.json.course).toBe('cpd');
      const page = await new MemberClient(server.baseUrl).request('GET', `/verify/${projection.cpd.certificateCode}`, undefined, {
        'accept-language': 'en',
      });
      expect(page.text).toContain('Completed the CPD course for VET tutors and facilitators');
      expect(page.text).not.toContain('induction');

      // Zofia attended two sessions: in the course, not through it.
      for (const session of [1, 2])
        await facilitator.request('PUT', `/couch/workshops-pl/${mark('zofia', session)._id}`, mark('zofia', session));
      await new AttendanceProjector(server.couch, 0).projectDatabase('workshops-pl');
      const hers = (await server.couch.use<{ data: any }>(userDb('zofia')).get(PROJECTION_ID)).data;
      expect(hers.cpd).toEqual({ attendedSessions: [1, 2], completed: false });
    });
  });

  it('gives a reviewer their reviews in their data, and takes them away with the account', async () => {
    const roles = [...couchRoles('owner', 'pl'), 'reviewer', 'reviewer:pl'];
    await ensureAccount(server.couch, { name: 'kinga', password: 'forum-voice-2026', roles }, emptyReport());
    const kinga = await client('kinga', 'forum-voice-2026');
    const doc = review('kinga', { lessonId: 'lesson:reading-a-networks-learning-needs' });
    expect((await kinga.request('PUT', `/couch/${CPD_REVIEWS_DB}/${doc['_id']}`, doc)).status).toBe(201);
    const copy = await kinga.request('GET', '/api/me/data');
    expect(copy.json.cpdReviews.map((r: { _id: string }) => r._id)).toEqual([doc['_id']]);
    expect((await kinga.request('POST', '/api/me/delete', { password: 'forum-voice-2026' })).status).toBe(200);
    const gone = await server.couch
      .use(CPD_REVIEWS_DB)
      .get(String(doc['_id']))
      .catch((error) => error.statusCode);
    expect(gone).toBe(404);
  });

  it('migrates a cohort stored before cohorts had a kind as an induction', async () => {
    // Stored as before kinds: the rule that requires one is lifted for the write, as the old deployment had it.
    const db = server.couch.use('workshops-lt');
    const design = await db.get('_design/validation');
    await db.destroy('_design/validation', design._rev);
    await db.insert({ _id: 'cohort:legacy00001', type: 'cohort', author: 'laima', title: 'Spring 2026', updatedAt: NOW } as never);
    await provisionAll(server.couch, server.config);
    const migrated = (await db.get('cohort:legacy00001')) as unknown as { kind?: string };
    expect(migrated.kind).toBe('induction');
    expect((await db.get('_design/validation'))._id).toBe('_design/validation');
  });
});

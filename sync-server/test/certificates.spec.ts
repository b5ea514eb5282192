import { AttendanceProjector, PROJECTION_ID } from '../src/workshops/attendance-projector';
import { Certificates, CERTIFICATES_DB, normaliseCode } from '../src/workshops/certificates';
import { MemberClient, signedIn, startTestServer, userDb, type TestServer } from './support/test-server';

const NOW = '2026-10-05T09:00:00.000Z';

/** Ania completes the induction in Piotr's cohort; returns her certificate's code. */
async function completeInduction(server: TestServer, projector: AttendanceProjector): Promise<string> {
  // Written as the store's admin: the marks' own rules are tested in workshops.spec.ts.
  const db = server.couch.use('workshops-pl');
  await db.insert({
    _id: 'cohort:cert2026',
    type: 'cohort',
    kind: 'induction',
    author: 'piotr',
    title: 'Autumn cohort',
    facilitators: ['piotr', 'kasia'],
    updatedAt: NOW,
  } as never);
  await db.insert({
    _id: 'enrolment:cert2026:ania',
    type: 'enrolment',
    author: 'piotr',
    cohortId: 'cohort:cert2026',
    owner: 'ania',
    updatedAt: NOW,
  } as never);
  for (const session of [1, 2, 3, 4]) {
    await db.insert({
      // Two facilitators took the attendance: both are named on the certificate.
      _id: `mark:certmark${session}`,
      type: 'mark',
      author: session > 2 ? 'kasia' : 'piotr',
      cohortId: 'cohort:cert2026',
      session,
      owner: 'ania',
      status: 'present',
      markedAt: `2026-10-0${session}T18:00:00.000Z`,
      seen: [],
      updatedAt: NOW,
    } as never);
  }
  // Two instances project at once, as behind a load balancer.
  await Promise.all([projector.projectDatabase('workshops-pl'), new AttendanceProjector(server.couch).projectDatabase('workshops-pl')]);
  return (await server.couch.use<{ data: { certificateCode: string } }>(userDb('ania')).get(PROJECTION_ID)).data.certificateCode;
}

describe('induction certificates and their public check', () => {
  let server: TestServer;
  let projector: AttendanceProjector;
  let code: string;

  beforeAll(async () => {
    server = await startTestServer({ CERTIFICATE_CHECKS_PER_ADDRESS_PER_MINUTE: '40' });
    projector = new AttendanceProjector(server.couch);
    code = await completeInduction(server, projector);
  });
  afterAll(async () => {
    projector.stop();
    await server.close();
  });

  const get = (path: string, headers: Record<string, string> = {}) =>
    new MemberClient(server.baseUrl).request('GET', path, undefined, headers);

  it('gives an owner who completed the induction one code that stays the same however often and by however many it is projected', async () => {
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
    await projector.projectDatabase('workshops-pl');
    await new Certificates(server.couch).issue({
      owner: 'ania',
      course: 'induction',
      country: 'pl',
      completedAt: '2026-10-04T18:00:00.000Z',
      facilitators: ['kasia', 'piotr'],
    });
    expect(await new Certificates(server.couch).codeOf('ania', 'induction')).toBe(code);
    const all = await server.couch.use(CERTIFICATES_DB).list();
    expect(
      all.rows
        .map((row) => row.id)
        .filter((id) => !id.startsWith('_design/'))
        .sort(),
    ).toEqual([`code:${code}`, 'owner:ania']);
  });

  it('shows anyone with the code the full name the owner gave, the date, the network, the facilitators and the issuer, in their language', async () => {
    const ania = await signedIn(server, 'ania');
    const stored = (await ania.request('GET', `/couch/${userDb('ania')}/settings`)).json;
    const settings = {
      _id: 'settings',
      type: 'settings',
      language: 'pl',
      fullName: 'Anna Kowalska-Wiśniewska',
      updatedAt: NOW,
      ...(stored._rev ? { _rev: stored._rev } : {}),
    };
    expect((await ania.request('PUT', `/couch/${userDb('ania')}/settings`, settings)).status).toBe(201);

    const english = await get(`/verify/${code}`);
    expect(english.status).toBe(200);
    expect(english.headers.get('content-type')).toContain('text/html');
    expect(english.text).toContain('This certificate is genuine.');
    expect(english.text).toContain('Anna Kowalska-Wiśniewska');
    expect(english.text).toContain('4 October 2026');
    expect(english.text).toContain('Poland');
    expect(english.text).toContain('kasia, piotr');
    expect(english.text).toContain('ME2ME partnership');

    const polish = await get(`/verify/${code.toLowerCase().replace(/-/g, ' ')}`, { 'accept-language': 'pl-PL,pl;q=0.9,en;q=0.5' });
    expect(polish.status).toBe(200);
    expect(polish.text).toContain('<html lang="pl">');
    expect(polish.text).toContain('Ten certyfikat jest prawdziwy.');
    expect(polish.text).toContain('4 października 2026');

    const json = await get(`/api/certificates/${code}`);
    expect(json.json).toEqual({
      valid: true,
      code,
      course: 'induction',
      holder: 'Anna Kowalska-Wiśniewska',
      fullNameGiven: true,
      completedAt: '2026-10-04T18:00:00.000Z',
      network: 'pl',
      facilitators: ['kasia', 'piotr'],
    });
  });

  it('turns a typed code into its page from the form, and says what a code looks like otherwise', async () => {
    const form = await fetch(`${server.baseUrl}/verify?code=${encodeURIComponent(` ${code.toLowerCase()} `)}`, { redirect: 'manual' });
    expect(form.status).toBe(303);
    expect(form.headers.get('location')).toBe(`/verify/${code}`);
    const empty = await get('/verify');
    expect(empty.status).toBe(200);
    expect(empty.text).toContain('Certificate code');
    const wrong = await get('/verify?code=%3Cscript%3E');
    expect(wrong.status).toBe(400);
    expect(wrong.text).not.toContain('<script>');
  });

  it('tells nothing about anyone for an unknown, malformed or hostile code', async () => {
    const unknown = await get('/verify/2222-2222-2222');
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('No certificate has this code');
    expect(unknown.text).not.toContain('ania');
    for (const typed of [
      '_all_docs',
      'owner:ania',
      '..%2F..%2F_users',
      `${code}x`,
      'IIII-OOOO-1111',
      '%00',
      'A'.repeat(5000),
      `code:${code}`,
    ]) {
      const answer = await get(`/api/certificates/${typed}`);
      expect([400, 404, 414, 431]).withContext(typed.slice(0, 30)).toContain(answer.status);
      expect(answer.text).withContext(typed.slice(0, 30)).not.toContain('ania');
    }
  });

  it('keeps the code list from members: no member reads or writes the certificates database, or forges a code into their projection', async () => {
    const ania = await signedIn(server, 'ania');
    for (const path of [
      `/couch/${CERTIFICATES_DB}/_all_docs`,
      `/couch/${CERTIFICATES_DB}/owner:ania`,
      `/couch/${CERTIFICATES_DB}/_changes`,
    ]) {
      expect((await ania.request('GET', path)).status)
        .withContext(path)
        .not.toBe(200);
    }
    const forged = await ania.request('PUT', `/couch/${CERTIFICATES_DB}/code:2222-2222-2223`, { code: '2222-2222-2223', owner: 'ania' });
    expect(forged.status).not.toBe(201);
    const projection = (await ania.request('GET', `/couch/${userDb('ania')}/${PROJECTION_ID}`)).json;
    const rewritten = await ania.request('PUT', `/couch/${userDb('ania')}/${PROJECTION_ID}`, {
      ...projection,
      data: { ...projection.data, certificateCode: '2222-2222-2222' },
    });
    expect(rewritten.status).toBe(403);
  });

  it('refuses a full name that is not a name, so nothing but letters reaches the public page', async () => {
    const ania = await signedIn(server, 'ania');
    const stored = (await ania.request('GET', `/couch/${userDb('ania')}/settings`)).json;
    const current = { _id: 'settings', type: 'settings', language: 'pl', updatedAt: NOW, ...(stored._rev ? { _rev: stored._rev } : {}) };
    for (const fullName of ['<script>alert(1)</script>', 'Anna\nKowalska', ' Anna', 'A', 'Anna  Kowalska', 'x'.repeat(101), 42]) {
      const answer = await ania.request('PUT', `/couch/${userDb('ania')}/settings`, { ...current, fullName });
      expect(answer.status).withContext(String(fullName).slice(0, 20)).toBe(403);
      expect(answer.json.reason).toContain('fullName');
    }
    expect((await get(`/verify/${code}`)).text).not.toContain('<script>');
  });

  it('normalises what people type and refuses letters that are easy to misread', () => {
    expect(normaliseCode('k7qm 2xd9 prt4')).toBe('K7QM-2XD9-PRT4');
    expect(normaliseCode('K7QM2XD9PRT4')).toBe('K7QM-2XD9-PRT4');
    expect(normaliseCode('K7QM-2XD9-PRT')).toBeNull();
    expect(normaliseCode('K7QM-2XD9-PRTO')).toBeNull();
    expect(normaliseCode('K7QM-2XD9-PRT4-')).toBe('K7QM-2XD9-PRT4');
  });
});

describe('certificate checks under a flood, and after the holder leaves', () => {
  let server: TestServer;
  let code: string;
  beforeAll(async () => {
    server = await startTestServer({ CERTIFICATE_CHECKS_PER_ADDRESS_PER_MINUTE: '5' });
    code = await completeInduction(server, new AttendanceProjector(server.couch));
  });
  afterAll(() => server.close());

  it("limits checks from one address, and a deleted account's certificate no longer verifies", async () => {
    const ania = await signedIn(server, 'ania');
    expect((await ania.request('GET', `/api/certificates/${code}`)).status).toBe(200);
    const deleted = await ania.request('POST', '/api/me/delete', { password: 'bakery-2026' });
    expect(deleted.status).withContext(deleted.text).toBe(200);
    expect((await ania.request('GET', `/api/certificates/${code}`)).status).toBe(404);
    expect(await new Certificates(server.couch).codeOf('ania', 'induction')).toBeNull();
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await ania.request('GET', '/api/certificates/2222-2222-2222')).status);
    expect(statuses.slice(0, 3)).toEqual([404, 404, 404]);
    expect(statuses.slice(3)).toEqual([429, 429, 429, 429, 429]);
  });
});

describe('certificates rest on settled attendance', () => {
  let server: TestServer;
  beforeAll(async () => (server = await startTestServer()));
  afterAll(() => server.close());

  const mark = (id: string, session: number, status: string, markedAt: string) => ({
    _id: `mark:${id}`,
    type: 'mark',
    author: 'piotr',
    cohortId: 'cohort:settle2026',
    session,
    owner: 'ania',
    status,
    markedAt,
    seen: [],
    updatedAt: markedAt,
  });

  it('issues nothing while the marks may still be taken back, withdraws it when a later mark undoes completion, and keeps the name it was issued with', async () => {
    const db = server.couch.use('workshops-pl');
    // Listed facilitators are what the cohort's author typed: the certificate names who marked.
    await db.insert({
      _id: 'cohort:settle2026',
      type: 'cohort',
      kind: 'induction',
      author: 'piotr',
      title: 'Settling',
      facilitators: ['piotr', 'minister'],
      updatedAt: NOW,
    } as never);
    await db.insert({
      _id: 'enrolment:settle2026:ania',
      type: 'enrolment',
      author: 'piotr',
      cohortId: 'cohort:settle2026',
      owner: 'ania',
      updatedAt: NOW,
    } as never);
    const at = (minutes: number) => new Date(Date.parse('2026-10-04T18:00:00.000Z') + minutes * 60_000).toISOString();
    for (const session of [1, 2, 3, 4]) await db.insert(mark(`settle000${session}`, session, 'present', at(session)) as never);

    // Ten minutes after the last mark have not passed at 18:10: no role, no code yet.
    const early = new AttendanceProjector(server.couch, 10 * 60_000, () => Date.parse(at(10)));
    await early.projectDatabase('workshops-pl');
    early.stop();
    const before = (await server.couch.use<{ data: { completed: boolean; certificateCode?: string } }>(userDb('ania')).get(PROJECTION_ID))
      .data;
    expect(before.completed).toBeFalse();
    expect(before.certificateCode).toBeUndefined();

    const ania = await signedIn(server, 'ania');
    expect(
      (
        await ania.request('PUT', `/couch/${userDb('ania')}/settings`, {
          _id: 'settings',
          type: 'settings',
          language: 'pl',
          fullName: 'Anna Kowalska',
          updatedAt: NOW,
        })
      ).status,
    ).toBe(201);
    const settled = new AttendanceProjector(server.couch, 10 * 60_000, () => Date.parse(at(15)));
    await settled.projectDatabase('workshops-pl');
    const issued = (
      await server.couch.use<{ data: { certificateCode: string; certificateName: string } }>(userDb('ania')).get(PROJECTION_ID)
    ).data;
    expect(issued.certificateName).toBe('Anna Kowalska');
    const page = await new MemberClient(server.baseUrl).request('GET', `/api/certificates/${issued.certificateCode}`);
    expect(page.json.holder).toBe('Anna Kowalska');
    expect(page.json.facilitators).toEqual(['piotr']);

    // The holder cannot pass it to another name.
    const stored = (await ania.request('GET', `/couch/${userDb('ania')}/settings`)).json;
    expect((await ania.request('PUT', `/couch/${userDb('ania')}/settings`, { ...stored, fullName: 'Jan Nowak' })).status).toBe(201);
    expect((await new MemberClient(server.baseUrl).request('GET', `/api/certificates/${issued.certificateCode}`)).json.holder).toBe(
      'Anna Kowalska',
    );

    // A later mark says she was absent from session 4: completion goes, and the certificate with it.
    await db.insert(mark('settle0005', 4, 'absent', at(30)) as never);
    await settled.projectDatabase('workshops-pl');
    settled.stop();
    const withdrawn = await new MemberClient(server.baseUrl).request('GET', `/verify/${issued.certificateCode}`);
    expect(withdrawn.status).toBe(410);
    expect(withdrawn.text).toContain('withdrawn');
    expect(
      (await server.couch.use<{ data: { certificateCode?: string } }>(userDb('ania')).get(PROJECTION_ID)).data.certificateCode,
    ).toBeUndefined();
  });

  it('refuses times that have the right shape but are no real moment', async () => {
    const piotr = await signedIn(server, 'piotr');
    const bogus = mark('bogus0001', 1, 'present', '2026-99-99T99:99:99Z');
    const answer = await piotr.request('PUT', `/couch/workshops-pl/${bogus._id}`, bogus);
    expect(answer.status).toBe(403);
    expect(answer.json.code).toBe('field.time');
    const ania = await signedIn(server, 'ania');
    const thread = {
      _id: 'thread:bogustime01',
      type: 'thread',
      author: 'ania',
      title: 'When?',
      body: 'A question',
      topic: 'pricing',
      createdAt: '9999-99-99T99:99:99Z',
    };
    expect((await ania.request('PUT', `/couch/discussions-pl/${thread._id}`, thread)).status).toBe(403);
  });
});

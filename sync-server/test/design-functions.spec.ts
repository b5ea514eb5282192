import vm from 'node:vm';
import { designFunctionSource, sharedDatabases, userDatabase, type DatabasePlan } from '../couchdb/databases';
import { readSeedCatalog } from '../src/seed/catalog-seed';

/** A function of an untyped library (PouchDB Server) or compiled from source text. */
type AnyFunction = (...args: any[]) => any;

/** One function of one design document, as CouchDB stores it: source text. */
interface DesignFunction {
  readonly label: string;
  readonly plan: DatabasePlan;
  /** Where it sits in the design document: validate_doc_update, views.<name>.map, filters.<name>… */
  readonly field: string;
  readonly source: string;
}

const plans: readonly DatabasePlan[] = [...sharedDatabases, userDatabase('x')];

/** Every string in a design document apart from its id, revision and language is a function's source. */
function designFunctions(): DesignFunction[] {
  const found: DesignFunction[] = [];
  const walk = (plan: DatabasePlan, docId: string, value: unknown, field: string) => {
    if (typeof value === 'string') found.push({ label: `${plan.name}/${docId} ${field}`, plan, field, source: value });
    else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) walk(plan, docId, inner, field ? `${field}.${key}` : key);
    }
  };
  for (const plan of plans) {
    for (const doc of plan.designDocs) {
      const { _id, _rev, language, ...functions } = doc;
      walk(plan, String(_id), functions, '');
    }
  }
  return found;
}

/**
 * Evaluates a function's source as CouchDB does, from its text alone: in a fresh context that has the
 * JavaScript built-ins and nothing else (no require, process, Buffer, console or module bindings).
 */
function isolated(source: string): AnyFunction {
  return vm.runInContext(`(${source})`, vm.createContext({}), { timeout: 1000 }) as AnyFunction;
}

/**
 * Null when the call returned or threw CouchDB's `{forbidden: '…'}` (its only enumerable key: CouchDB
 * answers 500 to any other shape) carrying our stable `code` and its `params` as hidden properties
 * (couchdb/refusal.ts); otherwise what went wrong.
 */
function problemOf(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (thrown) {
    const value = thrown as Record<string, unknown> | null;
    if (value && typeof value === 'object' && typeof value['forbidden'] === 'string') {
      const coded =
        typeof value['code'] === 'string' &&
        /^[a-z]+(\.[a-z][A-Za-z]*)+$/.test(value['code']) &&
        !!value['params'] &&
        typeof value['params'] === 'object';
      if (coded && Object.keys(value).join() === 'forbidden') return null;
      return `refused without a code: ${JSON.stringify(thrown)}`;
    }
    if (value && typeof value === 'object' && 'name' in value && 'message' in value)
      return `threw ${String(value['name'])}: ${String(value['message'])}`;
    return `threw ${JSON.stringify(thrown)}`;
  }
}

const DOC_TYPES = [
  'lesson',
  'programme',
  'tip',
  'draft',
  'lesson-version',
  'thread',
  'post',
  'edit',
  'helpful',
  'report',
  'accepted',
  'follow',
  'moderation',
  'cohort',
  'enrolment',
  'mark',
  'progress',
  'settings',
  'review',
  'projection',
  'probe',
];

/** Documents that reach deep into each rule: one of every type with a plausible id, and the shipped lessons. */
async function sampleDocs(): Promise<Record<string, unknown>[]> {
  const at = '2026-11-29T09:00:00.000Z';
  const typed = DOC_TYPES.map((type) => ({
    _id: `${type}:abcdefgh12`,
    type,
    author: 'x',
    owner: 'x',
    createdAt: at,
    updatedAt: at,
    markedAt: at,
    title: 'A title',
    body: 'A body',
  }));
  return [...typed, { _id: 'settings', type: 'settings', language: 'en', updatedAt: at }, ...(await readSeedCatalog())];
}

const userContexts = [
  { name: null, roles: ['_admin'] },
  { name: 'x', roles: ['member', 'owner', 'country:pl', 'tutor', 'tutor:pl', 'peer-mentor', 'facilitator:pl', 'coordinator:pl'] },
  { name: 'y', roles: [] },
];

describe('design functions – anonymous and self-contained – CouchDB design documents of every database', () => {
  const functions = designFunctions();

  it('finds the design functions of every database plan', () => {
    expect(functions.filter((fn) => fn.field === 'validate_doc_update').length).toBe(plans.length);
  });

  it('stores each as an anonymous function expression that compiles on its own', () => {
    for (const fn of functions) {
      expect(fn.source)
        .withContext(fn.label)
        .toMatch(/^function \(/);
      const compiled: unknown = new Function(`return (${fn.source})`)();
      expect(typeof compiled)
        .withContext(fn.label)
        .toBe('function');
      expect((compiled as AnyFunction).name)
        .withContext(fn.label)
        .toBe('');
    }
  });

  it('refers to nothing outside itself: called with sample documents, it returns or throws {forbidden, code, params}', async () => {
    const docs = await sampleDocs();
    for (const fn of functions) {
      if (fn.field !== 'validate_doc_update') {
        fail(`${fn.label}: no sample call for a ${fn.field} function yet; add one to this spec.`);
        continue;
      }
      const validate = isolated(fn.source);
      const problems = new Set<string>();
      for (const secObj of [fn.plan.security, {}]) {
        for (const userCtx of userContexts) {
          for (const doc of docs) {
            const calls: [unknown, unknown][] = [
              [doc, null],
              [
                { ...doc, title: 'Changed' },
                { ...doc, _rev: '1-a' },
              ],
              [
                { _id: doc['_id'], _rev: '2-b', _deleted: true },
                { ...doc, _rev: '1-a' },
              ],
            ];
            for (const [newDoc, oldDoc] of calls) {
              const problem = problemOf(() => validate(newDoc, oldDoc, userCtx, secObj));
              if (problem) problems.add(problem);
            }
          }
        }
      }
      expect([...problems])
        .withContext(fn.label)
        .toEqual([]);
    }
  });

  it('notices a function that leans on something outside itself (the check above has teeth)', () => {
    const leaning = designFunctionSource(function validateLeaning(newDoc: { _id: string }) {
      return Buffer.from(newDoc._id);
    });
    expect(problemOf(() => isolated(leaning)({ _id: 'a' }, null, { name: null, roles: [] }, {}))).toMatch(/^threw ReferenceError: Buffer/);
  });

  it('drops the name of a function and refuses what is not a plain function', () => {
    expect(
      designFunctionSource(function named(a: unknown) {
        return a;
      }),
    ).toMatch(/^function \(a\) \{/);
    expect(() => designFunctionSource((a: unknown) => a)).toThrowError(/plain `function/);
    expect(() => designFunctionSource(async function named() {})).toThrowError(/plain `function/);
    expect(() => designFunctionSource({ method() {} }.method)).toThrowError(/plain `function/);
  });
});

const couchTestUrl = process.env['COUCHDB_TEST_URL']?.trim();

// Only with a real Apache CouchDB (npm run test:couchdb): without one there is nothing to define, so nothing is skipped.
if (couchTestUrl) {
  describe('design functions – compiled by Apache CouchDB – PUT /{db}/_design/validation, PUT /{db}/{doc}', () => {
    const admin = new URL(couchTestUrl);
    const authorization =
      'Basic ' + Buffer.from(`${decodeURIComponent(admin.username)}:${decodeURIComponent(admin.password)}`).toString('base64');

    async function couch(method: string, pathAndQuery: string, body?: unknown): Promise<{ status: number; json: any }> {
      const url = new URL(pathAndQuery, admin);
      url.username = '';
      url.password = '';
      const response = await fetch(url, {
        method,
        headers: { authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      let json: any = null;
      try {
        json = JSON.parse(text);
      } catch {
        json = text;
      }
      return { status: response.status, json };
    }

    it('compiles every design document and runs its validation on a write', async () => {
      // Each distinct design document once, in a scratch database with the security of a database it serves.
      const distinct = new Map<string, { plan: DatabasePlan; doc: Record<string, unknown> }>();
      for (const plan of plans) for (const doc of plan.designDocs) distinct.set(JSON.stringify(doc), { plan, doc });
      expect(distinct.size).toBeGreaterThan(0);
      let n = 0;
      for (const { plan, doc } of distinct.values()) {
        const db = `scratch-design-functions-${Date.now()}-${n++}`;
        const label = `${plan.name}/${String(doc['_id'])}`;
        expect((await couch('PUT', `/${db}`)).status)
          .withContext(`create ${db}`)
          .toBe(201);
        try {
          expect((await couch('PUT', `/${db}/_security`, plan.security)).status)
            .withContext(`${label} _security`)
            .toBe(200);
          const design = await couch('PUT', `/${db}/${String(doc['_id'])}`, doc);
          expect(design.status)
            .withContext(`${label} saved: ${JSON.stringify(design.json)}`)
            .toBe(201);
          // CouchDB compiles validate_doc_update at the first write, not when the design document is saved.
          const write = await couch('PUT', `/${db}/probe`, { type: 'probe' });
          expect(write.json?.error)
            .withContext(`${label} write: ${JSON.stringify(write.json)}`)
            .not.toBe('compilation_error');
          expect([201, 403])
            .withContext(`${label} write: ${write.status} ${JSON.stringify(write.json)}`)
            .toContain(write.status);
          if (write.status === 403) expect(write.json?.error).withContext(label).toBe('forbidden');
        } finally {
          await couch('DELETE', `/${db}`);
        }
      }
    });
  });
}

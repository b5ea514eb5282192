/**
 * The CouchDB requests members may send, parsed strictly into typed values: every path, query
 * parameter and body field is named here, and anything else is refused with a reason. Nothing of a
 * member's request is passed on as it was sent; the member API builds the store's requests from these.
 */
import { parseDatabaseName } from '../../couchdb/database-names';

export type Doc = Record<string, unknown>;

export type MemberRequest =
  | { kind: 'root' }
  | { kind: 'session'; method: 'GET' | 'POST' | 'DELETE'; credentials?: { name: string; password: string } }
  | { kind: 'info'; db: string }
  | {
      kind: 'changes';
      db: string;
      since: string;
      limit: number | null;
      longpoll: boolean;
      timeoutMs: number;
      includeDocs: boolean;
      style: 'all_docs' | 'main_only';
      docIds: string[] | null;
    }
  | { kind: 'all-docs'; db: string; keys: string[] | null; includeDocs: boolean; limit: number | null; conflicts: boolean }
  | { kind: 'bulk-docs'; db: string; docs: Doc[]; newEdits: boolean }
  | { kind: 'bulk-get'; db: string; docs: { id: string; rev?: string }[]; revs: boolean }
  | { kind: 'revs-diff'; db: string; revs: Record<string, string[]> }
  | { kind: 'local'; db: string; method: 'GET' | 'PUT' | 'DELETE'; id: string; doc?: Doc; rev?: string }
  | { kind: 'doc-get'; db: string; id: string; rev?: string; revs: boolean; openRevs?: 'all' | string[]; conflicts: boolean }
  | { kind: 'doc-write'; db: string; doc: Doc };

export type Parsed = { ok: MemberRequest } | { status: number; reason: string };

export const MAX_ITEMS = 1000;
export const MAX_LONGPOLL_MS = 60000;
const DEFAULT_LONGPOLL_MS = 25000;
const REV = /^[1-9][0-9]{0,9}-[0-9a-f]{1,64}$/;
const SEQ = /^[A-Za-z0-9_-]{1,4000}$/;
const LOCAL_ID = /^[A-Za-z0-9._=-]{1,200}$/;
/** A checkpoint's revision: CouchDB and PouchDB number local documents' revisions 0-1, 0-2, … */
const LOCAL_REV = /^0-[1-9][0-9]{0,9}$/;

class Refusal extends Error {
  constructor(
    readonly status: number,
    reason: string,
  ) {
    super(reason);
  }
}

const refuse = (status: number, reason: string): never => {
  throw new Refusal(status, reason);
};

/** A document id members may name: ids beginning with `_` (design, local, security) are never theirs. */
export function isMemberDocId(id: unknown): id is string {
  // "." and ".." would be path segments, never one document's address: no client could read them back.
  return typeof id === 'string' && id.length > 0 && id.length <= 250 && !id.startsWith('_') && id !== '.' && id !== '..';
}

export function parseMemberRequest(method: string, rawPath: string, query: URLSearchParams, body: unknown): Parsed {
  try {
    return { ok: parse(method, segmentsOf(rawPath), new Params(query), body) };
  } catch (error) {
    if (error instanceof Refusal) return { status: error.status, reason: error.message };
    throw error;
  }
}

function segmentsOf(rawPath: string): string[] {
  const parts = rawPath.split('/').slice(1);
  // A trailing slash (PouchDB asks `db/` for a database's information) names the same address.
  if (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts.map((part) => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(part);
    } catch {
      return refuse(400, 'The request path is not valid URL encoding.');
    }
    if (decoded === '' || decoded === '.' || decoded === '..') refuse(400, 'The request path has an empty, "." or ".." part.');
    return decoded;
  });
}

function parse(method: string, segments: string[], params: Params, body: unknown): MemberRequest {
  const [first, second, third, ...rest] = segments;
  if (first === undefined) return only(method, ['GET', 'HEAD'], params, body, () => ({ kind: 'root' }));
  if (first === '_session') {
    if (second !== undefined) refuse(404, 'There is nothing under _session.');
    params.none();
    if (method === 'POST') return { kind: 'session', method, credentials: credentialsOf(body) };
    if (method !== 'GET' && method !== 'HEAD' && method !== 'DELETE') refuse(405, 'Use GET, POST or DELETE on _session.');
    noBody(body);
    return { kind: 'session', method: method === 'DELETE' ? 'DELETE' : 'GET' };
  }
  if (!parseDatabaseName(first)) refuse(404, `There is no database called "${first}" available to members.`);
  const db = first;

  if (second === undefined) {
    if (method === 'PUT' || method === 'DELETE') refuse(403, 'Databases are created and deleted by the server, never through the API.');
    return only(method, ['GET', 'HEAD'], params, body, () => ({ kind: 'info', db }));
  }
  if (second === '_local') {
    if (third === undefined || rest.length > 0 || !LOCAL_ID.test(third))
      refuse(400, 'A checkpoint id is 1 to 200 letters, digits, ".", "_", "=" or "-".');
    return local(method, db, third!, params, body);
  }
  if (third !== undefined && !second.startsWith('_')) refuse(404, 'Attachments are not served through the API; media has its own address.');
  switch (second) {
    case '_changes':
      return changes(method, db, params, body);
    case '_all_docs':
      return allDocs(method, db, params, body);
    case '_bulk_docs':
      return post(method, params, ['new_edits'], () => bulkDocs(db, body));
    case '_bulk_get':
      return post(method, params, ['revs', 'latest'], () => bulkGet(db, params, body));
    case '_revs_diff':
      return post(method, params, [], () => ({ kind: 'revs-diff', db, revs: revsDiff(body) }));
  }
  if (third !== undefined || !isMemberDocId(second)) {
    refuse(
      403,
      `${String(second).slice(0, 60)} is not available through the API: security, design documents and ids beginning with "_" belong to the server.`,
    );
  }
  return documentRequest(method, db, second!, params, body);
}

function changes(method: string, db: string, params: Params, body: unknown): MemberRequest {
  if (method !== 'GET' && method !== 'HEAD' && method !== 'POST') refuse(405, 'Use GET or POST on _changes.');
  params.allow(['since', 'limit', 'feed', 'heartbeat', 'timeout', 'include_docs', 'style', 'seq_interval', 'filter', 'doc_ids']);
  const feed = params.choice('feed', ['normal', 'longpoll'], 'normal');
  params.integer('heartbeat', 1000, 600000);
  params.integer('seq_interval', 1, 100000);
  const filter = params.choice('filter', ['_doc_ids'], null);
  let docIds: string[] | null = null;
  if (method === 'POST') {
    const fields = objectBody(body, ['doc_ids']);
    if (fields['doc_ids'] !== undefined) docIds = idList(fields['doc_ids'], 'doc_ids');
    if (params.has('doc_ids')) refuse(400, 'Send doc_ids in the body or in the query, not both.');
  } else {
    noBody(body);
    if (params.has('doc_ids')) docIds = idList(params.json('doc_ids'), 'doc_ids');
  }
  if ((filter === null) !== (docIds === null)) refuse(400, 'filter=_doc_ids and doc_ids go together.');
  const since = params.string('since') ?? '0';
  if (!SEQ.test(since)) refuse(400, 'since must be a sequence from an earlier answer, 0 or now.');
  return {
    kind: 'changes',
    db,
    since,
    limit: params.integer('limit', 1, 10000),
    longpoll: feed === 'longpoll',
    timeoutMs: params.integer('timeout', 0, MAX_LONGPOLL_MS) ?? DEFAULT_LONGPOLL_MS,
    includeDocs: params.boolean('include_docs'),
    style: params.choice('style', ['all_docs', 'main_only'], 'main_only') as 'all_docs' | 'main_only',
    docIds,
  };
}

function allDocs(method: string, db: string, params: Params, body: unknown): MemberRequest {
  if (method === 'POST') {
    params.none();
    const fields = objectBody(body, ['keys', 'include_docs', 'deleted', 'conflicts', 'limit']);
    if (fields['deleted'] !== undefined && fields['deleted'] !== 'ok') refuse(400, 'deleted may only be "ok".');
    return {
      kind: 'all-docs',
      db,
      keys: fields['keys'] === undefined ? null : idList(fields['keys'], 'keys'),
      includeDocs: flag(fields['include_docs'], 'include_docs'),
      conflicts: flag(fields['conflicts'], 'conflicts'),
      limit: fields['limit'] === undefined ? null : wholeNumber(fields['limit'], 'limit', 0, 10000),
    };
  }
  return only(
    method,
    ['GET', 'HEAD'],
    params,
    body,
    () => {
      params.allow(['include_docs', 'keys', 'limit', 'conflicts']);
      return {
        kind: 'all-docs',
        db,
        keys: params.has('keys') ? idList(params.json('keys'), 'keys') : null,
        includeDocs: params.boolean('include_docs'),
        conflicts: params.boolean('conflicts'),
        limit: params.integer('limit', 0, 10000),
      };
    },
    false,
  );
}

function bulkDocs(db: string, body: unknown): MemberRequest {
  const fields = objectBody(body, ['docs', 'new_edits']);
  if (!Array.isArray(fields['docs'])) refuse(400, 'Send {"docs": [...]}.');
  const list = fields['docs'] as unknown[];
  if (list.length > MAX_ITEMS) refuse(400, `Send at most ${MAX_ITEMS} documents at once.`);
  const newEdits = fields['new_edits'] === undefined ? true : flag(fields['new_edits'], 'new_edits');
  return { kind: 'bulk-docs', db, newEdits, docs: list.map((doc, index) => memberDoc(doc, `docs[${index}]`, newEdits)) };
}

function bulkGet(db: string, params: Params, body: unknown): MemberRequest {
  const revs = params.boolean('revs');
  // PouchDB sends latest=true; our answers are the leaf revisions it asked for, so it changes nothing.
  params.boolean('latest');
  const fields = objectBody(body, ['docs']);
  if (!Array.isArray(fields['docs']) || fields['docs'].length > MAX_ITEMS)
    refuse(400, `Send {"docs": [{"id": "...", "rev": "..."}]}, at most ${MAX_ITEMS}.`);
  const docs = (fields['docs'] as unknown[]).map((entry, index) => {
    const item = plainObject(entry, `docs[${index}]`);
    for (const key of Object.keys(item)) if (key !== 'id' && key !== 'rev') refuse(400, `docs[${index}] may hold only id and rev.`);
    if (!isMemberDocId(item['id'])) refuse(400, `docs[${index}].id must be a document id that does not begin with "_".`);
    if (item['rev'] !== undefined && !(typeof item['rev'] === 'string' && REV.test(item['rev'])))
      refuse(400, `docs[${index}].rev is not a revision.`);
    return item['rev'] === undefined ? { id: item['id'] as string } : { id: item['id'] as string, rev: item['rev'] as string };
  });
  return { kind: 'bulk-get', db, docs, revs };
}

function revsDiff(body: unknown): Record<string, string[]> {
  const fields = plainObject(body, 'The body');
  const ids = Object.keys(fields);
  if (ids.length > MAX_ITEMS) refuse(400, `Ask about at most ${MAX_ITEMS} documents at once.`);
  const result: Record<string, string[]> = {};
  for (const id of ids) {
    if (!isMemberDocId(id)) refuse(400, `${String(id).slice(0, 60)} is not a document id members may name.`);
    const revs = fields[id];
    if (!Array.isArray(revs) || revs.length > 100 || !revs.every((rev) => typeof rev === 'string' && REV.test(rev))) {
      refuse(400, 'Send {"<doc id>": ["<rev>", ...]}, at most 100 revisions each.');
    }
    result[id] = revs as string[];
  }
  return result;
}

function local(method: string, db: string, id: string, params: Params, body: unknown): MemberRequest {
  if (method === 'PUT') {
    params.none();
    const doc = plainObject(body, 'A checkpoint');
    for (const key of Object.keys(doc))
      if (key.startsWith('_') && key !== '_id' && key !== '_rev') refuse(400, `A checkpoint may not hold ${key}.`);
    if (doc['_id'] !== undefined && doc['_id'] !== `_local/${id}`) refuse(400, '_id does not match the address.');
    if (doc['_rev'] !== undefined && !(typeof doc['_rev'] === 'string' && LOCAL_REV.test(doc['_rev'])))
      refuse(400, "_rev is not a checkpoint's revision (0-1, 0-2, …).");
    return { kind: 'local', db, method, id, doc };
  }
  if (method === 'DELETE') {
    params.allow(['rev']);
    noBody(body);
    const rev = params.string('rev');
    if (rev === null || !LOCAL_REV.test(rev)) refuse(400, 'Name the revision to delete with ?rev=.');
    return { kind: 'local', db, method, id, rev: rev! };
  }
  return only(method, ['GET', 'HEAD'], params, body, () => ({ kind: 'local', db, method: 'GET', id }));
}

function documentRequest(method: string, db: string, id: string, params: Params, body: unknown): MemberRequest {
  if (method === 'GET' || method === 'HEAD') {
    noBody(body);
    params.allow(['rev', 'revs', 'open_revs', 'conflicts', 'latest']);
    params.boolean('latest');
    const rev = params.string('rev');
    if (rev !== null && !REV.test(rev)) refuse(400, 'rev is not a revision.');
    let openRevs: 'all' | string[] | undefined;
    if (params.has('open_revs')) {
      const raw = params.string('open_revs');
      openRevs = raw === 'all' ? 'all' : revList(params.json('open_revs'));
    }
    return {
      kind: 'doc-get',
      db,
      id,
      ...(rev ? { rev } : {}),
      revs: params.boolean('revs'),
      ...(openRevs ? { openRevs } : {}),
      conflicts: params.boolean('conflicts'),
    };
  }
  if (method === 'PUT') {
    params.allow(['rev']);
    const fields = plainObject(body, 'The document');
    if (fields['_id'] !== undefined && fields['_id'] !== id) refuse(400, '_id does not match the address.');
    const doc = memberDoc({ ...fields, _id: id }, 'The document', true);
    const rev = params.string('rev');
    if (rev !== null) {
      if (!REV.test(rev) || (doc['_rev'] !== undefined && doc['_rev'] !== rev)) refuse(400, 'rev is not the revision the document names.');
      doc['_rev'] = rev;
    }
    return { kind: 'doc-write', db, doc: { ...doc, _id: id } };
  }
  if (method === 'DELETE') {
    params.allow(['rev']);
    noBody(body);
    const rev = params.string('rev');
    if (rev === null || !REV.test(rev)) refuse(400, 'Name the revision to delete with ?rev=.');
    return { kind: 'doc-write', db, doc: { _id: id, _rev: rev, _deleted: true } };
  }
  return refuse(405, 'Use GET, PUT or DELETE on a document.');
}

/** A document as a member may write it: its own fields, and of CouchDB's only _id, _rev, _deleted (and _revisions when replicating). */
function memberDoc(value: unknown, label: string, newEdits: boolean): Doc {
  const doc = { ...plainObject(value, label) };
  for (const key of Object.keys(doc)) {
    if (!key.startsWith('_')) continue;
    if (key === '_id') {
      if (!isMemberDocId(doc['_id'])) refuse(400, `${label}: _id must be text of 1 to 250 characters that does not begin with "_".`);
    } else if (key === '_rev') {
      if (typeof doc['_rev'] !== 'string' || !REV.test(doc['_rev'])) refuse(400, `${label}: _rev is not a revision.`);
    } else if (key === '_deleted') {
      if (typeof doc['_deleted'] !== 'boolean') refuse(400, `${label}: _deleted must be true or false.`);
    } else if (key === '_revisions' && !newEdits) {
      const revisions = doc['_revisions'] as { start?: unknown; ids?: unknown } | null;
      const valid =
        typeof revisions === 'object' &&
        revisions !== null &&
        Number.isInteger(revisions.start) &&
        (revisions.start as number) > 0 &&
        Array.isArray(revisions.ids) &&
        revisions.ids.length > 0 &&
        revisions.ids.length <= 1000 &&
        revisions.ids.every((rev) => typeof rev === 'string' && /^[0-9a-f]{1,64}$/.test(rev)) &&
        Object.keys(revisions).length === 2 &&
        revisions.ids.length <= (revisions.start as number);
      if (!valid) refuse(400, `${label}: _revisions is not a revision history.`);
    } else {
      refuse(400, `${label}: ${key.slice(0, 40)} is not accepted (attachments and other CouchDB fields are not written through the API).`);
    }
  }
  if (doc['_id'] === undefined) refuse(400, `${label} has no _id.`);
  if (!newEdits && typeof doc['_rev'] !== 'string') refuse(400, `${label}: with new_edits false every document names its _rev.`);
  // The store files the document under its history's newest revision: it must be the _rev checked above.
  const history = doc['_revisions'] as { start: number; ids: string[] } | undefined;
  if (history && `${history.start}-${history.ids[0]}` !== doc['_rev']) refuse(400, `${label}: _revisions does not end with _rev.`);
  return doc;
}

function credentialsOf(body: unknown): { name: string; password: string } {
  const fields = objectBody(body, ['name', 'password']);
  if (
    typeof fields['name'] !== 'string' ||
    typeof fields['password'] !== 'string' ||
    fields['name'].length > 100 ||
    fields['password'].length > 1000
  ) {
    refuse(400, 'Send {"name": "...", "password": "..."}.');
  }
  return { name: fields['name'] as string, password: fields['password'] as string };
}

function only<T>(method: string, methods: string[], params: Params, body: unknown, build: () => T, noParams = true): T {
  if (!methods.includes(method)) refuse(405, `Use ${methods.join(' or ')} here.`);
  if (noParams) params.none();
  noBody(body);
  return build();
}

function post(method: string, params: Params, allowed: string[], build: () => MemberRequest): MemberRequest {
  if (method !== 'POST') refuse(405, 'Use POST here.');
  params.allow(allowed);
  return build();
}

function noBody(body: unknown): void {
  if (body !== undefined) refuse(400, 'This request takes no body.');
}

function plainObject(value: unknown, label: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return refuse(400, `${label} must be a JSON object.`);
  return value as Record<string, unknown>;
}

function objectBody(body: unknown, allowed: string[]): Record<string, unknown> {
  const fields = plainObject(body, 'The body');
  const unknown = Object.keys(fields).find((key) => !allowed.includes(key));
  if (unknown !== undefined) refuse(400, `The body may hold only ${allowed.join(', ')}; not ${unknown.slice(0, 40)}.`);
  return fields;
}

function idList(value: unknown, label: string): string[] {
  if (!Array.isArray(value) || value.length > MAX_ITEMS || !value.every(isMemberDocId)) {
    refuse(400, `${label} must be a list of at most ${MAX_ITEMS} document ids that do not begin with "_".`);
  }
  return value as string[];
}

function revList(value: unknown): string[] {
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    value.length > 100 ||
    !value.every((rev) => typeof rev === 'string' && REV.test(rev))
  ) {
    refuse(400, 'open_revs must be "all" or a list of revisions.');
  }
  return value as string[];
}

function flag(value: unknown, label: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') refuse(400, `${label} must be true or false.`);
  return value as boolean;
}

function wholeNumber(value: unknown, label: string, min: number, max: number): number {
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max)
    refuse(400, `${label} must be a whole number from ${min} to ${max}.`);
  return value as number;
}

/** Query parameters, each named at most once and read through a typed accessor. */
class Params {
  constructor(private readonly query: URLSearchParams) {
    const keys = [...query.keys()];
    if (new Set(keys).size !== keys.length) refuse(400, 'A query parameter is repeated.');
  }

  none(): void {
    this.allow([]);
  }

  allow(names: string[]): void {
    const unknown = [...this.query.keys()].find((key) => !names.includes(key));
    if (unknown !== undefined) refuse(400, `The query parameter "${unknown.slice(0, 40)}" is not supported here.`);
  }

  has(name: string): boolean {
    return this.query.has(name);
  }

  string(name: string): string | null {
    return this.query.get(name);
  }

  boolean(name: string): boolean {
    const value = this.query.get(name);
    if (value === null) return false;
    if (value !== 'true' && value !== 'false') refuse(400, `${name} must be true or false.`);
    return value === 'true';
  }

  integer(name: string, min: number, max: number): number | null {
    const value = this.query.get(name);
    if (value === null) return null;
    if (!/^\d{1,9}$/.test(value) || Number(value) < min || Number(value) > max)
      refuse(400, `${name} must be a whole number from ${min} to ${max}.`);
    return Number(value);
  }

  choice(name: string, values: string[], fallback: string | null): string | null {
    const value = this.query.get(name);
    if (value === null) return fallback;
    if (!values.includes(value)) refuse(400, `${name} must be ${values.join(' or ')}.`);
    return value;
  }

  json(name: string): unknown {
    try {
      return JSON.parse(this.query.get(name) ?? '');
    } catch {
      return refuse(400, `${name} must be JSON.`);
    }
  }
}

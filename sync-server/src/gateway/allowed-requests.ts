/**
 * The CouchDB requests members may make through the gateway: what RxDB's replication, sign-in and
 * reading single documents need, and nothing else. Creating or deleting databases, _security, _config,
 * server-side replication, views, _local documents and filtered changes are refused before they reach
 * the store, and so are query parameters nobody of ours sends (express-pouchdb crashes on some).
 */
export type BodyRule = 'none' | 'session' | 'document' | 'bulk-docs' | 'bulk-get' | 'revs-diff' | 'all-docs';

export type Verdict =
  | { allowed: true; database: string | null; body: BodyRule }
  | { allowed: false; status: number; reason: string };

const DATABASE = /^(catalog|authoring|userdb-(?:[0-9a-f]{2}){1,128}|discussions-[a-z]{2}|workshops-[a-z]{2})$/;
const READ = ['GET', 'HEAD'];
const CHANGES_PARAMS = ['since', 'limit', 'feed', 'heartbeat', 'timeout', 'include_docs', 'style', 'seq_interval', 'descending', 'conflicts', 'filter', 'doc_ids'];
const ALL_DOCS_PARAMS = ['include_docs', 'keys', 'key', 'startkey', 'endkey', 'start_key', 'end_key', 'limit', 'skip', 'descending', 'conflicts', 'inclusive_end', 'update_seq'];
const DOCUMENT_PARAMS = ['rev', 'revs', 'revs_info', 'open_revs', 'latest', 'conflicts', 'attachments'];

export function checkRequest(method: string, pathname: string, query: URLSearchParams): Verdict {
  const segments = pathname.split('/').filter((s) => s !== '').map(safeDecode);
  if (segments.some((s) => s === null)) return refuse(400, 'The request path is not valid URL encoding.');
  const [first, second, ...rest] = segments as string[];
  const keys = [...query.keys()];
  if (new Set(keys).size !== keys.length) return refuse(400, 'A query parameter is repeated.');

  if (first === undefined) return READ.includes(method) && keys.length === 0 ? ok(null, 'none') : methodNotAllowed();
  if (first === '_session') {
    if (second !== undefined || !['GET', 'HEAD', 'POST', 'DELETE'].includes(method)) return methodNotAllowed();
    return keys.length === 0 ? ok(null, method === 'POST' ? 'session' : 'none') : refuse(400, '_session takes no query parameters.');
  }
  if (!DATABASE.test(first)) return refuse(404, `There is no database called "${first}" available to members.`);

  if (second === undefined) {
    if (!READ.includes(method)) return refuse(403, 'Databases are created and deleted by the server, never through the API.');
    return keys.length === 0 ? ok(first, 'none') : unknownParameter(keys[0]!);
  }
  if (second === '_changes') {
    if (!['GET', 'HEAD', 'POST'].includes(method) || rest.length > 0) return methodNotAllowed();
    const unknown = keys.find((key) => !CHANGES_PARAMS.includes(key));
    if (unknown) return unknownParameter(unknown);
    const filter = query.get('filter');
    if (filter !== null && filter !== '_doc_ids') return refuse(400, 'Only the _doc_ids filter is supported for _changes.');
    if (query.has('doc_ids') && filter !== '_doc_ids') return refuse(400, 'doc_ids needs filter=_doc_ids.');
    const feed = query.get('feed') ?? 'normal';
    if (!['normal', 'longpoll'].includes(feed)) return refuse(400, 'The _changes feed must be normal or longpoll.');
    return ok(first, method === 'POST' ? 'all-docs' : 'none');
  }
  if (second === '_all_docs') {
    if (!['GET', 'HEAD', 'POST'].includes(method) || rest.length > 0) return methodNotAllowed();
    const unknown = keys.find((key) => !ALL_DOCS_PARAMS.includes(key));
    return unknown ? unknownParameter(unknown) : ok(first, method === 'POST' ? 'all-docs' : 'none');
  }
  const bulk: Record<string, BodyRule> = { _bulk_docs: 'bulk-docs', _bulk_get: 'bulk-get', _revs_diff: 'revs-diff' };
  if (bulk[second]) {
    if (method !== 'POST' || rest.length > 0) return methodNotAllowed();
    const unknown = keys.find((key) => !(second === '_bulk_get' && ['revs', 'latest'].includes(key)));
    return unknown ? unknownParameter(unknown) : ok(first, bulk[second]!);
  }
  if (second === '_design') {
    if (rest.length !== 1 || !READ.includes(method)) return refuse(403, 'Design documents are managed by the server.');
    return keys.length === 0 ? ok(first, 'none') : unknownParameter(keys[0]!);
  }
  if (second.startsWith('_')) return refuse(403, `${second} is not available through the API.`);
  if (rest.length > 0) return refuse(404, 'Attachments are not served through the API; media has its own address.');
  if (!['GET', 'HEAD', 'PUT', 'DELETE'].includes(method)) return methodNotAllowed();
  const unknown = keys.find((key) => !DOCUMENT_PARAMS.includes(key));
  return unknown ? unknownParameter(unknown) : ok(first, method === 'PUT' ? 'document' : 'none');
}

function ok(database: string | null, body: BodyRule): Verdict {
  return { allowed: true, database, body };
}

function refuse(status: number, reason: string): Verdict {
  return { allowed: false, status, reason };
}

function methodNotAllowed(): Verdict {
  return refuse(405, 'This method is not allowed on this address.');
}

function unknownParameter(name: string): Verdict {
  return refuse(400, `The query parameter "${name}" is not supported here.`);
}

function safeDecode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

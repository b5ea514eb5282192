/**
 * The CouchDB requests members may make through the gateway: what PouchDB-style replication, sign-in
 * and reading single documents need, and nothing else. Creating or deleting databases, _security,
 * _config, server-side replication, views and filtered changes are refused before they reach the store.
 */
export type Verdict = { allowed: true } | { allowed: false; status: number; reason: string };

const DATABASE = /^(catalog|userdb-[0-9a-f]{2,256}|discussions-[a-z]{2}|workshops-[a-z]{2})$/;
const READ = ['GET', 'HEAD'];
const ALLOWED_FEEDS = ['normal', 'longpoll'];

export function checkRequest(method: string, pathname: string, query: URLSearchParams): Verdict {
  const segments = pathname.split('/').filter((s) => s !== '').map(safeDecode);
  if (segments.some((s) => s === null)) return refuse(400, 'The request path is not valid URL encoding.');
  const [first, second, ...rest] = segments as string[];

  if (first === undefined) return READ.includes(method) ? ok() : methodNotAllowed();
  if (first === '_session') {
    return ['GET', 'HEAD', 'POST', 'DELETE'].includes(method) && second === undefined ? ok() : methodNotAllowed();
  }
  if (!DATABASE.test(first)) return refuse(404, `There is no database called "${first}" available to members.`);

  if (second === undefined) {
    return READ.includes(method)
      ? ok()
      : refuse(403, 'Databases are created and deleted by the server, never through the API.');
  }
  if (second === '_changes') {
    if (!['GET', 'HEAD', 'POST'].includes(method) || rest.length > 0) return methodNotAllowed();
    const filter = query.get('filter');
    if (filter !== null && filter !== '_doc_ids') {
      return refuse(400, 'Only the _doc_ids filter is supported for _changes.');
    }
    const feed = query.get('feed') ?? 'normal';
    if (!ALLOWED_FEEDS.includes(feed)) return refuse(400, 'The _changes feed must be normal or longpoll.');
    return ok();
  }
  if (second === '_all_docs') return ['GET', 'HEAD', 'POST'].includes(method) && rest.length === 0 ? ok() : methodNotAllowed();
  if (['_bulk_docs', '_bulk_get', '_revs_diff'].includes(second)) {
    return method === 'POST' && rest.length === 0 ? ok() : methodNotAllowed();
  }
  if (second === '_local') {
    return rest.length === 1 && ['GET', 'HEAD', 'PUT', 'DELETE'].includes(method) ? ok() : methodNotAllowed();
  }
  if (second === '_design') {
    return rest.length === 1 && READ.includes(method) ? ok() : refuse(403, 'Design documents are managed by the server.');
  }
  if (second.startsWith('_')) return refuse(403, `${second} is not available through the API.`);
  if (rest.length > 0) return refuse(404, 'Attachments are not served through the API; media has its own address.');
  return ['GET', 'HEAD', 'PUT', 'DELETE'].includes(method) ? ok() : methodNotAllowed();
}

function ok(): Verdict {
  return { allowed: true };
}

function refuse(status: number, reason: string): Verdict {
  return { allowed: false, status, reason };
}

function methodNotAllowed(): Verdict {
  return refuse(405, 'This method is not allowed on this address.');
}

function safeDecode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

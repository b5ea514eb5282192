import nano from 'nano';

export type Couch = nano.ServerScope;

/** The admin client: basic auth from the URL (nano's cookie jar drops cookies without Expires). */
export function couchClient(url: URL): Couch {
  return withEncodedIds(nano(url.toString()));
}

/** True when nano rejected with the given HTTP status. */
export function isStatus(error: unknown, status: number): boolean {
  return typeof error === 'object' && error !== null && (error as { statusCode?: number }).statusCode === status;
}

/**
 * nano puts an id into the URL unencoded when it begins with "_design" or holds "_local" anywhere, so
 * "x_local/../../_users/…" (a cohort or owner named by a member) would be read, with admin rights,
 * from another database. This encodes such ids itself, keeping only a leading "_design/" or "_local/".
 */
export function nanoDocId(id: string): string {
  if (!/^_design|_local/.test(id)) return id;
  const prefix = /^_(design|local)\//.exec(id)?.[0] ?? '';
  return prefix + encodeURIComponent(id.slice(prefix.length));
}

/** The methods of a database's scope that take a document id first, and of its attachment scope. */
const ID_FIRST = new Set(['get', 'head', 'destroy']);
const ATTACHMENT_ID_FIRST = new Set(['get', 'getAsStream', 'insert', 'destroy']);

function withEncodedIds(server: Couch): Couch {
  const scoped = (use: Couch['use']): Couch['use'] =>
    ((name: string) => {
      const db = use(name);
      const attachment = new Proxy(db.attachment, {
        get: (target, key, receiver) => encodingFirst(target, key, receiver, ATTACHMENT_ID_FIRST),
      });
      return new Proxy(db, {
        get(target, key, receiver) {
          if (key === 'attachment') return attachment;
          if (key === 'insert')
            return (doc: object, params?: string | nano.DocumentInsertParams | null) => target.insert(doc, insertParams(params));
          return encodingFirst(target, key, receiver, ID_FIRST);
        },
      });
    }) as Couch['use'];
  const use = scoped(server.use.bind(server));
  return new Proxy(server, {
    get(target, key, receiver) {
      if (key === 'use' || key === 'scope') return use;
      if (key === 'db')
        return new Proxy(target.db, { get: (db, name, r) => (name === 'use' || name === 'scope' ? use : Reflect.get(db, name, r)) });
      return Reflect.get(target, key, receiver);
    },
  });
}

function encodingFirst(target: object, key: string | symbol, receiver: unknown, names: ReadonlySet<string>): unknown {
  const value = Reflect.get(target, key, receiver) as unknown;
  if (typeof key !== 'string' || !names.has(key) || typeof value !== 'function') return value;
  return (id: unknown, ...rest: unknown[]) =>
    (value as (...args: unknown[]) => unknown).call(target, typeof id === 'string' ? nanoDocId(id) : id, ...rest);
}

function insertParams(params: string | nano.DocumentInsertParams | null | undefined): string | nano.DocumentInsertParams | null {
  if (typeof params === 'string') return nanoDocId(params);
  if (params?.docName !== undefined) return { ...params, docName: nanoDocId(params.docName) };
  return params ?? null;
}

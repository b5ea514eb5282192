/**
 * An in-memory CouchDB speaking the few HTTP calls the replication makes (_changes normal and
 * longpoll, _all_docs with keys, _bulk_docs), for unit tests. It keeps CouchDB's semantics that
 * matter here: revisions and conflicts, validation that refuses single documents with 403-style
 * rows, tombstones without a body, design documents in _changes, and 401 when the session is gone.
 * End-to-end tests use the real server.
 */
interface StoredDoc {
  doc: Record<string, unknown>;
  rev: string;
  seq: number;
  deleted: boolean;
}

export class FakeCouch {
  private readonly databases = new Map<string, Map<string, StoredDoc>>();
  private seq = 0;
  private waiters: (() => void)[] = [];
  /** When false every request answers 401, as CouchDB does after a session expired. */
  authorized = true;
  /** Returns a reason to refuse a pushed document, as validate_doc_update would. */
  validate: (db: string, doc: Record<string, unknown>) => string | null = () => null;
  readonly requests: string[] = [];
  /** Long-polls waiting for a change right now (each holds one of the browser's connections). */
  openLongPolls = 0;
  /** Requests to these endpoints are carried out, but their answers are lost on the way back (a dropped network, a killed server). */
  readonly losingAnswers = new Set<string>();

  readonly fetch: typeof fetch = async (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const [, , dbName, endpoint] = url.pathname.split('/');
    this.requests.push(`${init?.method ?? 'GET'} ${dbName}/${endpoint}`);
    if (!this.authorized) return json(401, { error: 'unauthorized', reason: 'You are not authorized to access this db.' });
    const db = this.database(dbName!);
    if (endpoint === '_changes') return this.changes(db, url.searchParams, init?.signal ?? undefined);
    const body = init?.body ? JSON.parse(String(init.body)) : {};
    if (endpoint === '_all_docs') {
      const keys: string[] = body.keys ?? JSON.parse(url.searchParams.get('keys') ?? '[]');
      return json(200, {
        rows: keys.map((key) => {
          const stored = db.get(key);
          if (!stored) return { key, error: 'not_found' };
          return stored.deleted
            ? { id: key, key, value: { rev: stored.rev, deleted: true }, doc: null }
            : { id: key, key, value: { rev: stored.rev }, doc: this.body(key, stored) };
        }),
      });
    }
    if (endpoint === '_bulk_docs') {
      const rows = body.docs.map((doc: Record<string, unknown>) => this.write(dbName!, doc));
      if (this.losingAnswers.delete('_bulk_docs')) throw new TypeError('Failed to fetch');
      return json(201, rows);
    }
    return json(404, { error: 'not_found' });
  };

  /** A write made on the server by someone else (a tutor, another device). */
  serverWrite(dbName: string, doc: Record<string, unknown>): void {
    const stored = this.database(dbName).get(String(doc['_id']));
    const result = this.write(dbName, { ...doc, _rev: stored?.rev }, false);
    if (!('ok' in result)) throw new Error(`serverWrite failed: ${JSON.stringify(result)}`);
  }

  serverDelete(dbName: string, id: string): void {
    const stored = this.database(dbName).get(id)!;
    this.store(this.database(dbName), id, { _id: id }, stored.rev, true);
  }

  revision(dbName: string, id: string): string | undefined {
    return this.database(dbName).get(id)?.rev;
  }

  stored(dbName: string, id: string): Record<string, unknown> | null {
    const stored = this.database(dbName).get(id);
    return stored && !stored.deleted ? this.body(id, stored) : null;
  }

  private database(name: string): Map<string, StoredDoc> {
    if (!this.databases.has(name)) this.databases.set(name, new Map());
    return this.databases.get(name)!;
  }

  private write(dbName: string, doc: Record<string, unknown>, validated = true): Record<string, unknown> {
    const db = this.database(dbName);
    const id = String(doc['_id']);
    const current = db.get(id);
    // A deleted document may be created again without a revision, as in CouchDB.
    const expected = current && !(current.deleted && doc['_rev'] === undefined) ? current.rev : undefined;
    if (doc['_rev'] !== expected) return { id, error: 'conflict', reason: 'Document update conflict.' };
    const reason = validated ? this.validate(dbName, doc) : null;
    if (reason) return { id, error: 'forbidden', reason };
    const rev = this.store(db, id, doc, current?.rev, !!doc['_deleted']);
    return { ok: true, id, rev };
  }

  private store(db: Map<string, StoredDoc>, id: string, doc: Record<string, unknown>, previousRev: string | undefined, deleted: boolean) {
    const generation = previousRev ? Number(previousRev.split('-')[0]) + 1 : 1;
    const rev = `${generation}-${Math.random().toString(16).slice(2, 10)}`;
    const { _rev, _deleted, ...body } = doc;
    db.set(id, { doc: body, rev, seq: ++this.seq, deleted });
    this.waiters.splice(0).forEach((wake) => wake());
    return rev;
  }

  private body(id: string, stored: StoredDoc): Record<string, unknown> {
    return stored.deleted ? { _id: id, _rev: stored.rev, _deleted: true } : { ...stored.doc, _id: id, _rev: stored.rev };
  }

  private async changes(db: Map<string, StoredDoc>, params: URLSearchParams, signal?: AbortSignal): Promise<Response> {
    const since = params.get('since') === 'now' ? this.seq : Number(params.get('since') ?? 0);
    const limit = Number(params.get('limit') ?? 1000);
    const unseen = () => [...db.entries()].filter(([, s]) => s.seq > since).sort((a, b) => a[1].seq - b[1].seq);
    if (params.get('feed') === 'longpoll') {
      this.openLongPolls += 1;
      try {
        while (unseen().length === 0) {
          await new Promise<void>((resolve, reject) => {
            this.waiters.push(resolve);
            signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
          });
          if (!this.authorized) return json(401, { error: 'unauthorized' });
        }
      } finally {
        this.openLongPolls -= 1;
      }
    }
    const rows = unseen().slice(0, limit);
    return json(200, {
      results: rows.map(([id, stored]) => ({
        id,
        seq: stored.seq,
        changes: [{ rev: stored.rev }],
        ...(stored.deleted ? { deleted: true } : {}),
        doc: this.body(id, stored),
      })),
      last_seq: rows.length ? rows[rows.length - 1]![1].seq : since,
    });
  }

  /** Wakes long-polls, e.g. after `authorized` changed. */
  wake(): void {
    this.waiters.splice(0).forEach((wake) => wake());
  }
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

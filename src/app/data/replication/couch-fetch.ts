/**
 * The fetch that RxDB's CouchDB replication uses. It repairs what that plugin gets wrong against
 * CouchDB semantics (STACK-NOTES.md, "four defects"):
 * - a document refused by validate_doc_update is taken out of the _bulk_docs answer and reported,
 *   so it cannot make the push throw and block every later write (defect 1);
 * - design documents are taken out of _changes answers so they never enter a collection (defect 3),
 *   and a batch that lost one is topped up so the initial pull does not take it for the last (defect 8);
 * - any answer that is not 2xx (a 401 after the session expired, a 5xx) becomes a thrown error, which
 *   the replication retries, instead of a body without `results` that kills the live loop (defect 4).
 * Defect 2 (tombstones without a body) is handled by the pull modifier in couch-replication.ts.
 *
 * Before a _bulk_docs is sent, each document is checked with the server's own rule against the
 * server's current copy (read with _all_docs just then): one the server would refuse stays on the
 * phone, is reported as refused, and never holds up the others. It is done here and not in a push
 * modifier because RxDB runs that modifier on its copy of the server's document too, and because
 * only here is the server's copy known (a check with none refused every republished lesson).
 *
 * One more gap: the plugin's long-poll asks for `since=now` until its first long-poll answer arrives,
 * and asks again after every failure, so a change made between two such requests (while the session
 * was expired, say) would never be pulled. The last sequence seen in any _changes answer is put in
 * place of `now`.
 */
import { encodeRefusal } from '../../../../sync-server/couchdb/refusal';

export type ConnectionState = 'ok' | 'unreachable' | 'unauthorized' | 'server-error';

export interface CouchFetchEvents {
  /** Every request ends in one of these; the sync status is derived from them. */
  connection(state: ConnectionState, status?: number): void;
  /** The server refused a pushed document (as it was sent); the reason as encodeRefusal keeps it (code, params, English). */
  /** Awaited before RxDB hears the push went through: the mark is stored before the push is counted as done. */
  refused(docId: string, reason: string, sent: Record<string, unknown> | undefined): void | Promise<void>;
}

/** The server's rule for a document against the server's copy it replaces (null: none); a reason, or null when it passes. */
export type PushCheck = (doc: Record<string, unknown>, serverCopy: Record<string, unknown> | null) => string | null;

export class CouchHttpError extends Error {
  constructor(readonly status: number, readonly url: string) {
    super(`CouchDB answered ${status} for ${url}`);
    this.name = 'CouchHttpError';
  }
}

interface BulkDocsRow {
  id: string;
  ok?: boolean;
  error?: string;
  reason?: string;
  code?: string;
  params?: Record<string, string | number>;
}

export function createCouchFetch(events: CouchFetchEvents, baseFetch: typeof fetch = fetch.bind(globalThis), check?: PushCheck): typeof fetch {
  let lastSeq: string | number | null = null;
  /** A request of this layer's own, with the same cookie and the same handling of failures. */
  const ownRequest = async (url: string, init: RequestInit): Promise<Response> => {
    let answer: Response;
    try {
      answer = await baseFetch(url, { ...init, headers: { 'ngsw-bypass': 'true', accept: 'application/json', 'content-type': 'application/json' }, credentials: 'same-origin', cache: 'no-store' });
    } catch (error) {
      events.connection('unreachable');
      throw error;
    }
    if (!answer.ok) {
      events.connection(connectionStateOf(answer.status), answer.status);
      throw new CouchHttpError(answer.status, url);
    }
    return answer;
  };
  return async (input, init) => {
    let url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const requested = new URL(url, 'http://relative.invalid');
    if (check && requested.pathname.endsWith('/_bulk_docs')) {
      const sent = JSON.parse(String(init?.body ?? '{"docs":[]}')) as { docs: Record<string, unknown>[] };
      const passing = await checkedAgainstServer(sent.docs, url.replace(/_bulk_docs(\?.*)?$/, '_all_docs'), ownRequest, check, events);
      // Nothing left to send: answered here as the store answers a batch with no failures.
      if (passing.length === 0) return jsonResponse([], new Response(null, { status: 201 }));
      init = { ...init, body: JSON.stringify({ ...sent, docs: passing }) };
    }
    if (requested.pathname.endsWith('/_changes') && requested.searchParams.get('since') === 'now' && lastSeq !== null) {
      url = url.replace(/([?&])since=now(&|$)/, `$1since=${encodeURIComponent(String(lastSeq))}$2`);
      input = url;
    }
    let response: Response;
    try {
      const headers = new Headers(init?.headers);
      // The service worker must not carry replication requests: a long-poll it forwards outlives the
      // page that asked for it and keeps one of the browser's six connections to the server forever.
      headers.set('ngsw-bypass', 'true');
      response = await baseFetch(input, { ...init, headers, credentials: 'same-origin', cache: 'no-store' });
    } catch (error) {
      events.connection('unreachable');
      throw error;
    }
    if (!response.ok) {
      events.connection(connectionStateOf(response.status), response.status);
      throw new CouchHttpError(response.status, url);
    }
    events.connection('ok', response.status);

    const path = new URL(url, 'http://relative.invalid').pathname;
    if (path.endsWith('/_changes')) {
      const body = await response.json();
      const limit = Number(requested.searchParams.get('limit') ?? 0);
      let pageSize = (body.results ?? []).length;
      let pageLimit = limit;
      body.results = withoutDesignDocs(body.results);
      // Defect 8: the plugin takes a batch shorter than its limit for the end of the initial pull, so
      // a batch that lost a design document stopped it: a new phone got the first 99 documents of a
      // database and after that only new changes. While the last page was full, the batch is topped
      // up from the changes that follow it.
      while (requested.searchParams.get('feed') !== 'longpoll' && limit > 0 && body.results.length < limit && pageSize === pageLimit) {
        const next = new URL(url, 'http://relative.invalid');
        pageLimit = limit - body.results.length;
        next.searchParams.set('since', String(body.last_seq));
        next.searchParams.set('limit', String(pageLimit));
        // A failure throws: a shorter batch would end the pull again, so the whole batch is tried again instead.
        const answer = await ownRequest(url.replace(/\?.*$/, next.search), init ?? {});
        const page = await answer.json();
        pageSize = (page.results ?? []).length;
        body.results.push(...withoutDesignDocs(page.results));
        body.last_seq = page.last_seq;
      }
      if (body.last_seq !== undefined) lastSeq = body.last_seq;
      return jsonResponse(body, response);
    }
    if (path.endsWith('/_bulk_docs')) {
      const rows = (await response.json()) as BulkDocsRow[];
      const transient = rows.find((row) => !row.ok && row.error !== 'conflict' && row.error !== 'forbidden');
      if (transient) {
        // Only a validation refusal is final; anything else (an expired session mid-batch) is retried.
        events.connection(transient.error === 'unauthorized' ? 'unauthorized' : 'server-error');
        throw new CouchHttpError(transient.error === 'unauthorized' ? 401 : 500, url);
      }
      const sentDocs = new Map<string, Record<string, unknown>>(
        (JSON.parse(String(init?.body ?? '{"docs":[]}')).docs as Record<string, unknown>[]).map((doc) => [String(doc['_id']), doc]),
      );
      const marking: (void | Promise<void>)[] = [];
      const kept = rows.filter((row) => {
        if (row.ok || row.error === 'conflict') return true;
        marking.push(events.refused(row.id, encodeRefusal({ code: row.code, params: row.params, reason: row.reason || 'refused' }), sentDocs.get(row.id)));
        return false;
      });
      await Promise.all(marking);
      return jsonResponse(kept, response);
    }
    return response;
  };
}

/** The documents the server's rule lets through, checked against the server's copies; the others are reported as refused. */
async function checkedAgainstServer(
  docs: Record<string, unknown>[],
  allDocsUrl: string,
  request: (url: string, init: RequestInit) => Promise<Response>,
  check: PushCheck,
  events: CouchFetchEvents,
): Promise<Record<string, unknown>[]> {
  if (docs.length === 0) return docs;
  const answer = await request(allDocsUrl, { method: 'POST', body: JSON.stringify({ keys: docs.map((doc) => doc['_id']), include_docs: true }) });
  const rows = ((await answer.json()) as { rows?: { key: string; value?: { deleted?: boolean }; doc?: Record<string, unknown> | null }[] }).rows ?? [];
  const live = new Map(rows.filter((row) => row.doc && !row.value?.deleted).map((row) => [row.key, row.doc!]));
  const marking: (void | Promise<void>)[] = [];
  const passing = docs.filter((doc) => {
    const serverCopy = live.get(String(doc['_id'])) ?? null;
    // Made and deleted before it was ever sent: there is nothing to delete on the server, and nothing to report.
    if (doc['_deleted'] === true && serverCopy === null) return false;
    const reason = check(doc, serverCopy);
    if (reason !== null) marking.push(events.refused(String(doc['_id']), reason, doc));
    return reason === null;
  });
  // Stored before the push is answered: an app closed right after cannot lose the mark while RxDB counts the write as pushed.
  await Promise.all(marking);
  return passing;
}

/** 504 is what the service worker answers when the network is gone: that is being offline, not a server fault. */
function connectionStateOf(status: number): ConnectionState {
  if (status === 401) return 'unauthorized';
  if (status === 504) return 'unreachable';
  return 'server-error';
}

function withoutDesignDocs<T extends { id: string }>(rows: T[] | undefined): T[] {
  return (rows ?? []).filter((row) => !row.id.startsWith('_design/'));
}

function jsonResponse(body: unknown, like: Response): Response {
  return new Response(JSON.stringify(body), {
    status: like.status,
    headers: { 'content-type': 'application/json' },
  });
}

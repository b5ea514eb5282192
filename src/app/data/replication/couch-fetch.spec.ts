import { createCouchFetch, CouchHttpError, type ConnectionState } from './couch-fetch';

function answer(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

describe('createCouchFetch', () => {
  let states: ConnectionState[];
  let refused: [string, string, unknown][];
  let seen: { url: string; init?: RequestInit }[];

  function couchFetch(respond: (url: string) => Response | Promise<Response>) {
    return createCouchFetch(
      { connection: (state) => states.push(state), refused: (id, reason, sent) => void refused.push([id, reason, sent?.['updatedAt']]) },
      async (input, init) => {
        const url = String(input);
        seen.push({ url, init });
        return respond(url);
      },
    );
  }

  beforeEach(() => {
    states = [];
    refused = [];
    seen = [];
  });

  it('keeps replication out of the service worker and sends the session cookie', async () => {
    await couchFetch(() => answer(200, { rows: [] }))('/couch/catalog/_all_docs');
    expect(new Headers(seen[0]!.init!.headers).get('ngsw-bypass')).toBe('true');
    expect(seen[0]!.init!.credentials).toBe('same-origin');
  });

  it('throws on any answer that is not 2xx, and says which kind of trouble it was', async () => {
    const fetcher = couchFetch((url) => answer(url.includes('a') ? 401 : url.includes('b') ? 504 : 500, { error: 'x' }));
    await expectAsync(fetcher('/couch/a')).toBeRejectedWithError(CouchHttpError);
    await expectAsync(fetcher('/couch/b')).toBeRejectedWithError(CouchHttpError);
    await expectAsync(fetcher('/couch/c')).toBeRejectedWithError(CouchHttpError);
    expect(states).toEqual(['unauthorized', 'unreachable', 'server-error']);
  });

  it('reports a network failure as unreachable', async () => {
    const fetcher = couchFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    await expectAsync(fetcher('/couch/catalog/_changes')).toBeRejected();
    expect(states).toEqual(['unreachable']);
  });

  it('takes refused rows out of a _bulk_docs answer and reports them', async () => {
    const fetcher = couchFetch(() =>
      answer(201, [
        { ok: true, id: 'a', rev: '1-x' },
        { id: 'b', error: 'forbidden', reason: 'status must be started or completed.' },
        { id: 'c', error: 'conflict', reason: 'Document update conflict.' },
      ]),
    );
    const body = JSON.stringify({ docs: [{ _id: 'a' }, { _id: 'b', updatedAt: '2026-11-29T10:00:00.000Z' }, { _id: 'c' }] });
    const rows = await (await fetcher('/couch/userdb-61/_bulk_docs', { method: 'POST', body })).json();
    expect(rows.map((r: { id: string }) => r.id)).toEqual(['a', 'c']);
    expect(refused).toEqual([['b', 'status must be started or completed.', '2026-11-29T10:00:00.000Z']]);
  });

  it('throws, so the push is retried, when a _bulk_docs row fails for a reason that is not a refusal', async () => {
    const fetcher = couchFetch(() => answer(201, [{ id: 'a', error: 'unauthorized', reason: 'Session expired.' }]));
    const body = JSON.stringify({ docs: [{ _id: 'a' }] });
    await expectAsync(fetcher('/couch/userdb-61/_bulk_docs', { method: 'POST', body })).toBeRejectedWithError(CouchHttpError);
    expect(refused).toEqual([]);
    expect(states).toContain('unauthorized');
  });

  it('asks long-polls for changes since the last sequence it saw, never "now" once it knows one', async () => {
    const fetcher = couchFetch(() => answer(200, { results: [{ id: '_design/validation' }, { id: 'lesson:a' }], last_seq: '17-abc' }));
    const first = await (await fetcher('/couch/catalog/_changes?feed=longpoll&since=now&limit=5')).json();
    expect(first.results.map((r: { id: string }) => r.id)).toEqual(['lesson:a']);
    await fetcher('/couch/catalog/_changes?feed=longpoll&since=now&limit=5');
    expect(seen[0]!.url).toContain('since=now');
    expect(seen[1]!.url).toContain('since=17-abc&limit=5');
  });
});

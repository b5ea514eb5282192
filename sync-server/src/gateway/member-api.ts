import express, { type Request, type Response } from 'express';
import { mayRead } from '../../couchdb/databases';
import type { SignInLimiter } from '../auth/sign-in-limiter';
import type { Couch } from '../couch/client';
import {
  BUSY_CODE,
  BUSY_SIGNING_IN,
  errorName,
  sendError,
  SIGN_IN_FIRST_CODE,
  STORE_UNAVAILABLE,
  TOO_MANY_REQUESTS_CODE,
  tooManyAttemptsCode,
  UNAVAILABLE_CODE,
  type ErrorCode,
} from '../http-errors';
import type { ChangeHub } from './change-hub';
import { rulesFor } from './database-rules';
import type { MemberLimits } from './member-limits';
import { parseMemberRequest, type MemberRequest } from './member-requests';
import type { MemberSessions } from './member-sessions';
import type { PasswordChecker } from './passwords';
import { readJsonBody } from './request-body';
import { StoreError, type StoreClient } from './store-client';
import { writeDocs } from './write-path';

export interface MemberApiDeps {
  readonly store: StoreClient;
  readonly couch: Couch;
  readonly sessions: MemberSessions;
  readonly passwords: PasswordChecker;
  readonly hub: ChangeHub;
  readonly limits: MemberLimits;
  readonly signInLimiter: SignInLimiter;
  readonly maxBodyBytes: number;
  /** Told when a member wrote into their private database (insights follow an owner's learning from it). */
  readonly onPrivateWrite?: (name: string) => void;
}

type Req<K extends MemberRequest['kind']> = Extract<MemberRequest, { kind: K }>;
interface ChangesPage {
  results: { id: string; seq: unknown; changes: unknown; deleted?: boolean; doc?: unknown }[];
  last_seq: unknown;
}

const USER_NAME = /^[a-z0-9][a-z0-9._-]{2,31}$/;

/**
 * The CouchDB replication protocol as members use it (RxDB's replication, PouchDB, signing in),
 * answered by the sync server itself: every request is parsed into typed values
 * (member-requests.ts), the caller is known from a session of ours, reads are allowed by the
 * database's security and writes by its rule run here, and the store only ever sees requests this
 * file builds, as its admin. Nothing else of the store is reachable, with either store.
 */
export function memberApi(deps: MemberApiDeps): express.Router {
  const router = express.Router();
  router.use(async (req, res) => {
    res.set('cache-control', 'no-store');
    let body: unknown;
    if (req.method === 'POST' || req.method === 'PUT') {
      const read = await readJsonBody(req, deps.maxBodyBytes);
      if ('error' in read) {
        if (read.status === 413) res.set('connection', 'close');
        return sendError(res, read.status, errorName(read.status), read.error);
      }
      body = read.json;
    } else if (Number(req.headers['content-length'] ?? 0) > 0) {
      return sendError(res, 400, 'bad_request', 'This request takes no body.');
    }
    const question = req.url.indexOf('?');
    const rawPath = question === -1 ? req.url : req.url.slice(0, question);
    const query = new URLSearchParams(question === -1 ? '' : req.url.slice(question + 1));
    const parsed = parseMemberRequest(req.method, rawPath, query, body);
    if ('status' in parsed) return sendError(res, parsed.status, errorName(parsed.status), parsed.reason);
    try {
      await answer(deps, parsed.ok, req, res);
    } catch (error) {
      if (res.headersSent) return void res.destroy();
      // A value only the store can judge (Apache CouchDB's sequences are opaque: since=38 is malformed there).
      if (error instanceof StoreError && error.status === 400) {
        const reason = (error.body as { reason?: unknown } | null)?.reason;
        return sendError(
          res,
          400,
          'bad_request',
          typeof reason === 'string' ? reason.slice(0, 200) : 'The database did not take this request.',
        );
      }
      if (error instanceof StoreError || (error as Error).name === 'TypeError') {
        if (!(error instanceof StoreError)) console.warn('The store did not answer:', (error as Error).message);
        return sendError(res, 503, 'store_unavailable', STORE_UNAVAILABLE, UNAVAILABLE_CODE);
      }
      if ((error as Error).name === 'AbortError') return void res.destroy();
      throw error;
    }
  });
  return router;
}

async function answer(deps: MemberApiDeps, request: MemberRequest, req: Request, res: Response): Promise<void> {
  if (request.kind === 'root') return void res.json({ couchdb: 'Welcome', vendor: { name: 'ME2ME Learn' } });
  if (request.kind === 'session') return session(deps, request, req, res);

  const user = await deps.sessions.callerOf(req, res);
  if (!user) return sendError(res, 503, 'store_unavailable', STORE_UNAVAILABLE, UNAVAILABLE_CODE);
  if (user.name === null) return sendError(res, 401, 'unauthorized', 'Sign in first.', SIGN_IN_FIRST_CODE);
  const rules = rulesFor(request.db);
  if (!rules || !mayRead(user, rules.security))
    return sendError(res, 403, 'forbidden', 'You are not allowed to use this database.', { code: 'auth.notAllowed' });
  const wait = deps.limits.admit(user.name);
  if (wait > 0) return tooManyAfterPause(res, wait, 'Too many requests from your account; wait a moment.', TOO_MANY_REQUESTS_CODE);

  const { store } = deps;
  const db = request.db;
  switch (request.kind) {
    case 'info': {
      const { body } = await store.json('GET', [db]);
      return void res.json({
        db_name: db,
        doc_count: body.doc_count,
        doc_del_count: body.doc_del_count,
        update_seq: body.update_seq,
        instance_start_time: '0',
      });
    }
    case 'changes':
      return changes(deps, request, user.name, res);
    case 'all-docs': {
      const query: Record<string, string> = { include_docs: String(request.includeDocs), conflicts: String(request.conflicts) };
      if (request.limit !== null) query['limit'] = String(request.limit);
      const { body } = request.keys
        ? await store.json('POST', [db, '_all_docs'], { query, body: { keys: request.keys } })
        : await store.json('GET', [db, '_all_docs'], { query });
      const rows = (body.rows as { id?: string; key: string }[]).filter((row) => !row.key.startsWith('_'));
      return void res.json({ total_rows: rows.length, offset: 0, rows });
    }
    case 'bulk-docs': {
      const rows = await writeDocs(deps, db, rules, user, request.docs, request.newEdits);
      // Only a stored document is news (refused ones would have the insights read for nothing); with
      // new_edits false the answer lists only the documents not stored.
      const stored = request.newEdits ? rows.some((row) => row.ok) : rows.length < request.docs.length;
      if (stored && db.startsWith('userdb-')) deps.onPrivateWrite?.(user.name);
      return void res.status(201).json(rows);
    }
    case 'doc-write': {
      const [row] = await writeDocs(deps, db, rules, user, [request.doc], true);
      if (row!.ok && db.startsWith('userdb-')) deps.onPrivateWrite?.(user.name);
      if (row!.ok) return void res.status(request.doc['_deleted'] === true ? 200 : 201).json({ ok: true, id: row!.id, rev: row!.rev });
      const status = row!.error === 'conflict' ? 409 : row!.error === 'unauthorized' ? 401 : 403;
      const coded = row!.code ? { code: row!.code, params: row!.params as Record<string, string | number> | undefined } : undefined;
      return sendError(res, status, row!.error!, row!.reason ?? 'The document was refused.', coded);
    }
    case 'bulk-get': {
      if (request.docs.length === 0) return void res.json({ results: [] });
      const { body } = await store.json('POST', [db, '_bulk_get'], { query: { revs: String(request.revs) }, body: { docs: request.docs } });
      return void res.json(body);
    }
    case 'revs-diff': {
      const { body } = await store.json('POST', [db, '_revs_diff'], { body: request.revs });
      return void res.json(body);
    }
    case 'doc-get': {
      const query: Record<string, string> = { revs: String(request.revs), conflicts: String(request.conflicts) };
      if (request.rev) query['rev'] = request.rev;
      if (request.openRevs) query['open_revs'] = request.openRevs === 'all' ? 'all' : JSON.stringify(request.openRevs);
      const { status, body } = await store.json('GET', [db, request.id], { query, expect: [200, 404] });
      if (status === 404) return sendError(res, 404, 'not_found', body?.reason === 'deleted' ? 'deleted' : 'missing');
      return void res.json(body);
    }
    case 'local':
      return local(deps, request, user.name, res);
  }
}

async function session(deps: MemberApiDeps, request: Req<'session'>, req: Request, res: Response): Promise<void> {
  if (request.method === 'DELETE') {
    await deps.sessions.end(req, res);
    return void res.json({ ok: true });
  }
  if (request.method === 'GET') {
    const user = await deps.sessions.callerOf(req, res);
    if (!user) return sendError(res, 503, 'store_unavailable', STORE_UNAVAILABLE, UNAVAILABLE_CODE);
    return void res.json({
      ok: true,
      userCtx: user,
      info: { authentication_handlers: ['cookie'], ...(user.name ? { authenticated: 'cookie' } : {}) },
    });
  }
  const { name, password } = request.credentials!;
  const address = req.ip ?? 'unknown';
  const guess = await deps.signInLimiter.guarded(
    name,
    address,
    async () => (USER_NAME.test(name) ? deps.passwords.check(name, password) : ('wrong' as const)),
    (answer) => answer === 'wrong',
  );
  if ('wait' in guess)
    return tooMany(
      res,
      guess.wait,
      `Too many wrong passwords. Try again in ${Math.ceil(guess.wait / 60000)} min.`,
      tooManyAttemptsCode(guess.wait),
    );
  const checked = guess.outcome;
  if (checked === 'unavailable') return sendError(res, 503, 'store_unavailable', STORE_UNAVAILABLE, UNAVAILABLE_CODE);
  if (checked === 'busy') return sendError(res.set('retry-after', '5'), 503, 'busy', BUSY_SIGNING_IN, BUSY_CODE);
  if (checked === 'wrong') return sendError(res, 401, 'unauthorized', 'Name or password is incorrect.', { code: 'auth.wrongCredentials' });
  await deps.signInLimiter.recordSuccess(name, address);
  await deps.sessions.start(res, name);
  res.json({ ok: true, name, roles: checked.roles.filter((role) => !role.startsWith('_')) });
}

/** Replication checkpoints: each member's are their own, kept under a prefix only they reach. */
async function local(deps: MemberApiDeps, request: Req<'local'>, name: string, res: Response): Promise<void> {
  const storedId = `_local/m-${Buffer.from(name).toString('hex')}-${request.id}`;
  const path = [request.db, '_local', storedId.slice('_local/'.length)];
  if (request.method === 'GET') {
    const { status, body } = await deps.store.json('GET', path, { expect: [200, 404] });
    if (status === 404) return sendError(res, 404, 'not_found', 'missing');
    return void res.json({ ...body, _id: `_local/${request.id}` });
  }
  const { status, body } =
    request.method === 'PUT'
      ? await deps.store.json('PUT', path, { body: { ...request.doc, _id: storedId }, expect: [200, 201, 409] })
      : await deps.store.json('DELETE', path, { query: { rev: request.rev! }, expect: [200, 404, 409] });
  if (status === 409) return sendError(res, 409, 'conflict', 'Document update conflict.');
  if (status === 404) return sendError(res, 404, 'not_found', 'missing');
  res.status(status).json({ ok: true, id: `_local/${request.id}`, rev: body.rev });
}

async function changes(deps: MemberApiDeps, request: Req<'changes'>, name: string, res: Response): Promise<void> {
  const release = request.longpoll ? deps.limits.holdLongPoll(name) : () => undefined;
  if (!release)
    return tooManyAfterPause(res, 5000, 'Your account has too many live connections open; close the app on another device.', {
      code: 'limits.tooManyConnections',
    });
  const abort = new AbortController();
  res.on('close', () => abort.abort());
  const watch = request.longpoll ? await deps.hub.watch(request.db).catch((error) => (release(), Promise.reject(error))) : null;
  try {
    // "now" for a long-poll is where the listener stands: it may be a change or two behind the store
    // (never ahead), so the client gets at worst a change more than it asked for, and the store is
    // not asked (a database's info is one of its slowest answers).
    const position = watch?.position() ?? null;
    let since =
      request.since !== 'now'
        ? request.since
        : position !== null
          ? String(position)
          : String((await deps.store.json('GET', [request.db])).body.update_seq);
    const deadline = Date.now() + request.timeoutMs;
    for (;;) {
      // A phone that already has everything (most of them, re-opening after a post) costs the store nothing.
      const current = watch?.upToDate(since);
      const page = current !== undefined ? { results: [], last_seq: current } : await readChanges(deps.store, request, since, abort.signal);
      if (!watch || page.results.length > 0) return void res.json(page);
      since = String(page.last_seq);
      const left = deadline - Date.now();
      if (left <= 0 || !(await watch.changed(left, abort.signal))) {
        if (!abort.signal.aborted) res.json(page);
        return;
      }
    }
  } finally {
    watch?.release();
    release();
  }
}

/** Requests for the same page of the same database share one store request (phones woken by one change). */
const pagesInFlight = new Map<string, Promise<ChangesPage>>();

function readChanges(store: StoreClient, request: Req<'changes'>, since: string, signal: AbortSignal): Promise<ChangesPage> {
  const key = JSON.stringify([request.db, since, request.style, request.includeDocs, request.limit, request.docIds]);
  let page = pagesInFlight.get(key);
  if (!page) {
    page = readPage(store, request, since).finally(() => pagesInFlight.delete(key));
    pagesInFlight.set(key, page);
  }
  // A member who leaves stops waiting; the shared read goes on for the others.
  return Promise.race([
    page,
    new Promise<never>((_resolve, reject) => signal.addEventListener('abort', () => reject(abortError()), { once: true })),
  ]);
}

/**
 * A page of changes without design documents. A page the store filled to the limit that lost one is
 * topped up from the changes after it, so a client never takes a short page for the end.
 */
async function readPage(store: StoreClient, request: Req<'changes'>, since: string): Promise<ChangesPage> {
  const results: ChangesPage['results'] = [];
  let lastSeq: unknown = since;
  for (;;) {
    const want = request.limit === null ? null : request.limit - results.length;
    const query: Record<string, string> = { since: String(lastSeq), style: request.style, include_docs: String(request.includeDocs) };
    if (want !== null) query['limit'] = String(want);
    const { body } = request.docIds
      ? await store.json<ChangesPage>('POST', [request.db, '_changes'], {
          query: { ...query, filter: '_doc_ids' },
          body: { doc_ids: request.docIds },
        })
      : await store.json<ChangesPage>('GET', [request.db, '_changes'], { query });
    const page = Array.isArray(body.results) ? body.results : [];
    results.push(...page.filter((row) => typeof row.id === 'string' && !row.id.startsWith('_')));
    lastSeq = body.last_seq;
    const full = want !== null && page.length === want;
    if (!full || results.length >= request.limit!) return { results, last_seq: lastSeq };
  }
}

function abortError(): Error {
  const error = new Error('The client went away.');
  error.name = 'AbortError';
  return error;
}

function tooMany(res: Response, waitMs: number, reason: string, coded: ErrorCode): void {
  res.set('retry-after', String(Math.max(1, Math.ceil(waitMs / 1000))));
  sendError(res, 429, 'too_many_requests', reason, coded);
}

/** How long a refusal for a member's own limits is held before it is sent. */
const MEMBER_REFUSAL_PAUSE_MS = 1000;

/**
 * The same refusal, sent after a pause: a client that asks again the moment it is refused (a flood of
 * long-polls from one account) then sends a few requests a second per connection instead of
 * thousands, which the instance would otherwise spend its time answering while other members wait
 * (bench/run.mjs `longpolls`). The app never meets it: it holds at most five long-polls per device.
 */
function tooManyAfterPause(res: Response, waitMs: number, reason: string, coded: ErrorCode): Promise<void> {
  return new Promise((resolve) => {
    const gone = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      res.off('close', gone);
      if (!res.destroyed && !res.writableEnded) tooMany(res, waitMs, reason, coded);
      resolve();
    }, MEMBER_REFUSAL_PAUSE_MS);
    res.once('close', gone);
  });
}

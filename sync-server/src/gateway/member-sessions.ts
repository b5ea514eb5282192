import { createHash, randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import type { UserContext } from '../../couchdb/databases';
import { StoreError, type StoreClient } from './store-client';

/** Server-only database of members' sessions, shared by every sync-server instance. */
export const SESSIONS_DB = 'me2me-sessions';
/** 14 days; a session is extended when less than half of it is left, so a phone in use stays signed in. */
export const SESSION_SECONDS = 14 * 24 * 3600;
export const SESSION_COOKIE = 'AuthSession';
/** How long an instance trusts what it read about a session; a sign-out elsewhere takes effect within it. */
const CACHE_MS = 5000;
const CACHE_LIMIT = 20000;
/**
 * Cookies naming no session that one address may have looked up in a minute; past it, that address's
 * unknown cookies count as no cookie without asking the store (made-up cookies cost a read each, and
 * would push real members' sessions out of the cache). Known sessions are not affected.
 */
const MISSES_PER_ADDRESS_PER_MINUTE = 120;
const MISS_WINDOW_MS = 60_000;
/** Sessions read with one request at most (two: the sessions, then their members' accounts). */
const BATCH_LIMIT = 500;
/** Batches being read at once; sessions asked for meanwhile wait and go together in the next. */
const BATCHES_IN_FLIGHT = 2;

interface SessionDoc {
  _id: string;
  _rev?: string;
  name: string;
  expiresAt: string;
}

interface Cached {
  user: UserContext;
  expiresAt: number;
  readAt: number;
}

/** What the store holds for a session: its document, and its member's roles (null: no such account). */
interface Found {
  doc: SessionDoc | null;
  roles: string[] | null;
}

interface Lookup {
  name: string;
  id: string;
  resolve(found: Found): void;
  reject(error: unknown): void;
}

const ANONYMOUS: UserContext = Object.freeze({ name: null, roles: [] }) as UserContext;

/**
 * Sessions of our own instead of the store's cookies: each is a document in CouchDB, so a sign-out
 * ends it on every instance, and a password change ends all of a member's sessions. The cookie holds
 * the member's name in hex and a random secret; the document's id holds only the secret's hash.
 * Roles are read from `_users` with the session, so a role given or taken applies within seconds.
 */
export class MemberSessions {
  private readonly cache = new Map<string, Cached>();
  /** Sessions waiting to be read together (see lookup). */
  private readonly waiting: Lookup[] = [];
  private batchesInFlight = 0;
  private readonly misses = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly store: StoreClient,
    private readonly now: () => number = Date.now,
  ) {}

  /** Starts a session for a member whose password was checked, and sets its cookie. */
  async start(res: Response, name: string): Promise<void> {
    const secret = randomBytes(32).toString('base64url');
    const token = `${hex(name)}.${secret}`;
    const doc: SessionDoc = { _id: sessionId(name, secret), name, expiresAt: new Date(this.now() + SESSION_SECONDS * 1000).toISOString() };
    await this.store.json('PUT', [SESSIONS_DB, doc._id], { body: doc });
    this.cache.delete(token);
    setCookie(res, token, SESSION_SECONDS);
  }

  /** Who sent the request: anonymous without a valid session cookie; null when the store does not answer. */
  async callerOf(req: Request, res?: Response): Promise<UserContext | null> {
    const token = cookieToken(req);
    if (!token) return ANONYMOUS;
    const cached = this.cache.get(token);
    const now = this.now();
    if (cached && now - cached.readAt < CACHE_MS) return cached.expiresAt > now ? cached.user : ANONYMOUS;
    const parsed = parseToken(token);
    if (!parsed) return ANONYMOUS;
    const address = req.ip ?? 'unknown';
    const misses = this.misses.get(address);
    if (misses && now - misses.start < MISS_WINDOW_MS && misses.count >= MISSES_PER_ADDRESS_PER_MINUTE) return ANONYMOUS;
    let doc: SessionDoc | null;
    let roles: string[] | null;
    try {
      ({ doc, roles } = await this.lookup(parsed.name, sessionId(parsed.name, parsed.secret)));
    } catch {
      return null;
    }
    const expiresAt = doc && roles ? Date.parse(doc.expiresAt) : 0;
    const user: UserContext = doc && roles && expiresAt > now ? { name: parsed.name, roles } : ANONYMOUS;
    this.remember(token, { user, expiresAt, readAt: now });
    if (user === ANONYMOUS) {
      this.missed(address, now);
      return ANONYMOUS;
    }
    if (res && doc && expiresAt - now < (SESSION_SECONDS * 1000) / 2) await this.extend(res, token, doc);
    return user;
  }

  /** Ends the session the request carries (sign-out), on every instance. */
  async end(req: Request, res: Response): Promise<void> {
    const token = cookieToken(req);
    setCookie(res, '', 0);
    if (!token) return;
    this.cache.delete(token);
    const parsed = parseToken(token);
    if (!parsed) return;
    const id = sessionId(parsed.name, parsed.secret);
    const doc = await this.read<SessionDoc>(SESSIONS_DB, id);
    if (doc?._rev) await this.store.json('DELETE', [SESSIONS_DB, id], { query: { rev: doc._rev }, expect: [200, 404, 409] });
  }

  /** Ends every session of a member (a new password), except none: the caller starts a new one. */
  async endAll(name: string): Promise<void> {
    const prefix = `session:${hex(name)}:`;
    const { body } = await this.store.json<{ rows: { id: string; value: { rev: string } }[] }>('GET', [SESSIONS_DB, '_all_docs'], {
      query: { startkey: JSON.stringify(prefix), endkey: JSON.stringify(prefix + '\ufff0') },
    });
    if (body.rows.length > 0) {
      await this.store.json('POST', [SESSIONS_DB, '_bulk_docs'], {
        body: { docs: body.rows.map((row) => ({ _id: row.id, _rev: row.value.rev, _deleted: true })) },
      });
    }
    for (const token of this.cache.keys()) if (token.startsWith(hex(name) + '.')) this.cache.delete(token);
  }

  private async extend(res: Response, token: string, doc: SessionDoc): Promise<void> {
    const expiresAt = this.now() + SESSION_SECONDS * 1000;
    try {
      await this.store.json('PUT', [SESSIONS_DB, doc._id], { body: { ...doc, expiresAt: new Date(expiresAt).toISOString() } });
      this.cache.delete(token);
      setCookie(res, token, SESSION_SECONDS);
    } catch (error) {
      // Another request of the same member extended it first; its cookie stands.
      if (!(error instanceof StoreError && error.status === 409)) throw error;
    }
  }

  /**
   * Reads a session and its member's roles. A lone request is read at once; while the store is busy
   * reading earlier ones, the sessions asked for meanwhile wait and are read together. A post wakes
   * every phone waiting on a database and their next requests arrive together (1,000 of them, with
   * sessions the cache no longer vouches for): they then cost the store a few requests, not 2,000.
   */
  private lookup(name: string, id: string): Promise<Found> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ name, id, resolve, reject });
      this.readWaiting();
    });
  }

  private readWaiting(): void {
    while (this.batchesInFlight < BATCHES_IN_FLIGHT && this.waiting.length > 0) {
      this.batchesInFlight += 1;
      void this.readBatch(this.waiting.splice(0, BATCH_LIMIT)).finally(() => {
        this.batchesInFlight -= 1;
        this.readWaiting();
      });
    }
  }

  private async readBatch(batch: Lookup[]): Promise<void> {
    try {
      const sessions = await this.readMany<SessionDoc>(
        SESSIONS_DB,
        batch.map((entry) => entry.id),
      );
      const names = batch.filter((entry) => sessions.has(entry.id)).map((entry) => `org.couchdb.user:${entry.name}`);
      const accounts =
        names.length > 0 ? await this.readMany<{ roles?: unknown }>('_users', names) : new Map<string, { roles?: unknown }>();
      for (const entry of batch) {
        const doc = sessions.get(entry.id) ?? null;
        const account = doc ? accounts.get(`org.couchdb.user:${entry.name}`) : undefined;
        const roles =
          account && Array.isArray(account.roles)
            ? account.roles.filter((role): role is string => typeof role === 'string' && !role.startsWith('_'))
            : null;
        entry.resolve({ doc, roles });
      }
    } catch (error) {
      for (const entry of batch) entry.reject(error);
    }
  }

  /** The documents that exist (and are not deleted) among `ids`, by id. */
  private async readMany<T>(db: string, ids: string[]): Promise<Map<string, T & { _rev?: string }>> {
    const { body } = await this.store.json<{ rows?: { key: string; doc?: (T & { _rev?: string }) | null }[] }>('POST', [db, '_all_docs'], {
      body: { keys: [...new Set(ids)], include_docs: true },
    });
    const found = new Map<string, T & { _rev?: string }>();
    for (const row of body.rows ?? []) if (row.doc) found.set(row.key, row.doc);
    return found;
  }

  private async read<T>(db: string, id: string): Promise<(T & { _rev?: string }) | null> {
    const { status, body } = await this.store.json<T & { _rev?: string }>('GET', [db, id], { expect: [200, 404] });
    return status === 200 ? body : null;
  }

  private missed(address: string, now: number): void {
    const misses = this.misses.get(address);
    if (misses && now - misses.start < MISS_WINDOW_MS) misses.count += 1;
    else {
      if (this.misses.size > 50000) this.misses.clear();
      this.misses.set(address, { start: now, count: 1 });
    }
  }

  private remember(token: string, entry: Cached): void {
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(token, entry);
  }
}

function hex(name: string): string {
  return Buffer.from(name, 'utf8').toString('hex');
}

function sessionId(name: string, secret: string): string {
  return `session:${hex(name)}:${createHash('sha256').update(secret).digest('hex')}`;
}

function parseToken(token: string): { name: string; secret: string } | null {
  const match = /^((?:[0-9a-f]{2}){1,64})\.([A-Za-z0-9_-]{43})$/.exec(token);
  return match ? { name: Buffer.from(match[1]!, 'hex').toString('utf8'), secret: match[2]! } : null;
}

function cookieToken(req: Request): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === SESSION_COOKIE) return value.join('=') || null;
  }
  return null;
}

function setCookie(res: Response, token: string, maxAge: number): void {
  const secure = res.req.secure ? '; Secure' : '';
  res.append('set-cookie', `${SESSION_COOKIE}=${token}; Max-Age=${maxAge}; SameSite=Lax; Path=/; HttpOnly${secure}`);
}

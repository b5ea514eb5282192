import express, { type Response } from 'express';
import { COUNTRIES, userDatabase } from '../../couchdb/databases';
import { isStatus, type Couch } from '../couch/client';
import { provision } from '../couch/provision';
import { sendError } from '../gateway/couch-gateway';
import { persistentCookie } from '../gateway/session-cookie';
import { claimInvite, INVITES_DB, type Invite } from './invites';
import { couchRoles, type Country, type Role } from './roles';
import { passwordProblem } from './password-policy';
import { SignInLimiter } from './sign-in-limiter';

export const USER_NAME = /^[a-z0-9][a-z0-9._-]{2,31}$/;
export const LANGUAGES = ['en', 'pl', 'lt', 'hu', 'ro', 'cs', 'fi'] as const;

export interface AccountRoutesDeps {
  readonly couch: Couch;
  /** The store's base URL without credentials; sign-in asks its _session. */
  readonly couchBase: URL;
  readonly maxBodyBytes: number;
}

/**
 * Sign-up, sign-in and password change. They go through the sync server because CouchDB alone cannot
 * create a user's private database, enforce a password policy or limit guessing.
 */
export function accountRoutes({ couch, couchBase, maxBodyBytes }: AccountRoutesDeps): express.Router {
  const router = express.Router();
  const limiter = new SignInLimiter(couch);
  const json = express.json({ limit: maxBodyBytes });

  router.post('/api/accounts', json, async (req, res) => {
    const { name, password, country, invite: inviteCode } = (req.body ?? {}) as Record<string, unknown>;
    if (typeof name !== 'string' || !USER_NAME.test(name)) {
      return fieldError(res, 'name', 'Use 3 to 32 lower-case letters, digits, dots, dashes or underscores, starting with a letter or digit.');
    }
    if (typeof country !== 'string' || !(COUNTRIES as readonly string[]).includes(country)) {
      return fieldError(res, 'country', `Choose your country network: ${COUNTRIES.join(', ')}.`);
    }
    const weak = passwordProblem(password, name);
    if (weak) return fieldError(res, 'password', weak);
    // An invitation from a coordinator decides the role and the network; without one, an owner.
    let invite: Invite | null = null;
    if (inviteCode !== undefined && inviteCode !== '') {
      const claimed = typeof inviteCode === 'string' ? await claimInvite(couch, inviteCode, name) : 'Enter the invitation code as text.';
      if (typeof claimed === 'string') return fieldError(res, 'invite', claimed);
      invite = claimed;
    }
    const role: Role = invite?.role ?? 'owner';
    try {
      await couch.use('_users').insert({
        _id: `org.couchdb.user:${name}`,
        name,
        type: 'user',
        roles: couchRoles(role, invite?.country ?? (country as Country)),
        password,
      } as never);
    } catch (error) {
      if (isStatus(error, 409)) {
        // Give the invitation back: the name was taken, not the invitation.
        if (invite) await couch.use<Invite>(INVITES_DB).insert({ ...(await couch.use<Invite>(INVITES_DB).get(invite._id)), usedBy: null });
        return fieldError(res, 'name', 'That user name is taken. Choose another.', 409);
      }
      throw error;
    }
    await provision(couch, [userDatabase(name)]);
    res.status(201).json({ ok: true, name, role });
  });

  router.post('/couch/_session', json, async (req, res) => {
    const { name, password } = (req.body ?? {}) as Record<string, unknown>;
    if (typeof name !== 'string' || typeof password !== 'string' || Object.keys(req.query).length > 0) {
      return sendError(res, 400, 'bad_request', 'Send {"name": "...", "password": "..."}.');
    }
    const address = req.ip ?? 'unknown';
    const wait = await limiter.waitBeforeAttempt(name, address);
    if (wait > 0) return tooManyAttempts(res, wait);
    const answer = await couchSession(couchBase, name, password);
    if (answer.status === 401) await limiter.recordFailure(name, address);
    if (answer.status === 200) await limiter.recordSuccess(name);
    relay(res, answer);
  });

  router.post('/api/password', json, async (req, res) => {
    const { name, password, newPassword } = (req.body ?? {}) as Record<string, unknown>;
    if (typeof name !== 'string' || typeof password !== 'string') {
      return sendError(res, 400, 'bad_request', 'Send {"name", "password", "newPassword"}.');
    }
    const weak = passwordProblem(newPassword, name);
    if (weak) return fieldError(res, 'newPassword', weak);
    const address = req.ip ?? 'unknown';
    const wait = await limiter.waitBeforeAttempt(name, address);
    if (wait > 0) return tooManyAttempts(res, wait);
    const check = await couchSession(couchBase, name, password);
    if (check.status !== 200) {
      if (check.status === 401) await limiter.recordFailure(name, address);
      return sendError(res, check.status === 401 ? 401 : 502, check.status === 401 ? 'unauthorized' : 'store_unavailable',
        check.status === 401 ? 'Your current password is not right.' : 'The database is not reachable right now.');
    }
    const users = couch.use<Record<string, unknown>>('_users');
    const user = await users.get(`org.couchdb.user:${name}`);
    await users.insert({ ...user, password: newPassword });
    // The new password changes the user's salt, which ends every session: sign this device in again.
    relay(res, await couchSession(couchBase, name, String(newPassword)));
  });

  return router;
}

interface SessionAnswer {
  status: number;
  body: string;
  cookie: string | null;
}

async function couchSession(couchBase: URL, name: string, password: string): Promise<SessionAnswer> {
  try {
    const response = await fetch(new URL('_session', couchBase), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ name, password }),
    });
    return { status: response.status, body: await response.text(), cookie: response.headers.get('set-cookie') };
  } catch {
    return { status: 502, body: JSON.stringify({ error: 'store_unavailable', reason: 'The database is not reachable right now.' }), cookie: null };
  }
}

function relay(res: Response, answer: SessionAnswer): void {
  if (answer.cookie) res.set('set-cookie', persistentCookie(answer.cookie, res.req.secure));
  res.status(answer.status).type('application/json').set('cache-control', 'no-store').send(answer.body);
}

function fieldError(res: Response, field: string, reason: string, status = 400): void {
  res.status(status).set('cache-control', 'no-store').json({ error: 'bad_request', field, reason });
}

function tooManyAttempts(res: Response, waitMs: number): void {
  const minutes = Math.ceil(waitMs / 60000);
  res.set('retry-after', String(Math.ceil(waitMs / 1000)));
  sendError(res, 429, 'too_many_attempts', `Too many wrong passwords. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`);
}

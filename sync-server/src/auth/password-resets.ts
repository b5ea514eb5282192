import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import { COUNTRIES, type Country } from '../../couchdb/database-names';
import { isStatus, type Couch } from '../couch/client';
import type { MemberLimits } from '../gateway/member-limits';
import type { MemberSessions } from '../gateway/member-sessions';
import { sendError, SIGN_IN_FIRST_CODE, UNAVAILABLE_CODE, type CodedReason } from '../http-errors';
import { USER_NAME } from './account-routes';
import { passwordRefusal } from './password-policy';
import type { SignInLimiter } from './sign-in-limiter';

/**
 * Server-only database of reset codes: one per member (`reset:<name>`, a new code replaces the last),
 * kept as the hash of the code (a copy of the database gives no code).
 */
export const RESETS_DB = 'me2me-resets';
const RESET_HOURS = 24;
/** Letters and digits that cannot be mistaken for each other when read aloud. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

interface Reset {
  _id: string;
  _rev?: string;
  name: string;
  codeHash: string;
  createdBy: string;
  expiresAt: string;
  usedAt: string | null;
}

interface Account {
  _id: string;
  _rev: string;
  name: string;
  roles: string[];
  [field: string]: unknown;
}

export interface PasswordResetDeps {
  readonly couch: Couch;
  readonly sessions: MemberSessions;
  readonly limits: MemberLimits;
  readonly signInLimiter: SignInLimiter;
  readonly maxBodyBytes: number;
}

function codeHash(code: string): string {
  return createHash('sha256').update(code.trim().toUpperCase()).digest('hex');
}

/** The code's maker, as they are now (their roles may have changed since), or null when gone. */
async function makerOf(users: ReturnType<Couch['use']>, createdBy: string): Promise<{ name: string | null; roles: string[] } | null> {
  if (createdBy === 'admin') return { name: null, roles: ['_admin'] };
  const account = (await users.get(`org.couchdb.user:${createdBy}`).catch(() => null)) as { roles?: unknown } | null;
  return account && Array.isArray(account.roles) ? { name: createdBy, roles: account.roles as string[] } : null;
}

/**
 * Whom the caller may give a reset code: a member of a network they run, and only someone whose
 * account gives no more than theirs does. A facilitator resets owners (peer mentors included); a
 * coordinator also tutors and facilitators; coordinators and administrators are reset by an
 * administrator (`npm run admin -- reset-password`). A code would otherwise be a way into a
 * stronger account.
 */
function mayReset(caller: { name: string | null; roles: readonly string[] }, account: Account): boolean {
  if (caller.roles.includes('_admin')) return true;
  if (account.name === caller.name || account.roles.some((role) => role.startsWith('_') || role === 'coordinator')) return false;
  const country = COUNTRIES.find((c) => account.roles.includes(`country:${c}`)) as Country | undefined;
  if (!country) return false;
  if (caller.roles.includes(`coordinator:${country}`)) return true;
  const ownerOnly = account.roles.every((role) =>
    ['member', `country:${country}`, 'owner', `owner:${country}`, 'peer-mentor'].includes(role),
  );
  return caller.roles.includes(`facilitator:${country}`) && ownerOnly;
}

/**
 * "Forgot password" with no e-mail: a coordinator or facilitator of the member's network makes a
 * one-time code (valid a day) and gives it to them in person or by phone; the member sets a new
 * password with it, which ends every session of theirs and signs this device in.
 */
export function passwordResetRoutes({ couch, sessions, limits, signInLimiter, maxBodyBytes }: PasswordResetDeps): express.Router {
  const router = express.Router();
  const json = express.json({ limit: maxBodyBytes });
  const resets = couch.use<Reset>(RESETS_DB);
  const users = couch.use<Account>('_users');

  router.post('/api/password-resets', json, async (req: Request, res: Response) => {
    const caller = await sessions.callerOf(req);
    if (!caller) return sendError(res, 502, 'store_unavailable', 'The database is not reachable right now.', UNAVAILABLE_CODE);
    if (caller.name === null && !caller.roles.includes('_admin'))
      return sendError(res, 401, 'unauthorized', 'Sign in first.', SIGN_IN_FIRST_CODE);
    if (caller.name !== null && !limits.admitted(caller.name, res)) return;
    // Only those who run a network ask about accounts at all: nobody else learns which names exist.
    if (!caller.roles.some((role) => role === '_admin' || /^(facilitator|coordinator):[a-z]{2}$/.test(role))) {
      return sendError(res, 403, 'forbidden', 'Only coordinators and facilitators give reset codes.', { code: 'reset.staffOnly' });
    }
    const body = req.body as Record<string, unknown> | undefined;
    const name = body?.['name'];
    if (!body || typeof body !== 'object' || Array.isArray(body) || Object.keys(body).some((key) => key !== 'name')) {
      return sendError(res, 400, 'bad_request', 'Send {"name"}: the user name of the member who forgot their password.');
    }
    if (typeof name !== 'string' || !USER_NAME.test(name)) {
      return sendError(res, 400, 'bad_request', 'name must be a user name.', { code: 'field.userName', params: { field: 'name' } });
    }
    let account: Account;
    try {
      account = await users.get(`org.couchdb.user:${name}`);
    } catch (error) {
      if (isStatus(error, 404)) {
        return sendError(res, 404, 'not_found', `There is no member called ${name} in a network you run.`, {
          code: 'reset.noSuchMember',
          params: { name },
        });
      }
      throw error;
    }
    if (!mayReset(caller, account)) {
      return sendError(res, 403, 'forbidden', `You cannot reset ${name}'s password: ask a coordinator of their network.`, {
        code: 'reset.notAllowed',
        params: { name },
      });
    }
    const code = Array.from(randomBytes(10), (byte) => ALPHABET[byte % ALPHABET.length]).join('');
    const expiresAt = new Date(Date.now() + RESET_HOURS * 3600_000).toISOString();
    const reset: Reset = {
      _id: `reset:${name}`,
      name,
      codeHash: codeHash(code),
      createdBy: caller.name ?? 'admin',
      expiresAt,
      usedAt: null,
    };
    // The new code replaces the member's last one (a 409 is another maker at the same moment: the read is tried again).
    for (let attempt = 0; ; attempt++) {
      const existing = await resets.get(reset._id).catch((error) => (isStatus(error, 404) ? null : Promise.reject(error)));
      try {
        await resets.insert({ ...reset, ...(existing ? { _rev: existing._rev } : {}) });
        break;
      } catch (error) {
        if (!isStatus(error, 409) || attempt >= 5) throw error;
      }
    }
    res.status(201).set('cache-control', 'no-store').json({ code, name, expiresAt });
  });

  router.post('/api/password-resets/use', json, async (req: Request, res: Response) => {
    const body = req.body as Record<string, unknown> | undefined;
    if (
      !body ||
      typeof body !== 'object' ||
      Array.isArray(body) ||
      Object.keys(body).some((key) => !['name', 'code', 'newPassword'].includes(key))
    ) {
      return sendError(res, 400, 'bad_request', 'Send {"name", "code", "newPassword"}.');
    }
    const { name, code, newPassword } = body;
    if (typeof name !== 'string' || !USER_NAME.test(name))
      return fieldError(res, 'name', { reason: 'Enter your user name.', code: 'reset.enterUserName' });
    if (typeof code !== 'string' || !/^[A-Za-z0-9]{10}$/.test(code.trim())) {
      return fieldError(res, 'code', {
        reason: 'A reset code is 10 letters and digits.',
        code: 'reset.codeFormat',
        params: { length: 10 },
      });
    }
    const weak = passwordRefusal(newPassword, name);
    if (weak) return fieldError(res, 'newPassword', weak);
    const address = req.ip ?? 'unknown';
    const guess = await signInLimiter.guarded(
      name,
      address,
      async (): Promise<Reset | 'invalid' | 'spent'> => {
        const reset = await resets.get(`reset:${name}`).catch((error) => (isStatus(error, 404) ? null : Promise.reject(error)));
        const sameCode = reset !== null && timingSafeEqual(Buffer.from(reset.codeHash, 'hex'), Buffer.from(codeHash(code), 'hex'));
        // Checked again now: a maker who lost their role, or an account that gained one, makes the code void.
        const maker = sameCode ? await makerOf(users as never, reset!.createdBy) : null;
        const account = maker ? await users.get(`org.couchdb.user:${name}`).catch(() => null) : null;
        const valid =
          sameCode &&
          reset!.usedAt === null &&
          Date.parse(reset!.expiresAt) > Date.now() &&
          maker !== null &&
          account !== null &&
          mayReset(maker, account);
        if (!valid || !reset) return 'invalid';
        try {
          // Used first, with the revision read: two uses of one code cannot both pass.
          await resets.insert({ ...reset, usedAt: new Date().toISOString() });
        } catch (error) {
          if (isStatus(error, 409)) return 'spent';
          throw error;
        }
        return reset;
      },
      // Guessing codes counts as guessing passwords: the same limits, per name and address.
      (outcome) => outcome === 'invalid',
    );
    if ('wait' in guess) {
      res.set('retry-after', String(Math.ceil(guess.wait / 1000)));
      return sendError(res, 429, 'too_many_attempts', 'Too many wrong codes. Try again later, or ask for a new code.', {
        code: 'reset.tooManyAttempts',
      });
    }
    const outcome = guess.outcome;
    if (outcome === 'invalid' || outcome === 'spent') {
      return fieldError(res, 'code', {
        reason: 'This code is not right, was used already or has expired. Ask your coordinator or facilitator for a new one.',
        code: 'reset.codeInvalid',
      });
    }
    // Read and written again on a 409 (the projector may be giving a role at the same moment): the code is spent already.
    let account: Account;
    for (let attempt = 0; ; attempt++) {
      account = await users.get(`org.couchdb.user:${name}`);
      try {
        await users.insert({ ...account, password: newPassword as string });
        break;
      } catch (error) {
        if (!isStatus(error, 409) || attempt >= 5) throw error;
      }
    }
    await sessions.endAll(name);
    await sessions.start(res, name);
    res.json({ ok: true, name, roles: account.roles.filter((role) => !role.startsWith('_')) });
  });

  return router;
}

/** A refusal that names the form field it is about, with its code for the app to translate. */
function fieldError(res: Response, field: string, refusal: CodedReason): void {
  res
    .status(400)
    .set('cache-control', 'no-store')
    .json({ error: 'bad_request', field, reason: refusal.reason, code: refusal.code, params: refusal.params ?? {} });
}

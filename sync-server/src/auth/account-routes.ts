import express, { type Response } from 'express';
import { userDatabase } from '../../couchdb/databases';
import { COUNTRIES } from '../../couchdb/database-names';
import { isStatus, type Couch } from '../couch/client';
import { provision } from '../couch/provision';
import type { MemberSessions } from '../gateway/member-sessions';
import type { PasswordChecker } from '../gateway/passwords';
import {
  BUSY_CODE,
  BUSY_SIGNING_IN,
  sendError,
  STORE_UNAVAILABLE,
  tooManyAttemptsCode,
  UNAVAILABLE_CODE,
  type CodedReason,
} from '../http-errors';
import { FORMER_MEMBER } from '../../couchdb/discussions/validate-doc-update';
import { claimInvite, INVITES_DB, UNKNOWN_INVITE, type Invite } from './invites';
import { couchRoles, type Country, type Role } from './roles';
import { passwordRefusal } from './password-policy';
import { SignUpLimiter, signUpLimit } from './sign-up-limiter';
import type { SignInLimiter } from './sign-in-limiter';

export const USER_NAME = /^[a-z0-9][a-z0-9._-]{2,31}$/;
export const LANGUAGES = ['en', 'pl', 'lt', 'hu', 'ro', 'cs', 'fi'] as const;

export interface AccountRoutesDeps {
  readonly couch: Couch;
  readonly passwords: PasswordChecker;
  readonly sessions: MemberSessions;
  readonly signInLimiter: SignInLimiter;
  readonly maxBodyBytes: number;
  readonly signUpsPerAddressPerHour: number;
}

/**
 * Sign-up and password change (signing in is the member API's _session). They go through the sync
 * server because CouchDB alone cannot create a user's private database, enforce a password policy or
 * limit guessing.
 */
export function accountRoutes({
  couch,
  passwords,
  sessions,
  signInLimiter,
  maxBodyBytes,
  signUpsPerAddressPerHour,
}: AccountRoutesDeps): express.Router {
  const router = express.Router();
  const json = express.json({ limit: maxBodyBytes });

  router.post('/api/accounts', signUpLimit(new SignUpLimiter(couch, signUpsPerAddressPerHour)), json, async (req, res) => {
    const { name, password, country, invite: inviteCode } = (req.body ?? {}) as Record<string, unknown>;
    if (typeof name !== 'string' || !USER_NAME.test(name)) {
      return fieldError(res, 'name', {
        reason: 'Use 3 to 32 lower-case letters, digits, dots, dashes or underscores, starting with a letter or digit.',
        code: 'account.nameFormat',
        params: { min: 3, max: 32 },
      });
    }
    // The name deleted members' posts are kept under: whoever held it could edit or withdraw them.
    if (name === FORMER_MEMBER) return fieldError(res, 'name', NAME_TAKEN, 409);
    if (typeof country !== 'string' || !(COUNTRIES as readonly string[]).includes(country)) {
      return fieldError(res, 'country', { reason: `Choose your country network: ${COUNTRIES.join(', ')}.`, code: 'account.chooseCountry' });
    }
    const weak = passwordRefusal(password, name);
    if (weak) return fieldError(res, 'password', weak);
    // An invitation from a coordinator decides the role and the network; without one, an owner.
    let invite: Invite | null = null;
    if (inviteCode !== undefined && inviteCode !== '') {
      const claimed =
        typeof inviteCode === 'string'
          ? await claimInvite(couch, inviteCode, name)
          : { ...UNKNOWN_INVITE, reason: 'Enter the invitation code as text.' };
      if ('reason' in claimed) return fieldError(res, 'invite', claimed);
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
        return fieldError(res, 'name', NAME_TAKEN, 409);
      }
      throw error;
    }
    await provision(couch, [userDatabase(name)]);
    res.status(201).json({ ok: true, name, role });
  });

  router.post('/api/password', json, async (req, res) => {
    const { name, password, newPassword } = (req.body ?? {}) as Record<string, unknown>;
    if (typeof name !== 'string' || typeof password !== 'string') {
      return sendError(res, 400, 'bad_request', 'Send {"name", "password", "newPassword"}.');
    }
    const weak = passwordRefusal(newPassword, name);
    if (weak) return fieldError(res, 'newPassword', weak);
    const address = req.ip ?? 'unknown';
    const guess = await signInLimiter.guarded(
      name,
      address,
      () => passwords.check(name, password),
      (answer) => answer === 'wrong',
    );
    if ('wait' in guess) return tooManyAttempts(res, guess.wait);
    const check = guess.outcome;
    if (check === 'unavailable') return sendError(res, 503, 'store_unavailable', STORE_UNAVAILABLE, UNAVAILABLE_CODE);
    if (check === 'busy') return sendError(res.set('retry-after', '5'), 503, 'busy', BUSY_SIGNING_IN, BUSY_CODE);
    if (check === 'wrong')
      return sendError(res, 401, 'unauthorized', 'Your current password is not right.', { code: 'auth.wrongPassword' });
    const users = couch.use<Record<string, unknown>>('_users');
    const user = await users.get(`org.couchdb.user:${name}`);
    await users.insert({ ...user, password: newPassword });
    // A new password ends every session of the member's, on every device; this one is signed in again.
    await sessions.endAll(name);
    await sessions.start(res, name);
    res.json({ ok: true, name, roles: check.roles.filter((role) => !role.startsWith('_')) });
  });

  return router;
}

const NAME_TAKEN: CodedReason = { reason: 'That user name is taken. Choose another.', code: 'account.nameTaken' };

/** A refusal that names the form field it is about, with its code for the app to translate. */
function fieldError(res: Response, field: string, refusal: CodedReason, status = 400): void {
  res
    .status(status)
    .set('cache-control', 'no-store')
    .json({ error: 'bad_request', field, reason: refusal.reason, code: refusal.code, params: refusal.params ?? {} });
}

function tooManyAttempts(res: Response, waitMs: number): void {
  const minutes = Math.ceil(waitMs / 60000);
  res.set('retry-after', String(Math.ceil(waitMs / 1000)));
  sendError(
    res,
    429,
    'too_many_attempts',
    `Too many wrong passwords. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
    tooManyAttemptsCode(waitMs),
  );
}

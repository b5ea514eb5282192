import express, { type Request, type Response } from 'express';
import { COUNTRIES, CPD_REVIEWS_DB, discussionsDbName, userDbName, workshopsDbName } from '../../couchdb/database-names';
import { FORMER_MEMBER } from '../../couchdb/discussions/validate-doc-update';
import { isStatus, type Couch } from '../couch/client';
import { MemberLimits } from '../gateway/member-limits';
import type { MemberSessions } from '../gateway/member-sessions';
import type { PasswordChecker } from '../gateway/passwords';
import {
  BUSY_CODE,
  BUSY_SIGNING_IN,
  sendError,
  SIGN_IN_FIRST_CODE,
  STORE_UNAVAILABLE,
  tooManyAttemptsCode,
  UNAVAILABLE_CODE,
} from '../http-errors';
import { Certificates, CERTIFICATES_DB } from '../workshops/certificates';
import type { SignInLimiter } from './sign-in-limiter';

type Doc = { _id: string; _rev: string; type?: string; author?: string; owner?: string } & Record<string, unknown>;

/** Copies of their data one member may take in an hour. */
export const EXPORTS_PER_HOUR = 5;

/** Discussion records that are about one person only and go with them; posts, threads and edits stay, anonymised. */
const PERSONAL_DISCUSSION = ['helpful', 'follow', 'report', 'accepted'];

export interface MyDataDeps {
  readonly couch: Couch;
  readonly sessions: MemberSessions;
  readonly passwords: PasswordChecker;
  readonly signInLimiter: SignInLimiter;
  readonly limits: MemberLimits;
  readonly maxBodyBytes: number;
}

/**
 * The member's data rights (the data-protection lesson teaches them): a copy of everything the server
 * keeps about them, and deleting their account. Deleting removes the account, their private database,
 * their drafts and their personal marks in discussions; their posts stay, under "former-member", and
 * attendance stays for the cohort's records (README, Accounts).
 */
export function myDataRoutes({ couch, sessions, passwords, signInLimiter, limits, maxBodyBytes }: MyDataDeps): express.Router {
  const router = express.Router();
  const json = express.json({ limit: maxBodyBytes });
  const certificates = new Certificates(couch);
  // A copy reads every discussion of the member's network: a few an hour is what a person needs, and
  // a flood of them would load the store for everyone.
  const copies = new MemberLimits(0, EXPORTS_PER_HOUR, 3_600_000);

  async function member(req: Request, res: Response): Promise<{ name: string; roles: readonly string[] } | null> {
    const user = await sessions.callerOf(req);
    if (!user) return (sendError(res, 502, 'store_unavailable', STORE_UNAVAILABLE, UNAVAILABLE_CODE), null);
    if (user.name === null) return (sendError(res, 401, 'unauthorized', 'Sign in first.', SIGN_IN_FIRST_CODE), null);
    if (!limits.admitted(user.name, res)) return null;
    return { name: user.name, roles: user.roles };
  }

  /** Every document of `db` that `keep` selects (design documents never). */
  async function docsOf(db: string, keep: (doc: Doc) => boolean): Promise<Doc[]> {
    try {
      const all = await couch.use<Doc>(db).list({ include_docs: true });
      return all.rows.map((row) => row.doc!).filter((doc) => doc && !doc._id.startsWith('_design/') && keep(doc));
    } catch (error) {
      if (isStatus(error, 404)) return [];
      throw error;
    }
  }

  const networksOf = (roles: readonly string[]) => COUNTRIES.filter((country) => roles.includes(`country:${country}`));

  router.get('/api/me/data', async (req, res) => {
    // Asked for from another site (a link or page that navigates here with the member's cookie), it
    // would only use up their copies: the app asks from its own origin.
    if (req.get('sec-fetch-site') === 'cross-site')
      return sendError(res, 403, 'forbidden', 'Ask for your data from the app.', { code: 'auth.notAllowed' });
    const user = await member(req, res);
    if (!user || !copies.admitted(user.name, res)) return;
    const { name } = user;
    const account = await couch.use<Doc>('_users').get(`org.couchdb.user:${name}`);
    const networks = networksOf(user.roles);
    const strip = (doc: Doc) => Object.fromEntries(Object.entries(doc).filter(([key]) => key !== '_rev'));
    const copy = {
      exportedAt: new Date().toISOString(),
      account: { name, roles: (account['roles'] as string[]).filter((role) => !role.startsWith('_')) },
      private: (await docsOf(userDbName(name), () => true)).map(strip),
      discussions: (await Promise.all(networks.map((c) => docsOf(discussionsDbName(c), (doc) => doc.author === name)))).flat().map(strip),
      workshops: (await Promise.all(networks.map((c) => docsOf(workshopsDbName(c), (doc) => doc.owner === name || doc.author === name))))
        .flat()
        .map(strip),
      authoring: (await docsOf('authoring', (doc) => doc.author === name)).map(strip),
      cpdReviews: (await docsOf(CPD_REVIEWS_DB, (doc) => doc.author === name)).map(strip),
      certificateCode: await certificates.codeOf(name, 'induction'),
      cpdCertificateCode: await certificates.codeOf(name, 'cpd'),
    };
    res.set('cache-control', 'no-store').set('content-disposition', `attachment; filename="me2me-${name}.json"`).json(copy);
  });

  router.post('/api/me/delete', json, async (req, res) => {
    const user = await member(req, res);
    if (!user) return;
    const body = req.body as Record<string, unknown> | undefined;
    if (
      !body ||
      typeof body !== 'object' ||
      Array.isArray(body) ||
      Object.keys(body).some((key) => key !== 'password') ||
      typeof body['password'] !== 'string'
    ) {
      return sendError(res, 400, 'bad_request', 'Send {"password"}: your password, to confirm.');
    }
    const { name } = user;
    const address = req.ip ?? 'unknown';
    // The password is asked again (a phone left open is not consent), with the sign-in limits.
    const guess = await signInLimiter.guarded(
      name,
      address,
      () => passwords.check(name, body['password'] as string),
      (answer) => answer === 'wrong',
    );
    if ('wait' in guess) {
      res.set('retry-after', String(Math.ceil(guess.wait / 1000)));
      return sendError(res, 429, 'too_many_attempts', 'Too many wrong passwords. Try again later.', tooManyAttemptsCode(guess.wait));
    }
    const check = guess.outcome;
    if (check === 'unavailable') return sendError(res, 503, 'store_unavailable', STORE_UNAVAILABLE, UNAVAILABLE_CODE);
    if (check === 'busy') return sendError(res.set('retry-after', '5'), 503, 'busy', BUSY_SIGNING_IN, BUSY_CODE);
    if (check === 'wrong') return sendError(res, 401, 'unauthorized', 'Your password is not right.', { code: 'auth.wrongPassword' });

    // Sessions first, so nothing more is written as this member while the rest goes.
    await sessions.endAll(name);
    // Databases where a revision with the member's name or data was replaced: compacted at the end.
    const rewritten = new Set<string>(['_users', CERTIFICATES_DB]);
    for (const country of networksOf(user.roles)) {
      const db = discussionsDbName(country);
      const mine = await docsOf(db, (doc) => doc.author === name);
      const changed = mine.map((doc) =>
        PERSONAL_DISCUSSION.includes(String(doc.type))
          ? { _id: doc._id, _rev: doc._rev, _deleted: true }
          : { ...doc, author: FORMER_MEMBER },
      );
      if (changed.length > 0) {
        await couch.use(db).bulk({ docs: changed });
        rewritten.add(db);
      }
    }
    const drafts = await docsOf('authoring', (doc) => doc.author === name && doc.type === 'draft');
    if (drafts.length > 0) {
      await couch.use('authoring').bulk({ docs: drafts.map((doc) => ({ _id: doc._id, _rev: doc._rev, _deleted: true })) });
      rewritten.add('authoring');
    }
    // A review of the CPD curriculum is the reviewer's opinion under their name: it goes with them.
    const reviews = await docsOf(CPD_REVIEWS_DB, (doc) => doc.author === name);
    if (reviews.length > 0) {
      await couch.use(CPD_REVIEWS_DB).bulk({ docs: reviews.map((doc) => ({ _id: doc._id, _rev: doc._rev, _deleted: true })) });
      rewritten.add(CPD_REVIEWS_DB);
    }
    await couch.db.destroy(userDbName(name)).catch((error) => (isStatus(error, 404) ? undefined : Promise.reject(error)));
    // The account keeps only its name, with no password and no roles: nobody can sign in as it, and
    // nobody can sign up with the name and inherit the attendance kept under it.
    const users = couch.use<Doc>('_users');
    const account = await users.get(`org.couchdb.user:${name}`);
    await users.insert({
      _id: account._id,
      _rev: account._rev,
      name,
      type: 'user',
      roles: [],
      deletedAt: new Date().toISOString(),
    } as never);
    // After the roles are gone: a projection running now cannot issue the certificate again.
    await certificates.forget(name);
    // A replaced revision stays readable by ?rev= until compaction: with the name on a post, or the
    // password hash on the account. CouchDB compacts in the background; the embedded store before it answers.
    await Promise.all(
      [...rewritten].map((db) =>
        couch.db.compact(db).catch((error) => console.warn(`Could not compact ${db} after deleting an account:`, (error as Error).message)),
      ),
    );
    await sessions.end(req, res);
    res.json({ ok: true, deleted: name });
  });

  return router;
}

import express, { type Request, type Response } from 'express';
import { type UserContext } from '../../couchdb/databases';
import { COUNTRIES, type Country } from '../../couchdb/database-names';
import { isStatus, type Couch } from '../couch/client';
import type { MemberLimits } from '../gateway/member-limits';
import type { MemberSessions } from '../gateway/member-sessions';
import { sendError, SIGN_IN_FIRST_CODE, UNAVAILABLE_CODE } from '../http-errors';
import { USER_NAME } from './account-routes';
import { createInvite } from './invites';
import { withRole, type Role } from './roles';

/**
 * Roles a coordinator may give within their country network; `owner` takes a staff role back;
 * `reviewer` lets a stakeholder (a member of the local forum) review the CPD curriculum.
 */
const GRANTABLE: readonly Role[] = ['owner', 'tutor', 'facilitator', 'reviewer'];

function isGrantable(role: unknown): role is Role {
  return typeof role === 'string' && (GRANTABLE as readonly string[]).includes(role);
}

export interface NetworkRoutesDeps {
  readonly couch: Couch;
  readonly sessions: MemberSessions;
  readonly limits: MemberLimits;
  readonly maxBodyBytes: number;
}

/** What coordinators do for their country network: give roles and hand out invitations. */
export function networkRoutes({ couch, sessions, limits, maxBodyBytes }: NetworkRoutesDeps): express.Router {
  const router = express.Router();
  const json = express.json({ limit: maxBodyBytes });

  /** The caller and the countries they coordinate (every country for a server admin), or null after an error was sent. */
  async function coordinator(req: Request, res: Response): Promise<{ name: string; countries: Country[] } | null> {
    const user: UserContext | null = await sessions.callerOf(req);
    if (!user) return (sendError(res, 502, 'store_unavailable', 'The database is not reachable right now.', UNAVAILABLE_CODE), null);
    if (user.name === null && !user.roles.includes('_admin'))
      return (sendError(res, 401, 'unauthorized', 'Sign in first.', SIGN_IN_FIRST_CODE), null);
    const name = user.name ?? 'admin';
    if (user.name !== null && !limits.admitted(user.name, res)) return null;
    if (user.roles.includes('_admin')) return { name, countries: [...COUNTRIES] };
    const countries = COUNTRIES.filter((country) => user.roles.includes(`coordinator:${country}`));
    if (countries.length === 0)
      return (sendError(res, 403, 'forbidden', 'Only coordinators manage a network.', { code: 'network.coordinatorsOnly' }), null);
    return { name, countries };
  }

  router.post('/api/roles', json, async (req, res) => {
    const caller = await coordinator(req, res);
    if (!caller) return;
    const { countries } = caller;
    const { name, role, granted = true, ...rest } = (req.body ?? {}) as Record<string, unknown>;
    if (Object.keys(rest).length > 0)
      return sendError(res, 400, 'bad_request', `Unknown field ${Object.keys(rest)[0]}: send name, role and granted.`);
    if (!isGrantable(role)) return sendError(res, 400, 'bad_request', `role must be one of ${GRANTABLE.join(', ')}.`);
    if (typeof name !== 'string' || !USER_NAME.test(name))
      return sendError(res, 400, 'bad_request', 'name must be a user name.', { code: 'field.userName', params: { field: 'name' } });
    if (typeof granted !== 'boolean')
      return sendError(res, 400, 'bad_request', 'granted must be true (give the role) or false (take it away).');
    const users = couch.use<{ roles: string[] } & Record<string, unknown>>('_users');
    let user;
    try {
      user = await users.get(`org.couchdb.user:${name}`);
    } catch (error) {
      if (isStatus(error, 404))
        return sendError(res, 404, 'not_found', `There is no user called ${name}.`, { code: 'network.noSuchUser', params: { name } });
      throw error;
    }
    const country = countries.find((c) => user.roles.includes(`country:${c}`));
    if (!country)
      return sendError(res, 403, 'forbidden', `${name} is not a member of a network you coordinate.`, {
        code: 'network.notYourMember',
        params: { name },
      });
    if (user.roles.includes('coordinator'))
      return sendError(res, 403, 'forbidden', 'Coordinators are managed by an administrator.', { code: 'network.coordinatorRole' });
    const roles = withRole(user.roles, role, country, granted);
    await users.insert({ ...user, roles });
    res.json({ ok: true, name, role, granted, country, roles: roles.filter((r) => !r.startsWith('_')) });
  });

  router.post('/api/invites', json, async (req, res) => {
    const caller = await coordinator(req, res);
    if (!caller) return;
    const { countries } = caller;
    const { role, country } = (req.body ?? {}) as Record<string, unknown>;
    if (!isGrantable(role)) return sendError(res, 400, 'bad_request', `role must be one of ${GRANTABLE.join(', ')}.`);
    const target = (typeof country === 'string' ? country : countries[0]) as Country;
    if (!countries.includes(target))
      return sendError(res, 403, 'forbidden', 'You can only invite people to a network you coordinate.', {
        code: 'network.notYourNetwork',
      });
    const invite = await createInvite(couch, role, target, caller.name);
    const code = invite._id.replace(/^invite:/, '');
    res.status(201).json({ code, role, country: target, expiresAt: invite.expiresAt, link: `/sign-up?invite=${code}` });
  });

  return router;
}

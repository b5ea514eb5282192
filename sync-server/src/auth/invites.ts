import { randomBytes } from 'node:crypto';
import type { Country } from '../../couchdb/database-names';
import { isStatus, type Couch } from '../couch/client';
import type { CodedReason } from '../http-errors';
import type { Role } from './roles';

/** Admin-only database of invitations that coordinators hand out. */
export const INVITES_DB = 'me2me-invites';
const INVITE_DAYS = 14;
/** Letters and digits that cannot be mistaken for each other when read aloud or typed on a phone. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export const UNKNOWN_INVITE: CodedReason = {
  reason: 'This invitation code does not exist. Check it with the person who gave it to you.',
  code: 'invite.unknown',
};
const USED_INVITE: CodedReason = { reason: 'This invitation code has been used already.', code: 'invite.used' };
const EXPIRED_INVITE: CodedReason = { reason: 'This invitation code has expired. Ask for a new one.', code: 'invite.expired' };

export interface Invite {
  _id: string;
  _rev?: string;
  role: Role;
  country: Country;
  createdBy: string;
  expiresAt: string;
  usedBy: string | null;
}

export function newInviteCode(): string {
  return Array.from(randomBytes(10), (byte) => ALPHABET[byte % ALPHABET.length]).join('');
}

export async function createInvite(couch: Couch, role: Role, country: Country, createdBy: string, now = Date.now()): Promise<Invite> {
  const invite: Invite = {
    _id: `invite:${newInviteCode()}`,
    role,
    country,
    createdBy,
    expiresAt: new Date(now + INVITE_DAYS * 24 * 3600 * 1000).toISOString(),
    usedBy: null,
  };
  await couch.use<Invite>(INVITES_DB).insert(invite);
  return invite;
}

/**
 * Takes an invite for `userName`: it must exist, be unused and unexpired. Marking it used is a CouchDB
 * update with the read revision, so two people racing for one code cannot both get it.
 */
export async function claimInvite(couch: Couch, code: string, userName: string, now = Date.now()): Promise<Invite | CodedReason> {
  const id = `invite:${code.trim().toUpperCase()}`;
  let invite: Invite;
  try {
    invite = await couch.use<Invite>(INVITES_DB).get(id);
  } catch (error) {
    if (isStatus(error, 404)) return UNKNOWN_INVITE;
    throw error;
  }
  if (invite.usedBy) return USED_INVITE;
  if (Date.parse(invite.expiresAt) < now) return EXPIRED_INVITE;
  try {
    await couch.use<Invite>(INVITES_DB).insert({ ...invite, usedBy: userName });
  } catch (error) {
    if (isStatus(error, 409)) return USED_INVITE;
    throw error;
  }
  return invite;
}

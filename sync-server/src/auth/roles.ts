import type { Country } from '../../couchdb/database-names';

export { COUNTRIES, type Country } from '../../couchdb/database-names';

export const ROLES = ['owner', 'tutor', 'facilitator', 'coordinator', 'reviewer'] as const;
export type Role = (typeof ROLES)[number];

/**
 * CouchDB roles of an account. Every account is a member of its country network; its role is given
 * plain (for rules about the role anywhere, like writing the catalog) and scoped to the country (for
 * _security, which cannot combine two roles).
 */
export function couchRoles(role: Role, country: Country): string[] {
  return ['member', `country:${country}`, role, `${role}:${country}`];
}

/**
 * An account's roles with one role given (granted) or taken away, keeping every other: a tutor may
 * also facilitate, and an earned `peer-mentor` stays whatever a coordinator sets.
 */
export function withRole(roles: readonly string[], role: Role, country: Country, granted: boolean): string[] {
  const without = roles.filter((existing) => existing !== role && existing !== `${role}:${country}`);
  return granted ? [...without, role, `${role}:${country}`] : without;
}

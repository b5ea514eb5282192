/** The partner countries, one network each (PRODUCT.md). */
export const COUNTRIES = ['pl', 'lt', 'uk', 'hu', 'ro', 'ie', 'cz', 'fi'] as const;
export type Country = (typeof COUNTRIES)[number];

export type Role = 'owner' | 'tutor' | 'facilitator' | 'coordinator';

/** CouchDB roles of an account: every account is a member, plus its role and its country network. */
export function couchRoles(role: Role, country: Country): string[] {
  return ['member', role, `country:${country}`];
}

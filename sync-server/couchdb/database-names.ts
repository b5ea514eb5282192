/**
 * Every database a member can reach, by name, with the `_security` it has: written once for the
 * server (provisioning, the gateway's read check and its parser of addresses) and the app (which
 * replicates with these databases and runs their rules before pushing). No Node or browser APIs.
 */

/** The partner countries, one network each (PRODUCT.md). */
export const COUNTRIES = ['pl', 'lt', 'uk', 'hu', 'ro', 'ie', 'cz', 'fi'] as const;
export type Country = (typeof COUNTRIES)[number];

export const CATALOG_DB = 'catalog';
/** Drafts of lessons and the history of published versions: tutors and peer mentors only. */
export const AUTHORING_DB = 'authoring';
/** Stakeholders' reviews of the CPD curriculum (one curriculum for every network): reviewers write, tutors read. */
export const CPD_REVIEWS_DB = 'cpd-reviews';

export function discussionsDbName(country: string): string {
  return `discussions-${country}`;
}

export function workshopsDbName(country: string): string {
  return `workshops-${country}`;
}

export function insightsDbName(country: string): string {
  return `insights-${country}`;
}

/** CouchDB's own per-user naming (couch_peruser): userdb- followed by the hex of the user name's UTF-8. */
export function userDbName(userName: string): string {
  return 'userdb-' + Array.from(new TextEncoder().encode(userName), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** What a database name means: which kind of database, and whose or which network's. */
export type DatabaseName =
  | { readonly kind: 'catalog' | 'authoring' | 'cpd-reviews' }
  | { readonly kind: 'userdb'; readonly owner: string }
  | { readonly kind: 'discussions' | 'workshops' | 'insights'; readonly country: Country };

/** A user name is at most 128 bytes of UTF-8 (the sign-up rule), so its database name is bounded too. */
const USER_DB = /^userdb-((?:[0-9a-f]{2}){1,128})$/;
const NETWORK_DB = /^(discussions|workshops|insights)-([a-z]{2})$/;

/** The meaning of a database name, or null for any name that is not one of ours exactly. */
export function parseDatabaseName(name: string): DatabaseName | null {
  if (name === CATALOG_DB) return { kind: 'catalog' };
  if (name === AUTHORING_DB) return { kind: 'authoring' };
  if (name === CPD_REVIEWS_DB) return { kind: 'cpd-reviews' };
  const network = NETWORK_DB.exec(name);
  if (network) {
    const country = COUNTRIES.find((known) => known === network[2]);
    return country ? { kind: network[1] as 'discussions' | 'workshops' | 'insights', country } : null;
  }
  const user = USER_DB.exec(name);
  if (!user) return null;
  const bytes = Uint8Array.from(user[1]!.match(/../g)!, (pair) => parseInt(pair, 16));
  try {
    const owner = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    // Only the canonical spelling: one name, one database.
    return userDbName(owner) === name ? { kind: 'userdb', owner } : null;
  } catch {
    return null;
  }
}

export interface Security {
  admins: { names: string[]; roles: string[] };
  members: { names: string[]; roles: string[] };
}

const serverAdmins = (): Security['admins'] => ({ names: [], roles: ['_admin'] });

/** The `_security` of one of our databases, from its name alone. */
export function securityOf(database: DatabaseName): Security {
  switch (database.kind) {
    case 'catalog':
      // Every signed-in member reads the catalog.
      return { admins: serverAdmins(), members: { names: [], roles: ['member'] } };
    case 'authoring':
      return { admins: serverAdmins(), members: { names: [], roles: ['tutor', 'peer-mentor'] } };
    case 'cpd-reviews':
      // Reviewers read their own reviews back (and each other's: a forum reviews together); tutors of every network read them beside the lessons.
      return { admins: serverAdmins(), members: { names: [], roles: ['reviewer', 'tutor'] } };
    case 'userdb':
      return { admins: serverAdmins(), members: { names: [database.owner], roles: [] } };
    case 'discussions':
      return { admins: serverAdmins(), members: { names: [], roles: [`country:${database.country}`] } };
    case 'workshops':
      return {
        admins: serverAdmins(),
        members: { names: [], roles: [`facilitator:${database.country}`, `coordinator:${database.country}`] },
      };
    case 'insights':
      // Counts only: what a network's owners need and where they struggle, for its staff.
      return {
        admins: serverAdmins(),
        members: { names: [], roles: [`tutor:${database.country}`, `facilitator:${database.country}`, `coordinator:${database.country}`] },
      };
  }
}

/** The `_security` of a database by name, or null for names that are not ours. */
export function securityFor(name: string): Security | null {
  const parsed = parseDatabaseName(name);
  return parsed ? securityOf(parsed) : null;
}

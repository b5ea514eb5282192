import { validateAuthoringDoc } from './authoring/validate-doc-update';
import catalogSecurity from './catalog/security.json';
import { validateCatalogDoc } from './catalog/validate-doc-update';
import { validateDiscussionDoc } from './discussions/validate-doc-update';
import { validateInsightsDoc } from './insights/validate-doc-update';
import { validateUserDoc } from './userdb/validate-doc-update';
import { validateWorkshopDoc } from './workshops/validate-doc-update';

/** A design function or a plugin hook, called with whatever its caller passes. */
type DesignFunction = (...args: any[]) => any;

/** The partner countries, one network each (PRODUCT.md). */
export const COUNTRIES = ['pl', 'lt', 'uk', 'hu', 'ro', 'ie', 'cz', 'fi'] as const;
export type Country = (typeof COUNTRIES)[number];

export interface Security {
  admins: { names: string[]; roles: string[] };
  members: { names: string[]; roles: string[] };
}

export interface DatabasePlan {
  readonly name: string;
  readonly security: Security;
  /** Design documents by id, as CouchDB stores them (functions as source text). */
  readonly designDocs: readonly Record<string, unknown>[];
}

/**
 * The source text CouchDB stores for a design function: an anonymous function expression.
 * `Function.prototype.toString()` of a named function gives `function validateX(newDoc, …) {…}`, which
 * Apache CouchDB refuses at first use ("compilation_error: Expression does not eval to a function"), so
 * the name is dropped here. The function must be self-contained: CouchDB sees only this text, never the
 * module it came from (sync-server/test/design-functions.spec.ts checks both).
 */
export function designFunctionSource(fn: DesignFunction): string {
  const source = fn.toString();
  const head = /^function\s*(?:[A-Za-z_$][\w$]*)?\s*\(/.exec(source);
  if (!head) {
    throw new Error(`A design function must be a plain \`function name(…) {…}\`, not: ${source.slice(0, 80)}`);
  }
  return 'function (' + source.slice(head[0].length);
}

function validationDesignDoc(validate: DesignFunction): Record<string, unknown> {
  return { _id: '_design/validation', language: 'javascript', validate_doc_update: designFunctionSource(validate) };
}

export const CATALOG_DB = 'catalog';
/** Drafts of lessons and the history of published versions: tutors and peer mentors only. */
export const AUTHORING_DB = 'authoring';

const serverAdmins = { names: [] as string[], roles: ['_admin'] };

/**
 * Databases that exist once per deployment: the catalog, lesson authoring, and per country network its discussions
 * (every member of the network reads) and its workshops (its facilitators and coordinators only).
 */
export const sharedDatabases: readonly DatabasePlan[] = [
  { name: CATALOG_DB, security: catalogSecurity, designDocs: [validationDesignDoc(validateCatalogDoc)] },
  {
    name: AUTHORING_DB,
    security: { admins: serverAdmins, members: { names: [], roles: ['tutor', 'peer-mentor'] } },
    designDocs: [validationDesignDoc(validateAuthoringDoc)],
  },
  ...COUNTRIES.map((country) => ({
    name: `discussions-${country}`,
    security: { admins: serverAdmins, members: { names: [], roles: [`country:${country}`] } },
    designDocs: [validationDesignDoc(validateDiscussionDoc)],
  })),
  ...COUNTRIES.map((country) => ({
    name: `workshops-${country}`,
    security: { admins: serverAdmins, members: { names: [], roles: [`facilitator:${country}`, `coordinator:${country}`] } },
    designDocs: [validationDesignDoc(validateWorkshopDoc)],
  })),
  // What a network's owners need and where they struggle, as counts only: its tutors, facilitators and coordinators read it.
  ...COUNTRIES.map((country) => ({
    name: insightsDbName(country),
    security: {
      admins: serverAdmins,
      members: { names: [], roles: [`tutor:${country}`, `facilitator:${country}`, `coordinator:${country}`] },
    },
    designDocs: [validationDesignDoc(validateInsightsDoc)],
  })),
];

export function insightsDbName(country: string): string {
  return `insights-${country}`;
}

/** CouchDB's own per-user naming (couch_peruser): userdb- followed by the hex of the user name. */
export function userDbName(userName: string): string {
  return 'userdb-' + Buffer.from(userName, 'utf8').toString('hex');
}

/** A user's private database: only that user reads and writes it. */
export function userDatabase(userName: string): DatabasePlan {
  return {
    name: userDbName(userName),
    security: { admins: { names: [], roles: ['_admin'] }, members: { names: [userName], roles: [] } },
    designDocs: [validationDesignDoc(validateUserDoc)],
  };
}

/**
 * The _security of a database, from its name alone: the gateway checks reads with it before a request
 * reaches the store, and provisioning writes the same object. Null for names that are not ours.
 */
export function securityFor(dbName: string): Security | null {
  const shared = sharedDatabases.find((plan) => plan.name === dbName);
  if (shared) return shared.security;
  const user = /^userdb-((?:[0-9a-f]{2})+)$/.exec(dbName);
  if (user) return userDatabase(Buffer.from(user[1]!, 'hex').toString('utf8')).security;
  return null;
}

export interface UserContext {
  name: string | null;
  roles: string[];
}

/** CouchDB's reader rule: a server admin, or a member by name or role (no members: anyone signed in). */
export function mayRead(user: UserContext, security: Security): boolean {
  if (user.roles.includes('_admin')) return true;
  const inSection = (section: { names: string[]; roles: string[] }) =>
    (user.name !== null && section.names.includes(user.name)) || section.roles.some((role) => user.roles.includes(role));
  if (inSection(security.admins)) return true;
  if (security.members.names.length === 0 && security.members.roles.length === 0) return user.name !== null;
  return inSection(security.members);
}

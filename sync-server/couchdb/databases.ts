import { validateAuthoringDoc } from './authoring/validate-doc-update';
import { validateCatalogDoc } from './catalog/validate-doc-update';
import { validateReviewDoc } from './cpd-reviews/validate-doc-update';
import { validateDiscussionDoc } from './discussions/validate-doc-update';
import { validateInsightsDoc } from './insights/validate-doc-update';
import { validateUserDoc } from './userdb/validate-doc-update';
import { validateWorkshopDoc } from './workshops/validate-doc-update';
import { ruleHelpers, type ValidateDocUpdate } from './rule-helpers';
import {
  AUTHORING_DB,
  CATALOG_DB,
  COUNTRIES,
  CPD_REVIEWS_DB,
  discussionsDbName,
  insightsDbName,
  securityOf,
  userDbName,
  workshopsDbName,
  type Security,
} from './database-names';

/** A design function, as written in TypeScript. */
type DesignFunction = (...args: any[]) => any;

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

/** A rule's validate_doc_update as CouchDB stores it: the rule and the shared helpers in one self-contained function. */
export function validateDocUpdateSource(validate: ValidateDocUpdate): string {
  const rule = designFunctionSource(validate.rule);
  const helpers = designFunctionSource(ruleHelpers);
  const facts = JSON.stringify(validate.facts);
  return `function (newDoc, oldDoc, userCtx, secObj) {\n  return (${rule})(newDoc, oldDoc, userCtx, secObj, (${helpers})(), ${facts});\n}`;
}

function validationDesignDoc(validate: ValidateDocUpdate): Record<string, unknown> {
  return { _id: '_design/validation', language: 'javascript', validate_doc_update: validateDocUpdateSource(validate) };
}

/**
 * Databases that exist once per deployment: the catalog, lesson authoring, the CPD curriculum's reviews, and per country network its discussions
 * (every member of the network reads) and its workshops (its facilitators and coordinators only).
 */
export const sharedDatabases: readonly DatabasePlan[] = [
  { name: CATALOG_DB, security: securityOf({ kind: 'catalog' }), designDocs: [validationDesignDoc(validateCatalogDoc)] },
  { name: AUTHORING_DB, security: securityOf({ kind: 'authoring' }), designDocs: [validationDesignDoc(validateAuthoringDoc)] },
  { name: CPD_REVIEWS_DB, security: securityOf({ kind: 'cpd-reviews' }), designDocs: [validationDesignDoc(validateReviewDoc)] },
  ...COUNTRIES.map((country) => ({
    name: discussionsDbName(country),
    security: securityOf({ kind: 'discussions', country }),
    designDocs: [validationDesignDoc(validateDiscussionDoc)],
  })),
  ...COUNTRIES.map((country) => ({
    name: workshopsDbName(country),
    security: securityOf({ kind: 'workshops', country }),
    designDocs: [validationDesignDoc(validateWorkshopDoc)],
  })),
  ...COUNTRIES.map((country) => ({
    name: insightsDbName(country),
    security: securityOf({ kind: 'insights', country }),
    designDocs: [validationDesignDoc(validateInsightsDoc)],
  })),
];

/** A user's private database: only that user reads and writes it. */
export function userDatabase(userName: string): DatabasePlan {
  return {
    name: userDbName(userName),
    security: securityOf({ kind: 'userdb', owner: userName }),
    designDocs: [validationDesignDoc(validateUserDoc)],
  };
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

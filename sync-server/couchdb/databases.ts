import catalogSecurity from './catalog/security.json';
import { validateCatalogDoc } from './catalog/validate-doc-update';
import { validateUserDoc } from './userdb/validate-doc-update';

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

function validationDesignDoc(validate: Function): Record<string, unknown> {
  return { _id: '_design/validation', language: 'javascript', validate_doc_update: validate.toString() };
}

export const CATALOG_DB = 'catalog';

/** Databases that exist once per deployment. */
export const sharedDatabases: readonly DatabasePlan[] = [
  { name: CATALOG_DB, security: catalogSecurity, designDocs: [validationDesignDoc(validateCatalogDoc)] },
];

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

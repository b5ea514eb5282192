import { validateAuthoringDoc } from '../../couchdb/authoring/validate-doc-update';
import { validateCatalogDoc } from '../../couchdb/catalog/validate-doc-update';
import { AUTHORING_DB, CATALOG_DB, securityFor, type Security } from '../../couchdb/databases';
import { validateDiscussionDoc } from '../../couchdb/discussions/validate-doc-update';
import { validateInsightsDoc } from '../../couchdb/insights/validate-doc-update';
import { validateUserDoc } from '../../couchdb/userdb/validate-doc-update';
import { validateWorkshopDoc } from '../../couchdb/workshops/validate-doc-update';

export type ValidateDocUpdate = (newDoc: unknown, oldDoc: unknown, userCtx: unknown, secObj: unknown) => void;

export interface DatabaseRules {
  readonly security: Security;
  /** The database's validate_doc_update, run here as compiled code: the store never evaluates rules for members. */
  readonly validate: ValidateDocUpdate;
}

/** Security and validation of a database members may use, from its name alone; null for any other name. */
export function rulesFor(db: string): DatabaseRules | null {
  const security = securityFor(db);
  if (!security) return null;
  const validate: ValidateDocUpdate | null =
    db === CATALOG_DB
      ? validateCatalogDoc
      : db === AUTHORING_DB
        ? validateAuthoringDoc
        : db.startsWith('userdb-')
          ? validateUserDoc
          : db.startsWith('discussions-')
            ? validateDiscussionDoc
            : db.startsWith('workshops-')
              ? validateWorkshopDoc
              : db.startsWith('insights-')
                ? validateInsightsDoc
                : null;
  return validate ? { security, validate } : null;
}

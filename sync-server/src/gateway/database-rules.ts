import { validateAuthoringDoc } from '../../couchdb/authoring/validate-doc-update';
import { validateCatalogDoc } from '../../couchdb/catalog/validate-doc-update';
import { validateReviewDoc } from '../../couchdb/cpd-reviews/validate-doc-update';
import { parseDatabaseName, securityOf, type DatabaseName, type Security } from '../../couchdb/database-names';
import { validateDiscussionDoc } from '../../couchdb/discussions/validate-doc-update';
import { validateInsightsDoc } from '../../couchdb/insights/validate-doc-update';
import { validateUserDoc } from '../../couchdb/userdb/validate-doc-update';
import { validateWorkshopDoc } from '../../couchdb/workshops/validate-doc-update';
import type { ValidateDocUpdate } from '../../couchdb/rule-helpers';

export interface DatabaseRules {
  readonly security: Security;
  /** The database's validate_doc_update, run here as compiled code: the store never evaluates rules for members. */
  readonly validate: ValidateDocUpdate;
}

/** Security and validation of a database members may use, from its name alone; null for any other name. */
export function rulesFor(db: string): DatabaseRules | null {
  const database = parseDatabaseName(db);
  return database ? { security: securityOf(database), validate: VALIDATE[database.kind] } : null;
}

const VALIDATE: Record<DatabaseName['kind'], ValidateDocUpdate> = {
  catalog: validateCatalogDoc,
  authoring: validateAuthoringDoc,
  'cpd-reviews': validateReviewDoc,
  userdb: validateUserDoc,
  discussions: validateDiscussionDoc,
  workshops: validateWorkshopDoc,
  insights: validateInsightsDoc,
};

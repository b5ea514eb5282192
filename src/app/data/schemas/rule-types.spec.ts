import { validateAuthoringDoc } from '../../../../sync-server/couchdb/authoring/validate-doc-update';
import { validateCatalogDoc } from '../../../../sync-server/couchdb/catalog/validate-doc-update';
import { validateDiscussionDoc } from '../../../../sync-server/couchdb/discussions/validate-doc-update';
import { validateUserDoc } from '../../../../sync-server/couchdb/userdb/validate-doc-update';
import { validateWorkshopDoc } from '../../../../sync-server/couchdb/workshops/validate-doc-update';
import { authoringSchema } from './authoring';
import { catalogSchema } from './catalog';
import { discussionSchema } from './discussion';
import { personalSchema } from './personal';
import { workshopSchema } from './workshop';

const AT = '2026-11-29T09:00:00.000Z';

type Rule = (newDoc: unknown, oldDoc: unknown, userCtx: unknown, secObj: unknown) => void;

const REPLICATED: { name: string; rule: Rule; types: readonly unknown[] }[] = [
  { name: 'catalog', rule: validateCatalogDoc as Rule, types: typesOf(catalogSchema) },
  { name: 'authoring', rule: validateAuthoringDoc as Rule, types: typesOf(authoringSchema) },
  { name: 'discussions', rule: validateDiscussionDoc as Rule, types: typesOf(discussionSchema) },
  { name: 'workshops', rule: validateWorkshopDoc as Rule, types: typesOf(workshopSchema) },
  { name: 'private', rule: validateUserDoc as Rule, types: typesOf(personalSchema) },
];

function typesOf(schema: { properties: unknown }): readonly unknown[] {
  return (schema.properties as { type: { enum: unknown[] } }).type.enum;
}

/** Every type some database holds, and a few no database does. */
const CANDIDATES = [...new Set([...REPLICATED.flatMap((db) => db.types), 'tip', 'note', 'probe', 'lesson-translation'])];

describe('what a database accepts and what a phone can hold', () => {
  for (const { name, rule, types } of REPLICATED) {
    it(`${name}: the rule refuses, even from an administrator, every type its collection does not know`, () => {
      const admin = { name: null, roles: ['_admin'] };
      const secObj = { members: { names: [], roles: [] }, admins: { names: [], roles: [] } };
      for (const type of CANDIDATES.filter((candidate) => !types.includes(candidate))) {
        let reason = '';
        try {
          rule(
            { _id: `${String(type)}:abcdefgh12`, type, author: 'ania', owner: 'ania', createdAt: AT, updatedAt: AT },
            null,
            admin,
            secObj,
          );
        } catch (refusal) {
          reason = String((refusal as { forbidden?: string }).forbidden ?? refusal);
        }
        expect(reason)
          .withContext(`${name} with type ${String(type)}`)
          .toContain('Unknown document type');
      }
    });
  }
});

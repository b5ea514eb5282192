import type { RxPlugin, RxStorage } from 'rxdb';
import { disableWarnings, RxDBDevModePlugin } from 'rxdb/plugins/dev-mode';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';

disableWarnings();

/** Development and tests run RxDB's dev-mode: schema and query checks with readable errors. */
export const devPlugins: RxPlugin[] = [RxDBDevModePlugin];

/** Development and tests check every write against its collection's schema (dev-mode wants it outermost). */
export function withSchemaValidation<I, S>(storage: RxStorage<I, S>): RxStorage<I, S> {
  return wrappedValidateAjvStorage({ storage });
}

import type { RxPlugin } from 'rxdb';
import { disableWarnings, RxDBDevModePlugin } from 'rxdb/plugins/dev-mode';

disableWarnings();

/** Development and tests run RxDB's dev-mode: schema and query checks with readable errors. */
export const devPlugins: RxPlugin[] = [RxDBDevModePlugin];

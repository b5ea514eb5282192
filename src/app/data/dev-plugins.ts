import type { RxPlugin } from 'rxdb';

/** Production builds carry no RxDB dev-mode (it adds an iframe and warnings); see dev-plugins.development.ts. */
export const devPlugins: RxPlugin[] = [];

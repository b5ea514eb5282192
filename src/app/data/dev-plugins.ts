import type { RxPlugin, RxStorage } from 'rxdb';

/** Production builds carry no RxDB dev-mode (it adds an iframe and warnings); see dev-plugins.development.ts. */
export const devPlugins: RxPlugin[] = [];

/**
 * Production stores without checking each write against the schema: the app's own code writes typed
 * documents and the server's rules (run on the phone before pushing, and on the server) check what is
 * exchanged. The JSON-schema validator compiles code at run time, which would need `unsafe-eval` in the
 * content security policy, and it is the largest part of the data layer's first chunk.
 */
export function withSchemaValidation<I, S>(storage: RxStorage<I, S>): RxStorage<I, S> {
  return storage;
}

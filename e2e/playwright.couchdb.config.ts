import { defineConfig } from '@playwright/test';
import base from './playwright.config';

/** The fault-injection run on Apache CouchDB (e2e/faults/run-on-couchdb.sh); it starts its own server and CouchDB. */
export default defineConfig({
  ...base,
  testMatch: 'faults/fault-injection.couchdb.ts',
  globalSetup: undefined,
  outputDir: '../test-results/e2e-couchdb',
});

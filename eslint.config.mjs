// Lint for the app, the sync server and the end-to-end tests (npm run lint, part of npm test).
// The import boundaries are the architecture's: only data/ touches RxDB and Dexie, and a feature
// reaches another only through its store.
import eslint from '@eslint/js';
import angular from 'angular-eslint';
import tseslint from 'typescript-eslint';

const FEATURES = ['authoring', 'discussions', 'insights', 'lessons', 'me', 'needs', 'reviews', 'tabs', 'workshops'];

const localDatabaseOnlyInData = {
  group: ['rxdb', 'rxdb/*', 'dexie', 'dexie/*'],
  message: 'Only src/app/data/ imports RxDB or Dexie: go through a repository there.',
};

/** Ionic's barrel pulls every component into the first chunk: each is imported from its own entry point. */
const ionicBarrel = {
  name: '@ionic/angular',
  message: "Import each Ionic part from its own entry point, e.g. '@ionic/angular/ion-button'.",
};

function importRules(patterns) {
  return { 'no-restricted-imports': ['error', { paths: [ionicBarrel], patterns }] };
}

/** For a feature's files: every other feature's folder, but for that feature's store. */
function otherFeatures(feature) {
  return FEATURES.filter((other) => other !== feature).map((other) => ({
    group: [`../${other}/*`, `!../${other}/${other}-store`],
    message: `A feature reaches another only through its store (../${other}/${other}-store); shared parts live in shared/.`,
  }));
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'sync-server/dist/**', 'test-results/**', 'bench/**', 'public/**', '.angular/**'] },
  {
    files: ['**/*.ts'],
    extends: [eslint.configs.recommended, ...tseslint.configs.recommended],
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // Test fixtures and the CouchDB protocol's loosely typed bodies.
      '@typescript-eslint/no-explicit-any': 'off',
      'no-empty-pattern': 'off',
    },
  },
  {
    // CouchDB compiles these from their source text, on whatever JavaScript engine it was built with.
    files: ['sync-server/couchdb/**/validate-doc-update.ts', 'sync-server/couchdb/rule-helpers.ts'],
    rules: { 'no-var': 'off' },
  },
  {
    files: ['src/**/*.ts'],
    extends: [...angular.configs.tsRecommended],
    processor: angular.processInlineTemplates,
    rules: {
      '@angular-eslint/directive-selector': ['error', { type: 'attribute', prefix: 'app', style: 'camelCase' }],
      '@angular-eslint/component-selector': ['error', { type: 'element', prefix: 'app', style: 'kebab-case' }],
      // Pages are named for what they are (LearnPage, Tabs), not suffixed with "Component".
      '@angular-eslint/component-class-suffix': 'off',
      ...importRules([localDatabaseOnlyInData]),
    },
  },
  ...FEATURES.map((feature) => ({
    files: [`src/app/${feature}/**/*.ts`],
    rules: importRules([localDatabaseOnlyInData, ...otherFeatures(feature)]),
  })),
  {
    files: ['src/app/data/**/*.ts'],
    rules: importRules([]),
  },
  {
    files: ['src/**/*.html'],
    extends: [...angular.configs.templateRecommended, ...angular.configs.templateAccessibility],
  },
);

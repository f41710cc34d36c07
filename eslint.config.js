// @ts-check
// ESLint 9 flat config. `npm run lint` runs it with --max-warnings 0, then Prettier --check (formatting is Prettier's
// alone: no stylistic rules here). Import cycles: import-x/no-cycle skips `import type`, so `npm run lint` also runs
// madge, which counts them.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';
import { importX, createNodeResolver } from 'eslint-plugin-import-x';
import noUnsanitized from 'eslint-plugin-no-unsanitized';
import globals from 'globals';

/** Folders by where code runs (ARCHITECTURE.md); the zones below keep each from importing one "above" it. */
const layering = [
  {
    target: './lib/shared',
    from: ['./lib/background', './lib/content', './components', './entrypoints'],
    message: 'lib/shared runs anywhere: it imports only lib/shared.',
  },
  {
    target: './lib/content',
    from: './lib/background',
    message: 'Content scripts reach the background through the message API (lib/shared/messaging), never by import.',
  },
  {
    target: './lib/background',
    from: ['./lib/content', './components'],
    message: 'The background never imports content-script or UI code.',
  },
  {
    target: './components/pages',
    from: ['./lib/content', './lib/background', './components/content'],
    message: 'Extension pages talk to the background through the message API, never by import.',
  },
  {
    target: './components/content',
    from: ['./lib/background', './components/pages'],
    message: 'In-page UI reaches the background through the message API.',
  },
  {
    target: './components/shared',
    from: ['./lib/content', './lib/background', './components/content', './components/pages'],
    message: 'components/shared is used by every UI: it imports only shared code.',
  },
];

/** No DOM in the service worker or in code that may run there. */
const noDomGlobals = ['window', 'document', 'localStorage', 'sessionStorage', 'XMLHttpRequest'].map((name) => ({
  name,
  message: `${name} does not exist in the background service worker.`,
}));

export default defineConfig(
  globalIgnores([
    '.output*/',
    '.wxt/',
    'node_modules/',
    'tests/fixtures/dist/',
    'test-results/',
    'playwright-report/',
    'demo-screenshots/',
    'bench-results/',
    '.prof/',
  ]),

  js.configs.recommended,
  tseslint.configs.recommended,

  {
    languageOptions: {
      ecmaVersion: 'latest',
      sourceType: 'module',
      // Preact through tsconfig's automatic runtime (jsxImportSource: preact): no pragma in scope.
      parserOptions: { ecmaFeatures: { jsx: true }, jsxPragma: null },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js', '.jsx', '.mjs'],
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.d.mts', '.mjs', '.js', '.jsx', '.json'] })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': ['error', { zones: layering }],
      'import-x/no-self-import': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
    },
  },

  // Page text is text, never HTML: no unsanitized innerHTML/insertAdjacentHTML/document.write in anything that ships.
  {
    files: ['lib/**', 'components/**', 'entrypoints/**'],
    ...noUnsanitized.configs.recommended,
    rules: { 'no-unsanitized/method': 'error', 'no-unsanitized/property': 'error' },
  },

  // Globals per execution context.
  {
    files: ['lib/background/**', 'entrypoints/background.ts'],
    languageOptions: { globals: { ...globals.serviceworker, ...globals.webextensions } },
  },
  {
    files: ['lib/background/**', 'lib/shared/**', 'entrypoints/background.ts'],
    rules: { 'no-restricted-globals': ['error', ...noDomGlobals] },
  },
  { files: ['lib/shared/**'], languageOptions: { globals: globals['shared-node-browser'] } },
  {
    files: ['lib/content/**', 'components/**', 'entrypoints/**'],
    ignores: ['entrypoints/background.ts'],
    languageOptions: { globals: { ...globals.browser, ...globals.webextensions } },
  },
  // Replica pages' client code (bundled for the browser; some modules are also imported by the Node fixture build).
  { files: ['tests/fixtures/src/**'], languageOptions: { globals: { ...globals.browser, ...globals.node } } },
  { files: ['*.config.{js,ts}', 'tests/fixtures/*.mjs', 'tests/fixtures/detect/src/**'], languageOptions: { globals: globals.node } },
  // Node scripts and tests that also hand functions to page.evaluate (run in a page or in the extension's worker).
  {
    files: ['scripts/**', 'tests/**'],
    ignores: ['tests/fixtures/src/**'],
    languageOptions: { globals: { ...globals.node, ...globals.browser, ...globals.webextensions } },
  },
);

import js from '@eslint/js';
import vitest from '@vitest/eslint-plugin';
import prettier from 'eslint-config-prettier';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/**
 * The architecture's arrows (README "Architecture (as built)", shared architecture.md "may import"): each API
 * folder may import only the folders and top-level modules listed; everything else under api/src is a
 * violation. Top-level leaves (config, errors, log, trust, projectRoot, csv) hold no business rules.
 */
const LEAVES = ['./config.ts', './errors.ts', './log.ts', './trust.ts', './projectRoot.ts'];
const API_MAY_IMPORT = {
  auth: [...LEAVES],
  domain: [...LEAVES],
  store: [...LEAVES, './domain'],
  m365: [...LEAVES],
  delegation: [...LEAVES, './auth', './store'],
  reads: [...LEAVES, './domain', './m365', './clients.ts'],
  accounts: [...LEAVES, './auth', './domain', './m365', './reads', './store', './clients.ts'],
  inventory: [...LEAVES, './auth', './domain', './m365', './reads', './store', './accounts', './delegation', './clients.ts', './csv.ts'],
  jobs: [...LEAVES, './auth', './store', './accounts', './delegation', './inventory'],
  http: [...LEAVES, './auth', './domain', './store', './accounts', './inventory', './jobs', './delegation', './services.ts', './csv.ts'],
};
const TAB_FEATURES = ['account', 'accounts', 'audit', 'baseline', 'config', 'jobs', 'session', 'signin'];
const zones = [
  ...Object.entries(API_MAY_IMPORT).map(([folder, allowed]) => ({
    target: `./api/src/${folder}`,
    from: './api/src',
    except: [`./${folder}`, ...allowed],
    message: `api/src/${folder} may import only ${allowed.join(', ')} (README, Architecture).`,
  })),
  // Product code never imports the emulator; main.ts starts it in demo mode.
  { target: './api/src/**/!(main).ts', from: './emulator', message: 'Product code never imports the emulator.' },
  { target: './tab/src', from: ['./api', './emulator'], message: 'The tab reaches the API over HTTP only, through contract/.' },
  { target: './contract', from: ['./api', './tab', './emulator'], message: 'contract/ imports zod only.' },
  // A feature is one page and its parts: it may use the shared session, not another feature's insides.
  ...TAB_FEATURES.filter((feature) => feature !== 'session').map((feature) => ({
    target: `./tab/src/features/${feature}`,
    from: './tab/src/features',
    except: [`./${feature}`, './session'],
    message: 'A tab feature may import the session feature, tab/src/{api,teams,components,lib} and contract/, not another feature.',
  })),
  {
    target: ['./tab/src/api', './tab/src/teams', './tab/src/components', './tab/src/lib'],
    from: './tab/src/features',
    message: 'Shared tab code must not depend on a feature.',
  },
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'data/**', 'coverage/**', 'tests/artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // An import cycle means two modules cannot be understood (or initialised) one without the other.
    files: ['api/**/*.ts', 'emulator/**/*.ts', 'contract/**/*.ts', 'tab/src/**/*.{ts,tsx}', 'bench/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js'] })],
      // The dependencies it follows are TypeScript too: parse them with the same parser.
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/extensions': ['.ts', '.tsx', '.js'],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': ['error', { zones, basePath: import.meta.dirname }],
    },
  },
  {
    files: ['tab/src/**/*.{ts,tsx}', 'tests/tab/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': ['error', { additionalHooks: '^useApi$' }] },
  },
  {
    // Tests read loosely typed JSON bodies of our own API: asserting on shapes is their job.
    files: ['tests/**/*.ts', 'tests/**/*.tsx'],
    plugins: { vitest },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      // A test that asserts nothing shows green while broken. node:assert, expect, our helpers whose names say
      // they assert (assert*, expect*, check*), and Playwright's waitFor (it throws when the element never comes).
      'vitest/expect-expect': [
        'error',
        { assertFunctionNames: ['expect', 'expect*', 'assert', 'assert.*', 'assert*', 'check*', '**.waitFor'] },
      ],
    },
  },
  {
    // The emulator is a stand-in for Microsoft 365: it must never borrow product code.
    files: ['emulator/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/api/**', '**/tab/**', '**/contract/**'] }],
    },
  },
  // Last: formatting is Prettier's (.prettierrc.json), so no lint rule may disagree with it.
  prettier,
);

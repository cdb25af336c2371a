/**
 * Mutation testing of api/src/accounts/ (issue 13): `npm run test:mutation` (scripts/mutation.ts sets up the
 * emulator's TLS trust first, as tests/run.ts does). Not part of `npm test`. While iterating, narrow it:
 * `npm run test:mutation -- --mutate api/src/accounts/plan.ts`. Reports go to reports/mutation/ (gitignored).
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  mutate: ['api/src/accounts/**/*.ts'],
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  plugins: ['@stryker-mutator/vitest-runner'],
  coverageAnalysis: 'perTest',
  // Two cores, shared: one test runner leaves the other core to everything else.
  concurrency: 1,
  timeoutMS: 60_000,
  reporters: ['clear-text', 'json', 'html', 'progress'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true, reportMutants: true },
  thresholds: { high: 90, low: 85, break: null },
  tempDirName: '.stryker-tmp',
  ignorePatterns: ['dist', 'data', 'coverage', 'reports', 'tests/artifacts', 'bench/results', '.ci'],
  cleanTempDir: true,
  // A re-run tests only the mutants whose code or covering tests changed since the last run (reports/ is gitignored).
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
};

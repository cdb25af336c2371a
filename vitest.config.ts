import { defineConfig } from 'vitest/config';

/**
 * `npm test` runs these four projects through `tests/run.ts` (which first makes the emulator's TLS certificate
 * and trusts it process-wide, then scans the run's API logs for secrets):
 * - unit: pure modules, no network, no store (`npm run test:unit`, under a minute);
 * - integration: emulator, API, store on PGlite and PostgreSQL, reliability, package, bench;
 * - browser: Debian's Chromium through playwright-core against the built tab (`npm run build:tab` first);
 * - tab: React components with Testing Library in happy-dom.
 * Each test file runs in its own child process (forks, isolated), two at a time, as Node's runner did: the
 * API and emulator keep process-wide state (log file, agents) that must not leak between files.
 */
const UNIT = [
  'tests/accounts/**/*.test.ts',
  'tests/unit/**/*.test.ts',
  'tests/m365/budget.test.ts',
  'tests/m365/budgetLearning.test.ts',
  'tests/bench/floor.test.ts',
  'tests/m365/errors.test.ts',
  'tests/m365/retry.test.ts',
  'tests/api/config.test.ts',
  'tests/api/sealing.test.ts',
  'tests/emulator/seed.test.ts',
  'tests/package/aadManifest.test.ts',
  'tests/package/icons.test.ts',
  'tests/package/infra.test.ts',
  'tests/package/lifecycle.test.ts',
  'tests/package/manifest.test.ts',
];

// Long suites (3,000-room syncs, kill -9 restarts) set their own, longer timeouts; Node's runner had none.
const TIMEOUTS = { testTimeout: 10 * 60_000, hookTimeout: 10 * 60_000, teardownTimeout: 60_000 };

export default defineConfig({
  test: {
    pool: 'forks',
    // Closing a Fluent dialog in the tab project cancels its motion; per Web Animations, cancel() rejects
    // `animation.finished` with an AbortError, which Fluent leaves unobserved (a browser only logs it).
    // Only that exact error is ignored; any other unhandled error still fails the run.
    onUnhandledError: (error) => !(error.name === 'AbortError' && error.message === 'The animation was canceled.'),
    maxWorkers: 2,
    ...TIMEOUTS,
    coverage: {
      provider: 'v8',
      // Source files only: the SQL migrations and assets are not JavaScript.
      include: ['api/src/**/*.ts', 'contract/**/*.ts', 'tab/src/**/*.{ts,tsx}', 'emulator/src/**/*.ts'],
      reporter: ['text-summary', 'json-summary'],
      // The figures are wanted even when a test fails (Vitest leaves them out by default).
      reportOnFailure: true,
      reportsDirectory: 'coverage',
    },
    projects: [
      { extends: true, test: { name: 'unit', include: UNIT, environment: 'node' } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/**/*.test.ts'],
          exclude: [...UNIT, 'tests/browser/**', 'tests/tab/**', '**/node_modules/**'],
          environment: 'node',
        },
      },
      { extends: true, test: { name: 'browser', include: ['tests/browser/**/*.test.ts'], environment: 'node' } },
      {
        extends: true,
        oxc: { jsx: { runtime: 'automatic' } },
        test: {
          name: 'tab',
          include: ['tests/tab/**/*.test.tsx'],
          environment: 'happy-dom',
          setupFiles: ['tests/tab/setup.ts'],
        },
      },
    ],
  },
});

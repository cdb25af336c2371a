import { defineConfig } from 'vitest/config';

/**
 * The tests StrykerJS runs against each mutant of api/src/accounts/ (stryker.config.mjs, `npm run test:mutation`):
 * the accounts unit tests, and applyPlan driven through the real Graph and Exchange clients against an in-process
 * emulator (the one fake, at the network boundary). No store, no HTTP server: each mutant's run stays short.
 */
export default defineConfig({
  test: {
    include: ['tests/accounts/**/*.test.ts', 'tests/accounts-apply/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

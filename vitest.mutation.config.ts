import { defineConfig } from 'vitest/config';

/**
 * The tests StrykerJS runs against each mutant of api/src/accounts/ (stryker.config.mjs, `npm run test:mutation`):
 * the accounts unit tests, then applyPlan and ChangeService driven through the real token source and clients
 * against an in-process emulator (the one fake, at the network boundary) on an in-memory PGlite store.
 * The unit group runs first: a static mutant (module-level code: a check's definition) runs every test, and
 * with Stryker's bail the first failure ends the run before the slower emulator files start.
 * MUTATION_UNIT_ONLY=1 drops the emulator group: a quick run for the pure modules (checks, plan, permissions,
 * catalog), whose score it slightly understates; the emulator-driven modules then show as not covered.
 */
const unitOnly = process.env.MUTATION_UNIT_ONLY === '1';

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'accounts-unit', include: ['tests/accounts/**/*.test.ts'], sequence: { groupOrder: 0 } } },
      ...(unitOnly
        ? []
        : [
            {
              extends: true as const,
              test: { name: 'accounts-emulator', include: ['tests/accounts-apply/**/*.test.ts'], sequence: { groupOrder: 1 } },
            },
          ]),
    ],
  },
});

/**
 * `npm run test:mutation`: StrykerJS over api/src/accounts/ (stryker.config.mjs). Like tests/run.ts, it first
 * makes the emulator's TLS certificate and trusts it through NODE_EXTRA_CA_CERTS, which Node reads only when a
 * process starts: Stryker's test-runner processes inherit it, so the applyPlan tests reach the HTTPS emulator.
 * Other arguments go to Stryker (`--mutate api/src/accounts/plan.ts`).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { testEnvironment } from '../tests/helpers/testEnvironment.ts';

const root = new URL('..', import.meta.url).pathname;
const { env } = await testEnvironment('mutation');

const child = spawn(process.execPath, [join(root, 'node_modules/@stryker-mutator/core/bin/stryker.js'), 'run', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env,
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

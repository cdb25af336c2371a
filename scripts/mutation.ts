/**
 * `npm run test:mutation`: StrykerJS over api/src/accounts/ (stryker.config.mjs). Like tests/run.ts, it first
 * makes the emulator's TLS certificate and trusts it through NODE_EXTRA_CA_CERTS, which Node reads only when a
 * process starts: Stryker's test-runner processes inherit it, so the applyPlan tests reach the HTTPS emulator.
 * Other arguments go to Stryker (`--mutate api/src/accounts/plan.ts`).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateTls } from '../emulator/src/tls.ts';

const root = new URL('..', import.meta.url).pathname;
const tlsDir = join(tmpdir(), `room-accounts-mutation-tls-${process.pid}`);
mkdirSync(tlsDir, { recursive: true });
const tls = await generateTls();
writeFileSync(join(tlsDir, 'key.pem'), tls.key);
writeFileSync(join(tlsDir, 'cert.pem'), tls.cert);

const child = spawn(process.execPath, [join(root, 'node_modules/@stryker-mutator/core/bin/stryker.js'), 'run', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    NODE_EXTRA_CA_CERTS: join(tlsDir, 'cert.pem'),
    EMULATOR_TLS_KEY_FILE: join(tlsDir, 'key.pem'),
    EMULATOR_TLS_CERT_FILE: join(tlsDir, 'cert.pem'),
    ROOM_ACCOUNTS_LOG_FILE: join(tlsDir, 'api-log.jsonl'),
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  },
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

/**
 * `npm test`: runs every `tests/**\/*.test.ts` file with Node's test runner. It first makes one TLS
 * certificate for the emulator and trusts it through NODE_EXTRA_CA_CERTS, so plain `fetch` in tests reaches
 * the HTTPS emulator exactly as a client trusting a corporate CA would. Arguments filter files by substring.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { generateTls } from '../emulator/src/tls.ts';

const root = new URL('..', import.meta.url).pathname;

function findTests(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return findTests(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

const filters = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const files = findTests(join(root, 'tests'))
  .map((file) => relative(root, file))
  .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)))
  .sort();
if (files.length === 0) {
  console.error(`No test file matches ${filters.join(' ')}`);
  process.exit(1);
}

const tlsDir = join(tmpdir(), `room-accounts-test-tls-${process.pid}`);
mkdirSync(tlsDir, { recursive: true });
const tls = await generateTls();
writeFileSync(join(tlsDir, 'key.pem'), tls.key);
writeFileSync(join(tlsDir, 'cert.pem'), tls.cert);

const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    NODE_EXTRA_CA_CERTS: join(tlsDir, 'cert.pem'),
    EMULATOR_TLS_KEY_FILE: join(tlsDir, 'key.pem'),
    EMULATOR_TLS_CERT_FILE: join(tlsDir, 'cert.pem'),
  },
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

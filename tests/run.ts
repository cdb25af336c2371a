/**
 * `npm test`: runs every `tests/**\/*.test.ts` file with Node's test runner. It first makes one TLS
 * certificate for the emulator and trusts it through NODE_EXTRA_CA_CERTS, so plain `fetch` in tests reaches
 * the HTTPS emulator exactly as a client trusting a corporate CA would. Arguments filter files by substring.
 * Every test process appends its API log lines to one file (ROOM_ACCOUNTS_LOG_FILE); after the run that
 * file is scanned for tokens, Authorization headers and the client secret, and any hit fails the run.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { DEMO_APP } from '../emulator/src/index.ts';
import { generateTls } from '../emulator/src/tls.ts';
import { scanLogText } from './helpers/logScan.ts';

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
const logFile = join(tlsDir, 'api-log.jsonl');
writeFileSync(logFile, '');

const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], {
  cwd: root,
  // stdout is passed through and read for the runner's own totals; stderr goes straight to ours.
  stdio: ['inherit', 'pipe', 'inherit'],
  env: {
    ...process.env,
    NODE_EXTRA_CA_CERTS: join(tlsDir, 'cert.pem'),
    EMULATOR_TLS_KEY_FILE: join(tlsDir, 'key.pem'),
    EMULATOR_TLS_CERT_FILE: join(tlsDir, 'cert.pem'),
    ROOM_ACCOUNTS_LOG_FILE: logFile,
    // Every line still goes to the log file; the console only shows warnings and errors.
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  },
});
const totals = { pass: 0, fail: 0 };
let pendingLine = '';
child.stdout?.on('data', (chunk: Buffer) => {
  process.stdout.write(chunk);
  const lines = (pendingLine + chunk.toString('utf8')).split('\n');
  pendingLine = lines.pop() ?? '';
  for (const line of lines) countTotals(line);
});
child.on('exit', (code, signal) => {
  countTotals(pendingLine);
  const status = Math.max(code ?? (signal ? 1 : 0), scanLogs());
  // CI reads this plain last line to know that tests ran; a failed log scan counts as one more failure.
  console.log(`${totals.pass} passed, ${totals.fail + (status !== 0 && totals.fail === 0 ? 1 : 0)} failed`);
  process.exit(status);
});

/** The runner's closing `# pass N` / `# fail N` lines (TAP reporter, top level only). */
function countTotals(line: string): void {
  const match = /^# (pass|fail) (\d+)$/.exec(line);
  if (match) totals[match[1] as 'pass' | 'fail'] = Number(match[2]);
}

/** The secrets-and-logs check over every log line the suite wrote; 1 when any secret leaked. */
function scanLogs(): number {
  const text = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
  const secrets = [DEMO_APP.clientSecret, process.env.SECRET_AAD_APP_CLIENT_SECRET ?? ''];
  const findings = scanLogText(text, secrets);
  const lines = text.split('\n').filter(Boolean).length;
  if (findings.length === 0) {
    console.log(`# log scan: ${lines} API log lines in ${logFile}: no token, Authorization header or client secret`);
    return 0;
  }
  console.error(`\nLOG SCAN FAILED: ${findings.length} secret(s) in the API logs of this run (${logFile}):`);
  for (const finding of findings.slice(0, 20)) console.error(`  line ${finding.line} (event ${finding.event}): ${finding.kind}`);
  return 1;
}

/**
 * `npm test`: runs Vitest's projects (vitest.config.ts). It first makes one TLS certificate for the emulator
 * and trusts it through NODE_EXTRA_CA_CERTS, which Node reads only when a process starts, so it must be set
 * before Vitest forks its workers: plain `fetch` in tests then reaches the HTTPS emulator exactly as a client
 * trusting a corporate CA would. Other arguments go to Vitest (`--project unit`, file substrings, `--coverage`).
 * Every test process appends its API log lines to one file (ROOM_ACCOUNTS_LOG_FILE); after the run that
 * file is scanned for tokens, Authorization headers and the client secret, and any hit fails the run.
 * The last line is the plain `N passed, N failed` that CI reads.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_APP } from '../emulator/src/index.ts';
import { scanLogText } from './helpers/logScan.ts';
import { testEnvironment } from './helpers/testEnvironment.ts';

const root = new URL('..', import.meta.url).pathname;

const vitestArgs = process.argv.slice(2);

const { dir: tlsDir, logFile, env } = await testEnvironment('test');

const resultsFile = join(tlsDir, 'vitest-results.json');
const child = spawn(
  process.execPath,
  [
    join(root, 'node_modules/vitest/vitest.mjs'),
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${resultsFile}`,
    ...vitestArgs,
  ],
  {
    cwd: root,
    stdio: 'inherit',
    env,
  },
);
child.on('exit', (code, signal) => {
  const totals = readTotals();
  const status = Math.max(code ?? (signal ? 1 : 0), scanLogs());
  // CI reads this plain last line to know that tests ran; a failed log scan or run counts as one more failure.
  console.log(`${totals.passed} passed, ${totals.failed + (status !== 0 && totals.failed === 0 ? 1 : 0)} failed`);
  process.exit(status);
});

/**
 * Vitest's JSON report: passed and failed tests. A test that never ran because its file failed (a hook
 * threw, the browser did not start) counts as failed; tests skipped on purpose (skipIf) count as neither.
 */
function readTotals(): { passed: number; failed: number } {
  if (!existsSync(resultsFile)) return { passed: 0, failed: 0 };
  const report = JSON.parse(readFileSync(resultsFile, 'utf8')) as {
    numPassedTests?: number;
    numFailedTests?: number;
    testResults?: { status: string; assertionResults: { status: string }[] }[];
  };
  const neverRan = (report.testResults ?? [])
    .filter((file) => file.status === 'failed')
    .reduce((sum, file) => sum + file.assertionResults.filter((test) => test.status !== 'passed' && test.status !== 'failed').length, 0);
  return { passed: report.numPassedTests ?? 0, failed: (report.numFailedTests ?? 0) + neverRan };
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

import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateTls } from '../../emulator/src/tls.ts';

/**
 * What a process tree of tests needs before it starts (tests/run.ts for Vitest, scripts/mutation.ts for
 * StrykerJS): one TLS certificate for the emulator, trusted through NODE_EXTRA_CA_CERTS (Node reads it only when
 * a process starts, so it must be in the environment the runner forks with), and one file every API log goes to.
 */
export async function testEnvironment(name: string): Promise<{ dir: string; logFile: string; env: NodeJS.ProcessEnv }> {
  const dir = join(tmpdir(), `room-accounts-${name}-tls-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const tls = await generateTls();
  writeFileSync(join(dir, 'key.pem'), tls.key);
  writeFileSync(join(dir, 'cert.pem'), tls.cert);
  const logFile = join(dir, 'api-log.jsonl');
  writeFileSync(logFile, '');
  return {
    dir,
    logFile,
    env: {
      ...process.env,
      NODE_EXTRA_CA_CERTS: join(dir, 'cert.pem'),
      EMULATOR_TLS_KEY_FILE: join(dir, 'key.pem'),
      EMULATOR_TLS_CERT_FILE: join(dir, 'cert.pem'),
      ROOM_ACCOUNTS_LOG_FILE: logFile,
      // Every line still goes to the log file; the console only shows warnings and errors.
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    },
  };
}

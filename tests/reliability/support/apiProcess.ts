/**
 * One API instance as its own process, for the crash, load and two-instance suites: demo-mode wiring for an
 * emulator that lives elsewhere (so it survives this process being killed), from the environment:
 *   EMULATOR_URL, EMULATOR_TENANT_ID, EMULATOR_CLIENT_ID, EMULATOR_CLIENT_SECRET, EMULATOR_CA_FILE;
 *   PORT, DATA_DIR, DATABASE_URL, ALLOWED_TENANT_IDS as for `npm start`;
 *   BUDGET_TIME_SCALE (our budget × k, as the emulator's clock) or BUDGET_LIMITS (JSON, partial BudgetLimits);
 *   WORKER=off, WORKER_ID, WORKER_LEASE_MS, WORKER_POLL_MS, WORKER_CONCURRENCY; SYNC_STALE_MS (a silent sync is presumed dead).
 * Logs go to stdout as JSON lines; `api_ready` (with the port) says it is listening. It exits when its
 * stdin closes, so a test process that dies leaves no API behind.
 */
import { readFileSync } from 'node:fs';
import { DEMO_SIGNIN_CLIENT_ID } from '../../../emulator/src/index.ts';
import { startApi } from '../../../api/src/bootstrap.ts';
import { loadConfig } from '../../../api/src/config.ts';
import { scaleBudgetLimits, type BudgetLimits } from '../../../api/src/m365/index.ts';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`apiProcess needs ${name}`);
  return value;
}

const number = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);

const config = loadConfig(process.env, {
  baseUrl: required('EMULATOR_URL'),
  tenantId: required('EMULATOR_TENANT_ID'),
  clientId: required('EMULATOR_CLIENT_ID'),
  clientSecret: required('EMULATOR_CLIENT_SECRET'),
  caCert: readFileSync(required('EMULATOR_CA_FILE'), 'utf8'),
  demoClientIds: [DEMO_SIGNIN_CLIENT_ID],
});
const timeScale = number('BUDGET_TIME_SCALE');
const budgetLimits: Partial<BudgetLimits> | undefined = process.env.BUDGET_LIMITS
  ? { ...(timeScale ? scaleBudgetLimits(timeScale) : {}), ...(JSON.parse(process.env.BUDGET_LIMITS) as Partial<BudgetLimits>) }
  : timeScale
    ? scaleBudgetLimits(timeScale)
    : undefined;

const api = await startApi(config, {
  budgetLimits,
  inventory: { staleSyncMs: number('SYNC_STALE_MS') },
  worker:
    process.env.WORKER === 'off'
      ? false
      : {
          workerId: process.env.WORKER_ID,
          leaseMs: number('WORKER_LEASE_MS'),
          pollMs: number('WORKER_POLL_MS'),
          concurrency: number('WORKER_CONCURRENCY'),
        },
});
// Whatever LOG_LEVEL says, the parent waits for this line.
process.stdout.write(`${JSON.stringify({ event: 'api_ready', port: api.port, pid: process.pid })}\n`);

const stop = () => void api.close().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
// The parent holds our stdin open: when it ends (the test process exited or died), so do we.
process.stdin.resume();
process.stdin.once('end', () => process.exit(1));

/**
 * The API as its own process for the benchmarks: demo wiring against an emulator the parent started, our
 * throttle budget scaled by the emulator's time scale, and memory figures on request over IPC. Its RSS is
 * then the API's alone, as `npm start` would run it in production (the emulator lives in the parent).
 */
import { readFileSync } from 'node:fs';
import { DEMO_SIGNIN_CLIENT_ID } from '../emulator/src/index.ts';
import { startApi } from '../api/src/bootstrap.ts';
import { loadConfig } from '../api/src/config.ts';
import { scaleBudgetLimits } from '../api/src/m365/index.ts';
import { cpuReading, type CpuReading } from './cpu.ts';

/** What the parent passes in BENCH_API. */
export interface ApiProcessSpec {
  emulatorUrl: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  caFile: string;
  timeScale: number;
  /** PostgreSQL; absent means embedded PGlite under dataDir. */
  databaseUrl?: string;
  dataDir: string;
}

/** Messages the parent sends, and the answers. */
/** `stop` closes the API first; `exit` abandons what runs (a sync) but still exits, so `--cpu-prof` writes its profile. */
export type ApiRequest = { kind: 'memory' } | { kind: 'cpu' } | { kind: 'stop' } | { kind: 'exit' };
export type ApiReply =
  | { kind: 'ready'; port: number }
  | { kind: 'memory'; peakRssMb: number; rssMb: number; heapUsedMb: number }
  | ({ kind: 'cpu' } & CpuReading)
  | { kind: 'failed'; message: string };

const MB = 1024 * 1024;
const send = (reply: ApiReply) => process.send?.(reply);

async function main(): Promise<void> {
  const spec = JSON.parse(process.env.BENCH_API ?? '') as ApiProcessSpec;
  const config = loadConfig(
    { PORT: '0', DATA_DIR: spec.dataDir, ...(spec.databaseUrl ? { DATABASE_URL: spec.databaseUrl } : {}) },
    {
      baseUrl: spec.emulatorUrl,
      tenantId: spec.tenantId,
      clientId: spec.clientId,
      clientSecret: spec.clientSecret,
      caCert: readFileSync(spec.caFile, 'utf8'),
      demoClientIds: [DEMO_SIGNIN_CLIENT_ID],
    },
  );
  const api = await startApi(config, { budgetLimits: scaleBudgetLimits(spec.timeScale) });
  process.on('message', (request: ApiRequest) => {
    if (request.kind === 'memory') {
      const usage = process.memoryUsage();
      // maxRSS is the kernel's high-water mark (KiB): a peak between two samples is not missed.
      send({ kind: 'memory', peakRssMb: process.resourceUsage().maxRSS / 1024, rssMb: usage.rss / MB, heapUsedMb: usage.heapUsed / MB });
    } else if (request.kind === 'cpu') {
      send({ kind: 'cpu', ...cpuReading() });
    } else if (request.kind === 'exit') {
      process.exit(0);
    } else {
      void api.close().finally(() => process.exit(0));
    }
  });
  send({ kind: 'ready', port: api.port });
}

main().catch((error: unknown) => {
  send({ kind: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
});

/**
 * The emulator as its own process for the benchmarks (issue 16: "if the emulator's own CPU stands in the way, run
 * it in its own process and show the split"). In the bench process its event loop was busy 85–89 % of the
 * usable-list run, delaying the bench's own polls and Playwright; here it has its own loop, and reports the CPU
 * it used so each figure can show the emulator's share beside the API's.
 */
import { startEmulator, type ProfileName } from '../emulator/src/index.ts';
import type { TlsMaterial } from '../emulator/src/tls.ts';
import { cpuReading, type CpuReading } from './cpu.ts';

/** What the parent passes in BENCH_EMULATOR. */
export interface EmulatorProcessSpec {
  rooms: number;
  seed: number;
  profile: ProfileName;
  timeScale: number;
  tls: TlsMaterial;
  tokenLifetimeSeconds?: number;
}

/** What a client of the emulator needs to know of it. */
export interface EmulatorInfo {
  baseUrl: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  caCert: string;
}

export type EmulatorRequest = { kind: 'cpu' } | { kind: 'stop' };
export type EmulatorReply = ({ kind: 'ready' } & EmulatorInfo) | ({ kind: 'cpu' } & CpuReading) | { kind: 'failed'; message: string };

const send = (reply: EmulatorReply) => process.send?.(reply);

async function main(): Promise<void> {
  const spec = JSON.parse(process.env.BENCH_EMULATOR ?? '') as EmulatorProcessSpec;
  const lifetimes = spec.tokenLifetimeSeconds
    ? { ssoTokenLifetimeSeconds: spec.tokenLifetimeSeconds, accessTokenLifetimeSeconds: spec.tokenLifetimeSeconds }
    : {};
  const emulator = await startEmulator({
    tenants: [{ seed: spec.seed, rooms: spec.rooms }],
    profile: spec.profile,
    timeScale: spec.timeScale,
    traffic: lifetimes,
    tls: spec.tls,
  });
  process.on('message', (request: EmulatorRequest) => {
    if (request.kind === 'cpu') send({ kind: 'cpu', ...cpuReading() });
    else void emulator.close().finally(() => process.exit(0));
  });
  // The parent gone (a crashed bench) must not leave the emulator listening.
  process.on('disconnect', () => process.exit(0));
  const { baseUrl, tenantId, clientId, clientSecret, caCert } = emulator;
  send({ kind: 'ready', baseUrl, tenantId, clientId, clientSecret, caCert });
}

main().catch((error: unknown) => {
  send({ kind: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
});

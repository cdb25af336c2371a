import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProfileName } from '../emulator/src/index.ts';
import type { TlsMaterial } from '../emulator/src/tls.ts';
import type { CpuReading } from './cpu.ts';
import type { EmulatorInfo, EmulatorProcessSpec, EmulatorReply, EmulatorRequest } from './emulatorProcess.ts';
import { childReplies } from './childReplies.ts';
import { emulatorClient, type EmulatorClient } from './http.ts';

/** What GET /emulator/stats answers (the fields the bench reads). */
export interface EmulatorStats {
  calls: Record<string, number>;
  throttled: Record<string, number>;
  faults: Record<string, number>;
  writes: Record<string, number>;
  totals: { calls: number; throttled: number; faults: number; writes: number };
  tokens?: { grants: Record<string, number>; failures: Record<string, number> };
}

export interface BenchTenant {
  emulator: EmulatorInfo;
  client: EmulatorClient;
  /** The CA file an API child process trusts. */
  caFile: string;
  stats(): Promise<EmulatorStats>;
  resetStats(): Promise<void>;
  /** The emulator process's CPU and event-loop busy time since it started. */
  cpu(): Promise<CpuReading>;
  close(): Promise<void>;
}

const ENTRY = fileURLToPath(new URL('./emulatorProcess.ts', import.meta.url));

/** One seeded tenant of `rooms` rooms behind the emulator, in its own process, over HTTPS on loopback. */
export async function startBenchTenant(options: {
  rooms: number;
  seed?: number;
  profile: ProfileName;
  timeScale: number;
  tls: TlsMaterial;
  dir: string;
  /** SSO and access token lifetime in emulated seconds (÷ k like the rest), so long runs outlive their tokens. */
  tokenLifetimeSeconds?: number;
}): Promise<BenchTenant> {
  const spec: EmulatorProcessSpec = {
    rooms: options.rooms,
    seed: options.seed ?? 1,
    profile: options.profile,
    timeScale: options.timeScale,
    tls: options.tls,
    ...(options.tokenLifetimeSeconds ? { tokenLifetimeSeconds: options.tokenLifetimeSeconds } : {}),
  };
  // The emulator is TypeScript run as it is in the tests (tsx): its memory is not measured.
  // BENCH_EMULATOR_NODE_ARGS adds flags (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile it).
  const nodeArgs = process.env.BENCH_EMULATOR_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', ENTRY], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, BENCH_EMULATOR: JSON.stringify(spec) },
  });
  const next = childReplies<EmulatorReply>(child, 'emulator process');
  const { kind: _kind, ...emulator } = await next('ready');
  const caFile = join(options.dir, 'emulator-ca.pem');
  writeFileSync(caFile, emulator.caCert);
  const client = emulatorClient(emulator.baseUrl, emulator.caCert);
  return {
    emulator,
    client,
    caFile,
    async stats() {
      const reply = await client.call('GET', '/emulator/stats');
      if (reply.status !== 200) throw new Error(`emulator stats: ${reply.status}`);
      return reply.body as EmulatorStats;
    },
    async resetStats() {
      await client.call('POST', '/emulator/stats/reset');
    },
    async cpu() {
      const reply = next('cpu');
      child.send({ kind: 'cpu' } satisfies EmulatorRequest);
      const { cpuMs, busyMs } = await reply;
      return { cpuMs, busyMs };
    },
    async close() {
      client.close();
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.send({ kind: 'stop' } satisfies EmulatorRequest);
      });
    },
  };
}

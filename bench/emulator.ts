import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEmulator, type ProfileName, type RunningEmulator } from '../emulator/src/index.ts';
import type { TlsMaterial } from '../emulator/src/tls.ts';
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
  emulator: RunningEmulator;
  client: EmulatorClient;
  /** The CA file an API child process trusts. */
  caFile: string;
  stats(): Promise<EmulatorStats>;
  resetStats(): Promise<void>;
  close(): Promise<void>;
}

/** One seeded tenant of `rooms` rooms behind the emulator, in this process, over HTTPS on loopback. */
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
  const lifetimes = options.tokenLifetimeSeconds
    ? { ssoTokenLifetimeSeconds: options.tokenLifetimeSeconds, accessTokenLifetimeSeconds: options.tokenLifetimeSeconds }
    : {};
  const emulator = await startEmulator({
    tenants: [{ seed: options.seed ?? 1, rooms: options.rooms }],
    profile: options.profile,
    timeScale: options.timeScale,
    traffic: lifetimes,
    tls: options.tls,
  });
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
    async close() {
      client.close();
      await emulator.close();
    },
  };
}

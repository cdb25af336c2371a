import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import type { ProfileName } from '../emulator/src/index.ts';
import type { TlsMaterial } from '../emulator/src/tls.ts';
import { startApiChild, type ApiChild } from './apiChild.ts';
import { freshDatabase } from './database.ts';
import { startBenchTenant, type BenchTenant } from './emulator.ts';
import { apiClient, type ApiClient } from './http.ts';

/** An emulated tenant and our API as a separate process against it, signed in as one persona. */
export interface BenchStack {
  tenant: BenchTenant;
  api: ApiChild;
  /** Calls our API as the persona. */
  call: ApiClient;
  /** The persona's SSO token, minted again when it is within 5 s of expiry (token lifetimes may be short here). */
  token(): Promise<string>;
  /** The emulator's time scale and our budget's. */
  k: number;
  /** The emulator's traffic profile: the budget in force, which floors are computed from (our API is never told). */
  profile: ProfileName;
  /** Peak RSS (MB) of an earlier API process that only initialized the data directory (`initializeFirst`). */
  initPeakRssMb?: number;
  /** Stop the API (killing it when `abandon`: a sync still running is dropped), the emulator and the database. */
  close(abandon?: boolean): Promise<void>;
}

export interface StackOptions {
  rooms: number;
  k: number;
  profile?: ProfileName;
  /** `postgres` (a fresh database) or `pglite` (a fresh data directory). */
  store: 'postgres' | 'pglite';
  tls: TlsMaterial;
  dir: string;
  name: string;
  persona?: string;
  /**
   * Start the API once to create the store (PGlite initializes its data directory then), stop it, and measure
   * the process that starts on the existing store, as every start after the first one does.
   */
  initializeFirst?: boolean;
  /** SSO and access token lifetime in emulated seconds: shorter than the run, so it proves work outlives a sign-in. */
  tokenLifetimeSeconds?: number;
}

export async function startStack(options: StackOptions): Promise<BenchStack> {
  const dir = mkdtempSync(join(options.dir, `${options.name}-`));
  const tenant = await startBenchTenant({
    rooms: options.rooms,
    profile: options.profile ?? 'realistic',
    timeScale: options.k,
    tls: options.tls,
    dir,
    tokenLifetimeSeconds: options.tokenLifetimeSeconds,
  });
  const database = options.store === 'postgres' ? await freshDatabase(options.name) : undefined;
  const { emulator } = tenant;
  const spec = {
    emulatorUrl: emulator.baseUrl,
    tenantId: emulator.tenantId,
    clientId: emulator.clientId,
    clientSecret: emulator.clientSecret,
    caFile: tenant.caFile,
    timeScale: options.k,
    databaseUrl: database?.url,
    dataDir: join(dir, 'data'),
  };
  let initPeakRssMb: number | undefined;
  if (options.initializeFirst) {
    const first = await startApiChild(spec, options.dir, `${options.name}-init`);
    initPeakRssMb = (await first.memory()).peakRssMb;
    await first.stop();
  }
  const api = await startApiChild(spec, options.dir, options.name);
  const persona = options.persona ?? 'global-admin';
  let current = await tenant.client.token(persona);
  const token = async () => {
    if (expiresWithin(current, 5_000)) current = await tenant.client.token(persona);
    return current;
  };
  return {
    tenant,
    api,
    call: apiClient(api.baseUrl, token),
    token,
    k: options.k,
    profile: options.profile ?? 'realistic',
    initPeakRssMb,
    async close(abandon = false) {
      await (abandon ? api.kill() : api.stop());
      await tenant.close();
      await database?.drop();
    },
  };
}

/** Start a sync through the API and wait for it to finish; returns wall seconds and the final progress. */
export async function syncAndWait(
  stack: BenchStack,
  kind: 'full' | 'refresh',
  pollMs = 100,
): Promise<{ seconds: number; progress: SyncState; phaseSeconds: Record<string, number>; phaseTotals: Record<string, number> }> {
  const started = performance.now();
  const reply = await stack.call('/api/sync', { method: 'POST', body: { kind } });
  if (reply.status !== 202) throw new Error(`starting a ${kind} sync: ${reply.status} ${JSON.stringify(reply.body)}`);
  /** When each phase was first seen, in seconds from the start (to the poll interval). */
  const phaseSeconds: Record<string, number> = {};
  /** The largest total each phase announced (the last phase's is 0 when it counts nothing). */
  const phaseTotals: Record<string, number> = {};
  for (;;) {
    const progress = await currentSync(stack);
    if (progress && progress.status !== 'running') {
      if (progress.status !== 'succeeded') throw new Error(`${kind} sync ${progress.status}: ${JSON.stringify(progress.error)}`);
      phaseTotals[progress.phase] = Math.max(phaseTotals[progress.phase] ?? 0, progress.total);
      return { seconds: (performance.now() - started) / 1000, progress, phaseSeconds, phaseTotals };
    }
    if (progress) {
      phaseSeconds[progress.phase] ??= (performance.now() - started) / 1000;
      phaseTotals[progress.phase] = Math.max(phaseTotals[progress.phase] ?? 0, progress.total);
    }
    await sleep(pollMs);
  }
}

export interface SyncState {
  status: 'running' | 'succeeded' | 'failed';
  phase: string;
  done: number;
  total: number;
  error: unknown;
}

export async function currentSync(stack: BenchStack): Promise<SyncState | null> {
  const reply = await stack.call('/api/sync/current');
  return (reply.body as { sync: SyncState | null }).sync;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function expiresWithin(token: string, ms: number): boolean {
  const { exp } = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: number };
  return exp !== undefined && exp * 1000 - Date.now() < ms;
}

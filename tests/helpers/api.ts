import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_SIGNIN_CLIENT_ID, type EmulatorOptions, type RunningEmulator } from '../../emulator/src/index.ts';
import { startApi, type RunningApi } from '../../api/src/bootstrap.ts';
import { loadConfig } from '../../api/src/config.ts';
import type { InventoryOptions } from '../../api/src/inventory/inventory.ts';
import type { WorkerOptions } from '../../api/src/jobs/worker.ts';
import { scaleBudgetLimits } from '../../api/src/m365/index.ts';
import { demoToken, startTenant } from './tenant.ts';

export interface DemoStack {
  emulator: RunningEmulator;
  api: RunningApi;
  baseUrl: string;
  /** A persona's SSO token, as the tab would get it. */
  token(persona: string): Promise<string>;
  /** Call our API as a persona; returns status and parsed JSON (or text). */
  call(persona: string, path: string, init?: { method?: string; body?: unknown }): Promise<{ status: number; body: any; headers: Headers }>;
  /** Start a sync and wait until it finishes; returns the final progress. */
  sync(persona: string, kind?: 'full' | 'refresh'): Promise<any>;
  close(): Promise<void>;
}

/** The whole chain in one process: emulator, then the API in demo mode against it, on a fresh store. */
export async function startDemoStack(
  options: {
    emulator?: EmulatorOptions;
    databaseUrl?: string;
    inventory?: Partial<InventoryOptions>;
    env?: Record<string, string>;
    jwksCooldownMs?: number;
    worker?: WorkerOptions | false;
  } = {},
): Promise<DemoStack> {
  const emulator = await startTenant(options.emulator ?? { tenants: [{ seed: 1, rooms: 60 }] });
  const config = loadConfig(
    {
      PORT: '0',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'room-accounts-api-')),
      ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
      ...options.env,
    },
    {
      baseUrl: emulator.baseUrl,
      tenantId: emulator.tenantId,
      clientId: emulator.clientId,
      clientSecret: emulator.clientSecret,
      caCert: emulator.caCert,
      demoClientIds: [DEMO_SIGNIN_CLIENT_ID],
    },
  );
  // The emulator's clock runs k times faster: so does our own budget, keeping the pacing ratios real.
  const timeScale = options.emulator?.timeScale;
  const api = await startApi(config, {
    inventory: options.inventory,
    jwksCooldownMs: options.jwksCooldownMs,
    worker: options.worker,
    budgetLimits: timeScale ? scaleBudgetLimits(timeScale) : undefined,
  });
  const baseUrl = `http://127.0.0.1:${api.port}`;
  const tokens = new Map<string, string>();
  const token = async (persona: string) => {
    let value = tokens.get(persona);
    if (!value) {
      value = await demoToken(emulator, persona);
      tokens.set(persona, value);
    }
    return value;
  };
  const call: DemoStack['call'] = async (persona, path, init = {}) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${await token(persona)}`,
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // CSV and other text bodies stay as text.
    }
    return { status: res.status, body, headers: res.headers };
  };
  return {
    emulator,
    api,
    baseUrl,
    token,
    call,
    async sync(persona, kind = 'full') {
      const started = await call(persona, '/api/sync', { method: 'POST', body: { kind } });
      if (started.status !== 202) throw new Error(`sync start: ${started.status} ${JSON.stringify(started.body)}`);
      await api.services.inventory.idle();
      return (await call(persona, '/api/sync/current')).body.sync;
    },
    async close() {
      await api.close();
      await emulator.close();
    },
  };
}

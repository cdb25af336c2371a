import { setTimeout as sleep } from 'node:timers/promises';
import type { RunningEmulator } from '../../../emulator/src/index.ts';
import { demoToken } from '../../helpers/tenant.ts';

/** The sizes of issue 7 under `npm run test:soak`; small ones in `npm test`. */
export const SOAK = process.env.RELIABILITY_SCALE === 'soak';

export interface Reply {
  status: number;
  body: any;
  headers: Headers;
  text: string;
}

/** Calls our API as a persona of a tenant; `baseUrl` is read per call, so a restarted child is followed. */
export class ApiClient {
  private readonly tokens = new Map<string, Promise<string>>();

  constructor(
    private readonly emulator: RunningEmulator,
    readonly baseUrl: () => string,
  ) {}

  /** A persona's SSO token, minted again once it is within a second of expiry (tests may make them short-lived). */
  async token(persona: string, tenantId?: string): Promise<string> {
    const key = `${persona}|${tenantId ?? ''}`;
    let token = this.tokens.get(key);
    if (token && expiresWithin(await token, 1_000)) token = undefined;
    if (!token) {
      token = demoToken(this.emulator, persona, tenantId);
      this.tokens.set(key, token);
    }
    return token;
  }

  async call(persona: string, path: string, init: { method?: string; body?: unknown; tenantId?: string } = {}): Promise<Reply> {
    const res = await fetch(`${this.baseUrl()}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${await this.token(persona, init.tenantId)}`,
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // CSV stays text.
    }
    return { status: res.status, body, headers: res.headers, text };
  }

  /** Run a full sync and wait for it to end; returns its final progress. */
  async sync(persona = 'global-admin', tenantId?: string, timeoutMs = 120_000): Promise<any> {
    const started = await this.call(persona, '/api/sync', { method: 'POST', body: { kind: 'full' }, tenantId });
    if (started.status !== 202) throw new Error(`sync start: ${started.status} ${started.text}`);
    return this.until(
      persona,
      '/api/sync/current',
      (body) => body.sync?.id === started.body.syncId && body.sync.status !== 'running',
      timeoutMs,
      tenantId,
    ).then((body) => body.sync);
  }

  /** Poll a job until `until` holds for its progress. */
  waitForJob(persona: string, jobId: string, until: (job: any) => boolean, timeoutMs = 120_000): Promise<any> {
    return this.until(persona, `/api/jobs/${jobId}`, until, timeoutMs);
  }

  /** The ids of every account in the tenant's inventory. */
  async accountIds(persona = 'global-admin', tenantId?: string): Promise<string[]> {
    const ids: string[] = [];
    for (let page = 1; ; page += 1) {
      const reply = await this.call(persona, `/api/accounts?pageSize=500&page=${page}`, { tenantId });
      if (reply.status !== 200) throw new Error(`accounts: ${reply.status} ${reply.text}`);
      ids.push(...reply.body.items.map((item: { id: string }) => item.id));
      if (ids.length >= reply.body.total || reply.body.items.length === 0) return ids;
    }
  }

  /** Every audit entry of the tenant, newest first, page by page. */
  async audit(persona = 'global-admin'): Promise<any[]> {
    const entries: any[] = [];
    let cursor: string | null = null;
    do {
      const page = await this.call(persona, `/api/audit?limit=500${cursor ? `&cursor=${cursor}` : ''}`);
      if (page.status !== 200) throw new Error(`audit: ${page.status} ${page.text}`);
      entries.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    return entries;
  }

  async until(persona: string, path: string, until: (body: any) => boolean, timeoutMs: number, tenantId?: string): Promise<any> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const reply = await this.call(persona, path, { tenantId });
      if (reply.status === 200 && until(reply.body)) return reply.body;
      if (Date.now() > deadline)
        throw new Error(`${path} did not get there in ${timeoutMs} ms: ${reply.status} ${reply.text.slice(0, 500)}`);
      await sleep(50);
    }
  }
}

export interface EmulatorStats {
  calls: Record<string, number>;
  throttled?: Record<string, number>;
  writes: Record<string, number>;
  tokens?: { grants: Record<string, number>; failures: Record<string, number> };
  totals: { calls: number; throttled: number; faults: number; writes: number };
}

export async function emulatorStats(emulator: RunningEmulator): Promise<EmulatorStats> {
  return (await (await fetch(`${emulator.baseUrl}/emulator/stats`)).json()) as EmulatorStats;
}

export async function resetEmulatorStats(emulator: RunningEmulator): Promise<void> {
  await fetch(`${emulator.baseUrl}/emulator/stats/reset`, { method: 'POST' });
}

/** `p` in [0, 100] of sorted numbers. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

function expiresWithin(token: string, ms: number): boolean {
  const { exp } = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: number };
  return exp !== undefined && exp * 1000 - Date.now() < ms;
}

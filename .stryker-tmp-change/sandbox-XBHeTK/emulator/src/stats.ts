/**
 * Counters readable at GET /emulator/stats: calls and throttled calls per API, injected faults, writes and
 * single-object reads per target, and token-endpoint grants and refusals, so tests can prove "applied exactly once" or "renewed N
 * times" and benchmarks can compute the throttle floor.
 */
// @ts-nocheck

export interface StatsSnapshot {
  startedAt: string;
  calls: Record<string, number>;
  throttled: Record<string, number>;
  faults: Record<string, number>;
  /** Successful writes, keyed `<operation> <target>` (for example `Set-CalendarProcessing room1@contoso.com`). */
  writes: Record<string, number>;
  /** Successful single-object reads, keyed `<cmdlet> <target>` (for example `Get-CalendarProcessing room1@contoso.com`). */
  reads: Record<string, number>;
  totals: { calls: number; throttled: number; faults: number; writes: number; reads: number };
  /** Token endpoint: tokens issued per grant (`obo`, `refresh_token`, `client_credentials`), refusals per `AADSTS<code>`. */
  tokens: { grants: Record<string, number>; failures: Record<string, number> };
}

export type GrantKind = 'obo' | 'refresh_token' | 'client_credentials';

export class Stats {
  private startedAt = new Date();
  private calls = new Map<string, number>();
  private throttled = new Map<string, number>();
  private faults = new Map<string, number>();
  private writes = new Map<string, number>();
  private reads = new Map<string, number>();
  private grants = new Map<string, number>();
  private grantFailures = new Map<string, number>();

  call(api: string): void {
    bump(this.calls, api);
  }

  throttle(api: string): void {
    bump(this.throttled, api);
  }

  fault(api: string): void {
    bump(this.faults, api);
  }

  write(operation: string, target: string): void {
    bump(this.writes, `${operation} ${target.toLowerCase()}`);
  }

  read(operation: string, target: string): void {
    bump(this.reads, `${operation} ${target.toLowerCase()}`);
  }

  grant(kind: GrantKind): void {
    bump(this.grants, kind);
  }

  grantFailure(aadsts: number): void {
    bump(this.grantFailures, `AADSTS${aadsts}`);
  }

  reset(): void {
    this.startedAt = new Date();
    this.calls.clear();
    this.throttled.clear();
    this.faults.clear();
    this.writes.clear();
    this.reads.clear();
    this.grants.clear();
    this.grantFailures.clear();
  }

  snapshot(): StatsSnapshot {
    return {
      startedAt: this.startedAt.toISOString(),
      calls: Object.fromEntries(this.calls),
      throttled: Object.fromEntries(this.throttled),
      faults: Object.fromEntries(this.faults),
      writes: Object.fromEntries(this.writes),
      reads: Object.fromEntries(this.reads),
      totals: {
        calls: sum(this.calls),
        throttled: sum(this.throttled),
        faults: sum(this.faults),
        writes: sum(this.writes),
        reads: sum(this.reads),
      },
      tokens: { grants: Object.fromEntries(this.grants), failures: Object.fromEntries(this.grantFailures) },
    };
  }
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function sum(map: Map<string, number>): number {
  let total = 0;
  for (const value of map.values()) total += value;
  return total;
}

/** Graph's identity and access reports budgets: any reports call, and reads of users' signInActivity. */
export type ReportsQuota = 'reports' | 'signInActivity';

/** What the traffic gate needs to know about one call, whichever service it reaches. */
export interface CallInfo {
  service: 'graph' | 'exchange';
  /** Stable API name for counters, e.g. `GET /users` or `InvokeCommand Get-CalendarProcessing`. */
  api: string;
  tenantId: string;
  appId: string;
  /** The signed-in user, for per-user limits (Exchange); absent for app-only tokens. */
  userId?: string;
  /** The mailbox a call targets, for Outlook/Exchange per-mailbox limits. */
  mailbox?: string;
  isWrite: boolean;
  /** Graph identity resource units (graph-engineering.md §1.2); 1 elsewhere. */
  resourceUnits: number;
  /**
   * Exchange `$batch` (docs/microsoft-365.md#exo-batch): the `envelope` is one HTTP request and holds the caller's
   * concurrency slots, charging no rate; each `item` is charged (cmdlets, writes) and may be refused on its own,
   * but takes no concurrency slot of its own. Absent for a plain request.
   */
  part?: 'envelope' | 'item';
  /** Graph calls the identity and access reports service budgets (docs/microsoft-365.md#graph-sign-ins). */
  reportsQuota?: ReportsQuota;
  /**
   * A read (a Graph GET, an Exchange Get-* cmdlet): admitted, it is worked out while its latency runs and answered
   * once the latency has passed (`answerAt`), rather than worked out after it.
   */
  read?: boolean;
}

/**
 * Where a caller stands in the budget that governs it, for services that report it on every reply
 * (Exchange's `Rate-Limit-*` and `X-ConcurrencyCount` headers). Gates without budgets report nothing.
 */
export interface QuotaReport {
  limit: number;
  remaining: number;
  /** When the budget is full again, epoch ms. */
  resetAt: number;
  /** The caller's other requests in flight. */
  concurrency: number;
}

/** The gate's verdict: go ahead (and call `release` when done), or answer with a throttle or a fault. */
export type Admission =
  | {
      kind: 'admit';
      release: () => void;
      quota?: QuotaReport;
      /** A read's latency, running while the read is worked out: the reply waits for it (see `CallInfo.read`). */
      answerAt?: Promise<void>;
    }
  | { kind: 'throttle'; retryAfterSeconds: number; scope: string; reason: string; quota?: QuotaReport }
  | { kind: 'fault'; status: 503 | 504 }
  | { kind: 'drop' };

/** Shapes traffic: rate limits, concurrency limits, latency and injected faults (the `--profile` knobs). */
export interface TrafficGate {
  admit(call: CallInfo): Promise<Admission>;
}

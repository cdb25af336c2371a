// Evidence: docs/microsoft-365.md#graph-sign-in-activity, #graph-sign-ins
import { REPORTS_PER_ENVELOPE, type GraphSignIns, type PerAccount, type SignInLogEntry } from '../m365/index.ts';
import type { SignInActivityData } from '../domain/signInFacts.ts';

/**
 * Accounts whose sign-in log is read per sync, most recent trouble first. The sign-in log has its own, lower
 * throttling limit (5 requests per 10 s: 50 reads take about 100 s; docs/microsoft-365.md#graph-sign-ins), and only
 * accounts whose activity shows trouble are read at all, so a healthy tenant of 10,000 rooms costs no log reads.
 */
export const MAX_FAILURE_READS = 50;
/** Failures kept per account: the Sign-in tab shows the most recent ones, not a log. */
export const FAILURES_PER_ACCOUNT = 5;
/** How far back failures are looked for: the log keeps 30 days with Entra ID P1. */
const FAILURE_LOOKBACK_DAYS = 30;

/** When to read failures, and which: the sync's clock and the baseline's "signed in within N days". */
export interface TroubleWindow {
  withinDays: number;
  now: Date;
}

/**
 * An account is in trouble when it has no successful sign-in within the window, or its last attempt is newer
 * than its last success. Returns that last attempt (epoch ms, what ranks trouble), or undefined when healthy.
 */
export function troubleOf(activity: SignInActivityData, window: TroubleWindow): number | undefined {
  const cutoff = window.now.getTime() - window.withinDays * 86_400_000;
  const success = time(activity.lastSuccessfulSignInDateTime);
  const lastAttempt = Math.max(time(activity.lastSignInDateTime), time(activity.lastNonInteractiveSignInDateTime));
  return success < cutoff || lastAttempt > success ? lastAttempt : undefined;
}

/** The accounts with the most recent trouble first, at most MAX_FAILURE_READS of them; the rest in the same order. */
export function rankTrouble(troubled: ReadonlyMap<string, number>): { reading: string[]; beyond: string[] } {
  const ranked = [...troubled].sort((a, b) => b[1] - a[1]).map(([id]) => id);
  return { reading: ranked.slice(0, MAX_FAILURE_READS), beyond: ranked.slice(MAX_FAILURE_READS) };
}

/** Each account's recent failures from the sign-in log, as failedSignIns reads them for a sync. */
export function readFailures(read: GraphSignIns, ids: readonly string[], window: TroubleWindow) {
  const since = new Date(window.now.getTime() - FAILURE_LOOKBACK_DAYS * 86_400_000).toISOString();
  return read.failedSignIns(ids, { top: FAILURES_PER_ACCOUNT, since });
}

/**
 * Sign-in log reads started while Graph's signInActivity listing is still coming in. That listing is held to 10
 * pages a minute, so on a large tenant it is the longest read of a sync, while the log's own limit (5 requests
 * per 10 s) sits idle; reading the log only after the listing ended added its whole time to the sync (50 s of
 * 406 in the `generous` bench). Which accounts must be read is still decided once the listing is in (rankTrouble);
 * meanwhile one `$batch` envelope at a time reads the best candidates known so far, so by then most are read.
 * A candidate that later drops out of the top keeps what was read: true facts, and the extra reads are bounded
 * by the log's own pace during the listing. The first failure of a whole read stops the reads ahead: the reads
 * after the listing meet it again and report it as before.
 */
export class FailureReadsAhead {
  private readonly troubled = new Map<string, number>();
  private readonly read = new Map<string, SignInLogEntry[]>();
  private readonly started = new Set<string>();
  private inflight: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly signIns: GraphSignIns,
    readonly window: TroubleWindow,
  ) {}

  /** Activities as the listing keeps them (GraphSignIns.signInActivities `onKept`). */
  offer(entries: Iterable<readonly [string, SignInActivityData]>): void {
    for (const [id, activity] of entries) {
      const trouble = troubleOf(activity, this.window);
      if (trouble !== undefined) this.troubled.set(id, trouble);
    }
    this.readNext();
  }

  /** Start no more reads; once the one in flight has ended, the failures read so far, by account. */
  async finish(): Promise<ReadonlyMap<string, SignInLogEntry[]>> {
    this.stopped = true;
    await this.inflight;
    return this.read;
  }

  private readNext(): void {
    if (this.stopped || this.inflight) return;
    const next = rankTrouble(this.troubled)
      .reading.filter((id) => !this.started.has(id))
      .slice(0, REPORTS_PER_ENVELOPE);
    if (next.length === 0) return;
    for (const id of next) this.started.add(id);
    this.inflight = readFailures(this.signIns, next, this.window)
      .then(
        (answers) => this.keep(answers),
        () => {
          // Not ours to report: the reads after the listing meet the same refusal (or lost sign-in) and report it.
          this.stopped = true;
        },
      )
      .finally(() => {
        this.inflight = undefined;
        this.readNext();
      });
  }

  private keep(answers: ReadonlyMap<string, PerAccount<SignInLogEntry[]>>): void {
    // An account's own error is not kept: if it is still among the most troubled, it is read again after the listing.
    for (const [id, answer] of answers) if (answer.ok) this.read.set(id, answer.value);
  }
}

function time(value: string | null): number {
  const parsed = value ? Date.parse(value) : Number.NaN;
  return Number.isFinite(parsed) ? parsed : Number.NEGATIVE_INFINITY;
}

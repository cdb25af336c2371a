// Evidence: docs/microsoft-365.md#exo-batch
import type { CallOutcome, TenantBudget } from './tenantBudget.ts';
import { exchangeError, invalidResponse, M365Error } from './errors.ts';
import { outcomeFromHeaders, policyFor, type CallContext, type CallOptions } from './resilientCall.ts';
import { backoffDelay, parseRetryAfter } from './retry.ts';
import { batchResponse } from './schemas.ts';
import { lowerCaseKeys, type HttpResponse } from './transport.ts';

/** CIPP-API sends "batches of 10" InvokeCommand requests per `$batch` envelope; a larger one is refused. */
export const EXCHANGE_BATCH_LIMIT = 10;

/** Item answers worth sending again: throttled, or a transient failure behind the front door. */
const TRANSIENT_ITEM = new Set([429, 503, 504]);

/** One single-object cmdlet waiting for an envelope. */
export interface QueuedCmdlet {
  cmdlet: string;
  parameters: Record<string, unknown>;
  /** `X-AnchorMailbox` routing hint of the item: the object the cmdlet targets. */
  anchor: string;
}

/** How the batcher reaches the service; the client supplies both (they share its URL, headers and errors). */
export interface BatchSenders {
  /** One cmdlet as a plain InvokeCommand, retried as any single call (the lone-item path). */
  sendOne(item: QueuedCmdlet, context: CallContext, call: CallOptions): Promise<HttpResponse>;
  /** One `$batch` envelope of 2–10 items; resolves with its 200, or throws the envelope's error after retries. */
  sendBatch(
    items: readonly { id: string; item: QueuedCmdlet }[],
    context: CallContext,
    call: CallOptions,
    outcomeOf: (res: HttpResponse) => CallOutcome,
  ): Promise<HttpResponse>;
}

/** The client that queued an item: an envelope goes out through the client of its first item. */
export interface BatchOrigin {
  context: CallContext;
  senders: BatchSenders;
}

interface Entry {
  item: QueuedCmdlet;
  origin: BatchOrigin;
  /** Epoch ms after which no attempt may still be running. */
  deadline: number;
  maxAttempts: number;
  /** Attempts made so far (item answers, not envelopes refused whole). */
  attempts: number;
  resolve: (res: HttpResponse) => void;
  reject: (error: unknown) => void;
}

/**
 * Collects the single-object cmdlets of one tenant and one signed-in user (every client of that user may share
 * one batcher, see ExchangeBatchPool) and sends them as Exchange `$batch` envelopes of up to 10, so concurrent
 * callers share requests without being restructured. An envelope goes out through the client (token, budget,
 * transport) of its first item: all items of one batcher act for the same user, so any of them may carry it.
 *
 * At most one dispatch waits for the budget at a time: it takes what is queued (up to 10 items) and, once
 * admitted, lets the next dispatch start, so the items that arrive while one waits fill the next envelope.
 * A lone item goes as a plain InvokeCommand: it costs the same one request and one cmdlet, and stays on the
 * path live captures document. Each item's 429 (or 503/504) is retried on its own `Retry-After`; every other
 * answer settles that caller exactly as the single call would have (the client parses it the same way).
 */
export class ExchangeBatcher {
  private readonly queue: Entry[] = [];
  private scheduled = false;
  private waiting = false;
  private sequence = 0;
  /** Items sent or waiting for their Retry-After, not yet settled. */
  private pending = 0;

  /** Queue one cmdlet; resolves with its own answer as a 2xx HttpResponse, or rejects with its M365Error. */
  run(item: QueuedCmdlet, origin: BatchOrigin, call: CallOptions = {}): Promise<HttpResponse> {
    const policy = policyFor(origin.context.retry, call);
    return new Promise((resolve, reject) => {
      this.queue.push({
        item,
        origin,
        deadline: Date.now() + policy.deadlineMs,
        maxAttempts: policy.maxAttempts,
        attempts: 0,
        resolve,
        reject,
      });
      this.schedule();
    });
  }

  /** Nothing queued, waiting for the budget or waiting to be re-sent (a pool may then forget this batcher). */
  get idle(): boolean {
    return this.queue.length === 0 && !this.waiting && this.pending === 0;
  }

  /** Pump after the current microtask, so callers started together (Promise.all, a worker pool) share an envelope. */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    if (this.waiting || this.queue.length === 0) return;
    this.waiting = true;
    // Never more items than the tenant's cmdlet bucket holds: the rest would be answered 429 every time.
    const budget = (this.queue[0] as Entry).origin.context.budget;
    const size = Math.max(1, Math.min(EXCHANGE_BATCH_LIMIT, budget.exchangeCmdletsPerRequest?.() ?? EXCHANGE_BATCH_LIMIT));
    const entries = this.queue.splice(0, size);
    let admitted = false;
    const onAdmitted = () => {
      if (admitted) return;
      admitted = true;
      this.waiting = false;
      this.schedule();
    };
    void this.dispatch(entries, onAdmitted).finally(onAdmitted);
  }

  private async dispatch(entries: Entry[], onAdmitted: () => void): Promise<void> {
    const { origin } = entries[0] as Entry;
    const context: CallContext = { ...origin.context, budget: signalling(origin.context.budget, onAdmitted) };
    const deadline = Math.min(...entries.map((entry) => entry.deadline));
    // Attempts an item already spent (its earlier 429s) count against what this send may still use.
    const maxAttempts = Math.max(1, Math.min(...entries.map((entry) => entry.maxAttempts - entry.attempts)));
    const call: CallOptions = { deadlineMs: Math.max(1, deadline - Date.now()), maxAttempts };
    if (entries.length === 1) {
      const entry = entries[0] as Entry;
      try {
        entry.resolve(await origin.senders.sendOne(entry.item, context, call));
      } catch (error) {
        if (error instanceof M365Error) error.attempts += entry.attempts;
        entry.reject(error);
      }
      return;
    }
    const ids = entries.map(() => String(++this.sequence));
    let res: HttpResponse;
    try {
      res = await origin.senders.sendBatch(
        entries.map((entry, index) => ({ id: ids[index] as string, item: entry.item })),
        context,
        call,
        batchOutcome,
      );
    } catch (error) {
      // The envelope itself failed (after its own retries): each item would have met the same answer alone.
      for (const entry of entries) entry.reject(error);
      return;
    }
    const parsed = batchResponse.safeParse(res.body);
    if (!parsed.success) {
      const error = invalidResponse('exchange', '$batch', parsed.error.issues, res);
      for (const entry of entries) entry.reject(error);
      return;
    }
    const byId = new Map(parsed.data.responses.map((response) => [response.id, response]));
    entries.forEach((entry, index) => {
      const response = byId.get(ids[index] as string);
      if (!response) {
        entry.reject(
          invalidResponse('exchange', '$batch', [{ path: ['responses'], message: `no response for request ${ids[index]}` }], res),
        );
        return;
      }
      this.settle(entry, { status: response.status, headers: lowerCaseKeys(response.headers ?? {}), body: response.body });
    });
  }

  /** One item's answer: settle its caller, or queue it again after its own Retry-After. */
  private settle(entry: Entry, res: HttpResponse): void {
    entry.attempts += 1;
    if (res.status >= 200 && res.status < 300) {
      entry.resolve(res);
      return;
    }
    const error = exchangeError(res);
    error.attempts = entry.attempts;
    if (TRANSIENT_ITEM.has(res.status)) {
      const delay = parseRetryAfter(res.headers) ?? backoffDelay(entry.attempts, entry.origin.context.retry);
      if (entry.attempts >= entry.maxAttempts) error.gaveUp = 'attempts';
      else if (Date.now() + delay >= entry.deadline) error.gaveUp = 'deadline';
      else {
        this.pending += 1;
        setTimeout(() => {
          this.pending -= 1;
          this.queue.push(entry);
          this.schedule();
        }, delay);
        return;
      }
    }
    entry.reject(error);
  }
}

/**
 * One batcher per tenant and signed-in user for the whole process, so the concurrent tasks of a bulk job (each
 * with its own clients) share envelopes. An idle batcher holds nothing and is dropped on the next look-up.
 */
export class ExchangeBatchPool {
  private readonly batchers = new Map<string, ExchangeBatcher>();

  batcherFor(key: string): ExchangeBatcher {
    let batcher = this.batchers.get(key);
    if (!batcher) {
      for (const [other, idle] of this.batchers) if (idle.idle) this.batchers.delete(other);
      batcher = new ExchangeBatcher();
      this.batchers.set(key, batcher);
    }
    return batcher;
  }

  get size(): number {
    return this.batchers.size;
  }
}

/** The budget as it is, telling the batcher once the call was admitted (or refused) so the next may queue. */
function signalling(budget: TenantBudget, onAdmitted: () => void): TenantBudget {
  return {
    acquire: async (call) => {
      try {
        return await budget.acquire(call);
      } finally {
        onAdmitted();
      }
    },
  };
}

/**
 * A `$batch` answers 200 even when items were throttled: tell the budget about the worst item 429 (its
 * largest Retry-After), and pass on the rate-limit headers of the envelope, else of the items.
 */
export function batchOutcome(res: HttpResponse): CallOutcome {
  const outcome = outcomeFromHeaders(res);
  const parsed = batchResponse.safeParse(res.body);
  if (!parsed.success) return outcome;
  let throttledQuota = false;
  for (const item of parsed.data.responses) {
    const headers = lowerCaseKeys(item.headers ?? {});
    const itemQuota = outcomeFromHeaders({ status: item.status, headers, body: undefined }).rateLimit;
    if (!outcome.rateLimit) outcome.rateLimit = itemQuota;
    if (item.status !== 429) continue;
    outcome.status = 429;
    outcome.retryAfterMs = Math.max(outcome.retryAfterMs ?? 0, parseRetryAfter(headers) ?? 0) || undefined;
    // The budget blames a 429 on the cmdlet rate only when Remaining shows none left, so report the quota
    // the throttled item saw (the emptiest one), not the envelope's or an earlier item's fuller one.
    if (itemQuota && (!throttledQuota || (itemQuota.remaining ?? Infinity) < (outcome.rateLimit?.remaining ?? Infinity))) {
      outcome.rateLimit = itemQuota;
      throttledQuota = true;
    }
  }
  return outcome;
}

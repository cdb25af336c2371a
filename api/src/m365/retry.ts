/** How long and how often one logical call may be retried. */
export interface RetryPolicy {
  /** Overall time for every attempt and wait of one call, in ms. */
  deadlineMs: number;
  maxAttempts: number;
  /** First backoff step when the service gave no Retry-After. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { deadlineMs: 60_000, maxAttempts: 8, baseDelayMs: 500, maxDelayMs: 30_000 };

/** What the retry loop needs to know about a failure; M365Error satisfies it. */
export interface RetryableFailure {
  transient: boolean;
  retryAfterMs?: number;
  attempts: number;
  gaveUp?: 'deadline' | 'attempts';
}

export interface AttemptContext {
  /** 1 for the first try. */
  attempt: number;
  /** Epoch ms after which no attempt may still be running. */
  deadline: number;
}

export interface RetryHooks {
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Called before each wait, e.g. to count retries. */
  onRetry?: (failure: RetryableFailure, delayMs: number) => void;
}

/**
 * The wait the service asked for, in ms: `x-ms-retry-after-ms` first (the emulator sends it when its clock
 * is scaled), then `Retry-After` as delta-seconds or an HTTP date. Undefined when absent or unreadable.
 */
export function parseRetryAfter(headers: Record<string, string | undefined>, now = Date.now()): number | undefined {
  const precise = headers['x-ms-retry-after-ms']?.trim();
  if (precise && /^\d+(\.\d+)?$/.test(precise)) return Math.ceil(Number(precise));
  const value = headers['retry-after']?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Exponential backoff with "equal jitter": half the step fixed, half random, so clients spread out. */
export function backoffDelay(attempt: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>, random = Math.random): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + (random() * step) / 2);
}

function isRetryableFailure(error: unknown): error is RetryableFailure & Error {
  return (
    error instanceof Error &&
    typeof (error as Partial<RetryableFailure>).transient === 'boolean' &&
    typeof (error as Partial<RetryableFailure>).attempts === 'number'
  );
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Run `attempt` until it succeeds, fails for good, or the policy runs out. Only transient failures of
 * idempotent calls are retried; the final error records how many attempts were made and why we stopped.
 */
export async function withRetries<T>(
  attempt: (context: AttemptContext) => Promise<T>,
  options: { policy: RetryPolicy; idempotent: boolean } & RetryHooks,
): Promise<T> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const { policy } = options;
  const deadline = now() + policy.deadlineMs;
  for (let count = 1; ; count += 1) {
    try {
      return await attempt({ attempt: count, deadline });
    } catch (error) {
      if (!isRetryableFailure(error)) throw error;
      error.attempts = count;
      if (!error.transient || !options.idempotent) throw error;
      if (count >= policy.maxAttempts) {
        error.gaveUp = 'attempts';
        throw error;
      }
      const delay = error.retryAfterMs ?? backoffDelay(count, policy, options.random);
      if (now() + delay >= deadline) {
        error.gaveUp = 'deadline';
        throw error;
      }
      options.onRetry?.(error, delay);
      await sleep(delay);
    }
  }
}

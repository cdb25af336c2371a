// Evidence: docs/microsoft-365.md#graph-errors
import { setImmediate } from 'node:timers/promises';
import type { z } from 'zod';
import type { TenantBudget } from './tenantBudget.ts';
import { graphError, invalidResponse } from './errors.ts';
import { graphCost } from './graphCost.ts';
import { resilientCall, type CallContext, type CallOptions, type CallSpec } from './resilientCall.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.ts';
import { collectionEnvelope } from './schemas.ts';
import { ITEMS_PER_TURN } from './turns.ts';
import type { HttpMethod, HttpResponse, Transport } from './transport.ts';

/** Where and how a Graph request is sent: what GraphClient's options say about the wire. */
export interface GraphWireOptions {
  /** The Graph host, e.g. `https://graph.microsoft.com` (national clouds and the emulator differ only here). */
  baseUrl: string;
  /** A Graph access token for the signed-in user (OBO); called before every attempt so renewals are picked up. */
  getToken: () => Promise<string>;
  /** The tenant's budget from the process-wide BudgetRegistry. */
  budget: TenantBudget;
  transport: Transport;
  /** `x-ms-throttle-priority`: `high` for what a person waits on, `low` for bulk jobs. */
  priority?: 'low' | 'normal' | 'high';
  retry?: Partial<RetryPolicy>;
  /**
   * Told about each collection item (user, room, SKU, license detail) that failed its check and was skipped,
   * so a caller can log it; the rest of the page is used.
   */
  onInvalidItem?: (item: InvalidItem) => void;
}

/** A collection item left out because a field we use has an unexpected shape. */
export interface InvalidItem {
  /** What was being read: `users`, `rooms`, `subscribedSkus`… */
  what: string;
  /** The item's `id`, when it has a string one. */
  id?: string;
  /** The first few problems, as `path: message`. */
  issues: string[];
}

/** A checked collection page: its valid items, how many items it carried in all, and its annotations. */
export interface CheckedPage<T> {
  items: T[];
  /** Items in the page before any was skipped: what paging by `$skip` counts. */
  raw: number;
  /** Ids of the skipped items that had one. */
  invalidIds: string[];
  count?: number;
  nextLink?: string;
  deltaLink?: string;
}

/**
 * One Graph v1.0 request through the tenant budget and retries, and the checks of what comes back: the
 * ground GraphClient's typed methods, its paging (graphPaging.ts) and its `$batch` engine (graphBatch.ts) share.
 */
export class GraphRequests {
  /** The version root, e.g. `https://graph.microsoft.com/v1.0`. */
  readonly root: string;
  private readonly origin: string;
  private readonly context: CallContext;
  private readonly priority?: 'low' | 'normal' | 'high';
  private readonly onInvalidItem?: (item: InvalidItem) => void;
  private skipped = 0;

  constructor(options: GraphWireOptions) {
    this.root = `${options.baseUrl.replace(/\/+$/, '').replace(/\/v1\.0$/, '')}/v1.0`;
    this.origin = new URL(this.root).origin;
    this.priority = options.priority;
    this.onInvalidItem = options.onInvalidItem;
    this.context = {
      service: 'graph',
      transport: options.transport,
      getToken: options.getToken,
      budget: options.budget,
      retry: { ...DEFAULT_RETRY_POLICY, ...options.retry },
    };
  }

  /** Collection items skipped as malformed so far (see `onInvalidItem`). */
  get invalidItems(): number {
    return this.skipped;
  }

  /** The client's retry policy (a `$batch` retries its inner answers by it). */
  get retry(): RetryPolicy {
    return this.context.retry;
  }

  headers(extra: Record<string, string> = {}): Record<string, string> {
    return this.priority ? { 'x-ms-throttle-priority': this.priority, ...extra } : extra;
  }

  send(
    method: HttpMethod,
    pathOrLink: string,
    options: { body?: unknown; headers?: Record<string, string>; mailbox?: string; idempotent?: boolean; call?: CallOptions },
  ): Promise<HttpResponse> {
    const url = this.resolve(pathOrLink);
    const cost = graphCost(method, url.slice(this.root.length));
    return this.call(
      {
        method,
        url,
        headers: this.headers(options.headers),
        body: options.body,
        cost: { service: 'graph', ...cost, mailbox: options.mailbox },
        idempotent: options.idempotent ?? method !== 'POST',
        toError: graphError,
      },
      options.call,
    );
  }

  /** A call spelled out in full (the `$batch` envelope sets its own cost and budget feedback). */
  call(spec: CallSpec, call?: CallOptions): Promise<HttpResponse> {
    return resilientCall(this.context, spec, call);
  }

  /** A collection page: the envelope must be right, each item is checked on its own (a bad one is skipped and reported). */
  parsePage<T extends z.ZodType>(item: T, res: HttpResponse, what: string): CheckedPage<z.infer<T>> {
    const page = this.parse(collectionEnvelope, res, what);
    const invalidIds: string[] = [];
    return checkedPage(page, this.validItems(item, page.value, what, invalidIds), invalidIds);
  }

  /** `parsePage` for a listing read while other work waits: ITEMS_PER_TURN items a turn of the event loop. */
  async parsePageInTurns<T extends z.ZodType>(item: T, res: HttpResponse, what: string): Promise<CheckedPage<z.infer<T>>> {
    const page = this.parse(collectionEnvelope, res, what);
    const invalidIds: string[] = [];
    const items: z.infer<T>[] = [];
    for (let start = 0; start < page.value.length; start += ITEMS_PER_TURN) {
      if (start > 0) await setImmediate();
      items.push(...this.validItems(item, page.value.slice(start, start + ITEMS_PER_TURN), what, invalidIds));
    }
    return checkedPage(page, items, invalidIds);
  }

  validItems<T extends z.ZodType>(schema: T, values: readonly unknown[], what: string, invalidIds: string[] = []): z.infer<T>[] {
    const items: z.infer<T>[] = [];
    for (const value of values) {
      const parsed = schema.safeParse(value);
      if (parsed.success) {
        items.push(parsed.data);
        continue;
      }
      this.skipped += 1;
      const id = value && typeof value === 'object' ? (value as Record<string, unknown>).id : undefined;
      if (typeof id === 'string') invalidIds.push(id);
      const issues = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.map(String).join('.') || '(item)'}: ${issue.message}`);
      this.onInvalidItem?.({ what, id: typeof id === 'string' ? id : undefined, issues });
    }
    return items;
  }

  parse<T extends z.ZodType>(schema: T, res: HttpResponse, what: string): z.infer<T> {
    const parsed = schema.safeParse(res.body);
    if (!parsed.success) throw invalidResponse('graph', what, parsed.error.issues, res);
    return parsed.data;
  }

  /** A path below the version root, or an absolute link Graph gave us (which must stay on the same origin). */
  private resolve(pathOrLink: string): string {
    if (!/^https?:\/\//i.test(pathOrLink)) return `${this.root}${pathOrLink}`;
    if (new URL(pathOrLink).origin !== this.origin) {
      throw invalidResponse('graph', 'paging', [{ path: ['@odata.nextLink'], message: `link leaves ${this.origin}` }]);
    }
    return pathOrLink;
  }
}

function checkedPage<T>(page: z.infer<typeof collectionEnvelope>, items: T[], invalidIds: string[]): CheckedPage<T> {
  return {
    items,
    invalidIds,
    raw: page.value.length,
    count: page['@odata.count'],
    nextLink: page['@odata.nextLink'],
    deltaLink: page['@odata.deltaLink'],
  };
}

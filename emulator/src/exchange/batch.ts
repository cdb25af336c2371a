// Evidence: docs/microsoft-365.md#exo-batch
import type { Request, Response } from 'express';
import type { EmulatorContext } from '../context.ts';
import { throttleHeaders } from '../limits/throttleHeaders.ts';
import { cmdletErrors, ExchangeError, transportErrors } from './errors.ts';
import { DROPPED, openSession, quotaHeaders, runCmdlet, type ExchangeSession } from './invoke.ts';
import { errorReply, resultReply, sendReply, type InvokeReply } from './responses.ts';

/** CIPP-API splits its cmdlets "into batches of 10" (docs/microsoft-365.md#exo-batch); the live limit is unverified. */
export const MAX_EXCHANGE_BATCH = 10;

/** The envelope's name in the emulator's stats; each item is also counted as `InvokeCommand <cmdlet>`. */
export const EXCHANGE_BATCH_API = 'POST $batch (exchange)';

interface BatchItem {
  id: string;
  version: string;
  tenantSegment: string;
  skipToken?: string;
  select?: string;
  headers: Record<string, string>;
  body: string;
}

interface BatchItemResponse {
  id: string;
  status: number;
  headers: Record<string, string>;
  body?: Record<string, unknown>;
}

/** The admin API versions the emulator serves. */
export const EXCHANGE_API_VERSIONS = new Set(['beta', 'v1.0']);

const INVOKE_PATH = /^\/adminapi\/([^/]+)\/([^/]+)\/InvokeCommand$/i;

/**
 * POST /adminapi/{version}/{tenant}/$batch: up to 10 InvokeCommand requests in one envelope. The envelope is
 * authenticated and permission-checked once and takes the caller's concurrency slot once (one HTTP request);
 * each item then passes the traffic gate on its own (cmdlet rate, writes, mailbox) and the caller's Exchange
 * role is checked per item, so one item can get its own 429 with its own Retry-After inside a 200 envelope.
 * With `Prefer: odata.continue-on-error` every item runs (concurrently); without it, items run in order and
 * the first failure ends the batch (OData JSON batch semantics; the live behaviour is unverified).
 */
export function exchangeBatch(ctx: EmulatorContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const tenantSegment = String(req.params.tenant);
    const session = await openSession(ctx, req.headers.authorization, tenantSegment);
    if (!('caller' in session)) return sendReply(res, session);
    const { caller, tenant, backend } = session;
    let items: BatchItem[];
    try {
      items = parseBatch(typeof req.body === 'string' ? req.body : '', req.protocol, req.get('host') ?? '');
    } catch (error) {
      if (error instanceof ExchangeError) return sendReply(res, errorReply(error, backend));
      throw error;
    }
    ctx.stats.call(EXCHANGE_BATCH_API);
    const admission = await ctx.gate.admit({
      service: 'exchange',
      api: EXCHANGE_BATCH_API,
      tenantId: tenant.id,
      appId: caller.appId,
      userId: caller.userId,
      isWrite: false,
      resourceUnits: 1,
      part: 'envelope',
    });
    if (admission.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    if (admission.kind === 'throttle') {
      ctx.stats.throttle(EXCHANGE_BATCH_API);
      const message = `Micro delay applied. The user '${caller.upn ?? caller.appId}' has exceeded the budget of '${admission.scope}' (${admission.reason}). Retry after ${admission.retryAfterSeconds} seconds.`;
      return sendReply(
        res,
        errorReply(
          transportErrors.throttled({ ...throttleHeaders(admission, 'exchange'), ...quotaHeaders(admission.quota) }, message),
          backend,
        ),
      );
    }
    if (admission.kind === 'fault') {
      ctx.stats.fault(EXCHANGE_BATCH_API);
      return sendReply(res, errorReply(transportErrors.unavailable(admission.status), backend));
    }
    try {
      const continueOnError = /(?:^|[,;\s])odata\.continue-on-error\b/i.test(req.header('prefer') ?? '');
      const envelopeHeader = (name: string) => req.header(name);
      const responses: BatchItemResponse[] = [];
      if (continueOnError) {
        responses.push(...(await Promise.all(items.map((item) => runItem(ctx, session, item, envelopeHeader)))));
      } else {
        for (const item of items) {
          const response = await runItem(ctx, session, item, envelopeHeader);
          responses.push(response);
          if (response.status >= 400 || hasError(response.body)) break;
        }
      }
      const headers: Record<string, string> = {
        ...quotaHeaders(admission.quota),
        ...lowestQuota(responses),
        ...(continueOnError ? { 'Preference-Applied': 'odata.continue-on-error' } : {}),
      };
      sendReply(res, resultReply({ responses }, backend, headers));
    } finally {
      admission.release();
    }
  };
}

async function runItem(
  ctx: EmulatorContext,
  session: ExchangeSession,
  item: BatchItem,
  envelopeHeader: (name: string) => string | undefined,
): Promise<BatchItemResponse> {
  // The item's URL names the organization again: it must be the envelope's, as for a plain InvokeCommand.
  const itemTenant = ctx.findTenant(item.tenantSegment);
  let reply: InvokeReply | typeof DROPPED;
  if (!itemTenant || itemTenant.id !== session.tenant.id) {
    reply = errorReply(
      transportErrors.accessDenied(
        `The organization '${item.tenantSegment}' in the request URL isn't the organization of the access token.`,
      ),
      session.backend,
    );
  } else {
    reply = await runCmdlet(ctx, session, {
      version: item.version,
      tenantSegment: item.tenantSegment,
      // The item's own headers first (CIPP sends X-AnchorMailbox and X-CmdletName per item), then the envelope's.
      header: (name) => item.headers[name.toLowerCase()] ?? envelopeHeader(name),
      skipToken: item.skipToken,
      select: item.select,
      body: item.body,
      part: 'item',
    });
  }
  // A connection lost behind the front door reaches the caller as the gateway's 504 for that item alone.
  if (reply === DROPPED) reply = errorReply(transportErrors.unavailable(504), session.backend);
  return { id: item.id, status: reply.status, headers: reply.headers, ...(reply.body === undefined ? {} : { body: reply.body }) };
}

function hasError(body: Record<string, unknown> | undefined): boolean {
  return typeof body?.error === 'object' && body.error !== null;
}

/** The envelope repeats the caller's budget as the last item saw it: the item with the fewest cmdlets left. */
function lowestQuota(responses: readonly BatchItemResponse[]): Record<string, string> {
  let lowest: BatchItemResponse | undefined;
  for (const response of responses) {
    const remaining = Number(response.headers['Rate-Limit-Remaining']);
    if (Number.isFinite(remaining) && (!lowest || remaining < Number(lowest.headers['Rate-Limit-Remaining']))) lowest = response;
  }
  if (!lowest) return {};
  const pick = ['Rate-Limit-Limit', 'Rate-Limit-Remaining', 'Rate-Limit-Reset'];
  return Object.fromEntries(
    pick.filter((name) => lowest.headers[name] !== undefined).map((name) => [name, lowest.headers[name] as string]),
  );
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Validate the whole envelope before running anything: a malformed one is a 400 and runs nothing. */
function parseBatch(text: string, protocol: string, host: string): BatchItem[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw cmdletErrors.malformedBatch('the body is not JSON');
  }
  const requests = isObject(parsed) ? parsed.requests : undefined;
  if (!Array.isArray(requests) || requests.length === 0) throw cmdletErrors.malformedBatch('`requests` must be a non-empty array');
  if (requests.length > MAX_EXCHANGE_BATCH)
    throw cmdletErrors.malformedBatch(`the number of requests exceeds the limit of ${MAX_EXCHANGE_BATCH}`);
  const seen = new Set<string>();
  return requests.map((raw, index) => {
    const item = parseItem(raw, index, `${protocol}://${host}`);
    if (seen.has(item.id)) throw cmdletErrors.malformedBatch(`more than one request has the id '${item.id}'`);
    seen.add(item.id);
    return item;
  });
}

function parseItem(raw: unknown, index: number, origin: string): BatchItem {
  if (!isObject(raw)) throw cmdletErrors.malformedBatch(`request ${index} is not an object`);
  const { id, method, url, headers = {}, body } = raw;
  if (typeof id !== 'string' || id === '') throw cmdletErrors.malformedBatch(`request ${index} has no id`);
  if (typeof method !== 'string' || method.toUpperCase() !== 'POST') throw cmdletErrors.malformedBatch(`request '${id}' must be a POST`);
  if (!isObject(headers)) throw cmdletErrors.malformedBatch(`request '${id}' has headers that are not an object`);
  if (!isObject(body)) throw cmdletErrors.malformedBatch(`request '${id}' has no JSON body`);
  let target: URL;
  try {
    target = new URL(typeof url === 'string' ? url : '', origin);
  } catch {
    throw cmdletErrors.malformedBatch(`request '${id}' has no valid url`);
  }
  const match = INVOKE_PATH.exec(target.pathname);
  if (typeof url !== 'string' || !match || !EXCHANGE_API_VERSIONS.has(match[1] as string)) {
    throw cmdletErrors.malformedBatch(`request '${id}' must target /adminapi/{beta|v1.0}/{tenant}/InvokeCommand`);
  }
  return {
    id,
    version: decodeURIComponent(match[1] as string),
    tenantSegment: decodeURIComponent(match[2] as string),
    skipToken: target.searchParams.get('$skiptoken') ?? undefined,
    select: target.searchParams.get('$select') ?? undefined,
    headers: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), String(value)])),
    body: JSON.stringify(body),
  };
}

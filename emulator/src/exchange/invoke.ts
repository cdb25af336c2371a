// Evidence: docs/microsoft-365.md#exo-invoke, #exo-errors, #exo-batch
import type { Request, Response } from 'express';
import { exchangeGroupsOfRoles, exchangeRoleGroups } from '../access/assignments.ts';
import { authenticateCaller, type Caller } from '../access/caller.ts';
import { canReadExchange, canWritePlacesInExchange, canWriteRecipients } from '../access/policy.ts';
import type { EmulatorContext } from '../context.ts';
import { throttleHeaders } from '../limits/throttleHeaders.ts';
import type { QuotaReport } from '../limits/types.ts';
import { RESOURCE } from '../tenant/catalog.ts';
import type { ExchangeRoleGroup, Tenant } from '../tenant/model.ts';
import { backendNames, type BackendNames } from './backend.ts';
import { findCmdlet } from './cmdlets/index.ts';
import type { CmdletOutput, CmdletRight } from './cmdlets/types.ts';
import { cmdletErrors, ExchangeError, transportErrors } from './errors.ts';
import { patchOutput, takeReplyRule, takeThrottleRule } from './injected.ts';
import { queryFingerprint } from './paging.ts';
import { GROUP_ID_TYPE } from './cmdlets/distributionGroups.ts';
import { checkResponseFormat, type InvokeRequest, pageSizePreference, parseInvokeBody, targetMailbox } from './request.ts';
import { emptyReply, errorReply, resultReply, sendReply, type InvokeReply } from './responses.ts';
import { selectProperties } from './select.ts';

const RIGHTS: Record<CmdletRight, (groups: ReadonlySet<ExchangeRoleGroup>) => boolean> = {
  readRecipients: canReadExchange,
  writeRecipients: canWriteRecipients,
  writePlaces: canWritePlacesInExchange,
};

/** A connection the gate dropped: no reply is written (the socket is destroyed). */
export const DROPPED = Symbol('dropped');

/** Who calls, in which organization: what the URL and the token establish once per HTTP request. */
export interface ExchangeSession {
  caller: Caller;
  tenant: Tenant;
  backend: BackendNames;
}

/** One cmdlet call as the transport gives it: a plain InvokeCommand request, or one item of a `$batch`. */
export interface CmdletCall {
  version: string;
  tenantSegment: string;
  /** A request header, by lower-case name. */
  header: (name: string) => string | undefined;
  skipToken?: string;
  select?: string;
  /** The raw JSON body. */
  body: string;
  /** `item`: inside a `$batch` envelope, which already holds the caller's concurrency slot. */
  part?: 'item';
}

/**
 * POST /adminapi/{beta|v1.0}/{tenant}/InvokeCommand: authenticate, check the organization and the token's
 * permission, pass the traffic gate once, then check the caller's Exchange role and run the cmdlet.
 */
export function invokeCommand(ctx: EmulatorContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const version = String(req.params.version);
    const tenantSegment = String(req.params.tenant);
    const session = await openSession(ctx, req.headers.authorization, tenantSegment);
    if (!('caller' in session)) return sendReply(res, session);
    const reply = await runCmdlet(ctx, session, {
      version,
      tenantSegment,
      header: (name) => req.header(name),
      skipToken: typeof req.query.$skiptoken === 'string' ? req.query.$skiptoken : undefined,
      select: typeof req.query.$select === 'string' ? req.query.$select : undefined,
      body: typeof req.body === 'string' ? req.body : '',
    });
    if (reply === DROPPED) req.socket.destroy();
    else sendReply(res, reply);
  };
}

/** The checks that come before any cmdlet: a valid Exchange token, of this organization, with the API permission. */
export async function openSession(
  ctx: EmulatorContext,
  authorization: string | undefined,
  tenantSegment: string,
): Promise<ExchangeSession | InvokeReply> {
  const auth = await authenticateCaller(authorization, ctx.keys, RESOURCE.exchange, ctx.findTenant);
  if (!auth.ok) return errorReply(transportErrors.unauthorized(auth.reason, `${ctx.baseUrl}/common/oauth2/authorize`));
  const { caller } = auth;
  const tenant = ctx.findTenant(tenantSegment);
  if (!tenant || tenant.id !== caller.tenant.id) {
    return errorReply(
      transportErrors.accessDenied(`The organization '${tenantSegment}' in the request URL isn't the organization of the access token.`),
    );
  }
  const backend = backendNames(tenant.id);
  const missing = missingPermission(caller);
  if (missing) return errorReply(transportErrors.accessDenied(missing), backend);
  return { caller, tenant, backend };
}

/** Read the body, pass the traffic gate, check the caller's Exchange role and run one cmdlet. */
export async function runCmdlet(ctx: EmulatorContext, session: ExchangeSession, call: CmdletCall): Promise<InvokeReply | typeof DROPPED> {
  const { caller, tenant, backend } = session;
  let request: InvokeRequest;
  try {
    checkResponseFormat(call.header('x-responseformat'));
    request = parseInvokeBody(call.body);
  } catch (error) {
    if (error instanceof ExchangeError) return errorReply(error, backend);
    throw error;
  }

  const cmdlet = findCmdlet(request.cmdletName);
  const api = `InvokeCommand ${cmdlet?.name ?? request.cmdletName}`;
  ctx.stats.call(api);
  const mailbox = targetMailbox(tenant, request.parameters, call.header('x-anchormailbox'), cmdlet?.identityType === GROUP_ID_TYPE);
  // An injected 429 stands for a limit the gate does not model: it is answered before the gate charges anything.
  const forcedThrottle = takeThrottleRule(tenant, request.cmdletName, request.parameters);
  if (forcedThrottle) {
    ctx.stats.throttle(api);
    const seconds = forcedThrottle.retryAfterSeconds ?? 1;
    return errorReply(
      transportErrors.throttled({ 'Retry-After': String(seconds) }, `Micro delay applied. Retry after ${seconds} seconds.`),
      backend,
    );
  }
  const admission = await ctx.gate.admit({
    service: 'exchange',
    api,
    tenantId: tenant.id,
    appId: caller.appId,
    userId: caller.userId,
    mailbox,
    isWrite: /^set-/i.test(request.cmdletName),
    resourceUnits: 1,
    ...(call.part ? { part: call.part } : {}),
    read: /^get-/i.test(request.cmdletName),
  });
  if (admission.kind === 'drop') return DROPPED;
  if (admission.kind === 'throttle') {
    ctx.stats.throttle(api);
    const message = `Micro delay applied. The user '${caller.upn ?? caller.appId}' has exceeded the budget of '${admission.scope}' (${admission.reason}). Retry after ${admission.retryAfterSeconds} seconds.`;
    return errorReply(
      transportErrors.throttled({ ...throttleHeaders(admission, 'exchange'), ...quotaHeaders(admission.quota) }, message),
      backend,
    );
  }
  if (admission.kind === 'fault') {
    ctx.stats.fault(api);
    return errorReply(transportErrors.unavailable(admission.status), backend);
  }

  const quota = quotaHeaders(admission.quota);
  const injected = takeReplyRule(tenant, request.cmdletName, request.parameters)?.reply;
  if (injected === 'emptyForbidden') {
    await admission.answerAt;
    admission.release();
    return emptyReply(403, backend, quota);
  }
  try {
    if (!cmdlet) throw cmdletErrors.unknownCmdlet(request.cmdletName);
    if (!RIGHTS[cmdlet.right](roleGroupsOf(caller, tenant))) {
      throw transportErrors.accessDenied(
        `The user "${caller.upn ?? caller.appId}" isn't assigned to any management roles that grant access to the cmdlet '${cmdlet.name}' in organization '${tenant.domain}'.`,
      );
    }
    if (injected === 'missing') throw cmdletErrors.notFound(String(identityOf(request.parameters) ?? ''), backend.directoryServer);
    const pageSize = pageSizePreference(call.header('prefer'));
    const output = cmdlet.invoke(request.parameters, {
      tenant,
      stats: ctx.stats,
      backend,
      page: { skipToken: call.skipToken, maxPageSize: pageSize.size, fingerprint: queryFingerprint(cmdlet.name, request.parameters) },
    });
    output.value = patchOutput(tenant, cmdlet.name, request.parameters, output.value);
    // Single-object reads are counted per target, as writes are, so tests can prove "read exactly once".
    if (/^get-/i.test(cmdlet.name) && identityOf(request.parameters) !== undefined && output.value.length > 0)
      ctx.stats.read(cmdlet.name, mailbox ?? '');
    const headers: Record<string, string> = {
      ...quota,
      ...(pageSize.applied ? { 'Preference-Applied': `odata.maxpagesize=${pageSize.size}` } : {}),
    };
    return resultReply(
      resultBody(ctx, { version: call.version, tenantSegment: call.tenantSegment, select: call.select }, output),
      backend,
      headers,
    );
  } catch (error) {
    if (!(error instanceof ExchangeError)) throw error;
    if (injected === 'errorIn200') return errorReply(error, backend, { status: 200, headers: quota });
    const missing = (injected === 'notFound404' || injected === 'missing') && error.type.endsWith('ManagementObjectNotFoundException');
    return errorReply(error, backend, { status: missing ? 404 : error.status, headers: quota });
  } finally {
    // A Get-* is answered once its latency has passed (it was worked out meanwhile), holding its slot till then.
    await admission.answerAt;
    admission.release();
  }
}

function identityOf(parameters: Record<string, unknown>): unknown {
  const key = Object.keys(parameters).find((name) => name.toLowerCase() === 'identity');
  return key === undefined ? undefined : parameters[key];
}

/**
 * Exchange's feedback headers, as a live InvokeCommand 200 carries them (`Rate-Limit-Limit: 30000`,
 * `Rate-Limit-Remaining`, `Rate-Limit-Reset` as an ISO time, `X-ConcurrencyCount`), here derived from the
 * emulator's own cmdlet bucket; none when the traffic profile has no budget.
 */
export function quotaHeaders(quota: QuotaReport | undefined): Record<string, string> {
  if (!quota) return {};
  return {
    'Rate-Limit-Limit': String(quota.limit),
    'Rate-Limit-Remaining': String(quota.remaining),
    'Rate-Limit-Reset': new Date(quota.resetAt).toISOString(),
    'X-ConcurrencyCount': String(quota.concurrency),
  };
}

/**
 * The caller's Exchange role groups, from the tenant's current assignments (Exchange role group membership
 * is never in a token). An app-only caller has the role groups of the directory roles its token names.
 */
function roleGroupsOf(caller: Caller, tenant: Tenant): Set<ExchangeRoleGroup> {
  if (caller.userId !== undefined && tenant.users.has(caller.userId)) return exchangeRoleGroups(tenant, caller.userId);
  return exchangeGroupsOfRoles(caller.roles);
}

/** Delegated tokens need the Exchange.Manage scope; app-only tokens the Exchange.ManageAsApp role. */
function missingPermission(caller: Caller): string | undefined {
  const has = (values: ReadonlySet<string>, wanted: string) => [...values].some((value) => value.toLowerCase() === wanted.toLowerCase());
  if (caller.userId !== undefined) {
    return has(caller.scopes, 'Exchange.Manage')
      ? undefined
      : "The access token doesn't include the 'Exchange.Manage' delegated permission.";
  }
  return has(caller.appRoles, 'Exchange.ManageAsApp')
    ? undefined
    : "The access token doesn't include the 'Exchange.ManageAsApp' application permission.";
}

interface RequestUrl {
  version: string;
  tenantSegment: string;
  select: string | undefined;
}

/** The OData envelope; the next link repeats the URL (and its $select) with a `$skiptoken`. */
function resultBody(ctx: EmulatorContext, url: RequestUrl, output: CmdletOutput): Record<string, unknown> {
  const base = `${ctx.baseUrl}/adminapi/${url.version}/${url.tenantSegment}`;
  const selectQuery = url.select ? `&$select=${encodeURIComponent(url.select)}` : '';
  return {
    '@odata.context': `${base}/$metadata#Collection(Exchange.GenericHashTable)`,
    'adminapi.warnings@odata.type': '#Collection(String)',
    '@adminapi.warnings': output.warnings,
    value: selectProperties(output.value, url.select),
    ...(output.nextSkipToken ? { '@odata.nextLink': `${base}/InvokeCommand?$skiptoken=${output.nextSkipToken}${selectQuery}` } : {}),
  };
}

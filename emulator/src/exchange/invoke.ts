// Evidence: docs/microsoft-365.md#exo-invoke, #exo-errors
import type { Request, Response } from 'express';
import { exchangeGroupsOfRoles, exchangeRoleGroups } from '../access/assignments.ts';
import { authenticateCaller, type Caller } from '../access/caller.ts';
import { canReadExchange, canWritePlacesInExchange, canWriteRecipients } from '../access/policy.ts';
import type { EmulatorContext } from '../context.ts';
import { throttleHeaders } from '../limits/throttleHeaders.ts';
import type { QuotaReport } from '../limits/types.ts';
import { RESOURCE } from '../tenant/catalog.ts';
import type { ExchangeRoleGroup, Tenant } from '../tenant/model.ts';
import { backendNames } from './backend.ts';
import { findCmdlet } from './cmdlets/index.ts';
import type { CmdletOutput, CmdletRight } from './cmdlets/types.ts';
import { cmdletErrors, ExchangeError, transportErrors } from './errors.ts';
import { patchOutput, takeReplyRule } from './injected.ts';
import { queryFingerprint } from './paging.ts';
import { checkResponseFormat, type InvokeRequest, pageSizePreference, parseInvokeBody, targetMailbox } from './request.ts';
import { sendEmpty, sendError, sendResult } from './responses.ts';
import { selectProperties } from './select.ts';

const RIGHTS: Record<CmdletRight, (groups: ReadonlySet<ExchangeRoleGroup>) => boolean> = {
  readRecipients: canReadExchange,
  writeRecipients: canWriteRecipients,
  writePlaces: canWritePlacesInExchange,
};

/**
 * POST /adminapi/{beta|v1.0}/{tenant}/InvokeCommand: authenticate, check the organization and the token's
 * permission, pass the traffic gate once, then check the caller's Exchange role and run the cmdlet.
 */
export function invokeCommand(ctx: EmulatorContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const version = String(req.params.version);
    const tenantSegment = String(req.params.tenant);
    const auth = await authenticateCaller(req.headers.authorization, ctx.keys, RESOURCE.exchange, ctx.findTenant);
    if (!auth.ok) return sendError(res, transportErrors.unauthorized(auth.reason, `${ctx.baseUrl}/common/oauth2/authorize`));
    const { caller } = auth;
    const tenant = ctx.findTenant(tenantSegment);
    if (!tenant || tenant.id !== caller.tenant.id) {
      return sendError(res, transportErrors.accessDenied(`The organization '${tenantSegment}' in the request URL isn't the organization of the access token.`));
    }
    const backend = backendNames(tenant.id);
    const missing = missingPermission(caller);
    if (missing) return sendError(res, transportErrors.accessDenied(missing), backend);

    let request: InvokeRequest;
    try {
      checkResponseFormat(req.header('x-responseformat'));
      request = parseInvokeBody(typeof req.body === 'string' ? req.body : '');
    } catch (error) {
      if (error instanceof ExchangeError) return sendError(res, error, backend);
      throw error;
    }

    const cmdlet = findCmdlet(request.cmdletName);
    const api = `InvokeCommand ${cmdlet?.name ?? request.cmdletName}`;
    ctx.stats.call(api);
    const admission = await ctx.gate.admit({
      service: 'exchange',
      api,
      tenantId: tenant.id,
      appId: caller.appId,
      userId: caller.userId,
      mailbox: targetMailbox(tenant, request.parameters, req.header('x-anchormailbox')),
      isWrite: /^set-/i.test(request.cmdletName),
      resourceUnits: 1,
    });
    if (admission.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    if (admission.kind === 'throttle') {
      ctx.stats.throttle(api);
      const message = `Micro delay applied. The user '${caller.upn ?? caller.appId}' has exceeded the budget of '${admission.scope}' (${admission.reason}). Retry after ${admission.retryAfterSeconds} seconds.`;
      return sendError(res, transportErrors.throttled({ ...throttleHeaders(admission, 'exchange'), ...quotaHeaders(admission.quota) }, message), backend);
    }
    if (admission.kind === 'fault') {
      ctx.stats.fault(api);
      return sendError(res, transportErrors.unavailable(admission.status), backend);
    }

    const quota = quotaHeaders(admission.quota);
    const injected = takeReplyRule(tenant, request.cmdletName, request.parameters)?.reply;
    if (injected === 'emptyForbidden') {
      admission.release();
      return sendEmpty(res, 403, backend, quota);
    }
    try {
      if (!cmdlet) throw cmdletErrors.unknownCmdlet(request.cmdletName);
      if (!RIGHTS[cmdlet.right](roleGroupsOf(caller, tenant))) {
        throw transportErrors.accessDenied(
          `The user "${caller.upn ?? caller.appId}" isn't assigned to any management roles that grant access to the cmdlet '${cmdlet.name}' in organization '${tenant.domain}'.`,
        );
      }
      const pageSize = pageSizePreference(req.header('prefer'));
      const skipToken = typeof req.query.$skiptoken === 'string' ? req.query.$skiptoken : undefined;
      const output = cmdlet.invoke(request.parameters, {
        tenant,
        stats: ctx.stats,
        backend,
        page: { skipToken, maxPageSize: pageSize.size, fingerprint: queryFingerprint(cmdlet.name, request.parameters) },
      });
      output.value = patchOutput(tenant, cmdlet.name, request.parameters, output.value);
      const select = typeof req.query.$select === 'string' ? req.query.$select : undefined;
      const headers: Record<string, string> = { ...quota, ...(pageSize.applied ? { 'Preference-Applied': `odata.maxpagesize=${pageSize.size}` } : {}) };
      sendResult(res, resultBody(ctx, { version, tenantSegment, select }, output), backend, headers);
    } catch (error) {
      if (!(error instanceof ExchangeError)) throw error;
      if (injected === 'errorIn200') return sendError(res, error, backend, { status: 200, headers: quota });
      const missing = injected === 'notFound404' && error.type.endsWith('ManagementObjectNotFoundException');
      return sendError(res, error, backend, { status: missing ? 404 : error.status, headers: quota });
    } finally {
      admission.release();
    }
  };
}

/**
 * Exchange's feedback headers, as a live InvokeCommand 200 carries them (`Rate-Limit-Limit: 30000`,
 * `Rate-Limit-Remaining`, `Rate-Limit-Reset` as an ISO time, `X-ConcurrencyCount`), here derived from the
 * emulator's own cmdlet bucket; none when the traffic profile has no budget.
 */
function quotaHeaders(quota: QuotaReport | undefined): Record<string, string> {
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
    return has(caller.scopes, 'Exchange.Manage') ? undefined : "The access token doesn't include the 'Exchange.Manage' delegated permission.";
  }
  return has(caller.appRoles, 'Exchange.ManageAsApp') ? undefined : "The access token doesn't include the 'Exchange.ManageAsApp' application permission.";
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

// @ts-nocheck
import type { Tenant } from '../tenant/model.ts';
import { cmdletErrors } from './errors.ts';
import { MAX_PAGE_SIZE } from './paging.ts';

/** Reading an InvokeCommand request: the JSON body, and the headers the EXO module sends with it. */

export interface InvokeRequest {
  cmdletName: string;
  parameters: Record<string, unknown>;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `{"CmdletInput":{"CmdletName":"…","Parameters":{…}}}`; Parameters may be absent or null. */
export function parseInvokeBody(body: string): InvokeRequest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw cmdletErrors.malformedBody('the body is not JSON');
  }
  const input = isObject(parsed) ? parsed.CmdletInput : undefined;
  if (!isObject(input)) throw cmdletErrors.malformedBody('CmdletInput is missing');
  const { CmdletName: name, Parameters: parameters } = input;
  if (typeof name !== 'string' || !name.trim()) throw cmdletErrors.malformedBody('CmdletInput.CmdletName is missing');
  if (parameters !== undefined && parameters !== null && !isObject(parameters)) {
    throw cmdletErrors.malformedBody('CmdletInput.Parameters is not an object');
  }
  return { cmdletName: name.trim(), parameters: parameters ?? {} };
}

/** `X-ResponseFormat`: only JSON is served (the module's CliXml format is not modelled). */
export function checkResponseFormat(header: string | undefined): void {
  if (header !== undefined && header.trim().toLowerCase() !== 'json') throw cmdletErrors.unsupportedResponseFormat(header);
}

/** `Prefer: odata.maxpagesize=N`, capped at Exchange's 1000; `applied` says whether to echo Preference-Applied. */
export function pageSizePreference(prefer: string | undefined): { size: number; applied: boolean } {
  const match = /(?:^|[,;\s])odata\.maxpagesize\s*=\s*"?(\d+)"?/i.exec(prefer ?? '');
  const requested = match ? Number(match[1]) : 0;
  if (requested < 1) return { size: MAX_PAGE_SIZE, applied: false };
  return { size: Math.min(requested, MAX_PAGE_SIZE), applied: true };
}

/**
 * The mailbox a call targets, for per-mailbox traffic limits: the -Identity argument, else `X-AnchorMailbox`
 * without its routing prefix (`UPN:`, `SMTP:`, `MBX:`, `APP:`); a known mailbox is named by its primary address.
 */
export function targetMailbox(tenant: Tenant, parameters: Record<string, unknown>, anchorHeader: string | undefined): string | undefined {
  const identityKey = Object.keys(parameters).find((key) => key.toLowerCase() === 'identity');
  const identity = identityKey === undefined ? undefined : parameters[identityKey];
  const hint = typeof identity === 'string' && identity.trim() ? identity.trim() : anchorHeader?.trim().replace(/^[A-Za-z]+:/, '');
  if (!hint) return undefined;
  return (tenant.mailboxByIdentity(hint)?.primarySmtpAddress ?? hint).toLowerCase();
}

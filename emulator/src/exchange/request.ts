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
 * `identityNamesGroup`: the cmdlet's -Identity names a distribution group (a room list), not a mailbox, and is
 * not looked up among the mailboxes (where it would miss, and each miss scans every mailbox).
 */
export function targetMailbox(
  tenant: Tenant,
  parameters: Record<string, unknown>,
  anchorHeader: string | undefined,
  identityNamesGroup = false,
): string | undefined {
  const identityKey = Object.keys(parameters).find((key) => key.toLowerCase() === 'identity');
  const identity = identityKey === undefined ? undefined : parameters[identityKey];
  if (typeof identity === 'string' && identity.trim())
    return identityNamesGroup ? identity.trim().toLowerCase() : named(tenant, identity.trim());
  const anchor = anchorHeader?.trim();
  if (!anchor) return undefined;
  // An `APP:` anchor names the system mailbox tenant-wide cmdlets run on, never a recipient of the tenant: looking
  // it up missed on every list call and scanned every mailbox to prove the miss (a tenth of the emulator's time
  // while a sync listed 10,000 rooms).
  if (/^APP:/i.test(anchor)) return anchor.slice(4).toLowerCase();
  return named(tenant, anchor.replace(/^[A-Za-z]+:/, ''));
}

/** A known mailbox by its primary address; any other name as given, in lower case. */
function named(tenant: Tenant, hint: string): string | undefined {
  if (!hint) return undefined;
  return (tenant.mailboxByIdentity(hint)?.primarySmtpAddress ?? hint).toLowerCase();
}

// Evidence: docs/microsoft-365.md#exo-errors
import type { Tenant } from '../tenant/model.ts';

/**
 * Emulator-only knobs (set through the control API, never by a Microsoft-shaped request) that make Exchange
 * answer in ways a live tenant does only sometimes, so the product's handling of them can be tested:
 *
 * - `errorIn200`: a cmdlet failure is sent with status 200 and the usual error body. Production callers check
 *   every reply's body for `error.details.message` / `error.message` whatever the status (CIPP-API
 *   New-ExoBulkRequest.ps1); a plain InvokeCommand 200 carrying an error is unverified.
 * - `emptyForbidden`: 403 with no body at all (reported for Exchange; unverified).
 * - `notFound404`: a missing identity answered 404 instead of the evidenced 400 ManagementObjectNotFoundException
 *   (production callers special-case an InvokeCommand 404: jflieben/M365Permissions new-ExOQuery.ps1).
 * - `missing`: the named object is answered as missing (ManagementObjectNotFoundException, with status 404 as
 *   `notFound404` gives it) although it exists, so one item of a `$batch` can fail while its neighbours pass.
 * - `throttled`: a 429 with `Retry-After: retryAfterSeconds` (default 1) before the traffic gate charges
 *   anything, standing for a limit the gate does not model; per `$batch` item, CIPP-API retries exactly these.
 *
 * And output patches: properties of one object's cmdlet output replaced or removed (a malformed mailbox,
 * an AutomateProcessing value Microsoft may add later), as a tenant mid-rollout could send.
 */
export type InjectedReply = 'errorIn200' | 'emptyForbidden' | 'notFound404' | 'missing' | 'throttled';

export interface ReplyRule {
  cmdlet: string;
  /** Only calls whose `Identity` parameter is this (any case); every call of the cmdlet when absent. */
  identity?: string;
  reply: InjectedReply;
  /** How many calls it still applies to; unlimited when absent. */
  remaining?: number;
  /** `throttled` only: the Retry-After it sends, in seconds (fractions allowed, as Graph sends them). */
  retryAfterSeconds?: number;
}

export interface OutputPatch {
  cmdlet: string;
  /** The object: its Identity, PrimarySmtpAddress, UserPrincipalName, Alias or ExternalDirectoryObjectId (any case). */
  identity: string;
  set?: Record<string, unknown>;
  remove?: string[];
}

interface Knobs {
  replies: ReplyRule[];
  patches: OutputPatch[];
}

const knobs = new WeakMap<Tenant, Knobs>();

function knobsOf(tenant: Tenant): Knobs {
  let found = knobs.get(tenant);
  if (!found) {
    found = { replies: [], patches: [] };
    knobs.set(tenant, found);
  }
  return found;
}

export function addReplyRule(tenant: Tenant, rule: ReplyRule): void {
  knobsOf(tenant).replies.push({ ...rule });
}

export function addOutputPatch(tenant: Tenant, patch: OutputPatch): void {
  knobsOf(tenant).patches.push({ ...patch });
}

export function clearInjections(tenant: Tenant): void {
  knobs.delete(tenant);
}

const same = (a: unknown, b: string) => typeof a === 'string' && a.toLowerCase() === b.toLowerCase();

/** The reply rule for this call other than `throttled`, if any, counting it as used. */
export function takeReplyRule(tenant: Tenant, cmdletName: string, parameters: Record<string, unknown>): ReplyRule | undefined {
  return takeRule(tenant, cmdletName, parameters, (rule) => rule.reply !== 'throttled');
}

/** The `throttled` rule for this call, if any, counting it as used (taken before the gate, unlike the others). */
export function takeThrottleRule(tenant: Tenant, cmdletName: string, parameters: Record<string, unknown>): ReplyRule | undefined {
  return takeRule(tenant, cmdletName, parameters, (rule) => rule.reply === 'throttled');
}

function takeRule(
  tenant: Tenant,
  cmdletName: string,
  parameters: Record<string, unknown>,
  kind: (rule: ReplyRule) => boolean,
): ReplyRule | undefined {
  const rules = knobs.get(tenant)?.replies ?? [];
  const rule = rules.find(
    (candidate) =>
      kind(candidate) &&
      same(cmdletName, candidate.cmdlet) &&
      (candidate.identity === undefined || same(parameters.Identity, candidate.identity)),
  );
  if (!rule) return undefined;
  if (rule.remaining !== undefined) {
    rule.remaining -= 1;
    if (rule.remaining <= 0) rules.splice(rules.indexOf(rule), 1);
  }
  return rule;
}

const IDENTITY_FIELDS = ['Identity', 'PrimarySmtpAddress', 'UserPrincipalName', 'Alias', 'ExternalDirectoryObjectId'];

/** The cmdlet's output with the patches that name its objects applied (before `$select`). */
export function patchOutput(
  tenant: Tenant,
  cmdletName: string,
  parameters: Record<string, unknown>,
  items: Record<string, unknown>[],
): Record<string, unknown>[] {
  const patches = (knobs.get(tenant)?.patches ?? []).filter((patch) => same(cmdletName, patch.cmdlet));
  if (patches.length === 0) return items;
  return items.map((item) => {
    let result = item;
    for (const patch of patches) {
      const named = same(parameters.Identity, patch.identity) || IDENTITY_FIELDS.some((field) => same(item[field], patch.identity));
      if (!named) continue;
      result = { ...result, ...patch.set };
      for (const name of patch.remove ?? []) delete result[name];
    }
    return result;
  });
}

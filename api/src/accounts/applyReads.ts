import type { ChangeResult } from '../../../contract/index.ts';
import type { M365Clients } from '../clients.ts';
import type { SubscribedSku } from '../domain/subscribedSku.ts';
import { readAccount, userSources } from '../reads/readAccount.ts';
import { readers, type GraphUser } from '../reads/readers.ts';
import { failedSource, okSource, type AccountSnapshot, type Sources, type UserData } from '../domain/snapshot.ts';
import { mergePayloads } from './apply.ts';
import { describeSku } from '../domain/licenseCatalog.ts';
import { licensePayload, type Change } from './plan.ts';

/*
 * The reads around an apply, with one Exchange cmdlet before the write (two when the account was renamed since
 * it was stored) and none after it. The Exchange cmdlet budget is what paces a bulk apply, so each cmdlet per
 * account counts.
 */

/**
 * The account as an apply plans against it: Graph user, licenses and place, and Get-CalendarProcessing (what a
 * plan diffs, read fresh so a retried apply changes nothing). The mailbox (Get-Mailbox: recipient type, primary
 * SMTP address) is kept from the stored snapshot when it was read: no apply writes it. Null: the user is gone.
 *
 * Get-CalendarProcessing leaves at once with the stored UPN, beside the Graph read rather than after it: a
 * bench time line of a bulk apply put the first Exchange envelope 900 ms after the job started, most of it
 * the first hundred tasks' Graph reads queued on the connection pool while the Exchange slots stood idle. If
 * Graph names another UPN (renamed since the last sync), that read is dropped and the mailbox read again by
 * the new name.
 */
export async function readForApply(clients: M365Clients, stored: AccountSnapshot, skus: SubscribedSku[]): Promise<AccountSnapshot | null> {
  if (stored.sources.mailbox.status !== 'ok') return readAccount(clients, stored.accountId, skus);
  const read = readers(clients);
  const now = new Date().toISOString();
  const early = read.calendarProcessingOf(stored.userPrincipalName, now);
  // Awaited below unless the user is gone, renamed, or the Graph read fails: never an unhandled rejection.
  early.catch(() => undefined);
  const [user] = await read.usersByIds([stored.accountId]);
  if (!user) return null;
  const renamed = user.userPrincipalName.toLowerCase() !== stored.userPrincipalName.toLowerCase();
  const [place, calendarProcessing] = await Promise.all([
    read.placeOf(user, now),
    renamed ? read.calendarProcessingOf(user.userPrincipalName, now) : early,
  ]);
  // Get-CalendarProcessing answers "not found" exactly when the mailbox is gone.
  const mailbox = calendarProcessing.status === 'notFound' ? failedSource('notFound', now) : stored.sources.mailbox;
  return { ...userFields(user), readAt: now, sources: { ...userSources(user, skus, now), place, mailbox, calendarProcessing } };
}

/**
 * What Microsoft 365 holds after `applied` succeeded on `fresh`, for write-through. Set-CalendarProcessing
 * returns nothing and is atomic, so its success means every value sent is set: those are merged into the fresh
 * read instead of read back. Graph parts are re-read when written (Graph's budget is large, and a merge would
 * have to mimic what Graph derives, e.g. passwordPolicies' spelling or a license's part number).
 * Null: the user is gone.
 */
export async function snapshotAfterApply(
  clients: M365Clients,
  fresh: AccountSnapshot,
  applied: Change[],
  skus: SubscribedSku[],
): Promise<AccountSnapshot | null> {
  const now = new Date().toISOString();
  const calendar = applied.filter((change) => change.kind === 'calendarProcessing');
  const graph = await rereadGraph(clients, fresh, {
    user: applied.some((change) => change.kind === 'userAccount' || change.kind === 'usageLocation' || change.kind === 'license'),
    place: applied.some((change) => change.kind === 'place'),
    skus,
  });
  if (!graph) return null;
  if (calendar.length === 0) return graph;
  const known = fresh.sources.calendarProcessing;
  // Without a fresh read to merge into (it failed), read the whole object back once; that is rare.
  const calendarProcessing =
    known.status === 'ok' && known.data
      ? okSource({ ...known.data, ...mergePayloads(calendar) }, now)
      : await readers(clients).calendarProcessingOf(graph.userPrincipalName, now);
  return { ...graph, sources: { ...graph.sources, calendarProcessing } };
}

/**
 * `known` with its Graph parts read again: the user (and so its licenses) and the place, as asked. Exchange
 * sources are kept. Null: the user is gone.
 */
export async function rereadGraph(
  clients: M365Clients,
  known: AccountSnapshot,
  parts: { user: boolean; place: boolean; skus: SubscribedSku[] },
): Promise<AccountSnapshot | null> {
  if (!parts.user && !parts.place) return known;
  const read = readers(clients);
  const now = new Date().toISOString();
  const stored = known.sources.user.status === 'ok' ? known.sources.user.data : undefined;
  const [user] = parts.user || !stored ? await read.usersByIds([known.accountId]) : [stored];
  if (!user) return null;
  const sources: Sources = { ...known.sources, ...(parts.user ? userSources(user, parts.skus, now) : {}) };
  if (parts.place) sources.place = await read.placeOf(user, now);
  return { ...known, ...userFields(user), sources };
}

function userFields(user: GraphUser): Pick<AccountSnapshot, 'accountId' | 'userPrincipalName' | 'displayName'> {
  return { accountId: user.id, userPrincipalName: user.userPrincipalName, displayName: user.displayName };
}

/**
 * Each Graph write that succeeded, checked against Microsoft 365's answer when read back: Graph may accept a
 * write and keep the old value (a passwordProfile PATCH without a password answers 204 and changes nothing,
 * microsoft-graph-docs#4267). Such a change is reported as not applied, with the value Microsoft still holds
 * as its `to`, so the audit records what is really there.
 */
export function verifyHeld(results: ChangeResult[], applied: Change[], after: AccountSnapshot): ChangeResult[] {
  const user = after.sources.user.status === 'ok' ? after.sources.user.data : undefined;
  if (!user) return results;
  const graphChanges = new Map(
    applied.filter((change) => change.kind !== 'calendarProcessing' && change.kind !== 'place').map((change) => [change.setting, change]),
  );
  return results.map((result) => {
    const change = graphChanges.get(result.setting);
    if (result.outcome !== 'succeeded' || !change) return result;
    const held = heldValue(change, user);
    if (held.matches) return result;
    return {
      ...result,
      to: held.value,
      outcome: 'failed',
      message: `Microsoft accepted the change but still reports ${describe(held.value)}.`,
    };
  });
}

function heldValue(change: Change, user: UserData): { matches: boolean; value: unknown } {
  switch (change.setting) {
    case 'accountEnabled':
      return { matches: user.accountEnabled === change.to, value: user.accountEnabled };
    case 'passwordPolicies':
      return { matches: neverExpires(user.passwordPolicies) === neverExpires(change.to), value: user.passwordPolicies ?? 'None' };
    case 'forceChangePasswordNextSignIn':
      return { matches: (user.forceChangePasswordNextSignIn ?? false) === change.to, value: user.forceChangePasswordNextSignIn ?? false };
    case 'usageLocation':
      return { matches: String(user.usageLocation ?? '').toUpperCase() === String(change.to).toUpperCase(), value: user.usageLocation };
    case 'license': {
      const { add, remove } = licensePayload(change);
      const matches =
        add.every((skuId) => user.assignedSkuIds.includes(skuId)) && !remove.some((skuId) => user.assignedSkuIds.includes(skuId));
      return { matches, value: user.assignedSkuIds.map((skuId) => describeSku(skuId).name) };
    }
    default:
      return { matches: true, value: change.to };
  }
}

function neverExpires(policies: unknown): boolean {
  return String(policies ?? '')
    .split(',')
    .map((policy) => policy.trim())
    .includes('DisablePasswordExpiration');
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return value.length > 0 ? value.join(', ') : 'none';
  return value === null || value === undefined ? 'no value' : String(value);
}

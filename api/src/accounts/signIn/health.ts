import type { SignInHealth, SignInState } from '../../../../contract/index.ts';
import type { AccountSnapshot, Source } from '../../domain/snapshot.ts';
import type { Baseline } from '../baseline.ts';
import type { TenantFacts } from '../checks/types.ts';
import { evaluateConditionalAccess, securityDefaultsVerdict } from './conditionalAccess.ts';
import { signInReason } from './signInReasons.ts';

/**
 * One account's sign-in health (issue 14): what its activity, recent failures and the tenant's Conditional Access
 * say about why the room may be signed out. Pure: the sync reads the sources, this only words and evaluates them.
 *
 * Who may read what (named when a part is unavailable, the least-privileged role first):
 * - `signInActivity` and `/auditLogs/signIns`: Microsoft Entra ID P1 and AuditLog.Read.All; the signed-in admin needs
 *   Reports Reader, Security Reader, Security Administrator, Security Operator, Global Reader or Global Administrator
 *   (Graph "List signIns", Permissions).
 * - Conditional Access policies: Policy.Read.All; Security Reader (standard properties), Security Administrator,
 *   Global Reader or Conditional Access Administrator (Graph rbac-conditionalaccess-apis-read include).
 */

export const NOT_READ_YET = 'Not read yet: Get Data reads it';
export const SIGN_IN_ROLE_REASON = 'Needs Microsoft Entra ID P1 and a role that may read sign-in logs (least privileged: Reports Reader)';
const FAILURES_NOT_READ = 'Not read this sync: recent failures are read only when the activity shows trouble';

const DAY_MS = 24 * 60 * 60 * 1000;

type Part<T> = { status: 'ok'; data: T } | { status: 'unavailable' | 'notRead'; reason: string };

/** A source's data, or why it can't be used: never read, not read this time, refused, or failed. */
function part<T>(source: Source<T> | undefined, notRead: string, refused: string): Part<T> {
  if (!source) return { status: 'notRead', reason: notRead };
  // The sync says why it left a part unread (the last sign-in succeeded, or the per-sync cap of log reads).
  if (source.status === 'pending') return { status: 'notRead', reason: source.error?.message || notRead };
  if (source.status === 'ok' && source.data !== undefined) return { status: 'ok', data: source.data };
  // The sync words a refusal (no P1, or no role) in the source's error when it knows which; else the general reason.
  if (source.status === 'unavailable') return { status: 'unavailable', reason: source.error?.message || refused };
  return { status: 'unavailable', reason: `Could not be read${source.error ? `: ${source.error.message}` : ''}` };
}

function newest(...times: (string | null | undefined)[]): string | null {
  return (
    times.filter((time): time is string => !!time && !Number.isNaN(Date.parse(time))).sort((a, b) => Date.parse(b) - Date.parse(a))[0] ??
    null
  );
}

function activityOf(snapshot: AccountSnapshot): SignInHealth['activity'] {
  const activity = part(snapshot.signIn?.activity, NOT_READ_YET, SIGN_IN_ROLE_REASON);
  if (activity.status !== 'ok') return { status: activity.status, reason: activity.reason, lastSignIn: null, lastSuccessfulSignIn: null };
  const { lastSignInDateTime, lastNonInteractiveSignInDateTime, lastSuccessfulSignInDateTime } = activity.data;
  // A room signs in non-interactively most of the time (token refresh), so the last attempt is the newer of the two.
  return {
    status: 'ok',
    lastSignIn: newest(lastSignInDateTime, lastNonInteractiveSignInDateTime),
    lastSuccessfulSignIn: newest(lastSuccessfulSignInDateTime),
  };
}

function failuresOf(snapshot: AccountSnapshot): SignInHealth['failures'] {
  const failures = part(snapshot.signIn?.failures, snapshot.signIn ? FAILURES_NOT_READ : NOT_READ_YET, SIGN_IN_ROLE_REASON);
  if (failures.status !== 'ok') return { status: failures.status, reason: failures.reason, items: [] };
  const items = failures.data
    .map((item) => ({ ...item, reason: signInReason(item.errorCode, item.failureReason) }))
    .sort((a, b) => (Date.parse(b.createdDateTime) || 0) - (Date.parse(a.createdDateTime) || 0));
  return { status: 'ok', items };
}

function conditionalAccessOf(snapshot: AccountSnapshot, tenant: TenantFacts): SignInHealth['conditionalAccess'] {
  const fact = tenant.conditionalAccess;
  if (!fact) return { status: 'notRead', reason: NOT_READ_YET, policies: [] };
  if (fact.status === 'unavailable') return { status: 'unavailable', reason: fact.reason, policies: [] };
  // Without Entra ID P1 no CA policy can apply (Graph answers 403 for premium features); security defaults still can.
  if (fact.status === 'noPremium')
    return { status: 'ok', reason: fact.reason, policies: fact.securityDefaultsEnabled === true ? [securityDefaultsVerdict()] : [] };
  return { status: 'ok', policies: [...evaluateConditionalAccess(snapshot.accountId, fact)] };
}

/**
 * The account page's Sign-in tab. `baseline` and `now` are accepted for symmetry with signInStateOf (the caller has
 * both at hand); the health itself doesn't depend on either.
 */
export function signInHealthOf(snapshot: AccountSnapshot, tenant: TenantFacts, _baseline?: Baseline, _now?: Date): SignInHealth {
  return { activity: activityOf(snapshot), failures: failuresOf(snapshot), conditionalAccess: conditionalAccessOf(snapshot, tenant) };
}

/** Whole days between a sign-in and now (0 within the first day). */
export function daysSince(time: string, now: Date): number {
  return Math.floor((now.getTime() - Date.parse(time)) / DAY_MS);
}

/** Whether a successful sign-in at `time` is within the baseline's N days of `now` (exactly N days still counts). */
export function withinDays(time: string, days: number, now: Date): boolean {
  return now.getTime() - Date.parse(time) <= days * DAY_MS;
}

/** The list's Sign-in column: recent, stale, never or unknown, and how many policies block the account. */
export function signInStateOf(
  snapshot: AccountSnapshot,
  tenant: TenantFacts,
  baseline: Baseline,
  now: Date,
): { state: SignInState; lastSuccessfulSignIn: string | null; blockingPolicies: number } {
  const health = signInHealthOf(snapshot, tenant);
  const blockingPolicies = health.conditionalAccess.policies.filter((policy) => policy.verdict === 'blocks').length;
  const { activity } = health;
  if (activity.status !== 'ok') return { state: 'unknown', lastSuccessfulSignIn: null, blockingPolicies };
  const last = activity.lastSuccessfulSignIn;
  const state: SignInState = !last ? 'never' : withinDays(last, baseline.signInWithinDays, now) ? 'recent' : 'stale';
  return { state, lastSuccessfulSignIn: last, blockingPolicies };
}

import { ROLE } from '../../../auth/roles.ts';
import { daysSince, signInHealthOf, withinDays } from '../../signIn/health.ts';
import type { CheckDefinition } from '../types.ts';

/** "9 days ago", "less than a day ago". */
function ago(time: string, now: Date): string {
  const days = daysSince(time, now);
  return days < 1 ? 'less than a day ago' : days === 1 ? '1 day ago' : `${days} days ago`;
}

/**
 * A room in daily use signs in every day (its tokens refresh), so a successful sign-in older than the baseline's N
 * days means the device is signed out or switched off. Recommended, not required: Microsoft names no period, and a
 * room stored away is not misconfigured. The most recent failure says why, in words (signInReasons.ts).
 */
export const signedInRecently: CheckDefinition = {
  id: 'signedInRecently',
  group: 'signIn',
  label: 'Signed in successfully recently',
  description:
    "Whether the account signed in successfully within the baseline's number of days (Entra's signInActivity.lastSuccessfulSignInDateTime). A Teams Rooms device signs in every day it runs; a longer gap usually means it was signed out by an expired password, a disabled account or a Conditional Access policy, and shows nothing but a sign-in screen. Reading it needs Microsoft Entra ID P1 and a role that may read sign-in logs (Reports Reader at least). In the portal: Microsoft Entra admin center > Users > the account > Sign-in logs.",
  powershell:
    'Get-MgUser -UserId <upn> -Property SignInActivity | Select-Object -ExpandProperty SignInActivity   # then: Get-MgAuditLogSignIn -Filter "userId eq \'<id>\'" -Top 10',
  severity: 'recommended',
  // Fixing the cause is most often a password reset or re-enabling the account (User Administrator); the device is signed in again on site or remotely.
  changeRole: ROLE.userAdmin,
  expected: (baseline) => `a successful sign-in within the last ${baseline.signInWithinDays} days`,
  evaluate(snapshot, { baseline, tenant, now = new Date() }) {
    const { activity, failures } = signInHealthOf(snapshot, tenant);
    if (activity.status !== 'ok') return { result: 'unknown', actual: null, note: activity.reason ?? 'Sign-in activity could not be read' };
    const lastError = failures.items[0];
    const error = lastError ? `last error ${lastError.errorCode}: ${lastError.reason.split(':')[0]}` : undefined;
    const last = activity.lastSuccessfulSignIn;
    if (!last) return { result: 'fail', actual: null, note: ['No successful sign-in recorded', error].filter(Boolean).join('; ') };
    // Shown as the setting's current value: when, in words and as a date (the raw time is on the Sign-in tab).
    const actual = `${ago(last, now)} (${last.slice(0, 10)})`;
    if (withinDays(last, baseline.signInWithinDays, now)) return { result: 'pass', actual };
    return { result: 'fail', actual, note: [`Last successful sign-in ${ago(last, now)}`, error].filter(Boolean).join('; ') };
  },
  manualFix:
    "Not changed by Room Accounts: a sign-in is the device's. Read the last error on the Sign-in tab and fix its cause (the password, a disabled account, a Conditional Access policy), then sign the device in again, on site or from the Teams admin center.",
};

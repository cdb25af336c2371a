import type { PolicyVerdict, SignInState } from '../../../../contract/index.ts';

/** What a sign-in state means for this account, with the baseline's N days when it is known. */
export function signInStateText(state: SignInState | undefined, days: number | undefined): string {
  const window = days === undefined ? "within the baseline's window" : `within the last ${days} day${days === 1 ? '' : 's'}`;
  switch (state) {
    case 'recent':
      return `Signed in successfully ${window}.`;
    case 'stale':
      return `No successful sign-in ${window}.`;
    case 'never':
      return 'No successful sign-in is recorded for this account.';
    case 'unknown':
      return 'Unknown: the sign-in activity could not be read.';
    case undefined:
      return 'Not read yet: refresh the list to read the sign-in activity.';
  }
}

/** The badge of a verdict: what an admin should expect at the room's next sign-in. */
export const VERDICT_LABEL: Record<PolicyVerdict['verdict'], string> = {
  blocks: 'Blocks sign-in',
  depends: 'Depends on conditions',
  reportOnly: 'Report-only',
};

export const VERDICT_COLOR = { blocks: 'danger', depends: 'warning', reportOnly: 'informative' } as const satisfies Record<
  PolicyVerdict['verdict'],
  string
>;

/**
 * A sign-in log's `appliedConditionalAccessPolicies[].result` in words. Microsoft's enum
 * (conditionalAccessStatus and its report-only values); anything newer is shown as sent.
 */
const POLICY_RESULT: Record<string, string> = {
  success: 'Passed',
  failure: 'Failed',
  notApplied: 'Not applied',
  notEnabled: 'Not enabled',
  reportOnlySuccess: 'Report-only: would pass',
  reportOnlyFailure: 'Report-only: would fail',
  reportOnlyNotApplied: 'Report-only: not applied',
  reportOnlyInterrupted: 'Report-only: would interrupt',
};

export function policyResultText(result: string): string {
  return POLICY_RESULT[result] ?? result;
}

/**
 * Policies that did not apply to the sign-in say nothing about why it failed; a tenant may have dozens, so the
 * table lists the others and counts these.
 */
export function appliedOnly<T extends { result: string }>(policies: T[]): { shown: T[]; notApplied: number } {
  const quiet = new Set(['notApplied', 'notEnabled', 'reportOnlyNotApplied']);
  const shown = policies.filter((policy) => !quiet.has(policy.result));
  return { shown, notApplied: policies.length - shown.length };
}

/** Only https links to Microsoft's portals are opened: the URL comes from stored data, never a script URL. */
export function safePortalUrl(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

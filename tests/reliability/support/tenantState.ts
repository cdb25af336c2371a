import assert from 'node:assert/strict';
import type { Tenant } from '../../../emulator/src/tenant/model.ts';
import type { EmulatorStats } from './client.ts';

/** Every setting a bulk apply may change on one account, named as our audit log names them, as JSON text. */
export type AccountSettings = Record<string, string>;

/** Read the settings of each account straight from the emulator's tenant (the "Microsoft 365" truth). */
export function captureSettings(tenant: Tenant, accountIds: Iterable<string>): Map<string, AccountSettings> {
  const state = new Map<string, AccountSettings>();
  for (const id of accountIds) {
    const user = tenant.users.get(id);
    if (!user) continue;
    const settings: AccountSettings = {
      accountEnabled: JSON.stringify(user.accountEnabled),
      passwordPolicies: JSON.stringify(user.passwordPolicies),
      forceChangePasswordNextSignIn: JSON.stringify(user.passwordProfile.forceChangePasswordNextSignIn),
      usageLocation: JSON.stringify(user.usageLocation),
      license: JSON.stringify(user.assignedLicenses.map((license) => license.skuId).sort()),
    };
    const mailbox = tenant.mailboxes.get(id);
    for (const [parameter, value] of Object.entries(mailbox?.calendarProcessing ?? {})) settings[parameter] = JSON.stringify(value);
    state.set(id, settings);
  }
  return state;
}

/** `accountId setting` for every setting whose value differs between two captures. */
export function changedSettings(before: Map<string, AccountSettings>, after: Map<string, AccountSettings>): Set<string> {
  const changed = new Set<string>();
  for (const [id, was] of before) {
    const is = after.get(id) ?? {};
    for (const setting of new Set([...Object.keys(was), ...Object.keys(is)]))
      if (was[setting] !== is[setting]) changed.add(`${id} ${setting}`);
  }
  return changed;
}

/**
 * The proof of "each account applied exactly once, and the audit log has exactly one entry per attempted
 * change, none lost": no write target was written twice; every setting the tenant now holds differently
 * has exactly one succeeded audit entry of the job, and every succeeded entry is such a change; failed
 * entries changed nothing. Returns counts for the report.
 */
export function assertAppliedOnceAndAudited(input: {
  jobId: string;
  before: Map<string, AccountSettings>;
  after: Map<string, AccountSettings>;
  stats: EmulatorStats;
  audit: { jobId: string | null; accountId: string | null; setting: string; outcome: string; message: string | null }[];
}): { changed: number; entries: number; writes: number; failed: number } {
  const doubled = Object.entries(input.stats.writes).filter(([, count]) => count !== 1);
  assert.deepEqual(doubled, [], 'a write target was written more than once');
  const entries = input.audit.filter((entry) => entry.jobId === input.jobId);
  const keys = entries.map((entry) => `${entry.accountId} ${entry.setting}`);
  assert.equal(new Set(keys).size, keys.length, 'two audit entries for one setting of one account');
  const changed = changedSettings(input.before, input.after);
  const succeeded = new Set(entries.filter((entry) => entry.outcome === 'succeeded').map((entry) => `${entry.accountId} ${entry.setting}`));
  const lost = [...changed].filter((key) => !succeeded.has(key));
  assert.deepEqual(lost.slice(0, 20), [], `${lost.length} change(s) made in Microsoft 365 have no audit entry`);
  const phantom = [...succeeded].filter((key) => !changed.has(key));
  assert.deepEqual(phantom.slice(0, 20), [], `${phantom.length} audit entries claim a change Microsoft 365 does not show`);
  return {
    changed: changed.size,
    entries: entries.length,
    writes: input.stats.totals.writes,
    failed: entries.filter((entry) => entry.outcome !== 'succeeded').length,
  };
}

import { MESSAGES, type ChangeResult } from '../../../../contract/index.ts';

/** The seed's success message when everything was saved; otherwise say exactly which part was not. */
export function summarize(all: ChangeResult[], recommended: boolean): string {
  const skipped = all.filter((result) => result.outcome === 'skipped');
  // The results carry each one's reason; the message only names them.
  const note = skipped.length > 0 ? ` Not changed by Room Accounts: ${skipped.map((result) => result.setting).join(', ')}.` : '';
  const results = all.filter((result) => result.outcome !== 'skipped');
  if (results.length === 0)
    return skipped.length > 0 ? `Nothing Room Accounts can change.${note}` : 'Nothing to change: the account already has these settings.';
  if (results.every((result) => result.outcome === 'succeeded')) return `${MESSAGES.success}${note}`;
  const failed = results.filter((result) => result.outcome !== 'succeeded');
  const refusedRoles = [...new Set(failed.filter((result) => result.outcome === 'refused').map((result) => result.requiredRole))];
  const parts = [
    refusedRoles.length > 0
      ? `Not changed for lack of a role (${refusedRoles.join(', ')}): ${failed
          .filter((r) => r.outcome === 'refused')
          .map((r) => r.setting)
          .join(', ')}.`
      : '',
    failed.some((result) => result.outcome === 'failed')
      ? `Failed: ${failed
          .filter((r) => r.outcome === 'failed')
          .map((r) => `${r.setting} (${r.message ?? 'error'})`)
          .join('; ')}.`
      : '',
  ].filter(Boolean);
  const succeeded = results.filter((result) => result.outcome === 'succeeded').length;
  return `${recommended ? MESSAGES.apply : MESSAGES.save} ${succeeded > 0 ? `${succeeded} change(s) were saved. ` : ''}${parts.join(' ')}${note}`;
}

import { Field, ProgressBar } from '@fluentui/react-components';
import type { SyncProgress } from '../../../../../contract/index.ts';

const PHASES: Record<string, string> = {
  licenses: 'Reading license seats',
  users: 'Reading accounts',
  mailboxes: 'Reading room mailboxes',
  places: 'Reading room locations',
  changes: 'Reading changes since the last sync',
  mailboxSettings: 'Reading mailbox settings',
  // Last on a large tenant: Microsoft serves sign-in activity at 10 pages (1,200 users) a minute.
  signIns: 'Reading sign-in health',
};

/** A running sync's phase and count, announced politely to screen readers. */
export function SyncProgressBar({ sync }: { sync: SyncProgress }) {
  const phase = PHASES[sync.phase] ?? `Syncing (${sync.phase})`;
  // While accounts are listed the total is not known yet: the count listed so far shows instead.
  const count = sync.total > 0 ? ` — ${sync.done} of ${sync.total}` : sync.done > 0 ? ` — ${sync.done} listed` : '';
  return (
    <Field validationMessage={`${phase}${count}`} validationState="none" aria-live="polite" data-testid="sync-progress">
      <ProgressBar value={sync.total > 0 ? sync.done / sync.total : undefined} aria-label="Sync progress" />
    </Field>
  );
}

import { Button, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useMemo, useState } from 'react';
import type { AccountDetail, ApplyResponse, PlannedChange, SourceRead } from '../../../../../contract/index.ts';
import { MESSAGES } from '../../../../../contract/messages.ts';
import type { ApiError } from '../../../api/client.ts';
import { ErrorBar } from '../../../components/ErrorBar.tsx';
import { toApiError } from '../../../lib/useApi.ts';
import { useSession } from '../../session/session.ts';
import { planChanges, saveSettings } from '../api/account.ts';
import { currentValues, desiredFrom, SETTING_BY_CHECK } from '../settings.ts';
import { ApplyResultBar } from './ApplyResultBar.tsx';
import { PlanDialog } from './PlanDialog.tsx';
import { SettingRow } from './SettingRow.tsx';
import { SettingsPane } from './SettingsPane.tsx';

const useStyles = makeStyles({
  panes: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(560px, 1fr))',
    gap: tokens.spacingHorizontalL,
    alignItems: 'start',
  },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS },
  wrap: { display: 'grid', gap: tokens.spacingVerticalM },
});

interface Props {
  detail: AccountDetail;
  onUpdated(detail: AccountDetail): void;
}

/**
 * Account settings and Mailbox settings, each setting with its grade and control. Save previews the diff
 * (plan) first, then PATCHes only what changed; the re-read account replaces the page's copy.
 */
export function ConfigurationTab({ detail, onUpdated }: Props) {
  const styles = useStyles();
  const session = useSession();
  const initial = useMemo(() => currentValues(detail), [detail]);
  const [values, setValues] = useState(initial);
  const [planOpen, setPlanOpen] = useState(false);
  const [plan, setPlan] = useState<PlannedChange[]>();
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ApplyResponse>();

  useEffect(() => setValues(initial), [initial]);

  const changed = Object.fromEntries(Object.entries(values).filter(([field, value]) => value !== initial[field]));
  const dirty = Object.keys(changed).length > 0;

  const preview = async () => {
    setPlanOpen(true);
    setPlan(undefined);
    setError(undefined);
    try {
      setPlan((await planChanges(detail.id, { settings: desiredFrom(changed) })).changes);
    } catch (failure) {
      setError(toApiError(failure));
    }
  };

  const save = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const response = await saveSettings(detail.id, desiredFrom(changed));
      setResult(response);
      setPlanOpen(false);
      onUpdated(response.account);
    } catch (failure) {
      setError(toApiError(failure));
    } finally {
      setBusy(false);
    }
  };

  const rows = (group: 'account' | 'license' | 'mailbox') =>
    detail.checks
      .filter((check) => check.group === group)
      .map((check) => {
        // A synced account's AD-mastered setting, or one never changed automatically, gets its reason instead of a control.
        const spec = check.managedOnPremises || check.manualFix ? undefined : SETTING_BY_CHECK.get(check.id);
        return (
          <SettingRow
            key={check.id}
            check={check}
            spec={spec}
            value={spec ? values[spec.field] : undefined}
            allowed={spec ? session.canWrite(spec.kind) : false}
            also={spec ? session.hint(spec.kind).also : undefined}
            elsewhere={
              check.managedOnPremises
                ? 'Managed in on-premises Active Directory'
                : (check.manualFix ?? (group === 'license' ? 'Change it in the Licenses tab' : 'Not changed by Room Accounts'))
            }
            elsewhereCommand={check.managedOnPremises}
            onChange={(value) => spec && setValues((current) => ({ ...current, [spec.field]: value }))}
          />
        );
      });

  return (
    <div className={styles.wrap}>
      {result && <ApplyResultBar response={result} failureTitle={MESSAGES.save} />}
      {error && !planOpen && <ErrorBar title={MESSAGES.save} error={error} onRetry={() => void save()} />}
      <div className={styles.panes}>
        <SettingsPane title="Account settings" unavailable={unavailableText(detail.sources.user, 'account settings')}>
          {rows('account')}
          {rows('license')}
        </SettingsPane>
        <SettingsPane title="Mailbox settings" unavailable={mailboxUnavailable(detail)}>
          {rows('mailbox')}
        </SettingsPane>
      </div>
      <div className={styles.actions}>
        <Button appearance="primary" disabled={!dirty} onClick={() => void preview()}>
          Save
        </Button>
        <Button disabled={!dirty} onClick={() => setValues(initial)}>
          Discard changes
        </Button>
      </div>
      <PlanDialog
        open={planOpen}
        title="Save these changes?"
        changes={plan}
        error={error}
        errorTitle={MESSAGES.save}
        busy={busy}
        onConfirm={() => void save()}
        onClose={() => setPlanOpen(false)}
      />
    </div>
  );
}

/** The permission message (or the API's own) when mailbox settings could not be read, instead of blank fields. */
function mailboxUnavailable(detail: AccountDetail): string | undefined {
  const source = detail.sources.calendarProcessing;
  if (source?.status === 'ok') return undefined;
  if (detail.mailboxMessage) return detail.mailboxMessage;
  if (source?.status === 'unavailable') return MESSAGES.permission;
  return unavailableText(source, 'mailbox settings');
}

function unavailableText(source: SourceRead | undefined, what: string): string | undefined {
  if (!source) return `The ${what} have not been read yet. Refresh the list to read them.`;
  switch (source.status) {
    case 'ok':
      return undefined;
    case 'pending':
      return `The ${what} are still being read. They appear here when the sync reaches this account.`;
    case 'notFound':
      return `This account has no ${what} to read (for example, it has no mailbox).`;
    case 'unavailable':
      return `The ${what} are not available with your role. ${source.error?.message ?? ''}`.trim();
    case 'error':
      return `The ${what} could not be read: ${source.error?.message ?? 'unknown error'}. Refresh to try again.`;
  }
}

import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  makeStyles,
  Radio,
  RadioGroup,
  Spinner,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { ApplyJobRequest, PlannedChange } from '../../../../../contract/index.ts';
import { MESSAGES } from '../../../../../contract/messages.ts';
import type { ApiError } from '../../../api/client.ts';
import { ErrorBar } from '../../../components/ErrorBar.tsx';
import { formatValue } from '../../../lib/format.ts';
import { toApiError } from '../../../lib/useApi.ts';
import { getAccountsPage } from '../api/getAccounts.ts';
import { planRecommended, startApplyJob } from '../api/applyRecommended.ts';

/** Accounts previewed before a bulk apply: enough to show what will change without planning thousands. */
const SAMPLE = 10;

const useStyles = makeStyles({
  changes: { margin: 0, paddingInlineStart: tokens.spacingHorizontalXL, display: 'grid', gap: tokens.spacingVerticalXS },
  unshown: { color: tokens.colorPaletteMarigoldForeground1 },
  body: { display: 'grid', gap: tokens.spacingVerticalM },
});

type Scope = 'selection' | 'needsAction';

interface Aggregate {
  label: string;
  to: unknown;
  accounts: number;
  allowed: boolean;
  requiredRole: string;
}

interface Props {
  open: boolean;
  selectedIds: string[];
  needsActionCount: number;
  onClose(): void;
  onStarted(jobId: string): void;
}

/**
 * The confirmation before a bulk apply: how many accounts, and which changes, planned on a sample of them
 * (`POST /api/accounts/{id}/plan {recommended:true}`) and merged per setting.
 */
export function ApplyRecommendedDialog({ open, selectedIds, needsActionCount, onClose, onStarted }: Props) {
  const styles = useStyles();
  const [scope, setScope] = useState<Scope>(selectedIds.length > 0 ? 'selection' : 'needsAction');
  const [preview, setPreview] = useState<{ sampled: number; changes: Aggregate[] }>();
  const [error, setError] = useState<ApiError>();
  const [starting, setStarting] = useState(false);
  const total = scope === 'selection' ? selectedIds.length : needsActionCount;

  useEffect(() => {
    if (open) setScope(selectedIds.length > 0 ? 'selection' : 'needsAction');
  }, [open, selectedIds.length]);

  useEffect(() => {
    if (!open) return;
    let current = true;
    setPreview(undefined);
    setError(undefined);
    sampleIds(scope, selectedIds)
      .then((ids) => Promise.all(ids.map(planRecommended)))
      .then((plans) => {
        if (current) setPreview({ sampled: plans.length, changes: aggregate(plans.map((plan) => plan.changes)) });
      })
      .catch((failure: unknown) => {
        if (current) setError(toApiError(failure));
      });
    return () => {
      current = false;
    };
  }, [open, scope, selectedIds]);

  const start = async () => {
    setStarting(true);
    setError(undefined);
    try {
      const request: ApplyJobRequest = scope === 'selection' ? { accountIds: selectedIds } : { filter: { status: 'needsAction' } };
      const { jobId } = await startApplyJob(request);
      onStarted(jobId);
    } catch (failure) {
      setError(toApiError(failure));
    } finally {
      setStarting(false);
    }
  };

  return (
    <Dialog open={open} onOpenChange={(_e, data) => !data.open && onClose()}>
      <DialogSurface aria-describedby="apply-summary">
        <DialogBody>
          <DialogTitle>Apply recommended config</DialogTitle>
          <DialogContent className={styles.body}>
            <RadioGroup value={scope} onChange={(_e, data) => setScope(data.value as Scope)} aria-label="Accounts to change">
              <Radio value="selection" label={`Selected accounts (${selectedIds.length})`} disabled={selectedIds.length === 0} />
              <Radio value="needsAction" label={`All Needs Action accounts (${needsActionCount})`} />
            </RadioGroup>
            <Text id="apply-summary" data-testid="apply-count">
              {total} account{total === 1 ? '' : 's'} will get the tenant's recommended values. Each change is audited.
            </Text>
            {error && <ErrorBar title={MESSAGES.apply} error={error} />}
            {!preview && !error && total > 0 && <Spinner size="tiny" label="Working out the changes…" />}
            {preview && (
              <div data-testid="apply-preview">
                <Text weight="semibold">
                  {preview.changes.length === 0
                    ? 'No changes found on the sampled accounts.'
                    : `Changes found on ${preview.sampled} sampled account${preview.sampled === 1 ? '' : 's'}:`}
                </Text>
                <ul className={styles.changes}>
                  {preview.changes.map((change) => (
                    <li key={change.label} className={change.allowed ? undefined : styles.unshown}>
                      {change.label} → {formatValue(change.to)} ({change.accounts} of {preview.sampled})
                      {!change.allowed && ` — your sign-in shows no ${change.requiredRole} role; Microsoft 365 decides`}
                    </li>
                  ))}
                </ul>
              </div>
            )}
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onClose}>
              Cancel
            </Button>
            <Button appearance="primary" disabled={total === 0 || starting} onClick={() => void start()}>
              Apply to {total} account{total === 1 ? '' : 's'}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

async function sampleIds(scope: Scope, selectedIds: string[]): Promise<string[]> {
  if (scope === 'selection') return selectedIds.slice(0, SAMPLE);
  const page = await getAccountsPage(
    { search: '', status: ['needsAction'], license: [], building: [], roomList: [], signIn: [], sort: 'displayName', order: 'asc' },
    1,
    SAMPLE,
  );
  return page.items.map((item) => item.id);
}

function aggregate(plans: PlannedChange[][]): Aggregate[] {
  const bySetting = new Map<string, Aggregate>();
  for (const changes of plans) {
    for (const change of changes) {
      const entry = bySetting.get(change.setting) ?? {
        label: change.label,
        to: change.to,
        accounts: 0,
        allowed: change.allowed,
        requiredRole: change.requiredRole,
      };
      entry.accounts += 1;
      bySetting.set(change.setting, entry);
    }
  }
  return [...bySetting.values()].sort((a, b) => b.accounts - a.accounts);
}

import {
  Badge,
  Button,
  Card,
  Field,
  Link,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Title2,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import type { JobProgress } from '../../../../../contract/index.ts';
import { MESSAGES } from '../../../../../contract/messages.ts';
import type { ApiError } from '../../../api/client.ts';
import { ErrorBar } from '../../../components/ErrorBar.tsx';
import { rememberActiveJob } from '../../../lib/activeJob.ts';
import { formatTime } from '../../../lib/format.ts';
import { lastListHash } from '../../../lib/lastList.ts';
import { toApiError, useApi } from '../../../lib/useApi.ts';
import { useSession } from '../../session/session.ts';
import { cancelJob, getJob, takeOverJob } from '../api/jobs.ts';

const POLL_MS = 1000;

const useStyles = makeStyles({
  page: { display: 'grid', gap: tokens.spacingVerticalM, alignContent: 'start' },
  card: { padding: tokens.spacingHorizontalL, display: 'grid', gap: tokens.spacingVerticalS },
  counts: { display: 'flex', gap: tokens.spacingHorizontalL, flexWrap: 'wrap' },
});

const STATUS_COLOR = {
  pending: 'subtle',
  running: 'informative',
  applied: 'success',
  skipped: 'warning',
  refused: 'warning',
  failed: 'danger',
  cancelled: 'subtle',
} as const;
const JOB_LABEL: Record<JobProgress['status'], string> = {
  queued: 'Queued',
  running: 'Running',
  waiting_for_signin: 'Waiting for sign-in',
  succeeded: 'Finished',
  failed: 'Finished with failures',
  cancelled: 'Cancelled',
};

/** A bulk apply's progress: bar, counts, per-account results; survives reloads because its id is in the URL. */
export function JobPage({ id }: { id: string }) {
  const styles = useStyles();
  const session = useSession();
  const job = useApi(() => getJob(id), [id]);
  const { reload } = job;
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<ApiError>();
  const progress = job.data;
  const active = progress?.status === 'queued' || progress?.status === 'running' || progress?.status === 'waiting_for_signin';

  useEffect(() => {
    if (active) rememberActiveJob(id);
    if (!active) return;
    const timer = setTimeout(() => void reload(), POLL_MS);
    return () => clearTimeout(timer);
  }, [active, progress, id, reload]);

  /** Cancel or take over, then read the job again (tasks in flight finish; the rest turn cancelled, or go on). */
  const lastAction = useRef<(jobId: string) => Promise<unknown>>(cancelJob);
  const act = async (action: (jobId: string) => Promise<unknown>) => {
    lastAction.current = action;
    setBusy(true);
    setActionError(undefined);
    try {
      await action(id);
      await job.reload();
    } catch (failure) {
      setActionError(toApiError(failure));
    } finally {
      setBusy(false);
    }
  };

  if (job.error && !progress) return <ErrorBar title={MESSAGES.apply} error={job.error} onRetry={() => void job.reload()} />;
  if (!progress) return <Spinner label="Loading the job…" />;

  const counts = progress.counts;
  const finished = (counts.applied ?? 0) + (counts.skipped ?? 0) + (counts.refused ?? 0) + (counts.failed ?? 0) + (counts.cancelled ?? 0);
  return (
    <div className={styles.page} data-testid="job-page" data-status={progress.status}>
      <Link href={lastListHash()}>Back to resource accounts</Link>
      <Title2 as="h1">Apply recommended config</Title2>
      <Card className={styles.card}>
        <Text>
          {JOB_LABEL[progress.status]} — started by {progress.createdBy} at {formatTime(progress.createdAt, session.locale)}
          {progress.actingAs && progress.actingAs !== progress.createdBy ? `, now acting as ${progress.actingAs}` : ''}
        </Text>
        <Field validationMessage={`${finished} of ${progress.total} accounts done`} validationState="none" aria-live="polite">
          <ProgressBar value={progress.total > 0 ? finished / progress.total : 1} aria-label="Job progress" />
        </Field>
        <div className={styles.counts} data-testid="job-counts">
          <Text data-count="applied">Applied: {counts.applied ?? 0}</Text>
          <Text data-count="skipped">Skipped: {counts.skipped ?? 0}</Text>
          {(counts.refused ?? 0) > 0 && <Text data-count="refused">Refused by Microsoft 365: {counts.refused}</Text>}
          <Text data-count="failed">Failed: {counts.failed ?? 0}</Text>
          {(counts.cancelled ?? 0) > 0 && <Text data-count="cancelled">Cancelled: {counts.cancelled}</Text>}
        </div>
        {active && (
          <div>
            <Button disabled={busy} onClick={() => void act(cancelJob)}>
              Cancel
            </Button>
          </div>
        )}
      </Card>
      {progress.waitingFor && (
        <MessageBar intent="warning" layout="multiline" data-testid="job-waiting">
          <MessageBarBody>
            <MessageBarTitle>Waiting for {progress.waitingFor.userPrincipalName} to sign in</MessageBarTitle>
            Microsoft Entra ID no longer renews this admin&apos;s sign-in for the job ({progress.waitingFor.reason}). Nothing was lost: the
            job goes on when they open Room Accounts again, or when you take it over and it continues with your rights.
          </MessageBarBody>
          <Button appearance="primary" disabled={busy} onClick={() => void act(takeOverJob)} data-testid="job-take-over">
            {session.me.userPrincipalName === progress.waitingFor.userPrincipalName ? 'Resume' : 'Take over'}
          </Button>
        </MessageBar>
      )}
      {actionError && <ErrorBar title={MESSAGES.apply} error={actionError} onRetry={() => void act(lastAction.current)} />}
      {job.error && <ErrorBar title={MESSAGES.apply} error={job.error} onRetry={() => void job.reload()} />}
      {!active && (counts.failed ?? 0) === 0 && (counts.refused ?? 0) === 0 && progress.status !== 'cancelled' && (
        <MessageBar intent="success">
          <MessageBarBody>{MESSAGES.success}</MessageBarBody>
        </MessageBar>
      )}
      {progress.status === 'cancelled' && (
        <MessageBar intent="info" data-testid="job-cancelled">
          <MessageBarBody>
            The job was cancelled. Accounts it had not started were left unchanged; the ones already changed keep their new settings.
          </MessageBarBody>
        </MessageBar>
      )}
      {(counts.refused ?? 0) > 0 && (counts.failed ?? 0) === 0 && (
        <MessageBar intent="warning" layout="multiline" data-testid="job-refused">
          <MessageBarBody>
            <MessageBarTitle>{MESSAGES.apply}</MessageBarTitle>
            Microsoft 365 refused the changes on {counts.refused} account(s) for lack of a role: each account below names the role needed.
          </MessageBarBody>
        </MessageBar>
      )}
      {(counts.failed ?? 0) > 0 && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{MESSAGES.apply}</MessageBarTitle>
            {progress.message}
          </MessageBarBody>
        </MessageBar>
      )}
      <Table size="small" aria-label="Results per account" data-testid="job-results">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Account</TableHeaderCell>
            <TableHeaderCell>Result</TableHeaderCell>
            <TableHeaderCell>Reason</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {progress.results.map((result) => (
            <TableRow key={result.accountId} data-testid="job-result" data-status={result.status}>
              <TableCell>
                <Link href={`#/accounts/${encodeURIComponent(result.accountId)}`}>{result.displayName ?? result.accountId}</Link>
              </TableCell>
              <TableCell>
                <Badge appearance="tint" color={STATUS_COLOR[result.status]}>
                  {result.status}
                </Badge>
              </TableCell>
              <TableCell>{result.reason ?? ''}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

// @ts-nocheck
import { Card, makeStyles, Spinner, Text, tokens } from '@fluentui/react-components';
import { MESSAGES } from '../../../../../contract/messages.ts';
import { AuditTable } from '../../../components/AuditTable.tsx';
import { ErrorBar } from '../../../components/ErrorBar.tsx';
import { useApi } from '../../../lib/useApi.ts';
import { useSession } from '../../session/session.ts';
import { getActivity } from '../api/activity.ts';

const useStyles = makeStyles({ card: { padding: tokens.spacingHorizontalL, display: 'grid', gap: tokens.spacingVerticalM } });

/** What Room Accounts changed on this account, newest first. */
export function ActivityTab({ accountId, version }: { accountId: string; version: string }) {
  const styles = useStyles();
  const session = useSession();
  // `version` is not read, only watched: a save on the account bumps it, and the activity must load again.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const activity = useApi(() => getActivity(accountId), [accountId, version]);
  return (
    <Card className={styles.card}>
      <Text as="h2" weight="semibold" size={400}>
        Activity
      </Text>
      {activity.error && <ErrorBar title={MESSAGES.load} error={activity.error} onRetry={() => void activity.reload()} />}
      {activity.loading && !activity.data && <Spinner size="tiny" label="Loading activity…" />}
      {activity.data && <AuditTable items={activity.data.items} locale={session.locale} showAccount={false} />}
    </Card>
  );
}

import { Body1, Button, Card, makeStyles, Title3, tokens } from '@fluentui/react-components';
import type { SyncProgress } from '../../../../../contract/index.ts';
import { SyncProgressBar } from './SyncProgressBar.tsx';

const useStyles = makeStyles({
  card: { maxWidth: '640px', padding: tokens.spacingHorizontalXXL, display: 'grid', gap: tokens.spacingVerticalM },
});

/** The first visit: nothing has been read from Microsoft 365 yet, so offer Get Data and show its progress. */
export function GetDataCard({ sync, onGetData }: { sync: SyncProgress | null | undefined; onGetData(): void }) {
  const styles = useStyles();
  const running = sync?.status === 'running';
  return (
    <Card className={styles.card} data-testid="get-data">
      <Title3 as="h2">No resource accounts yet</Title3>
      <Body1>
        Room Accounts reads your tenant's Teams Rooms resource accounts, their mailbox settings, licenses and locations once, then keeps
        them up to date with Refresh. The first read takes about a minute per thousand rooms.
      </Body1>
      {running ? (
        <SyncProgressBar sync={sync} />
      ) : (
        <div>
          <Button appearance="primary" onClick={onGetData}>
            Get Data
          </Button>
        </div>
      )}
    </Card>
  );
}

import { Body1, Button, Card, makeStyles, Title2, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { ApiError } from '../../api/client.ts';
import { ErrorBar } from '../../components/ErrorBar.tsx';
import { toApiError } from '../../lib/useApi.ts';

const useStyles = makeStyles({
  card: { maxWidth: '560px', margin: '48px auto', padding: tokens.spacingHorizontalXXL, display: 'grid', gap: tokens.spacingVerticalM },
});

/**
 * Teams could not give us a token, or the API needs consent before acting for the user: the button opens our
 * consent pages in Teams' authentication window, then the app tries again.
 */
export function ConsentPrompt({ onConsent }: { onConsent: () => Promise<void> }) {
  const styles = useStyles();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const grant = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await onConsent();
    } catch (failure) {
      setError(toApiError(failure));
      setBusy(false);
    }
  };
  return (
    <main>
      <Card className={styles.card} data-testid="consent-prompt">
        <Title2 as="h1">Room Accounts needs your permission</Title2>
        <Body1>
          To read and fix your Teams Rooms accounts, Room Accounts calls Microsoft Graph and Exchange Online on your behalf. Grant it
          permission once; your administrator can also grant it for the whole organization.
        </Body1>
        <div>
          <Button appearance="primary" disabled={busy} onClick={() => void grant()}>
            Grant permission
          </Button>
        </div>
        {error && <ErrorBar title="Permission was not granted." error={error} />}
      </Card>
    </main>
  );
}

// @ts-nocheck
import { Body1, Card, makeStyles, Title2, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  card: { maxWidth: '560px', margin: '48px auto', padding: tokens.spacingHorizontalXXL, display: 'grid', gap: tokens.spacingVerticalM },
});

/** Tenant mode in a plain browser: sign-in happens through Teams SSO, so say how to get there. */
export function OpenInTeams() {
  const styles = useStyles();
  return (
    <main>
      <Card className={styles.card} data-testid="open-in-teams">
        <Title2 as="h1">Open Room Accounts in Microsoft Teams</Title2>
        <Body1>Room Accounts signs you in with your Teams account, so it runs inside Teams:</Body1>
        <ol>
          <li>In Teams, open Apps and add Room Accounts (your administrator may have to upload or approve it first).</li>
          <li>Open it from the left rail as a personal app, or add it as a tab to your admins' channel.</li>
        </ol>
        <Body1>If you expected the demo, start the app with no app registration configured (`npm start`).</Body1>
      </Card>
    </main>
  );
}

import { Badge, Caption1, Card, makeStyles, MessageBar, MessageBarBody, Text, tokens } from '@fluentui/react-components';
import type { AccountDetail, SignInState } from '../../../../../contract/index.ts';
import { getBaseline } from '../../../api/baseline.ts';
import { formatRelative, formatTime } from '../../../lib/format.ts';
import { useApi } from '../../../lib/useApi.ts';
import { useSession } from '../../session/session.ts';
import { signInStateText } from '../signIn.ts';
import { ConditionalAccessCard } from './ConditionalAccessCard.tsx';
import { ReadStateBar } from './ReadStateBar.tsx';
import { SettingRow } from './SettingRow.tsx';
import { SettingsPane } from './SettingsPane.tsx';
import { SignInFailures } from './SignInFailures.tsx';

const useStyles = makeStyles({
  wrap: { display: 'grid', gap: tokens.spacingVerticalM },
  card: { padding: tokens.spacingHorizontalL, display: 'grid', gap: tokens.spacingVerticalM },
  facts: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(240px, 1fr))', gap: tokens.spacingHorizontalL },
  fact: { display: 'grid', gap: tokens.spacingVerticalXXS, alignContent: 'start' },
  state: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalS },
});

const STATE_BADGE: Record<SignInState, { label: string; color: 'success' | 'warning' | 'danger' | 'informative' }> = {
  recent: { label: 'Recent', color: 'success' },
  stale: { label: 'Stale', color: 'warning' },
  never: { label: 'Never signed in', color: 'danger' },
  unknown: { label: 'Unknown', color: 'informative' },
};

/**
 * Why a room is signed out (issue 14): its sign-in activity against the baseline's N days, the sign-in checks,
 * the recent failures with Entra's reasons, and the Conditional Access policies that catch the account.
 * Loaded only when the tab is opened (AccountPage), so the account page's first paint does not carry it.
 */
export function SignInTab({ detail }: { detail: AccountDetail }) {
  const styles = useStyles();
  const session = useSession();
  // Only for the N of "within N days": the page still reads well without it, so a failure here shows no error.
  const baseline = useApi(getBaseline, []);
  const days = baseline.data?.values.signInWithinDays;
  const health = detail.signInHealth ?? undefined;
  const state = detail.signIn?.state;
  const lastSuccessful = health?.activity.lastSuccessfulSignIn ?? detail.signIn?.lastSuccessfulSignIn ?? null;
  const checks = detail.checks.filter((check) => check.group === 'signIn');

  return (
    <div className={styles.wrap} data-testid="sign-in-tab">
      {!health && (
        <MessageBar intent="info" layout="multiline" data-testid="sign-in-not-read">
          <MessageBarBody>The sign-in health of this account has not been read yet. Refresh the list to read it.</MessageBarBody>
        </MessageBar>
      )}
      <Card className={styles.card} data-testid="sign-in-activity">
        <Text as="h2" weight="semibold" size={400}>
          Sign-in activity
        </Text>
        <div className={styles.state}>
          {state && (
            <Badge appearance="tint" color={STATE_BADGE[state].color} data-testid="sign-in-state" data-state={state}>
              {STATE_BADGE[state].label}
            </Badge>
          )}
          <Text data-testid="sign-in-state-text">{signInStateText(state, days)}</Text>
        </div>
        {health && <ReadStateBar part={health.activity} what="sign-in activity" />}
        {(health ? health.activity.status === 'ok' : detail.signIn !== undefined) && (
          <div className={styles.facts}>
            {health && <When label="Last sign-in" iso={health.activity.lastSignIn} locale={session.locale} testId="last-sign-in" />}
            <When label="Last successful sign-in" iso={lastSuccessful} locale={session.locale} testId="last-successful-sign-in" />
          </div>
        )}
      </Card>
      {checks.length > 0 && (
        <SettingsPane title="Sign-in checks">
          {checks.map((check) => (
            <SettingRow
              key={check.id}
              check={check}
              spec={undefined}
              value={undefined}
              allowed={false}
              elsewhere={check.manualFix ?? 'Not changed by Room Accounts'}
              onChange={() => undefined}
            />
          ))}
        </SettingsPane>
      )}
      {health && <SignInFailures part={health.failures} locale={session.locale} />}
      {health && <ConditionalAccessCard part={health.conditionalAccess} />}
    </div>
  );
}

/** A timestamp told both ways: how long ago, for a glance, and exactly when, to match against Entra's logs. */
function When({ label, iso, locale, testId }: { label: string; iso: string | null; locale: string; testId: string }) {
  const styles = useStyles();
  return (
    <div className={styles.fact} data-testid={testId}>
      <Caption1>{label}</Caption1>
      {iso ? (
        <>
          <Text weight="semibold">{formatRelative(iso, locale)}</Text>
          <Caption1>{formatTime(iso, locale)}</Caption1>
        </>
      ) : (
        <Text weight="semibold">Never</Text>
      )}
    </div>
  );
}

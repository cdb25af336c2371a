import { Badge, Caption1, Card, Link, makeStyles, MessageBar, MessageBarBody, Text, tokens } from '@fluentui/react-components';
import { Open16Regular } from '@fluentui/react-icons';
import type { PolicyVerdict, SignInHealth } from '../../../../../contract/index.ts';
import { safePortalUrl, VERDICT_COLOR, VERDICT_LABEL } from '../signIn.ts';
import { ReadStateBar } from './ReadStateBar.tsx';

const useStyles = makeStyles({
  card: { padding: tokens.spacingHorizontalL, display: 'grid', gap: tokens.spacingVerticalM },
  policies: { display: 'grid', gap: tokens.spacingVerticalM, margin: 0, padding: 0, listStyleType: 'none' },
  policy: {
    display: 'grid',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalM,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  heading: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalS },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'minmax(160px, max-content) 1fr',
    gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}`,
    margin: 0,
  },
  term: { color: tokens.colorNeutralForeground3 },
  detail: { margin: 0 },
  list: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL },
  link: { display: 'inline-flex', alignItems: 'center', gap: tokens.spacingHorizontalXXS },
  // Read by screen readers, not shown: the icon says the same to sighted users.
  hidden: { position: 'absolute', width: '1px', height: '1px', overflow: 'hidden', clipPath: 'inset(50%)', whiteSpace: 'nowrap' },
});

/**
 * The Conditional Access policies that apply, or may apply, to the account, each with its verdict, why it
 * includes the account, what Teams Rooms can't satisfy, and the fix: Room Accounts never changes a tenant's
 * policies, so the fix is an exclusion group to join and a link to the policy in the Entra admin center.
 */
export function ConditionalAccessCard({ part }: { part: SignInHealth['conditionalAccess'] }) {
  const styles = useStyles();
  return (
    <Card className={styles.card} data-testid="conditional-access">
      <Text as="h2" weight="semibold" size={400}>
        Conditional Access
      </Text>
      <ReadStateBar part={part} what="Conditional Access policies" />
      {part.status === 'ok' && part.policies.length === 0 && (
        <Text>No enabled or report-only policy that Teams Rooms can&apos;t satisfy applies to this account.</Text>
      )}
      {part.status === 'ok' && part.policies.length > 0 && (
        <ul className={styles.policies} aria-label="Conditional Access policies">
          {part.policies.map((policy) => (
            <PolicyItem key={policy.policyId} policy={policy} />
          ))}
        </ul>
      )}
    </Card>
  );
}

function PolicyItem({ policy }: { policy: PolicyVerdict }) {
  const styles = useStyles();
  const portalUrl = safePortalUrl(policy.portalUrl);
  return (
    <li className={styles.policy} data-testid="policy-verdict" data-policy-id={policy.policyId} data-verdict={policy.verdict}>
      <div className={styles.heading}>
        <Text as="h3" weight="semibold">
          {policy.displayName}
        </Text>
        <Badge appearance="tint" color={VERDICT_COLOR[policy.verdict]} data-testid="verdict-badge">
          {VERDICT_LABEL[policy.verdict]}
        </Badge>
        {policy.state === 'reportOnly' && policy.verdict !== 'reportOnly' && <Caption1>Report-only policy</Caption1>}
      </div>
      <dl className={styles.facts}>
        <dt className={styles.term}>Applies because</dt>
        <dd className={styles.detail}>{policy.includedBy}</dd>
        {policy.unsupported.length > 0 && (
          <>
            <dt className={styles.term}>Teams Rooms can&apos;t satisfy</dt>
            <dd className={styles.detail}>
              <ul className={styles.list}>
                {policy.unsupported.map((item) => (
                  <li key={item}>{item}</li>
                ))}
              </ul>
            </dd>
          </>
        )}
        {policy.dependsOn.length > 0 && (
          <>
            <dt className={styles.term}>Depends on</dt>
            <dd className={styles.detail}>
              <ul className={styles.list}>
                {policy.dependsOn.map((item) => (
                  <li key={item}>{item}</li>
                ))}
              </ul>
            </dd>
          </>
        )}
      </dl>
      {policy.fixExclusionGroup && (
        <MessageBar intent="info" layout="multiline" data-testid="policy-fix">
          <MessageBarBody>
            Fix: add this account to the exclusion group <strong>{policy.fixExclusionGroup.displayName}</strong>, which this policy already
            excludes.
          </MessageBarBody>
        </MessageBar>
      )}
      {portalUrl && (
        <div>
          {/* A new window: inside Teams, a link with a target opens in the browser, leaving the tab where it was. */}
          <Link className={styles.link} href={portalUrl} target="_blank" rel="noopener noreferrer" data-testid="policy-portal-link">
            Open in Entra admin center
            <Open16Regular aria-hidden />
            <span className={styles.hidden}> (opens in a new window)</span>
          </Link>
        </div>
      )}
    </li>
  );
}

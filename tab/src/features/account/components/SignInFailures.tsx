import {
  Caption1,
  Card,
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from '@fluentui/react-components';
import type { SignInFailure, SignInHealth } from '../../../../../contract/index.ts';
import { formatRelative, formatTime } from '../../../lib/format.ts';
import { appliedOnly, policyResultText } from '../signIn.ts';
import { ReadStateBar } from './ReadStateBar.tsx';

const useStyles = makeStyles({
  card: { padding: tokens.spacingHorizontalL, display: 'grid', gap: tokens.spacingVerticalM },
  scroll: { overflowX: 'auto' },
  table: { minWidth: '900px' },
  cell: { paddingTop: tokens.spacingVerticalS, paddingBottom: tokens.spacingVerticalS, verticalAlign: 'top' },
  code: { fontFamily: tokens.fontFamilyMonospace },
  policies: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL },
});

/** The account's most recent failed sign-ins: when, Entra's error code and what it means, the device and the policies applied. */
export function SignInFailures({ part, locale }: { part: SignInHealth['failures']; locale: string }) {
  const styles = useStyles();
  return (
    <Card className={styles.card} data-testid="sign-in-failures">
      <Text as="h2" weight="semibold" size={400}>
        Recent failed sign-ins
      </Text>
      <ReadStateBar part={part} what="failed sign-ins" />
      {part.status === 'ok' && part.items.length === 0 && <Text>No failed sign-in is recorded for this account.</Text>}
      {part.status === 'ok' && part.items.length > 0 && (
        <div className={styles.scroll}>
          <Table size="small" className={styles.table} aria-label="Recent failed sign-ins">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Time</TableHeaderCell>
                <TableHeaderCell>Error code</TableHeaderCell>
                <TableHeaderCell>Reason</TableHeaderCell>
                <TableHeaderCell>Client app</TableHeaderCell>
                <TableHeaderCell>Operating system</TableHeaderCell>
                <TableHeaderCell>Conditional Access policies</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {part.items.map((failure, index) => (
                <FailureRow key={`${failure.createdDateTime}-${index}`} failure={failure} locale={locale} />
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </Card>
  );
}

function FailureRow({ failure, locale }: { failure: SignInFailure; locale: string }) {
  const styles = useStyles();
  const { shown, notApplied } = appliedOnly(failure.appliedPolicies);
  return (
    <TableRow data-testid="sign-in-failure" data-error-code={failure.errorCode}>
      <TableCell className={styles.cell}>
        <Text block>{formatRelative(failure.createdDateTime, locale)}</Text>
        <Caption1>{formatTime(failure.createdDateTime, locale)}</Caption1>
      </TableCell>
      <TableCell className={styles.cell}>
        <span className={styles.code}>{failure.errorCode}</span>
      </TableCell>
      <TableCell className={styles.cell}>
        <Text block>{failure.reason}</Text>
        {/* Microsoft's own words too, when ours are a plainer retelling of them. */}
        {failure.failureReason && failure.failureReason !== failure.reason && <Caption1>{failure.failureReason}</Caption1>}
      </TableCell>
      <TableCell className={styles.cell}>
        <Text block>{failure.clientAppUsed ?? '—'}</Text>
        {failure.appDisplayName && <Caption1>{failure.appDisplayName}</Caption1>}
      </TableCell>
      <TableCell className={styles.cell}>{failure.operatingSystem ?? '—'}</TableCell>
      <TableCell className={styles.cell}>
        {shown.length === 0 && notApplied === 0 && 'None'}
        {shown.length > 0 && (
          <ul className={styles.policies}>
            {shown.map((policy) => (
              <li key={policy.id} data-testid="applied-policy">
                {policy.displayName}: {policyResultText(policy.result)}
                {policy.enforcedGrantControls.length > 0 && <Caption1> ({policy.enforcedGrantControls.join(', ')})</Caption1>}
              </li>
            ))}
          </ul>
        )}
        {notApplied > 0 && <Caption1 block>{`${notApplied} more not applied`}</Caption1>}
      </TableCell>
    </TableRow>
  );
}

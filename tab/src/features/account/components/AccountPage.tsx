import { Button, Caption1, Link, makeStyles, Spinner, Tab, TabList, Text, Title2, tokens } from '@fluentui/react-components';
import { ArrowLeft20Regular, Wrench20Regular } from '@fluentui/react-icons';
import { lazy, Suspense, useState } from 'react';
import type { AccountDetail, ApplyResponse, PlannedChange } from '../../../../../contract/index.ts';
import { MESSAGES } from '../../../../../contract/messages.ts';
import type { ApiError } from '../../../api/client.ts';
import { ErrorBar } from '../../../components/ErrorBar.tsx';
import { RoleGate } from '../../../components/RoleGate.tsx';
import { StatusBadge } from '../../../components/StatusBadge.tsx';
import { formatTime } from '../../../lib/format.ts';
import { navigate } from '../../../lib/hashRoute.ts';
import { lastListHash } from '../../../lib/lastList.ts';
import { toApiError, useApi } from '../../../lib/useApi.ts';
import { useSession } from '../../session/session.ts';
import { applyRecommended, getAccount, planChanges } from '../api/account.ts';
import { ActivityTab } from './ActivityTab.tsx';
import { ApplyResultBar } from './ApplyResultBar.tsx';
import { ConfigurationTab } from './ConfigurationTab.tsx';
import { CopyLinkButton } from './CopyLink.tsx';
import { LicensesTab } from './LicensesTab.tsx';
import { LocationTab } from './LocationTab.tsx';
import { RoomListCard } from './RoomListCard.tsx';
import { PlanDialog } from './PlanDialog.tsx';

// Opened for a room that signs out, not for every account visited: its tables and cards load with the tab.
const SignInTab = lazy(() => import('./SignInTab.tsx').then((module) => ({ default: module.SignInTab })));

const useStyles = makeStyles({
  page: { display: 'grid', gap: tokens.spacingVerticalM, alignContent: 'start' },
  header: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL, alignItems: 'flex-start', justifyContent: 'space-between' },
  identity: { display: 'grid', gap: tokens.spacingVerticalXXS },
  title: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', flexWrap: 'wrap' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-start', flexWrap: 'wrap' },
});

const TABS = [
  { value: 'configuration', label: 'Account configuration' },
  { value: 'licenses', label: 'Licenses' },
  { value: 'location', label: 'Location' },
  { value: 'signIn', label: 'Sign-in' },
  { value: 'activity', label: 'Activity' },
] as const;
type TabValue = (typeof TABS)[number]['value'];

/** One resource account: header with status, and tabs for configuration, licenses, location, sign-in and activity. */
export function AccountPage({ id, query }: { id: string; query: URLSearchParams }) {
  const styles = useStyles();
  const session = useSession();
  const account = useApi(() => getAccount(id), [id]);
  const tab = (TABS.find((item) => item.value === query.get('tab'))?.value ?? 'configuration') as TabValue;
  const [applyOpen, setApplyOpen] = useState(false);
  const [plan, setPlan] = useState<PlannedChange[]>();
  const [applyError, setApplyError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const [applied, setApplied] = useState<ApplyResponse>();
  // A hint only: with no role in the token, Microsoft 365 still decides change by change.
  const rolesShown = session.me.canWrite.length > 0;

  const update = (detail: AccountDetail) => account.setData(detail);

  const previewRecommended = async () => {
    setApplyOpen(true);
    setPlan(undefined);
    setApplyError(undefined);
    try {
      setPlan((await planChanges(id, { recommended: true })).changes);
    } catch (failure) {
      setApplyError(toApiError(failure));
    }
  };

  const apply = async () => {
    setBusy(true);
    setApplyError(undefined);
    try {
      const response = await applyRecommended(id);
      setApplied(response);
      setApplyOpen(false);
      update(response.account);
    } catch (failure) {
      setApplyError(toApiError(failure));
    } finally {
      setBusy(false);
    }
  };

  if (account.error && !account.data) {
    return (
      <div className={styles.page}>
        <BackLink />
        <ErrorBar title={MESSAGES.load} error={account.error} onRetry={() => void account.reload()} />
      </div>
    );
  }
  const detail = account.data;
  if (!detail) return <Spinner label="Loading the account…" />;

  return (
    <div className={styles.page} data-testid="account-page" data-account-id={detail.id}>
      <BackLink />
      <header className={styles.header}>
        <div className={styles.identity}>
          <div className={styles.title}>
            <Title2 as="h1">{detail.displayName}</Title2>
            <span data-testid="account-status">
              <StatusBadge status={detail.status} />
            </span>
          </div>
          <Text>{detail.userPrincipalName}</Text>
          <Text>{detail.location ?? 'No location set'}</Text>
          <Caption1>Last read {formatTime(detail.lastReadAt, session.locale)}</Caption1>
        </div>
        <div className={styles.actions}>
          <RoleGate allowed={rolesShown} role="Exchange Recipient Administrator" also={session.hint('calendarProcessing').also}>
            <Button appearance="primary" icon={<Wrench20Regular />} onClick={() => void previewRecommended()}>
              Apply recommended config
            </Button>
          </RoleGate>
          <CopyLinkButton accountId={detail.id} label={detail.displayName} />
        </div>
      </header>
      {applied && <ApplyResultBar response={applied} failureTitle={MESSAGES.apply} />}
      {applyError && !applyOpen && <ErrorBar title={MESSAGES.apply} error={applyError} onRetry={() => void apply()} />}
      <TabList
        selectedValue={tab}
        onTabSelect={(_e, data) =>
          navigate(
            `/accounts/${encodeURIComponent(id)}`,
            { tab: data.value === 'configuration' ? undefined : String(data.value) },
            { replace: true },
          )
        }
      >
        {TABS.map((item) => (
          <Tab key={item.value} value={item.value}>
            {item.label}
          </Tab>
        ))}
      </TabList>
      {tab === 'configuration' && <ConfigurationTab detail={detail} onUpdated={update} />}
      {tab === 'licenses' && <LicensesTab detail={detail} onUpdated={update} />}
      {tab === 'location' && (
        <>
          <LocationTab detail={detail} onUpdated={update} />
          <RoomListCard detail={detail} onUpdated={update} />
        </>
      )}
      {tab === 'signIn' && (
        <Suspense fallback={<Spinner label="Loading sign-in health…" />}>
          <SignInTab detail={detail} />
        </Suspense>
      )}
      {tab === 'activity' && <ActivityTab accountId={detail.id} version={detail.lastReadAt} />}
      <PlanDialog
        open={applyOpen}
        title="Apply recommended config?"
        changes={plan}
        error={applyError}
        errorTitle={MESSAGES.apply}
        busy={busy}
        onConfirm={() => void apply()}
        onClose={() => setApplyOpen(false)}
      />
    </div>
  );
}

function BackLink() {
  return (
    <Link href={lastListHash()} style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
      <ArrowLeft20Regular aria-hidden /> Resource accounts
    </Link>
  );
}

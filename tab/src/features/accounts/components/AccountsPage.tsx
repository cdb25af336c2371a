import {
  Button,
  Dropdown,
  Input,
  Link,
  makeStyles,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Option,
  Toolbar,
  ToolbarButton,
  tokens,
} from '@fluentui/react-components';
import { ArrowDownload20Regular, ArrowSync20Regular, Search20Regular, Wrench20Regular } from '@fluentui/react-icons';
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import type { SummaryResponse } from '../../../../../contract/index.ts';
import { MESSAGES } from '../../../../../contract/messages.ts';
import type { ApiError } from '../../../api/client.ts';
import { ErrorBar } from '../../../components/ErrorBar.tsx';
import { RoleGate } from '../../../components/RoleGate.tsx';
import { STATUS_LABEL } from '../../../components/StatusBadge.tsx';
import { activeJob, forgetActiveJob, rememberActiveJob } from '../../../lib/activeJob.ts';
import { formatHash, navigate } from '../../../lib/hashRoute.ts';
import { rememberListHash } from '../../../lib/lastList.ts';
import { toApiError, useApi } from '../../../lib/useApi.ts';
import { useSession } from '../../session/session.ts';
import { exportAccounts } from '../api/exportAccounts.ts';
import { getActiveJob } from '../api/getActiveJob.ts';
import { getSummary } from '../api/getSummary.ts';
import {
  filterQuery,
  NOT_SIGNED_IN_RECENTLY,
  readFilter,
  type ListFilter,
  type SignInFilter,
  type SortKey,
  type StatusFilter,
} from '../listFilter.ts';
import { useAccountPages } from '../useAccountPages.ts';
import { useSync } from '../useSync.ts';
import { AccountsTable } from './AccountsTable.tsx';
import { ApplyRecommendedDialog } from './ApplyRecommendedDialog.tsx';
import { GetDataCard } from './GetDataCard.tsx';
import { SummaryCards } from './SummaryCards.tsx';
import { SyncProgressBar } from './SyncProgressBar.tsx';

/** The charting library is large: the summary's pictures load after the list, never in the first load. */
const SummaryCharts = lazy(() => import('./SummaryCharts.tsx'));

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, flex: '1 1 auto', minHeight: 0 },
  bar: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  search: { minWidth: '260px' },
  filter: { minWidth: '180px' },
});

const STATUS_OPTIONS: { value: StatusFilter; label: string }[] = [
  { value: 'noActionNeeded', label: STATUS_LABEL.noActionNeeded },
  { value: 'needsAction', label: STATUS_LABEL.needsAction },
  { value: 'notAvailable', label: STATUS_LABEL.notAvailable },
  { value: 'unknown', label: 'Not graded' },
];

const SIGN_IN_OPTIONS: { value: SignInFilter; label: string }[] = [
  { value: 'recent', label: 'Recent' },
  { value: 'stale', label: 'Stale' },
  { value: 'never', label: 'Never' },
  { value: 'unknown', label: 'Unknown' },
  { value: 'blocked', label: 'Blocked by Conditional Access' },
];

/** The accounts page: summary, command bar, filters and the list; the filter lives in the URL. */
export function AccountsPage({ query }: { query: URLSearchParams }) {
  const styles = useStyles();
  const session = useSession();
  const filter = readFilter(query);
  const summary = useApi(getSummary, []);
  const pages = useAccountPages(filter);
  const sync = useSync(() => {
    void summary.reload();
    // Rows stay in place while they are fetched again: the list grows under the reader, who keeps their place.
    pages.refresh();
  });
  const [selection, setSelection] = useState<ReadonlySet<string>>(new Set());
  const [searchText, setSearchText] = useState(filter.search);
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<ApiError>();
  const [applyOpen, setApplyOpen] = useState(false);
  const filterKey = JSON.stringify(filter);
  const selectedIds = useMemo(() => [...selection], [selection]);

  const setFilter = (next: Partial<ListFilter>) => navigate('/accounts', filterQuery({ ...filter, ...next }), { replace: true });

  useEffect(() => setSelection(new Set()), [filterKey]);
  const listHash = formatHash('/accounts', filterQuery(filter));
  useEffect(() => rememberListHash(listHash), [listHash]);
  // The URL may change under us (back button, a card, Clear filters): the box follows it.
  useEffect(() => setSearchText(filter.search), [filter.search]);
  useEffect(() => {
    if (searchText === filter.search) return;
    const timer = setTimeout(() => setFilter({ search: searchText }), 300);
    return () => clearTimeout(timer);
  });

  const runExport = async () => {
    setExporting(true);
    setExportError(undefined);
    try {
      await exportAccounts(filter);
    } catch (failure) {
      setExportError(toApiError(failure));
    } finally {
      setExporting(false);
    }
  };

  const sort = (key: SortKey) => setFilter({ sort: key, order: filter.sort === key && filter.order === 'asc' ? 'desc' : 'asc' });
  // Stable, so the list's memoized rows do not all re-render when this page does.
  const select = useCallback(
    (ids: string[], selected: boolean) =>
      setSelection((current) => {
        const next = new Set(current);
        for (const id of ids)
          if (selected) next.add(id);
          else next.delete(id);
        return next;
      }),
    [],
  );

  const data: SummaryResponse | undefined = summary.data;
  const firstTime = data !== undefined && data.total === 0 && !data.lastSyncAt;
  const [jobId, setJobId] = useState(activeJob);
  // A hint only: with no role in the token, Microsoft 365 still decides change by change.
  const rolesShown = session.me.canWrite.length > 0;
  // Read once per visit: the job page follows it live; the list only says when it waits for someone's sign-in.
  const job = useApi(() => (jobId ? getActiveJob(jobId) : Promise.resolve(null)), [jobId]);
  const jobWaiting = job.data?.waitingFor ?? null;

  return (
    <div className={styles.page}>
      {jobId && jobWaiting && (
        <MessageBar intent="warning" data-testid="job-waiting-banner">
          <MessageBarBody>
            <MessageBarTitle>A bulk apply is waiting for {jobWaiting.userPrincipalName} to sign in.</MessageBarTitle>
            It goes on when they open Room Accounts, or when another admin takes it over. <Link href={`#/jobs/${jobId}`}>Open the job</Link>
          </MessageBarBody>
        </MessageBar>
      )}
      {jobId && !jobWaiting && (
        <MessageBar intent="info">
          <MessageBarBody>
            A bulk apply started from this tab. <Link href={`#/jobs/${jobId}`}>View its progress</Link>
          </MessageBarBody>
          <MessageBarActions>
            <Button
              appearance="transparent"
              onClick={() => {
                forgetActiveJob(jobId);
                setJobId(null);
              }}
            >
              Dismiss
            </Button>
          </MessageBarActions>
        </MessageBar>
      )}
      {sync.error && <ErrorBar title={MESSAGES.load} error={sync.error} onRetry={() => void sync.start(firstTime ? 'full' : 'refresh')} />}
      {sync.sync?.status === 'waiting_for_signin' && (
        <MessageBar intent="warning" data-testid="sync-waiting">
          <MessageBarBody>
            <MessageBarTitle>Get Data is waiting for {sync.sync.waitingFor ?? 'its admin'} to sign in.</MessageBarTitle>
            What it read is kept. It goes on when they open Room Accounts again, or continues where it stopped when you press Get Data.
          </MessageBarBody>
        </MessageBar>
      )}
      {sync.sync?.status === 'failed' && !sync.running && (
        <MessageBar intent="warning" data-testid="sync-failed">
          <MessageBarBody>
            <MessageBarTitle>The last sync did not finish.</MessageBarTitle>
            {sync.sync.error?.message ?? 'Try Refresh again in a few minutes.'}
          </MessageBarBody>
        </MessageBar>
      )}
      {summary.error && <ErrorBar title={MESSAGES.summary} error={summary.error} onRetry={() => void summary.reload()} />}
      {firstTime ? (
        <GetDataCard sync={sync.sync} onGetData={() => void sync.start('full')} />
      ) : (
        <>
          {data && (
            <SummaryCards
              summary={data}
              active={filter.status.length === 1 ? (filter.status[0] ?? null) : null}
              onSelect={(status) => setFilter({ status: status ? [status] : [] })}
              signInActive={sameSet(filter.signIn, NOT_SIGNED_IN_RECENTLY)}
              onSignInSelect={(active) => setFilter({ signIn: active ? [...NOT_SIGNED_IN_RECENTLY] : [] })}
            />
          )}
          {data && data.total > 0 && (
            <Suspense fallback={null}>
              <SummaryCharts summary={data} onFilter={setFilter} />
            </Suspense>
          )}
          <div className={styles.bar}>
            <Toolbar aria-label="Account commands">
              <ToolbarButton icon={<ArrowSync20Regular />} disabled={sync.running} onClick={() => void sync.start('refresh')}>
                Refresh
              </ToolbarButton>
              <ToolbarButton icon={<ArrowDownload20Regular />} disabled={exporting} onClick={() => void runExport()}>
                Export
              </ToolbarButton>
              <RoleGate allowed={rolesShown} role="Exchange Recipient Administrator" also={session.hint('calendarProcessing').also}>
                <ToolbarButton icon={<Wrench20Regular />} onClick={() => setApplyOpen(true)}>
                  Apply recommended config
                </ToolbarButton>
              </RoleGate>
            </Toolbar>
            <Input
              className={styles.search}
              contentBefore={<Search20Regular />}
              aria-label="Search accounts"
              placeholder="Search name, UPN or location"
              value={searchText}
              onChange={(_e, value) => setSearchText(value.value)}
            />
          </div>
          {sync.running && sync.sync && <SyncProgressBar sync={sync.sync} />}
          <div className={styles.bar}>
            <Dropdown
              className={styles.filter}
              multiselect
              aria-label="Filter by status"
              placeholder="All statuses"
              value={filter.status.map((status) => STATUS_OPTIONS.find((option) => option.value === status)?.label ?? status).join(', ')}
              selectedOptions={filter.status}
              onOptionSelect={(_e, value) => setFilter({ status: value.selectedOptions as StatusFilter[] })}
            >
              {STATUS_OPTIONS.map((option) => (
                <Option key={option.value} value={option.value}>
                  {option.label}
                </Option>
              ))}
            </Dropdown>
            <Dropdown
              className={styles.filter}
              multiselect
              aria-label="Filter by license"
              placeholder="All licenses"
              value={filter.license.map((sku) => data?.byLicense.find((license) => license.skuPartNumber === sku)?.name ?? sku).join(', ')}
              selectedOptions={filter.license}
              onOptionSelect={(_e, value) => setFilter({ license: value.selectedOptions })}
            >
              {(data?.byLicense ?? []).map((license) => (
                <Option key={license.skuPartNumber} value={license.skuPartNumber} text={license.name}>
                  {`${license.name} (${license.count})`}
                </Option>
              ))}
            </Dropdown>
            <NameFilter
              className={styles.filter}
              label="Filter by building"
              placeholder="All buildings"
              none="No building"
              names={data?.buildings}
              selected={filter.building}
              onChange={(building) => setFilter({ building })}
            />
            <NameFilter
              className={styles.filter}
              label="Filter by room list"
              placeholder="All room lists"
              none="In no room list"
              names={data?.roomLists}
              selected={filter.roomList}
              onChange={(roomList) => setFilter({ roomList })}
              testId="room-list-filter"
            />
            <Dropdown
              className={styles.filter}
              multiselect
              aria-label="Filter by sign-in"
              placeholder="All sign-ins"
              value={filter.signIn.map((state) => SIGN_IN_OPTIONS.find((option) => option.value === state)?.label ?? state).join(', ')}
              selectedOptions={filter.signIn}
              onOptionSelect={(_e, value) => setFilter({ signIn: value.selectedOptions as SignInFilter[] })}
              data-testid="sign-in-filter"
            >
              {SIGN_IN_OPTIONS.map((option) => (
                <Option key={option.value} value={option.value}>
                  {option.label}
                </Option>
              ))}
            </Dropdown>
            {(filter.status.length > 0 ||
              filter.license.length > 0 ||
              filter.building.length > 0 ||
              filter.roomList.length > 0 ||
              filter.signIn.length > 0 ||
              filter.search) && (
              <Button
                appearance="subtle"
                onClick={() => {
                  setSearchText('');
                  setFilter({ status: [], license: [], building: [], roomList: [], signIn: [], search: '' });
                }}
              >
                Clear filters
              </Button>
            )}
            <span aria-live="polite" data-testid="list-count">
              {pages.total === undefined
                ? ''
                : `${pages.total} account${pages.total === 1 ? '' : 's'}${selection.size > 0 ? `, ${selection.size} selected` : ''}`}
            </span>
          </div>
          {exportError && <ErrorBar title={MESSAGES.export} error={exportError} onRetry={() => void runExport()} />}
          {pages.error && <ErrorBar title={MESSAGES.load} error={pages.error} onRetry={pages.reload} />}
          <AccountsTable
            pages={pages}
            sort={filter.sort}
            order={filter.order}
            onSort={sort}
            selected={selection}
            onSelect={select}
            locale={session.locale}
          />
        </>
      )}
      <ApplyRecommendedDialog
        open={applyOpen}
        selectedIds={selectedIds}
        needsActionCount={data?.byStatus.needsAction ?? 0}
        onClose={() => setApplyOpen(false)}
        onStarted={(id) => {
          rememberActiveJob(id);
          setApplyOpen(false);
          navigate(`/jobs/${id}`);
        }}
      />
    </div>
  );
}

/** A multi-select filter over names (buildings, room lists) with a `none` choice for rows that have none. */
function NameFilter(props: {
  className: string;
  label: string;
  placeholder: string;
  none: string;
  names: string[] | undefined;
  selected: string[];
  onChange(selected: string[]): void;
  testId?: string;
}) {
  const text = (name: string) => (name === 'none' ? props.none : name);
  return (
    <Dropdown
      className={props.className}
      multiselect
      aria-label={props.label}
      placeholder={props.placeholder}
      value={props.selected.map(text).join(', ')}
      selectedOptions={props.selected}
      onOptionSelect={(_e, value) => props.onChange(value.selectedOptions)}
      data-testid={props.testId}
    >
      {[...(props.names ?? []), 'none'].map((name) => (
        <Option key={name} value={name} text={text(name)}>
          {text(name)}
        </Option>
      ))}
    </Dropdown>
  );
}

/** Whether two filter lists hold the same values, in any order (a URL may list them either way). */
function sameSet<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && b.every((item) => a.includes(item));
}

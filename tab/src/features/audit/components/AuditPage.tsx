import { Button, Card, Field, Input, makeStyles, Spinner, Title2, tokens } from '@fluentui/react-components';
import { ArrowDownload20Regular } from '@fluentui/react-icons';
import { useEffect, useState } from 'react';
import type { AuditResponse } from '../../../../../contract/index.ts';
import { MESSAGES } from '../../../../../contract/messages.ts';
import type { ApiError } from '../../../api/client.ts';
import { AuditTable } from '../../../components/AuditTable.tsx';
import { ErrorBar } from '../../../components/ErrorBar.tsx';
import { navigate } from '../../../lib/hashRoute.ts';
import { toApiError, useApi } from '../../../lib/useApi.ts';
import { useSession } from '../../session/session.ts';
import { exportAudit, getAudit, type AuditFilter } from '../api/audit.ts';

const useStyles = makeStyles({
  page: { display: 'grid', gap: tokens.spacingVerticalM, alignContent: 'start' },
  filters: {
    padding: tokens.spacingHorizontalL,
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalM,
    alignItems: 'flex-end',
  },
});

/** A date picked in the user's time zone, as the start or the end of that day in ISO form. */
function dayBound(day: string | null, end: boolean): string | undefined {
  if (!day) return undefined;
  const date = new Date(`${day}T00:00:00`);
  if (Number.isNaN(date.getTime())) return undefined;
  if (end) date.setDate(date.getDate() + 1);
  return date.toISOString();
}

/** The audit log: filter by account, actor and days; page with Load more; export the filtered log. */
export function AuditPage({ query }: { query: URLSearchParams }) {
  const styles = useStyles();
  const session = useSession();
  const [draft, setDraft] = useState({
    accountId: query.get('accountId') ?? '',
    actor: query.get('actor') ?? '',
    from: query.get('from') ?? '',
    to: query.get('to') ?? '',
  });
  const filter: AuditFilter = {
    accountId: query.get('accountId') ?? undefined,
    actor: query.get('actor') ?? undefined,
    from: dayBound(query.get('from'), false),
    to: dayBound(query.get('to'), true),
  };
  const key = JSON.stringify(filter);
  // `filter` is a new object each render; its JSON `key` changes only when the query does.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const first = useApi(() => getAudit(filter), [key]);
  const [more, setMore] = useState<AuditResponse['items']>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [exportError, setExportError] = useState<ApiError>();
  const [moreError, setMoreError] = useState<ApiError>();

  useEffect(() => {
    setMore([]);
    setCursor(first.data?.nextCursor ?? null);
  }, [first.data]);

  const loadMore = async () => {
    if (!cursor) return;
    try {
      const page = await getAudit(filter, cursor);
      setMore((items) => [...items, ...page.items]);
      setCursor(page.nextCursor);
    } catch (failure) {
      setMoreError(toApiError(failure));
    }
  };

  const runExport = async () => {
    setExportError(undefined);
    try {
      await exportAudit(filter);
    } catch (failure) {
      setExportError(toApiError(failure));
    }
  };

  return (
    <div className={styles.page} data-testid="audit-page">
      <Title2 as="h1">Audit</Title2>
      <Card className={styles.filters}>
        <Field label="Account id">
          <Input value={draft.accountId} onChange={(_e, data) => setDraft({ ...draft, accountId: data.value })} />
        </Field>
        <Field label="Changed by (UPN)">
          <Input value={draft.actor} onChange={(_e, data) => setDraft({ ...draft, actor: data.value })} />
        </Field>
        <Field label="From">
          <Input type="date" value={draft.from} onChange={(_e, data) => setDraft({ ...draft, from: data.value })} />
        </Field>
        <Field label="To">
          <Input type="date" value={draft.to} onChange={(_e, data) => setDraft({ ...draft, to: data.value })} />
        </Field>
        <Button appearance="primary" onClick={() => navigate('/audit', { ...draft }, { replace: true })}>
          Apply filter
        </Button>
        <Button icon={<ArrowDownload20Regular />} onClick={() => void runExport()}>
          Export
        </Button>
      </Card>
      {exportError && <ErrorBar title={MESSAGES.export} error={exportError} onRetry={() => void runExport()} />}
      {first.error && <ErrorBar title={MESSAGES.load} error={first.error} onRetry={() => void first.reload()} />}
      {moreError && <ErrorBar title={MESSAGES.load} error={moreError} onRetry={() => void loadMore()} />}
      {first.loading && !first.data && <Spinner label="Loading the audit log…" />}
      {first.data && <AuditTable items={[...first.data.items, ...more]} locale={session.locale} showAccount />}
      {cursor && (
        <div>
          <Button onClick={() => void loadMore()}>Load more</Button>
        </div>
      )}
    </div>
  );
}

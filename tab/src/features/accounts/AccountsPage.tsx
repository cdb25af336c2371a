import {
  Badge,
  Button,
  Input,
  MessageBar,
  MessageBarBody,
  ProgressBar,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Title2,
} from '@fluentui/react-components';
import { useCallback, useEffect, useState } from 'react';
import type { AccountListResponse, SyncProgress } from '../../../../contract/index.ts';
import { apiFetch, ApiError } from '../../api/client.ts';

const STATUS_LABEL = { noActionNeeded: 'No Action Needed', needsAction: 'Needs Action', notAvailable: 'N/A' } as const;

/** The account list with Get Data / Refresh and sync progress (the backbone slice; the full page comes with the UI issue). */
export function AccountsPage() {
  const [list, setList] = useState<AccountListResponse>();
  const [sync, setSync] = useState<SyncProgress | null>(null);
  const [search, setSearch] = useState('');
  const [error, setError] = useState<string>();

  const load = useCallback(async () => {
    try {
      const query = new URLSearchParams({ pageSize: '200', ...(search ? { search } : {}) });
      setList(await apiFetch<AccountListResponse>(`/api/accounts?${query}`));
      setError(undefined);
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : 'There was an error loading resource accounts.');
    }
  }, [search]);

  const poll = useCallback(async () => {
    const { sync: current } = await apiFetch<{ sync: SyncProgress | null }>('/api/sync/current');
    setSync(current);
    return current;
  }, []);

  useEffect(() => {
    void load();
    void poll();
  }, [load, poll]);

  useEffect(() => {
    if (sync?.status !== 'running') return;
    const timer = setInterval(() => void poll().then(() => load()), 1000);
    return () => clearInterval(timer);
  }, [sync?.status, poll, load]);

  const startSync = async (kind: 'full' | 'refresh') => {
    try {
      await apiFetch('/api/sync', { method: 'POST', body: { kind } });
      await poll();
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : 'The sync could not start.');
    }
  };

  const empty = list && list.total === 0 && !search;
  return (
    <main style={{ padding: 16, display: 'grid', gap: 12 }}>
      <Title2>Resource accounts</Title2>
      <div style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
        <Button appearance="primary" disabled={sync?.status === 'running'} onClick={() => void startSync(empty ? 'full' : 'refresh')}>
          {empty ? 'Get Data' : 'Refresh'}
        </Button>
        <Input aria-label="Search accounts" placeholder="Search name, UPN or location" value={search} onChange={(_e, data) => setSearch(data.value)} />
        {list && <Text>{list.total} accounts</Text>}
      </div>
      {sync?.status === 'running' && (
        <div aria-live="polite">
          <Text>
            Reading {sync.phase}
            {sync.total > 0 ? ` (${sync.done} of ${sync.total})` : ''}…
          </Text>
          <ProgressBar value={sync.total > 0 ? sync.done / sync.total : undefined} />
        </div>
      )}
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
      {list && list.items.length > 0 && (
        <Table aria-label="Resource accounts" size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Account name</TableHeaderCell>
              <TableHeaderCell>UPN</TableHeaderCell>
              <TableHeaderCell>Location</TableHeaderCell>
              <TableHeaderCell>Status</TableHeaderCell>
              <TableHeaderCell>License</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {list.items.map((item) => (
              <TableRow key={item.id}>
                <TableCell>{item.displayName}</TableCell>
                <TableCell>{item.userPrincipalName}</TableCell>
                <TableCell>{item.location ?? '—'}</TableCell>
                <TableCell>{item.status ? <Badge appearance="tint">{STATUS_LABEL[item.status]}</Badge> : '—'}</TableCell>
                <TableCell>{item.licenses.map((license) => license.name).join(', ') || 'None'}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </main>
  );
}

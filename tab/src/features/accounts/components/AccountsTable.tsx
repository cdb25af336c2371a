import {
  Checkbox,
  Link,
  makeStyles,
  mergeClasses,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { AccountListItem } from '../../../../../contract/index.ts';
import { StatusBadge } from '../../../components/StatusBadge.tsx';
import { formatTime } from '../../../lib/format.ts';
import type { SortKey } from '../listFilter.ts';
import type { AccountPages } from '../useAccountPages.ts';

const ROW_HEIGHT = 44;
const COLUMNS = '44px minmax(200px, 2fr) minmax(220px, 2fr) minmax(160px, 1.5fr) 150px minmax(160px, 1.5fr) 200px';

const useStyles = makeStyles({
  scroller: {
    overflow: 'auto',
    flex: '1 1 auto',
    minHeight: '320px',
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  table: { minWidth: '1100px' },
  header: { position: 'sticky', top: 0, zIndex: 1, backgroundColor: tokens.colorNeutralBackground1 },
  row: { display: 'grid', gridTemplateColumns: COLUMNS, alignItems: 'center' },
  body: { position: 'relative' },
  virtualRow: { position: 'absolute', top: 0, left: 0, right: 0, height: `${ROW_HEIGHT}px` },
  ellipsis: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  empty: { padding: tokens.spacingVerticalXL, textAlign: 'center' },
});

interface Props {
  pages: AccountPages;
  sort: SortKey;
  order: 'asc' | 'desc';
  onSort(key: SortKey): void;
  selected: ReadonlySet<string>;
  onSelect(ids: string[], selected: boolean): void;
  locale: string;
}

const SORTABLE: { key: SortKey; label: string }[] = [
  { key: 'displayName', label: 'Account name' },
  { key: 'userPrincipalName', label: 'UPN' },
  { key: 'location', label: 'Location' },
  { key: 'status', label: 'Status' },
];

/** The account list, virtualized: only the visible rows are in the DOM and only their pages are fetched. */
export function AccountsTable({ pages, sort, order, onSort, selected, onSelect, locale }: Props) {
  const styles = useStyles();
  const scroller = useRef<HTMLDivElement>(null);
  const count = pages.total ?? 0;
  const virtualizer = useVirtualizer({ count, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    if (count > 0) pages.ensureRows(first, last);
  });

  const loaded = pages.loadedRows();
  const selectedLoaded = loaded.filter((row) => selected.has(row.id)).length;
  const allState = selectedLoaded === 0 ? false : selectedLoaded === loaded.length ? true : 'mixed';
  const direction = order === 'asc' ? 'ascending' : 'descending';

  return (
    <div ref={scroller} className={styles.scroller} tabIndex={0} aria-label="Resource accounts list" data-testid="accounts-scroller">
      <Table noNativeElements sortable className={styles.table} aria-label="Resource accounts" aria-rowcount={count + 1} data-testid="accounts-table" data-total={count}>
        <TableHeader className={styles.header}>
          <TableRow className={styles.row} aria-rowindex={1}>
            <TableCell>
              <Checkbox aria-label="Select all loaded accounts" checked={allState} disabled={loaded.length === 0} onChange={(_e, data) => onSelect(loaded.map((row) => row.id), data.checked === true)} />
            </TableCell>
            {SORTABLE.map((column) => (
              <TableHeaderCell key={column.key} sortDirection={sort === column.key ? direction : undefined} onClick={() => onSort(column.key)}>
                {column.label}
              </TableHeaderCell>
            ))}
            <TableHeaderCell>License</TableHeaderCell>
            <TableHeaderCell sortDirection={sort === 'lastReadAt' ? direction : undefined} onClick={() => onSort('lastReadAt')}>
              Last read
            </TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody className={styles.body} style={{ height: `${virtualizer.getTotalSize()}px` }}>
          {items.map((item) => {
            const row = pages.rowAt(item.index);
            return (
              <TableRow
                key={row?.id ?? `loading-${item.index}`}
                className={mergeClasses(styles.row, styles.virtualRow)}
                style={{ transform: `translateY(${item.start}px)` }}
                aria-rowindex={item.index + 2}
                data-testid={row ? 'account-row' : 'account-row-loading'}
                data-account-id={row?.id}
              >
                {row ? <AccountCells row={row} checked={selected.has(row.id)} onSelect={onSelect} locale={locale} ellipsis={styles.ellipsis} /> : <LoadingCells />}
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      {pages.total === 0 && (
        <div className={styles.empty}>
          <Text>No resource accounts match this filter.</Text>
        </div>
      )}
    </div>
  );
}

function AccountCells({ row, checked, onSelect, locale, ellipsis }: { row: AccountListItem; checked: boolean; onSelect: Props['onSelect']; locale: string; ellipsis: string }) {
  const licenses = row.licenses.map((license) => license.name).join(', ') || 'None';
  return (
    <>
      <TableCell>
        <Checkbox aria-label={`Select ${row.displayName}`} checked={checked} onChange={(_e, data) => onSelect([row.id], data.checked === true)} />
      </TableCell>
      <TableCell className={ellipsis}>
        <Link href={`#/accounts/${encodeURIComponent(row.id)}`} data-testid="account-link">
          {row.displayName}
        </Link>
      </TableCell>
      <TableCell className={ellipsis} data-col="upn">
        {row.userPrincipalName}
      </TableCell>
      <TableCell className={ellipsis}>{row.location ?? '—'}</TableCell>
      <TableCell>
        <StatusBadge status={row.status} />
      </TableCell>
      <TableCell className={ellipsis} title={licenses}>
        {licenses}
      </TableCell>
      <TableCell className={ellipsis}>{formatTime(row.lastReadAt, locale)}</TableCell>
    </>
  );
}

function LoadingCells() {
  return (
    <>
      <TableCell />
      <TableCell aria-busy>Loading…</TableCell>
      <TableCell />
      <TableCell />
      <TableCell />
      <TableCell />
      <TableCell />
    </>
  );
}

import {
  Checkbox,
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
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef } from 'react';
import type { SortKey } from '../listFilter.ts';
import type { AccountPages } from '../useAccountPages.ts';
import { AccountRow, COLUMNS, LoadingRow, ROW_HEIGHT, useRowClasses } from './AccountRow.tsx';

const useStyles = makeStyles({
  scroller: {
    overflow: 'auto',
    flex: '1 1 auto',
    minHeight: '320px',
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  table: { minWidth: '1300px' },
  header: { position: 'sticky', top: 0, zIndex: 1, backgroundColor: tokens.colorNeutralBackground1 },
  row: { display: 'grid', gridTemplateColumns: COLUMNS, alignItems: 'center' },
  body: { position: 'relative' },
  empty: { padding: tokens.spacingVerticalXL, textAlign: 'center' },
});

interface Props {
  pages: AccountPages;
  sort: SortKey;
  order: 'asc' | 'desc';
  onSort(key: SortKey): void;
  selected: ReadonlySet<string>;
  /** Keep it stable (useCallback): rows are memoized and re-render only when their own props change. */
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
  const rowClasses = useRowClasses();
  const scroller = useRef<HTMLDivElement>(null);
  const count = pages.total ?? 0;
  // Rows have a fixed height, so a scroll needs no measuring: without flushSync, React renders the rows coming into view
  // in a task of its own after the scroll event instead of inside it, and rendering rows and painting the frame are two
  // short tasks rather than one long one. Five rows either side cover a frame of wheel or keyboard scrolling.
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 5,
    useFlushSync: false,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    if (count > 0) pages.ensureRows(first, last);
  });

  // The scroll re-renders this component every frame: count the selection only when rows or selection change.
  const loaded = pages.loadedRows();
  const selectedLoaded = useMemo(() => loaded.reduce((sum, row) => (selected.has(row.id) ? sum + 1 : sum), 0), [loaded, selected]);
  const allState = selectedLoaded === 0 ? false : selectedLoaded === loaded.length ? true : 'mixed';
  const direction = order === 'asc' ? 'ascending' : 'descending';

  return (
    <div ref={scroller} className={styles.scroller} tabIndex={0} aria-label="Resource accounts list" data-testid="accounts-scroller">
      <Table
        noNativeElements
        sortable
        className={styles.table}
        aria-label="Resource accounts"
        aria-rowcount={count + 1}
        data-testid="accounts-table"
        data-total={count}
      >
        <TableHeader className={styles.header}>
          <TableRow className={styles.row} aria-rowindex={1}>
            <TableCell>
              <Checkbox
                aria-label="Select all loaded accounts"
                checked={allState}
                disabled={loaded.length === 0}
                onChange={(_e, data) =>
                  onSelect(
                    loaded.map((row) => row.id),
                    data.checked === true,
                  )
                }
              />
            </TableCell>
            {SORTABLE.map((column) => (
              <TableHeaderCell
                key={column.key}
                sortDirection={sort === column.key ? direction : undefined}
                onClick={() => onSort(column.key)}
              >
                {column.label}
              </TableHeaderCell>
            ))}
            {/* Not sortable: the API has no sort key for it. */}
            <TableHeaderCell>Sign-in</TableHeaderCell>
            <TableHeaderCell>License</TableHeaderCell>
            <TableHeaderCell sortDirection={sort === 'lastReadAt' ? direction : undefined} onClick={() => onSort('lastReadAt')}>
              Last read
            </TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody className={styles.body} style={{ height: `${virtualizer.getTotalSize()}px` }}>
          {items.map((item) => {
            const row = pages.rowAt(item.index);
            return row ? (
              <AccountRow
                key={row.id}
                classes={rowClasses}
                index={item.index}
                start={item.start}
                row={row}
                checked={selected.has(row.id)}
                onSelect={onSelect}
                locale={locale}
              />
            ) : (
              <LoadingRow key={`loading-${item.index}`} classes={rowClasses} index={item.index} start={item.start} />
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

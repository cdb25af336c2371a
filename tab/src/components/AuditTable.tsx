import { Badge, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text } from '@fluentui/react-components';
import type { AuditResponse } from '../../../contract/index.ts';
import { formatTime, formatValue } from '../lib/format.ts';

const OUTCOME_COLOR = { succeeded: 'success', failed: 'danger', refused: 'warning' } as const;

/** Audit entries: who changed which setting of which account, from what to what, and how it went. */
export function AuditTable({ items, locale, showAccount }: { items: AuditResponse['items']; locale: string; showAccount: boolean }) {
  if (items.length === 0) return <Text>No changes recorded.</Text>;
  return (
    <Table size="small" aria-label="Audit log" data-testid="audit-table">
      <TableHeader>
        <TableRow>
          <TableHeaderCell>Time</TableHeaderCell>
          <TableHeaderCell>Who</TableHeaderCell>
          {showAccount && <TableHeaderCell>Account</TableHeaderCell>}
          <TableHeaderCell>Setting</TableHeaderCell>
          <TableHeaderCell>Before</TableHeaderCell>
          <TableHeaderCell>After</TableHeaderCell>
          <TableHeaderCell>Outcome</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {items.map((entry) => (
          <TableRow key={entry.id} data-testid="audit-row">
            <TableCell>{formatTime(entry.at, locale)}</TableCell>
            <TableCell>{entry.actorUpn}</TableCell>
            {showAccount && (
              <TableCell>
                {entry.accountId ? <a href={`#/accounts/${encodeURIComponent(entry.accountId)}`}>{entry.accountId}</a> : 'Tenant'}
              </TableCell>
            )}
            <TableCell>{entry.setting}</TableCell>
            <TableCell>{formatValue(entry.before)}</TableCell>
            <TableCell>{formatValue(entry.after)}</TableCell>
            <TableCell>
              <Badge appearance="tint" color={OUTCOME_COLOR[entry.outcome]}>
                {entry.outcome}
              </Badge>
              {entry.message && (
                <Text block size={200}>
                  {entry.message}
                </Text>
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

// @ts-nocheck
import {
  Badge,
  Button,
  Card,
  Dropdown,
  makeStyles,
  Option,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import type { AccountDetail, ApplyResponse } from '../../../../../contract/index.ts';
import { MESSAGES } from '../../../../../contract/messages.ts';
import type { ApiError } from '../../../api/client.ts';
import { ErrorBar } from '../../../components/ErrorBar.tsx';
import { RoleGate } from '../../../components/RoleGate.tsx';
import { toApiError, useApi } from '../../../lib/useApi.ts';
import { ROLE_FOR, useSession } from '../../session/session.ts';
import { changeLicenses, getSeats } from '../api/account.ts';
import { ApplyResultBar } from './ApplyResultBar.tsx';

const useStyles = makeStyles({
  card: { padding: tokens.spacingHorizontalL, display: 'grid', gap: tokens.spacingVerticalM, maxWidth: '900px' },
  assign: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
  picker: { minWidth: '320px' },
});

/** The account's licenses, with assign and remove; seats left come from the tenant's subscriptions. */
export function LicensesTab({ detail, onUpdated }: { detail: AccountDetail; onUpdated(detail: AccountDetail): void }) {
  const styles = useStyles();
  const session = useSession();
  const seats = useApi(getSeats, []);
  const [skuId, setSkuId] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [result, setResult] = useState<ApplyResponse>();
  // A hint only: License or User Administrator over an administrative unit never shows in the token.
  const allowed = session.canWrite('license');
  const held = new Set(detail.licenses.map((license) => license.skuId));
  const assignable = (seats.data ?? []).filter((seat) => seat.isTeamsRooms && !held.has(seat.skuId));

  const change = async (request: { add: string[]; remove: string[] }) => {
    setBusy(true);
    setError(undefined);
    try {
      const response = await changeLicenses(detail.id, request);
      setResult(response);
      const left = new Map(response.seats.map((seat) => [seat.skuId, seat.available]));
      if (seats.data) seats.setData(seats.data.map((seat) => ({ ...seat, available: left.get(seat.skuId) ?? seat.available })));
      setSkuId(undefined);
      onUpdated(response.account);
    } catch (failure) {
      setError(toApiError(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card className={styles.card}>
      <Text as="h2" weight="semibold" size={400}>
        Teams Rooms licenses
      </Text>
      {result && <ApplyResultBar response={result} failureTitle={MESSAGES.save} />}
      {error && <ErrorBar title={MESSAGES.save} error={error} />}
      {seats.error && <ErrorBar title={MESSAGES.summary} error={seats.error} onRetry={() => void seats.reload()} />}
      {detail.sources.licenses?.status !== 'ok' && <Text>The licenses of this account could not be read with your role.</Text>}
      <Table size="small" aria-label="Assigned licenses">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>License</TableHeaderCell>
            <TableHeaderCell>Product code</TableHeaderCell>
            <TableHeaderCell>Kind</TableHeaderCell>
            <TableHeaderCell>Action</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {detail.licenses.length === 0 && (
            <TableRow>
              <TableCell>No license assigned</TableCell>
              <TableCell />
              <TableCell />
              <TableCell />
            </TableRow>
          )}
          {detail.licenses.map((license) => (
            <TableRow key={license.skuId} data-testid="license-row">
              <TableCell>{license.name}</TableCell>
              <TableCell>{license.skuPartNumber}</TableCell>
              <TableCell>
                <Badge appearance="outline" color={license.isTeamsRooms ? 'brand' : 'warning'}>
                  {license.isTeamsRooms ? 'Teams Rooms' : 'Not a Teams Rooms license'}
                </Badge>
              </TableCell>
              <TableCell>
                <RoleGate allowed={allowed} role={ROLE_FOR.license} also={session.hint('license').also}>
                  <Button size="small" disabled={busy} onClick={() => void change({ add: [], remove: [license.skuId] })}>
                    Remove
                  </Button>
                </RoleGate>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <div className={styles.assign}>
        <Dropdown
          className={styles.picker}
          aria-label="License to assign"
          placeholder="Choose a Teams Rooms license"
          value={assignable.find((seat) => seat.skuId === skuId)?.name ?? ''}
          selectedOptions={skuId ? [skuId] : []}
          onOptionSelect={(_e, data) => setSkuId(data.optionValue)}
        >
          {assignable.map((seat) => (
            <Option key={seat.skuId} value={seat.skuId} text={seat.name} disabled={seat.available <= 0}>
              {`${seat.name} — ${seat.available} of ${seat.enabled} left`}
            </Option>
          ))}
        </Dropdown>
        <RoleGate allowed={allowed} role={ROLE_FOR.license} also={session.hint('license').also}>
          <Button appearance="primary" disabled={!skuId || busy} onClick={() => skuId && void change({ add: [skuId], remove: [] })}>
            Assign
          </Button>
        </RoleGate>
      </div>
      <div data-testid="seats-left">
        {(seats.data ?? [])
          .filter((seat) => seat.isTeamsRooms)
          .map((seat) => (
            <Text block key={seat.skuId}>
              {seat.name}: {seat.available} of {seat.enabled} seats left
            </Text>
          ))}
      </div>
    </Card>
  );
}

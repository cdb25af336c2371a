import { Button, Card, Field, Input, makeStyles, MessageBar, MessageBarBody, Switch, Text, tokens } from '@fluentui/react-components';
import { useEffect, useMemo, useState } from 'react';
import type { AccountDetail, ApplyResponse, DesiredSettings } from '../../../../../contract/index.ts';
import { MESSAGES } from '../../../../../contract/messages.ts';
import type { ApiError } from '../../../api/client.ts';
import { CheckMark, markOf } from '../../../components/CheckMark.tsx';
import { ErrorBar } from '../../../components/ErrorBar.tsx';
import { RoleGate } from '../../../components/RoleGate.tsx';
import { toApiError } from '../../../lib/useApi.ts';
import { ROLE_FOR, useSession } from '../../session/session.ts';
import { saveLocation } from '../api/account.ts';
import { ApplyResultBar } from './ApplyResultBar.tsx';

type Location = NonNullable<DesiredSettings['location']>;
type TextField = Exclude<keyof Location, 'floorNumber' | 'capacity' | 'isWheelChairAccessible'>;

const TEXT_FIELDS: { key: TextField; label: string }[] = [
  { key: 'building', label: 'Building' },
  { key: 'floorLabel', label: 'Floor label' },
  { key: 'street', label: 'Street' },
  { key: 'city', label: 'City' },
  { key: 'state', label: 'State or province' },
  { key: 'postalCode', label: 'Postal code' },
  { key: 'countryOrRegion', label: 'Country or region' },
];

const useStyles = makeStyles({
  card: { padding: tokens.spacingHorizontalL, display: 'grid', gap: tokens.spacingVerticalM, maxWidth: '900px' },
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(240px, 1fr))', gap: tokens.spacingHorizontalM },
  heading: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
});

function readPlace(detail: AccountDetail): Location {
  const data = (detail.sources.place?.status === 'ok' ? detail.sources.place.data : {}) as Record<string, unknown>;
  const text = (key: string) => (typeof data[key] === 'string' ? (data[key] as string) : null);
  const number = (key: string) => (typeof data[key] === 'number' ? (data[key] as number) : null);
  return {
    building: text('building'),
    floorNumber: number('floorNumber'),
    floorLabel: text('floorLabel'),
    capacity: number('capacity'),
    street: text('street'),
    city: text('city'),
    state: text('state'),
    countryOrRegion: text('countryOrRegion'),
    postalCode: text('postalCode'),
    isWheelChairAccessible: data.isWheelChairAccessible === true,
  };
}

/** The room's place record (building, floor, capacity, address), editable through `PATCH /location`. */
export function LocationTab({ detail, onUpdated }: { detail: AccountDetail; onUpdated(detail: AccountDetail): void }) {
  const styles = useStyles();
  const session = useSession();
  const initial = useMemo(() => readPlace(detail), [detail]);
  const [values, setValues] = useState<Location>(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [result, setResult] = useState<ApplyResponse>();
  const check = detail.checks.find((item) => item.id === 'placeDetails');
  const role = check?.changeRole ?? ROLE_FOR.place;
  const readable = detail.sources.place?.status === 'ok';
  // Editable whenever the place was read; the token's roles only decide whether a hint is shown.
  const allowed = readable;
  const shown = session.canWrite('place');

  useEffect(() => setValues(initial), [initial]);

  const changed = Object.fromEntries(Object.entries(values).filter(([key, value]) => value !== initial[key as keyof Location])) as Location;
  const dirty = Object.keys(changed).length > 0;
  const set = (patch: Location) => setValues((current) => ({ ...current, ...patch }));
  const numberOrNull = (text: string) => (text.trim() === '' ? null : Number(text));

  const save = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const response = await saveLocation(detail.id, changed);
      setResult(response);
      onUpdated(response.account);
    } catch (failure) {
      setError(toApiError(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card className={styles.card}>
      <div className={styles.heading}>
        {check && <CheckMark mark={markOf(check)} />}
        <Text as="h2" weight="semibold" size={400}>
          Location
        </Text>
      </div>
      {!readable && (
        <MessageBar intent="warning">
          <MessageBarBody>
            {detail.sources.place?.status === 'notFound'
              ? 'This account has no room record (place) in Exchange, so it has no location to edit.'
              : 'The room location could not be read with your role.'}
          </MessageBarBody>
        </MessageBar>
      )}
      {result && <ApplyResultBar response={result} failureTitle={MESSAGES.save} />}
      {error && <ErrorBar title={MESSAGES.save} error={error} onRetry={() => void save()} />}
      <div className={styles.grid}>
        {TEXT_FIELDS.map((field) => (
          <Field key={field.key} label={field.label}>
            <Input
              value={values[field.key] ?? ''}
              disabled={!allowed}
              onChange={(_e, data) => set({ [field.key]: data.value === '' ? null : data.value })}
            />
          </Field>
        ))}
        <Field label="Floor number">
          <Input
            type="number"
            value={values.floorNumber === null || values.floorNumber === undefined ? '' : String(values.floorNumber)}
            disabled={!allowed}
            onChange={(_e, data) => set({ floorNumber: numberOrNull(data.value) })}
          />
        </Field>
        <Field label="Capacity">
          <Input
            type="number"
            value={values.capacity === null || values.capacity === undefined ? '' : String(values.capacity)}
            disabled={!allowed}
            onChange={(_e, data) => set({ capacity: numberOrNull(data.value) })}
          />
        </Field>
        <Switch
          label="Wheelchair accessible"
          checked={values.isWheelChairAccessible === true}
          disabled={!allowed}
          onChange={(_e, data) => set({ isWheelChairAccessible: data.checked })}
        />
      </div>
      <div>
        <RoleGate allowed={shown || !readable} role={role} also={session.hint('place').also}>
          <Button appearance="primary" disabled={!allowed || !dirty || busy} onClick={() => void save()}>
            Save location
          </Button>
        </RoleGate>
      </div>
    </Card>
  );
}

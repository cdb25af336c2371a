import {
  Button,
  Caption1,
  Card,
  Dropdown,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Option,
  Spinner,
  Switch,
  Text,
  Title2,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { BaselineResponse, BaselineValues } from '../../../../../contract/index.ts';
import { MESSAGES } from '../../../../../contract/messages.ts';
import type { ApiError } from '../../../api/client.ts';
import { ErrorBar } from '../../../components/ErrorBar.tsx';
import { RoleGate } from '../../../components/RoleGate.tsx';
import { formatTime, formatValue } from '../../../lib/format.ts';
import { toApiError, useApi } from '../../../lib/useApi.ts';
import { useSession } from '../../session/session.ts';
import { getBaseline, getLicenseChoices, saveBaseline } from '../api/baseline.ts';

type Calendar = BaselineValues['calendarProcessing'];
type Range = BaselineValues['bookingWindowInDays'];

/** The switches, labelled by the check each one sets (the same words as the account page, in the same sense). */
const SWITCHES: Exclude<keyof Calendar, 'AutomateProcessing' | 'AdditionalResponse'>[] = [
  'AddOrganizerToSubject',
  'DeleteComments',
  'DeleteSubject',
  'RemovePrivateProperty',
  'ProcessExternalMeetingMessages',
  'AllowRecurringMeetings',
  'DeleteAttachments',
  'AddAdditionalResponse',
  'AllowConflicts',
];

/** A Set-CalendarProcessing parameter's label: that of the check named after it (AddOrganizerToSubject → addOrganizerToSubject). */
function checkLabel(data: BaselineResponse, parameter: string): string {
  const id = parameter.charAt(0).toLowerCase() + parameter.slice(1);
  return data.checks.find((check) => check.id === id)?.label ?? parameter;
}

/** The sign-in check's N, within the contract's bounds (baselineValues.signInWithinDays); the API checks it again. */
function signInDaysError(days: number): string | undefined {
  if (!Number.isInteger(days)) return 'Enter a whole number of days, from 1 to 365.';
  if (days < 1) return 'Must be at least 1 day.';
  if (days > 365) return 'Must be at most 365 days.';
  return undefined;
}

/**
 * A baseline stored before a value existed may come without it: the form shows the contract's default (as the API
 * grades with it) instead of an empty box that blocks Save.
 */
function withDefaults(values: BaselineValues): BaselineValues {
  return { ...values, signInWithinDays: (values.signInWithinDays as number | undefined) ?? 7 };
}

const SEVERITY_LABEL = { default: 'Default', required: 'Required', recommended: 'Recommended', ignored: 'Ignored' } as const;

const useStyles = makeStyles({
  page: { display: 'grid', gap: tokens.spacingVerticalM, alignContent: 'start' },
  card: { padding: tokens.spacingHorizontalL, display: 'grid', gap: tokens.spacingVerticalM },
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(260px, 1fr))', gap: tokens.spacingHorizontalM },
  check: {
    display: 'grid',
    gridTemplateColumns: 'minmax(220px, 2fr) minmax(160px, 1fr) 200px',
    gap: tokens.spacingHorizontalM,
    alignItems: 'center',
  },
});

/** The tenant's recommended values: what the checks expect and what Apply writes; editable by Exchange Administrators. */
export function BaselinePage() {
  const styles = useStyles();
  const session = useSession();
  const baseline = useApi(getBaseline, []);
  const licenses = useApi(getLicenseChoices, []);
  const [values, setValues] = useState<BaselineValues>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [saved, setSaved] = useState(false);
  const allowed = session.me.canEditBaseline;

  useEffect(() => setValues(baseline.data && withDefaults(baseline.data.values)), [baseline.data]);

  if (baseline.error && !baseline.data)
    return <ErrorBar title={MESSAGES.load} error={baseline.error} onRetry={() => void baseline.reload()} />;
  if (!baseline.data || !values) return <Spinner label="Loading the baseline…" />;
  const data: BaselineResponse = baseline.data;

  const setCalendar = (patch: Partial<Calendar>) =>
    setValues({ ...values, calendarProcessing: { ...values.calendarProcessing, ...patch } });
  const setRange = (key: 'bookingWindowInDays' | 'maximumDurationInMinutes', patch: Partial<Range>) =>
    setValues({ ...values, [key]: { ...values[key], ...patch } });
  const setSeverity = (checkId: string, severity: string) => {
    const severities = { ...values.severities };
    if (severity === 'default') delete severities[checkId];
    else severities[checkId] = severity as BaselineValues['severities'][string];
    setValues({ ...values, severities });
  };

  const save = async () => {
    setSaving(true);
    setError(undefined);
    setSaved(false);
    try {
      baseline.setData(await saveBaseline(values));
      setSaved(true);
    } catch (failure) {
      setError(toApiError(failure));
    } finally {
      setSaving(false);
    }
  };

  const number = (text: string) => (text === '' ? 0 : Number(text));
  const dirty = JSON.stringify(values) !== JSON.stringify(withDefaults(data.values));
  const daysError = signInDaysError(values.signInWithinDays);

  return (
    <div className={styles.page} data-testid="baseline-page">
      <Title2 as="h1">Baseline</Title2>
      <Text>
        The recommended values every account is graded against and that Apply recommended config writes. Version {data.version}
        {data.updatedBy ? `, changed by ${data.updatedBy} on ${formatTime(data.updatedAt, session.locale)}` : ' (Microsoft defaults)'}.
      </Text>
      {!allowed && (
        <MessageBar intent="info">
          <MessageBarBody>Only an Exchange Administrator or Global Administrator can change the baseline.</MessageBarBody>
        </MessageBar>
      )}
      {saved && (
        <MessageBar intent="success">
          <MessageBarBody>{MESSAGES.success}</MessageBarBody>
        </MessageBar>
      )}
      {error && <ErrorBar title={MESSAGES.save} error={error} onRetry={() => void save()} />}
      <Card className={styles.card}>
        <Text as="h2" weight="semibold" size={400}>
          Mailbox settings
        </Text>
        <div className={styles.grid}>
          <Field label="Meeting request handling">
            <Dropdown
              value={values.calendarProcessing.AutomateProcessing}
              selectedOptions={[values.calendarProcessing.AutomateProcessing]}
              disabled={!allowed}
              onOptionSelect={(_e, data) => setCalendar({ AutomateProcessing: data.optionValue as Calendar['AutomateProcessing'] })}
            >
              {['AutoAccept', 'AutoUpdate', 'None'].map((option) => (
                <Option key={option} value={option}>
                  {option}
                </Option>
              ))}
            </Dropdown>
          </Field>
          {SWITCHES.map((key) => (
            <Switch
              key={key}
              label={checkLabel(data, key)}
              checked={values.calendarProcessing[key]}
              disabled={!allowed}
              onChange={(_e, data) => setCalendar({ [key]: data.checked })}
            />
          ))}
          <Field label="Additional response text">
            <Input
              value={values.calendarProcessing.AdditionalResponse}
              disabled={!allowed}
              onChange={(_e, data) => setCalendar({ AdditionalResponse: data.value })}
            />
          </Field>
        </div>
        {(['bookingWindowInDays', 'maximumDurationInMinutes'] as const).map((key) => (
          <div key={key} className={styles.grid}>
            {(['min', 'recommended', 'max'] as const).map((part) => (
              <Field
                key={part}
                label={`${key === 'bookingWindowInDays' ? 'Booking window (days)' : 'Maximum duration (minutes)'}: ${part}`}
              >
                <Input
                  type="number"
                  value={String(values[key][part])}
                  disabled={!allowed}
                  onChange={(_e, data) => setRange(key, { [part]: number(data.value) })}
                />
              </Field>
            ))}
          </div>
        ))}
      </Card>
      <Card className={styles.card}>
        <Text as="h2" weight="semibold" size={400}>
          Account settings
        </Text>
        <div className={styles.grid}>
          <Field label="License Apply assigns">
            <Dropdown
              value={licenses.data?.find((seat) => seat.skuId === values.licenseSkuId)?.name ?? values.licenseSkuId}
              selectedOptions={[values.licenseSkuId]}
              disabled={!allowed}
              onOptionSelect={(_e, data) => data.optionValue && setValues({ ...values, licenseSkuId: data.optionValue })}
            >
              {(licenses.data ?? []).map((seat) => (
                <Option key={seat.skuId} value={seat.skuId}>
                  {seat.name}
                </Option>
              ))}
            </Dropdown>
          </Field>
          <Field
            label="Room list name"
            hint="{building} stands for the room's building, e.g. Rooms - {building}. The room-list fix adds rooms to this list, and creates it when missing."
          >
            <Input
              value={values.roomListName}
              disabled={!allowed}
              onChange={(_e, data) => setValues({ ...values, roomListName: data.value })}
            />
          </Field>
          <Field label="Usage location for accounts without one" hint="Two letters, e.g. US; empty uses the room's country">
            <Input
              value={values.usageLocation ?? ''}
              disabled={!allowed}
              onChange={(_e, data) => setValues({ ...values, usageLocation: data.value === '' ? null : data.value.toUpperCase() })}
            />
          </Field>
          <Field
            label="Signed in successfully within (days)"
            hint="A room whose last successful sign-in is older is flagged, and counted in the summary. From 1 to 365."
            validationState={daysError ? 'error' : 'none'}
            validationMessage={daysError}
          >
            <Input
              type="number"
              min={1}
              max={365}
              step={1}
              // NaN (an emptied box) shows empty, and keeps Save off until a number is typed.
              value={Number.isNaN(values.signInWithinDays) ? '' : String(values.signInWithinDays)}
              disabled={!allowed}
              onChange={(_e, data) =>
                setValues({ ...values, signInWithinDays: data.value.trim() === '' ? Number.NaN : Number(data.value) })
              }
              data-testid="sign-in-within-days"
            />
          </Field>
        </div>
      </Card>
      <Card className={styles.card}>
        <Text as="h2" weight="semibold" size={400}>
          Checks
        </Text>
        {data.checks.map((check) => (
          <div key={check.id} className={styles.check} data-testid="baseline-check">
            <span>
              <Text block>{check.label}</Text>
              <Caption1>{check.description}</Caption1>
            </span>
            <Caption1>Expects {formatValue(check.expected)}</Caption1>
            <Dropdown
              aria-label={`Severity of ${check.label}`}
              value={`${SEVERITY_LABEL[(values.severities[check.id] ?? 'default') as keyof typeof SEVERITY_LABEL]}${values.severities[check.id] ? '' : ` (${check.defaultSeverity})`}`}
              selectedOptions={[values.severities[check.id] ?? 'default']}
              disabled={!allowed}
              onOptionSelect={(_e, data) => setSeverity(check.id, data.optionValue ?? 'default')}
            >
              {(['default', 'required', 'recommended', 'ignored'] as const).map((severity) => (
                <Option key={severity} value={severity} text={SEVERITY_LABEL[severity]}>
                  {severity === 'default' ? `Default (${check.defaultSeverity})` : SEVERITY_LABEL[severity]}
                </Option>
              ))}
            </Dropdown>
          </div>
        ))}
      </Card>
      <div>
        <RoleGate allowed={allowed} role="Exchange Administrator">
          <Button appearance="primary" disabled={!allowed || !dirty || saving || daysError !== undefined} onClick={() => void save()}>
            Save baseline
          </Button>
        </RoleGate>
      </div>
    </div>
  );
}

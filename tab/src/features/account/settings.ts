import type { AccountDetail, DesiredSettings } from '../../../../contract/index.ts';
import type { WriteKind } from '../session/session.ts';

type CalendarKey = keyof NonNullable<DesiredSettings['calendarProcessing']>;

/** A setting the Account configuration tab can change, tied to the check that grades it. */
export interface SettingSpec {
  checkId: string;
  /** Key of the form value; also names the DesiredSettings field. */
  field: string;
  kind: WriteKind;
  control: 'switch' | 'choice' | 'text' | 'number';
  options?: string[];
  read(detail: AccountDetail): unknown;
  /** This setting's part of a PATCH body. */
  desired(value: unknown): DesiredSettings;
}

const user = (detail: AccountDetail): Record<string, unknown> =>
  detail.sources.user?.status === 'ok' ? ((detail.sources.user.data ?? {}) as Record<string, unknown>) : {};
const calendar = (detail: AccountDetail): Record<string, unknown> =>
  detail.sources.calendarProcessing?.status === 'ok' ? ((detail.sources.calendarProcessing.data ?? {}) as Record<string, unknown>) : {};

/**
 * A control is labelled with its check's label (SettingRow passes it), never a wording of its own: a switch that
 * said "Delete meeting body" under a check that said "Keep the meeting body" read in the opposite sense.
 */
function calendarSetting(checkId: string, key: CalendarKey, control: SettingSpec['control'], options?: string[]): SettingSpec {
  return {
    checkId,
    field: `calendarProcessing.${key}`,
    kind: 'calendarProcessing',
    control,
    options,
    read: (detail) => calendar(detail)[key] ?? (control === 'text' ? '' : null),
    desired: (value) => ({ calendarProcessing: { [key]: value } }),
  };
}

/** Every changeable setting, in the order the panes show them. */
export const SETTINGS: SettingSpec[] = [
  {
    checkId: 'passwordNeverExpires',
    field: 'passwordNeverExpires',
    kind: 'userAccount',
    control: 'switch',
    read: (detail) => String(user(detail).passwordPolicies ?? '').includes('DisablePasswordExpiration'),
    desired: (value) => ({ passwordNeverExpires: value === true }),
  },
  {
    checkId: 'accountEnabled',
    field: 'accountEnabled',
    kind: 'userAccount',
    control: 'switch',
    read: (detail) => user(detail).accountEnabled === true,
    desired: (value) => ({ accountEnabled: value === true }),
  },
  {
    checkId: 'usageLocationSet',
    field: 'usageLocation',
    kind: 'usageLocation',
    control: 'text',
    read: (detail) => String(user(detail).usageLocation ?? ''),
    desired: (value) => ({ usageLocation: String(value).toUpperCase() }),
  },
  calendarSetting('automateProcessing', 'AutomateProcessing', 'choice', ['AutoAccept', 'AutoUpdate', 'None']),
  calendarSetting('addOrganizerToSubject', 'AddOrganizerToSubject', 'switch'),
  calendarSetting('deleteComments', 'DeleteComments', 'switch'),
  calendarSetting('deleteSubject', 'DeleteSubject', 'switch'),
  calendarSetting('removePrivateProperty', 'RemovePrivateProperty', 'switch'),
  calendarSetting('processExternalMeetingMessages', 'ProcessExternalMeetingMessages', 'switch'),
  calendarSetting('allowRecurringMeetings', 'AllowRecurringMeetings', 'switch'),
  calendarSetting('deleteAttachments', 'DeleteAttachments', 'switch'),
  calendarSetting('addAdditionalResponse', 'AddAdditionalResponse', 'switch'),
  calendarSetting('additionalResponseText', 'AdditionalResponse', 'text'),
  calendarSetting('allowConflicts', 'AllowConflicts', 'switch'),
  calendarSetting('bookingWindow', 'BookingWindowInDays', 'number'),
  calendarSetting('maximumDuration', 'MaximumDurationInMinutes', 'number'),
];

export const SETTING_BY_CHECK = new Map(SETTINGS.map((spec) => [spec.checkId, spec]));

/** The form's starting values: each setting as the account has it now. */
export function currentValues(detail: AccountDetail): Record<string, unknown> {
  return Object.fromEntries(SETTINGS.map((spec) => [spec.field, spec.read(detail)]));
}

/** The PATCH body for what the admin changed, merging the nested calendar settings. */
export function desiredFrom(changed: Record<string, unknown>): DesiredSettings {
  const body: DesiredSettings = {};
  for (const spec of SETTINGS) {
    if (!(spec.field in changed)) continue;
    const part = spec.desired(changed[spec.field]);
    if (part.calendarProcessing) body.calendarProcessing = { ...body.calendarProcessing, ...part.calendarProcessing };
    else Object.assign(body, part);
  }
  return body;
}

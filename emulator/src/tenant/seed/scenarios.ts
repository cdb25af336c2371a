import { defaultCalendarProcessing, type CalendarProcessing } from '../model.ts';
import type { LicensePlan } from './licenses.ts';
import { roomCode, type RoomDraft } from './rooms.ts';

/**
 * The situations a seeded tenant contains, each applied to a compliant room draft. Room scenarios are
 * room mailboxes (they fill `rooms`); extra scenarios are other resource-like accounts seeded beside them.
 */
export interface ScenarioDefinition {
  name: string;
  kind: 'room' | 'extra';
  /** Share of `rooms` (at least one each once the tenant has about 45 rooms; the last ones drop first below that). */
  share: number;
  description: string;
  apply(draft: RoomDraft, plan: LicensePlan): void;
}

const calendar = (patch: Partial<CalendarProcessing>) => (draft: RoomDraft) => {
  if (draft.mailbox) Object.assign(draft.mailbox.calendarProcessing, patch);
};
const license = (pick: (plan: LicensePlan) => { skuId: string } | null) => (draft: RoomDraft, plan: LicensePlan) => {
  const sku = pick(plan);
  draft.user.assignedLicenses = sku ? [{ skuId: sku.skuId, disabledPlans: [] }] : [];
};

/** In priority order: small tenants get the first ones when there are not enough rooms for all. */
export const SCENARIOS: readonly ScenarioDefinition[] = [
  {
    name: 'password-expires',
    kind: 'room',
    share: 0.015,
    description: 'passwordPolicies null: the password expires',
    apply: (d) => void (d.user.passwordPolicies = null),
  },
  {
    name: 'account-disabled',
    kind: 'room',
    share: 0.015,
    description: 'accountEnabled false',
    apply: (d) => void (d.user.accountEnabled = false),
  },
  { name: 'unlicensed', kind: 'room', share: 0.015, description: 'no license at all', apply: license(() => null) },
  {
    name: 'shared-devices-only',
    kind: 'room',
    share: 0.015,
    description: 'only a Teams Shared Devices (MCOCAP) license',
    apply: license((plan) => plan.sharedDevices),
  },
  {
    name: 'force-password-change',
    kind: 'room',
    share: 0.015,
    description: 'forceChangePasswordNextSignIn true',
    apply: (d) => void (d.user.passwordProfile.forceChangePasswordNextSignIn = true),
  },
  {
    name: 'no-usage-location',
    kind: 'room',
    share: 0.015,
    description: 'usageLocation null (yet licensed)',
    apply: (d) => void (d.user.usageLocation = null),
  },
  { name: 'upn-mismatch', kind: 'room', share: 0.015, description: 'UPN differs from the primary SMTP address', apply: mismatchUpn },
  {
    name: 'automate-autoupdate',
    kind: 'room',
    share: 0.015,
    description: 'AutomateProcessing AutoUpdate',
    apply: calendar({ AutomateProcessing: 'AutoUpdate' }),
  },
  {
    name: 'automate-none',
    kind: 'room',
    share: 0.015,
    description: 'AutomateProcessing None',
    apply: calendar({ AutomateProcessing: 'None' }),
  },
  {
    name: 'add-organizer-to-subject',
    kind: 'room',
    share: 0.015,
    description: 'AddOrganizerToSubject true',
    apply: calendar({ AddOrganizerToSubject: true }),
  },
  { name: 'delete-comments', kind: 'room', share: 0.015, description: 'DeleteComments true', apply: calendar({ DeleteComments: true }) },
  { name: 'delete-subject', kind: 'room', share: 0.015, description: 'DeleteSubject true', apply: calendar({ DeleteSubject: true }) },
  {
    name: 'remove-private-property',
    kind: 'room',
    share: 0.015,
    description: 'RemovePrivateProperty true',
    apply: calendar({ RemovePrivateProperty: true }),
  },
  {
    name: 'external-meetings-blocked',
    kind: 'room',
    share: 0.015,
    description: 'ProcessExternalMeetingMessages false',
    apply: calendar({ ProcessExternalMeetingMessages: false }),
  },
  {
    name: 'recurring-disallowed',
    kind: 'room',
    share: 0.015,
    description: 'AllowRecurringMeetings false',
    apply: calendar({ AllowRecurringMeetings: false }),
  },
  {
    name: 'attachments-kept',
    kind: 'room',
    share: 0.015,
    description: 'DeleteAttachments false',
    apply: calendar({ DeleteAttachments: false }),
  },
  {
    name: 'no-additional-response',
    kind: 'room',
    share: 0.015,
    description: 'AddAdditionalResponse false, no AdditionalResponse',
    apply: calendar({ AddAdditionalResponse: false, AdditionalResponse: null }),
  },
  { name: 'allow-conflicts', kind: 'room', share: 0.015, description: 'AllowConflicts true', apply: calendar({ AllowConflicts: true }) },
  {
    name: 'booking-window-1080',
    kind: 'room',
    share: 0.005,
    description: 'BookingWindowInDays 1080 (the maximum)',
    apply: calendar({ BookingWindowInDays: 1080 }),
  },
  {
    name: 'booking-window-0',
    kind: 'room',
    share: 0.005,
    description: 'BookingWindowInDays 0',
    apply: calendar({ BookingWindowInDays: 0 }),
  },
  {
    name: 'max-duration-unlimited',
    kind: 'room',
    share: 0.005,
    description: 'MaximumDurationInMinutes 0 (unlimited)',
    apply: calendar({ MaximumDurationInMinutes: 0 }),
  },
  {
    name: 'max-duration-huge',
    kind: 'room',
    share: 0.005,
    description: 'MaximumDurationInMinutes 43200 (30 days)',
    apply: calendar({ MaximumDurationInMinutes: 43200 }),
  },
  {
    name: 'exchange-defaults',
    kind: 'room',
    share: 0.06,
    description: "Exchange's default calendar processing and an expiring password (a room never configured)",
    apply: (d) => {
      if (d.mailbox) d.mailbox.calendarProcessing = defaultCalendarProcessing();
      d.user.passwordPolicies = null;
    },
  },
  {
    name: 'decommissioned',
    kind: 'room',
    share: 0.01,
    description: 'disabled, unlicensed and hidden from the GAL',
    apply: (d, plan) => {
      d.user.accountEnabled = false;
      license(() => null)(d, plan);
      if (d.mailbox) d.mailbox.hiddenFromAddressListsEnabled = true;
    },
  },
  {
    name: 'legacy-room',
    kind: 'room',
    share: 0.01,
    description: 'pre-2018 mailbox: AutomateProcessing AutoUpdate, legacy Standard license, expiring password',
    apply: (d, plan) => {
      calendar({ AutomateProcessing: 'AutoUpdate' })(d);
      license((p) => p.standard)(d, plan);
      d.user.passwordPolicies = null;
    },
  },
  {
    name: 'basic-license',
    kind: 'room',
    share: 0.09,
    description: 'compliant on Teams Rooms Basic (more than 25 once rooms ≥ 150)',
    apply: license((plan) => plan.basic),
  },
  {
    name: 'standard-license',
    kind: 'room',
    share: 0.02,
    description: 'compliant on legacy Teams Rooms Standard (MEETING_ROOM)',
    apply: license((plan) => plan.standard),
  },
  { name: 'no-place', kind: 'room', share: 0.04, description: 'room mailbox without a Places record', apply: (d) => void (d.place = null) },
  {
    name: 'place-missing-building',
    kind: 'room',
    share: 0.015,
    description: 'place without building',
    apply: (d) => {
      if (d.place) d.place.building = null;
    },
  },
  {
    name: 'place-missing-capacity',
    kind: 'room',
    share: 0.015,
    description: 'place (and mailbox) without capacity',
    apply: (d) => {
      if (d.place) d.place.capacity = null;
      if (d.mailbox) d.mailbox.resourceCapacity = null;
    },
  },
  {
    name: 'hidden-from-gal',
    kind: 'room',
    share: 0.015,
    description: 'room hidden from address lists',
    apply: (d) => {
      if (d.mailbox) d.mailbox.hiddenFromAddressListsEnabled = true;
    },
  },
  {
    name: 'unlisted-rooms-sku',
    kind: 'room',
    share: 0.01,
    description:
      'compliant on a Teams Rooms Pro variant whose skuId is in no catalog (known only by its part number), plus an SKU nobody knows',
    apply: (d, plan) =>
      void (d.user.assignedLicenses = [plan.unlistedRooms, plan.unknown].map((sku) => ({ skuId: sku.skuId, disabledPlans: [] }))),
  },
  // Hybrid: accounts synchronized from on-premises AD (README "Seeded tenant"), carved from the compliant remainder.
  {
    name: 'directory-synced',
    kind: 'room',
    share: 0.01,
    description: 'synchronized from on-premises AD, otherwise compliant',
    apply: synced,
  },
  {
    name: 'synced-disabled',
    kind: 'room',
    share: 0.005,
    description: 'synchronized from on-premises AD and disabled there (sign-in is mastered in AD)',
    apply: (d) => {
      synced(d);
      d.user.accountEnabled = false;
    },
  },
  {
    name: 'equipment',
    kind: 'extra',
    share: 0.02,
    description: 'equipment mailbox, disabled account, no license (not a resource account)',
    apply: makeEquipment,
  },
  {
    name: 'licensed-user-mailbox',
    kind: 'extra',
    share: 0.005,
    description: 'user mailbox holding a Teams Rooms Pro license (a resource account, not a room)',
    apply: (d) => {
      if (!d.mailbox) return;
      d.mailbox.recipientTypeDetails = 'UserMailbox';
      d.mailbox.calendarProcessing = { ...defaultCalendarProcessing(), AutomateProcessing: 'AutoUpdate' };
      d.place = null;
    },
  },
  {
    name: 'licensed-no-mailbox',
    kind: 'extra',
    share: 0.005,
    description: 'Teams Rooms Pro licensed account without any mailbox',
    apply: (d) => {
      d.mailbox = null;
      d.place = null;
      d.user.mail = null;
    },
  },
];

/** Compliant rooms (Pro license, recommended settings, complete place) take whatever the scenarios leave. */
export const COMPLIANT = 'compliant';

/** Accounts that are not resource-like at all. */
export const PEOPLE_SCENARIOS = ['ordinary-user', 'guest', 'persona'] as const;

const ROOM_SCENARIOS = SCENARIOS.filter((scenario) => scenario.kind === 'room');
const EXTRA_SCENARIOS = SCENARIOS.filter((scenario) => scenario.kind === 'extra');

const BASIC_OVER_CAP = 26;
const BASIC_CAP_FROM_ROOMS = 150;

/**
 * How many rooms each scenario gets: ⌊rooms × share⌋ (at least 1), Basic at least 26 from 150 rooms, and at
 * least 20 % compliant; when that does not fit, the largest counts shrink first, then the last scenarios drop.
 */
export function planRoomScenarios(rooms: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (const scenario of ROOM_SCENARIOS) {
    let count = Math.max(1, Math.floor(rooms * scenario.share));
    if (scenario.name === 'basic-license' && rooms >= BASIC_CAP_FROM_ROOMS) count = Math.max(BASIC_OVER_CAP, count);
    counts.set(scenario.name, count);
  }
  const limit = rooms - (rooms > 0 ? Math.max(1, Math.floor(rooms * 0.2)) : 0);
  let total = [...counts.values()].reduce((sum, count) => sum + count, 0);
  while (total > limit) {
    const largest = [...counts.entries()].reduce((best, entry) => (entry[1] > best[1] ? entry : best));
    const victim = largest[1] > 1 ? largest[0] : [...counts.entries()].reverse().find(([, count]) => count > 0)?.[0];
    if (victim === undefined) break;
    counts.set(victim, (counts.get(victim) ?? 0) - 1);
    total -= 1;
  }
  counts.set(COMPLIANT, rooms - total);
  return counts;
}

/** Extra accounts beside the rooms: equipment (at least 2) and the two licensed non-rooms (at least 1 each). */
export function planExtraScenarios(rooms: number): Map<string, number> {
  return new Map(
    EXTRA_SCENARIOS.map((scenario) => [scenario.name, Math.max(scenario.name === 'equipment' ? 2 : 1, Math.floor(rooms * scenario.share))]),
  );
}

/** Entra Connect's marks on a synchronized account: sAMAccountName (≤ 20 characters) and the source anchor. */
function synced(draft: RoomDraft): void {
  draft.user.onPremises = {
    samAccountName: draft.user.mailNickname.slice(0, 20),
    immutableId: Buffer.from(draft.user.id.replace(/-/g, ''), 'hex').toString('base64'),
  };
}

function mismatchUpn(draft: RoomDraft): void {
  if (!draft.mailbox) return;
  const domain = draft.user.userPrincipalName.split('@')[1] ?? '';
  const smtp = `${draft.mailbox.alias.replace(/^mtr-/, '')}.room@${domain}`;
  draft.mailbox.primarySmtpAddress = smtp;
  draft.mailbox.emailAddresses = [`SMTP:${smtp}`, `smtp:${draft.user.userPrincipalName}`];
  draft.user.mail = smtp;
  if (draft.place) draft.place.emailAddress = smtp;
}

const EQUIPMENT_KINDS = ['Projector', 'Video Cart', 'Camera Kit', 'Loaner Laptop', 'Pool Car'];

function makeEquipment(draft: RoomDraft): void {
  const { user, mailbox, spot } = draft;
  if (!mailbox) return;
  const code = roomCode(spot).compact;
  const kind = EQUIPMENT_KINDS[(spot.room + spot.floor) % EQUIPMENT_KINDS.length] ?? 'Equipment';
  const alias = `eq-${spot.building.label.toLowerCase()}-${code}`;
  const smtp = `${alias}@${user.userPrincipalName.split('@')[1] ?? ''}`;
  const displayName = `${spot.building.label} ${kind} ${code}`;
  Object.assign(user, {
    displayName,
    userPrincipalName: smtp,
    mail: smtp,
    mailNickname: alias,
    accountEnabled: false,
    passwordPolicies: null,
    assignedLicenses: [],
  });
  Object.assign(mailbox, {
    alias,
    displayName,
    primarySmtpAddress: smtp,
    emailAddresses: [`SMTP:${smtp}`],
    recipientTypeDetails: 'EquipmentMailbox',
    resourceCapacity: null,
    mailTip: null,
    calendarProcessing: defaultCalendarProcessing(),
  });
  draft.place = null;
}

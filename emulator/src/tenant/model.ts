import { CountedMap } from './countedMap.ts';
import type { EmConditionalAccessPolicy, EmGroup, EmSignIn, EmSignInActivity } from './signInModel.ts';

/**
 * The in-memory state of one emulated Microsoft 365 tenant: Entra users, Exchange mailboxes with their
 * calendar processing, Places rooms, and license subscriptions. Every route module reads and writes
 * through this class so that change tracking (for /users/delta) and write counters stay in one place.
 */

export type RecipientTypeDetails = 'RoomMailbox' | 'EquipmentMailbox' | 'UserMailbox' | 'SharedMailbox';
export type AutomateProcessing = 'None' | 'AutoUpdate' | 'AutoAccept';
export type TenantRegion = 'WW' | 'GCC' | 'GCCH' | 'DOD';

export interface AssignedLicense {
  skuId: string;
  disabledPlans: string[];
}

export interface EmUser {
  id: string;
  displayName: string;
  givenName: string | null;
  surname: string | null;
  userPrincipalName: string;
  mail: string | null;
  mailNickname: string;
  userType: 'Member' | 'Guest';
  accountEnabled: boolean;
  /** Graph's comma-separated string: "DisablePasswordExpiration", "DisableStrongPassword", "None" or null. */
  passwordPolicies: string | null;
  passwordProfile: { forceChangePasswordNextSignIn: boolean };
  usageLocation: string | null;
  city: string | null;
  country: string | null;
  officeLocation: string | null;
  jobTitle: string | null;
  department: string | null;
  createdDateTime: string;
  assignedLicenses: AssignedLicense[];
  /** Directory role template ids assigned to the user directly, tenant-wide (the token's `wids`). */
  roleTemplateIds: string[];
  /** Set when the account is synchronized from on-premises AD (Entra Connect): its AD identity. */
  onPremises?: { samAccountName: string; immutableId: string };
}

/** Exchange Online built-in role groups the emulator models (Learn, "Permissions in Exchange Online"). */
export type ExchangeRoleGroup =
  'Organization Management' | 'Recipient Management' | 'View-Only Organization Management' | 'Places Administrator';

/** An Entra administrative unit: role assignments scoped to it apply to its members only. */
export interface EmAdministrativeUnit {
  id: string;
  displayName: string;
  memberIds: Set<string>;
}

/** A role-assignable group (isAssignableToRole) and the tenant-wide directory roles assigned to it. */
export interface EmRoleAssignableGroup {
  id: string;
  displayName: string;
  memberIds: Set<string>;
  roleTemplateIds: string[];
}

/** A directory role assigned to a user with an administrative unit as its scope. */
export interface EmScopedRoleAssignment {
  userId: string;
  roleTemplateId: string;
  administrativeUnitId: string;
}

/** Set-CalendarProcessing parameters we model (domain.md §1b), with Exchange's PascalCase names. */
export interface CalendarProcessing {
  AutomateProcessing: AutomateProcessing;
  AddOrganizerToSubject: boolean;
  DeleteComments: boolean;
  DeleteSubject: boolean;
  RemovePrivateProperty: boolean;
  ProcessExternalMeetingMessages: boolean;
  AllowRecurringMeetings: boolean;
  DeleteAttachments: boolean;
  AddAdditionalResponse: boolean;
  AdditionalResponse: string | null;
  AllowConflicts: boolean;
  BookingWindowInDays: number;
  MaximumDurationInMinutes: number;
  EnforceSchedulingHorizon: boolean;
  ScheduleOnlyDuringWorkHours: boolean;
  ConflictPercentageAllowed: number;
  MaximumConflictInstances: number;
  AllBookInPolicy: boolean;
  BookInPolicy: string[];
  ResourceDelegates: string[];
  EnforceCapacity: boolean;
}

export interface EmMailbox {
  /** Exchange object guid (not the Entra id). */
  guid: string;
  /** The Entra user id of the mailbox owner: Exchange's ExternalDirectoryObjectId. */
  userId: string;
  alias: string;
  displayName: string;
  primarySmtpAddress: string;
  emailAddresses: string[];
  recipientTypeDetails: RecipientTypeDetails;
  hiddenFromAddressListsEnabled: boolean;
  mailTip: string | null;
  resourceCapacity: number | null;
  office: string | null;
  calendarProcessing: CalendarProcessing;
}

/**
 * An Exchange distribution group. Only room lists (RecipientTypeDetails RoomList: "a distribution group that
 * can only contain room mailboxes", Outlook's Room Finder reads them) are seeded; New-DistributionGroup without
 * -RoomList makes an ordinary one. Members are kept by the owner's Entra id, as mailboxes are keyed.
 */
export interface EmDistributionGroup {
  guid: string;
  /** The Entra object id (ExternalDirectoryObjectId): Exchange groups are synchronised to Entra. */
  externalDirectoryObjectId: string;
  name: string;
  displayName: string;
  alias: string;
  primarySmtpAddress: string;
  recipientTypeDetails: 'RoomList' | 'MailUniversalDistributionGroup';
  memberIds: Set<string>;
}

export interface PhysicalAddress {
  street: string | null;
  city: string | null;
  state: string | null;
  countryOrRegion: string | null;
  postalCode: string | null;
}

/** A Graph `room` place, tied to a room mailbox by email address. */
export interface EmPlace {
  id: string;
  emailAddress: string;
  displayName: string;
  nickname: string | null;
  building: string | null;
  floorNumber: number | null;
  floorLabel: string | null;
  capacity: number | null;
  label: string | null;
  phone: string | null;
  address: PhysicalAddress;
  geoCoordinates: { latitude: number; longitude: number } | null;
  isWheelChairAccessible: boolean;
  tags: string[];
  audioDeviceName: string | null;
  videoDeviceName: string | null;
  displayDeviceName: string | null;
  bookingType: 'standard' | 'reserved' | 'unknown';
  /** Set-Place -MTREnabled: informational only. */
  mtrEnabled: boolean;
}

export interface EmSubscription {
  skuId: string;
  skuPartNumber: string;
  servicePlans: { servicePlanId: string; servicePlanName: string }[];
  prepaidEnabled: number;
}

/** An app registration known to the tenant (the demo app, or one a test registers). */
export interface EmApp {
  clientId: string;
  clientSecret: string;
  displayName: string;
  /** The App ID URI (`api://{domain}/{clientId}`), accepted as an SSO token audience. */
  identifierUri: string;
  /** Delegated scopes users have consented to, per resource uri. */
  consentedScopes: Record<string, string[]>;
  /** Application permissions granted (client credentials), per resource uri. */
  appRoles: Record<string, string[]>;
  /** Users who have not consented; OBO for them answers consent_required. */
  consentRevokedFor: Set<string>;
}

export interface DeltaEntry {
  seq: number;
  userId: string;
  removed: boolean;
}

export interface TenantInit {
  id: string;
  displayName: string;
  domain: string;
  region: TenantRegion;
}

export class Tenant {
  readonly id: string;
  readonly displayName: string;
  /** The initial onmicrosoft.com domain; UPNs use it. */
  readonly domain: string;
  readonly region: TenantRegion;
  // Counted: the listings keep their sorted orders of users and places between pages (graph/odata/sortedIndex.ts).
  readonly users = new CountedMap<string, EmUser>();
  /** Keyed by the owner's Entra user id. */
  readonly mailboxes = new Map<string, EmMailbox>();
  readonly places = new CountedMap<string, EmPlace>();
  readonly subscriptions = new Map<string, EmSubscription>();
  /** Distribution groups (room lists) by guid. */
  readonly distributionGroups = new Map<string, EmDistributionGroup>();
  readonly apps = new Map<string, EmApp>();
  /** Users a Conditional Access policy sends back for MFA: OBO answers interaction_required. */
  readonly mfaRequiredUsers = new Set<string>();
  /** Role assignments besides a user's direct tenant-wide roles (access/assignments.ts reads them). */
  readonly administrativeUnits = new Map<string, EmAdministrativeUnit>();
  readonly roleAssignableGroups = new Map<string, EmRoleAssignableGroup>();
  readonly scopedRoleAssignments: EmScopedRoleAssignment[] = [];
  /** Members (user ids) of Exchange role groups, assigned in Exchange rather than in Entra. */
  readonly exchangeRoleGroupMembers = new Map<ExchangeRoleGroup, Set<string>>();
  /**
   * Entra ID P1 (or P2) present: Conditional Access, signInActivity and the sign-in log need it; without it Graph
   * answers 403 Authentication_RequestFromNonPremiumTenantOrB2CTenant (docs/microsoft-365.md#graph-sign-in-activity).
   */
  premium = true;
  /** identitySecurityDefaultsEnforcementPolicy.isEnabled. */
  securityDefaultsEnabled = false;
  /** Security groups by id (Conditional Access includes and excludes them). */
  readonly groups = new Map<string, EmGroup>();
  readonly conditionalAccessPolicies = new Map<string, EmConditionalAccessPolicy>();
  /** signInActivity by user id; a user without an entry never signed in. */
  readonly signInActivity = new Map<string, EmSignInActivity>();
  /** The sign-in log, in any order (routes sort newest first). */
  readonly signIns: EmSignIn[] = [];
  /** Monotonic change sequence for /users/delta. */
  private seq = 0;
  private readonly changes: DeltaEntry[] = [];

  constructor(init: TenantInit) {
    this.id = init.id;
    this.displayName = init.displayName;
    this.domain = init.domain;
    this.region = init.region;
  }

  get currentSeq(): number {
    return this.seq;
  }

  /** Record that a user changed (or was removed), so the next delta round returns it. */
  touchUser(userId: string, removed = false): void {
    this.seq += 1;
    this.changes.push({ seq: this.seq, userId, removed });
  }

  addUser(user: EmUser): void {
    this.users.set(user.id, user);
    this.touchUser(user.id);
  }

  removeUser(userId: string): void {
    this.users.delete(userId);
    const mailbox = this.mailboxes.get(userId);
    this.mailboxes.delete(userId);
    if (mailbox) {
      for (const [id, place] of this.places) {
        if (place.emailAddress.toLowerCase() === mailbox.primarySmtpAddress.toLowerCase()) this.places.delete(id);
      }
    }
    // A deleted recipient leaves every group it was in.
    for (const group of this.distributionGroups.values()) group.memberIds.delete(userId);
    this.touchUser(userId, true);
  }

  /** Ids changed after `sinceSeq`, each once, with whether it was removed at its latest change. */
  changedSince(sinceSeq: number): DeltaEntry[] {
    const latest = new Map<string, DeltaEntry>();
    for (const entry of this.changes) {
      if (entry.seq > sinceSeq) latest.set(entry.userId, entry);
    }
    return [...latest.values()].sort((a, b) => a.seq - b.seq);
  }

  userByIdOrUpn(idOrUpn: string): EmUser | undefined {
    const direct = this.users.get(idOrUpn);
    if (direct) return direct;
    const needle = idOrUpn.toLowerCase();
    for (const user of this.users.values()) {
      if (user.userPrincipalName.toLowerCase() === needle) return user;
    }
    return undefined;
  }

  /** Exchange's -Identity resolution: alias, SMTP address, UPN, display name, guid or Entra id. */
  mailboxByIdentity(identity: string): EmMailbox | undefined {
    const byUser = this.mailboxes.get(identity);
    if (byUser) return byUser;
    const needle = identity.toLowerCase();
    // A kept name index answers in O(1) what a scan of every mailbox would (10,000 rooms, one cmdlet each);
    // a hit is checked against the mailbox as it is now. A miss is checked by a scan, which allocates nothing
    // per mailbox (a sync looks up every licensed user, most of whom have no mailbox: rebuilding the index for
    // each of those misses was a tenth of the emulator's time); only a name the index lacks rebuilds it.
    const kept = this.mailboxes.get(this.identityIndex?.get(needle) ?? '');
    if (kept && this.answersTo(kept, identity, needle)) return kept;
    if (!kept && this.identityIndex && !someOf(this.mailboxes.values(), (mailbox) => this.answersTo(mailbox, identity, needle)))
      return undefined;
    this.identityIndex = this.buildIdentityIndex();
    const found = this.mailboxes.get(this.identityIndex.get(needle) ?? '');
    return found && this.answersTo(found, identity, needle) ? found : undefined;
  }

  private identityIndex: Map<string, string> | undefined;

  /** Every name a mailbox answers to (lower case) → its owner id; the first mailbox holding a name keeps it. */
  private buildIdentityIndex(): Map<string, string> {
    const index = new Map<string, string>();
    const add = (name: string, userId: string) => {
      if (!index.has(name)) index.set(name, userId);
    };
    for (const mailbox of this.mailboxes.values()) {
      const upn = this.users.get(mailbox.userId)?.userPrincipalName;
      for (const name of [mailbox.guid, mailbox.alias, mailbox.primarySmtpAddress, mailbox.displayName, upn ?? ''])
        add(name.toLowerCase(), mailbox.userId);
      for (const address of mailbox.emailAddresses)
        if (address.toLowerCase().startsWith('smtp:')) add(address.slice(5).toLowerCase(), mailbox.userId);
    }
    return index;
  }

  /**
   * Whether the mailbox answers to the name (`needle` is `identity` in lower case). Lower-casing never shortens a
   * string (it may lengthen one: İ), so a longer name can't match and is skipped without allocating: a scan of
   * every mailbox for a miss then costs little.
   */
  private answersTo(mailbox: EmMailbox, identity: string, needle: string): boolean {
    const smtp = `smtp:${needle}`;
    return (
      mailbox.guid === identity ||
      sameName(mailbox.alias, needle) ||
      sameName(mailbox.primarySmtpAddress, needle) ||
      sameName(mailbox.displayName, needle) ||
      sameName(this.users.get(mailbox.userId)?.userPrincipalName, needle) ||
      mailbox.emailAddresses.some((address) => sameName(address, smtp))
    );
  }

  placeByIdOrEmail(idOrEmail: string): EmPlace | undefined {
    const direct = this.places.get(idOrEmail);
    if (direct) return direct;
    const needle = idOrEmail.toLowerCase();
    // As for mailboxes: a kept address index, checked on a hit; a miss is checked by a scan, and only an address
    // the index lacks (or a stale hit) rebuilds it.
    const kept = this.places.get(this.placeIndex?.get(needle) ?? '');
    const answers = (place: EmPlace) => sameName(place.emailAddress, needle);
    if (kept && answers(kept)) return kept;
    if (!kept && this.placeIndex && !someOf(this.places.values(), answers)) return undefined;
    this.placeIndex = new Map();
    for (const [id, place] of this.places)
      if (!this.placeIndex.has(place.emailAddress.toLowerCase())) this.placeIndex.set(place.emailAddress.toLowerCase(), id);
    const found = this.places.get(this.placeIndex.get(needle) ?? '');
    return found && answers(found) ? found : undefined;
  }

  private placeIndex: Map<string, string> | undefined;

  /** -Identity of a group: guid, Entra id, name, display name, alias or primary SMTP address. */
  distributionGroupByIdentity(identity: string): EmDistributionGroup | undefined {
    const direct = this.distributionGroups.get(identity);
    if (direct) return direct;
    const needle = identity.toLowerCase();
    for (const group of this.distributionGroups.values()) {
      if (
        group.externalDirectoryObjectId === identity ||
        [group.name, group.displayName, group.alias, group.primarySmtpAddress].some((name) => name.toLowerCase() === needle)
      )
        return group;
    }
    return undefined;
  }

  /** Seats consumed per SKU, derived from assignments so they can never drift. */
  consumedUnits(skuId: string): number {
    let count = 0;
    for (const user of this.users.values()) {
      if (user.assignedLicenses.some((license) => license.skuId === skuId)) count += 1;
    }
    return count;
  }
}

/** Exchange's defaults for a room mailbox created in Exchange Online today (SCP). */
export function defaultCalendarProcessing(): CalendarProcessing {
  return {
    AutomateProcessing: 'AutoAccept',
    AddOrganizerToSubject: true,
    DeleteComments: true,
    DeleteSubject: true,
    RemovePrivateProperty: true,
    ProcessExternalMeetingMessages: false,
    AllowRecurringMeetings: true,
    DeleteAttachments: true,
    AddAdditionalResponse: false,
    AdditionalResponse: null,
    AllowConflicts: false,
    BookingWindowInDays: 180,
    MaximumDurationInMinutes: 1440,
    EnforceSchedulingHorizon: true,
    ScheduleOnlyDuringWorkHours: false,
    ConflictPercentageAllowed: 0,
    MaximumConflictInstances: 0,
    AllBookInPolicy: true,
    BookInPolicy: [],
    ResourceDelegates: [],
    EnforceCapacity: false,
  };
}

/** The values Microsoft's create-resource-account guidance recommends for Teams Rooms (domain.md §1b). */
export function recommendedCalendarProcessing(): CalendarProcessing {
  return {
    ...defaultCalendarProcessing(),
    AutomateProcessing: 'AutoAccept',
    AddOrganizerToSubject: false,
    DeleteComments: false,
    DeleteSubject: false,
    RemovePrivateProperty: false,
    ProcessExternalMeetingMessages: true,
    AllowRecurringMeetings: true,
    DeleteAttachments: true,
    AddAdditionalResponse: true,
    AdditionalResponse: 'This is a Microsoft Teams Meeting room!',
  };
}

function someOf<T>(values: Iterable<T>, test: (value: T) => boolean): boolean {
  for (const value of values) if (test(value)) return true;
  return false;
}

/** `name` in lower case equals `lower`; a longer name is ruled out first (lower-casing never shortens). */
function sameName(name: string | undefined, lower: string): boolean {
  return name !== undefined && name.length <= lower.length && name.toLowerCase() === lower;
}

import type { SourceName, SourceRead } from '../../../contract/index.ts';
import type { SignInActivityData, SignInFailuresData } from './signInFacts.ts';

/** One source's read result, typed by what it holds. */
export type Source<T> = Omit<SourceRead, 'data'> & { data?: T };

/** Entra user properties we read for a resource account (Graph `$select`). */
export interface UserData {
  id: string;
  displayName: string;
  userPrincipalName: string;
  mail: string | null;
  accountEnabled: boolean | null;
  passwordPolicies: string | null;
  forceChangePasswordNextSignIn: boolean | null;
  usageLocation: string | null;
  city: string | null;
  country: string | null;
  officeLocation: string | null;
  assignedSkuIds: string[];
  /** True when the account is synchronized from on-premises AD (absent in snapshots stored before it was read). */
  onPremisesSyncEnabled?: boolean | null;
  /** The on-premises sAMAccountName, the identity AD PowerShell takes. */
  onPremisesSamAccountName?: string | null;
}

export interface LicenseData {
  skuId: string;
  skuPartNumber: string;
}

export interface PlaceData {
  id: string;
  emailAddress: string;
  building: string | null;
  floorNumber: number | null;
  floorLabel: string | null;
  capacity: number | null;
  city: string | null;
  countryOrRegion: string | null;
  street: string | null;
  state: string | null;
  postalCode: string | null;
  isWheelChairAccessible: boolean | null;
  label: string | null;
  tags: string[];
}

export interface MailboxData {
  recipientTypeDetails: string;
  primarySmtpAddress: string;
  alias: string;
  hiddenFromAddressListsEnabled: boolean | null;
  mailTip: string | null;
}

/** Exchange's Get-CalendarProcessing output, PascalCase, as read. */
export type CalendarProcessingData = Record<string, unknown>;

export interface SourceData {
  user: UserData;
  licenses: LicenseData[];
  place: PlaceData;
  mailbox: MailboxData;
  calendarProcessing: CalendarProcessingData;
}

export type Sources = { [K in SourceName]: Source<SourceData[K]> };

/**
 * One account's sign-in sources, read by a sync (absent in snapshots stored before issue 14). `failures` is read
 * only when the activity shows trouble, so it is `pending` when it was not read ("not read this sync").
 */
export interface AccountSignIn {
  activity: Source<SignInActivityData>;
  failures: Source<SignInFailuresData>;
}

/** One resource account as last read from Microsoft 365: the input of every check. */
export interface AccountSnapshot {
  accountId: string;
  userPrincipalName: string;
  displayName: string;
  readAt: string;
  sources: Sources;
  /** Sign-in activity and recent failures (issue 14); absent in snapshots stored before they were read. */
  signIn?: AccountSignIn;
}

export function okSource<T>(data: T, readAt: string): Source<T> {
  return { status: 'ok', readAt, data };
}

export function failedSource(
  status: 'unavailable' | 'notFound' | 'pending' | 'error',
  readAt: string,
  error?: { code: string; message: string },
): Source<never> {
  return error ? { status, readAt, error } : { status, readAt };
}

/** The list's location column: building and floor from Places, else city and country, else the Entra office. */
export function locationOf(snapshot: AccountSnapshot): { location: string | null; building: string | null; city: string | null } {
  const place = snapshot.sources.place.status === 'ok' ? snapshot.sources.place.data : undefined;
  const user = snapshot.sources.user.status === 'ok' ? snapshot.sources.user.data : undefined;
  const building = place?.building ?? null;
  const city = place?.city ?? user?.city ?? null;
  const parts = building
    ? [building, place?.floorLabel ?? (place?.floorNumber != null ? `Floor ${place.floorNumber}` : null), city]
    : [city, place?.countryOrRegion ?? user?.country ?? null];
  const location = parts.filter(Boolean).join(', ') || user?.officeLocation || null;
  return { location, building, city };
}

import { z } from 'zod';
import { signInHealth, signInState } from './signIn.ts';

export const accountStatus = z.enum(['noActionNeeded', 'needsAction', 'notAvailable']);
export type AccountStatus = z.infer<typeof accountStatus>;

/** Where each part of an account's data is read from. */
export const sourceName = z.enum(['user', 'licenses', 'place', 'mailbox', 'calendarProcessing']);
export type SourceName = z.infer<typeof sourceName>;

export const sourceRead = z.object({
  /** ok: read; unavailable: no permission; notFound: nothing to read (e.g. no mailbox); pending: not read yet; error: failed. */
  status: z.enum(['ok', 'unavailable', 'notFound', 'pending', 'error']),
  readAt: z.string(),
  data: z.unknown().optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type SourceRead = z.infer<typeof sourceRead>;

export const licenseRef = z.object({
  skuId: z.string(),
  skuPartNumber: z.string(),
  /** Product name shown to admins, e.g. "Microsoft Teams Rooms Pro". */
  name: z.string(),
  isTeamsRooms: z.boolean(),
});
export type LicenseRef = z.infer<typeof licenseRef>;

export const accountListItem = z.object({
  id: z.string(),
  displayName: z.string(),
  userPrincipalName: z.string(),
  location: z.string().nullable(),
  building: z.string().nullable(),
  city: z.string().nullable(),
  /** null until the status engine grades the account. */
  status: accountStatus.nullable(),
  warnings: z.number().int().nullable(),
  licenses: z.array(licenseRef),
  recipientType: z.string().nullable(),
  /** The room lists (Room Finder) holding the room; null when not known (room lists unread, or not a room mailbox). */
  roomLists: z.array(z.string()).nullable(),
  /**
   * The Sign-in column (issue 14): whether the account signed in successfully within the baseline's N days, when,
   * and how many enabled Conditional Access policies would block it. Absent for accounts stored before it was read.
   */
  signIn: z.object({ state: signInState, lastSuccessfulSignIn: z.string().nullable(), blockingPolicies: z.number().int() }).optional(),
  lastReadAt: z.string(),
});
export type AccountListItem = z.infer<typeof accountListItem>;

const csvList = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) =>
    (value === undefined ? [] : (Array.isArray(value) ? value : [value]).flatMap((item) => item.split(',')))
      .map((item) => item.trim())
      .filter(Boolean),
  );

export const accountSortKey = z.enum(['displayName', 'userPrincipalName', 'location', 'status', 'lastReadAt']);

/** GET /api/accounts query: paging, search, sort and filters (lists may repeat or be comma-separated). */
export const accountListQuery = z
  .object({
    page: z.coerce.number().int().min(1).max(100000).default(1),
    pageSize: z.coerce.number().int().min(1).max(500).default(100),
    search: z.string().max(200).optional(),
    sort: accountSortKey.default('displayName'),
    order: z.enum(['asc', 'desc']).default('asc'),
    status: csvList.pipe(z.array(z.enum([...accountStatus.options, 'unknown']))),
    license: csvList.pipe(z.array(z.string().max(100))),
    building: csvList.pipe(z.array(z.string().max(200))),
    /** Room list names; `none` for rooms in no list. */
    roomList: csvList.pipe(z.array(z.string().max(200))),
    /** Sign-in states (recent, stale, never, unknown); `blocked` for accounts an enabled CA policy would block. */
    signIn: csvList.pipe(z.array(z.enum([...signInState.options, 'blocked']))),
  })
  .strict();
export type AccountListQuery = z.infer<typeof accountListQuery>;

export const accountListResponse = z.object({
  items: z.array(accountListItem),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type AccountListResponse = z.infer<typeof accountListResponse>;

export const checkOutcome = z.object({
  id: z.string(),
  group: z.enum(['account', 'mailbox', 'license', 'location', 'signIn']),
  label: z.string(),
  /** Hover text: what the setting is, why Teams Rooms needs the value. */
  description: z.string(),
  powershell: z.string(),
  severity: z.enum(['required', 'recommended', 'ignored']),
  result: z.enum(['pass', 'fail', 'unknown']),
  actual: z.unknown(),
  expected: z.unknown(),
  note: z.string().optional(),
  /** The least-privileged role that may change the setting. */
  changeRole: z.string(),
  /** Why Room Accounts never changes this setting itself, and what to do instead. */
  manualFix: z.string().optional(),
  /** For an account synchronized from on-premises AD whose setting AD masters: the AD PowerShell that changes it. */
  managedOnPremises: z.string().optional(),
});
export type CheckOutcomeDto = z.infer<typeof checkOutcome>;

export const accountDetail = accountListItem.extend({
  /** Every raw setting as read, per source, with when and whether it could be read. */
  sources: z.record(sourceName, sourceRead),
  /** Each check's result; empty until the account is graded. */
  checks: z.array(checkOutcome),
  /** Shown instead of mailbox settings when they can't be read for lack of an Exchange role. */
  mailboxMessage: z.string().nullable(),
  /** The Sign-in tab: activity, recent failures and the Conditional Access policies that apply (issue 14). */
  signInHealth: signInHealth.nullable().optional(),
});
export type AccountDetail = z.infer<typeof accountDetail>;

export const seatCount = z.object({
  skuId: z.string(),
  skuPartNumber: z.string(),
  name: z.string(),
  isTeamsRooms: z.boolean(),
  enabled: z.number().int(),
  consumed: z.number().int(),
  available: z.number().int(),
});

const statusCounts = z.object({
  noActionNeeded: z.number().int(),
  needsAction: z.number().int(),
  notAvailable: z.number().int(),
  ungraded: z.number().int(),
});

export const summaryResponse = z.object({
  total: z.number().int(),
  byStatus: statusCounts,
  /** Status counts per building (`none` for rooms without one), for the summary's stacked bars. */
  byBuilding: z.array(statusCounts.extend({ building: z.string() })),
  warnings: z.number().int(),
  byLicense: z.array(z.object({ skuPartNumber: z.string(), name: z.string(), count: z.number().int() })),
  seats: z.array(seatCount),
  /** Every building seen, for the building filter. */
  buildings: z.array(z.string()),
  /** The tenant's room lists, for the list's filter. */
  roomLists: z.array(z.string()),
  /** Rooms without a successful sign-in within the baseline's N days (stale or never), and N. */
  notSignedInRecently: z.number().int().optional(),
  signInWithinDays: z.number().int().optional(),
  lastSyncAt: z.string().nullable(),
});
export type SummaryResponse = z.infer<typeof summaryResponse>;

// @ts-nocheck
import type { AccountSnapshot } from '../../inventory/snapshot.ts';
import type { Baseline } from '../baseline.ts';
import type { SubscribedSku } from '../../inventory/inventoryStore.ts';
import type { RoomListsFact } from '../../inventory/roomLists.ts';
import type { ConditionalAccessFact } from '../../inventory/signInFacts.ts';

export type CheckGroup = 'account' | 'mailbox' | 'license' | 'location' | 'signIn';
export type Severity = 'required' | 'recommended';
export type CheckResult = 'pass' | 'fail' | 'unknown';

/** Tenant-wide facts some checks need (the Basic license cap, room lists). */
export interface TenantFacts {
  skus: SubscribedSku[];
  /** Absent before the first sync that read them. */
  roomLists?: RoomListsFact;
  /** The tenant's Conditional Access policies and the groups and roles they name; absent before a sync read them. */
  conditionalAccess?: ConditionalAccessFact;
}

export interface CheckContext {
  baseline: Baseline;
  tenant: TenantFacts;
  /** The time "within N days" is measured from: now, unless a test fixes it. */
  now?: Date;
}

export interface Evaluation {
  result: CheckResult;
  /** The value as read (null when unreadable). */
  actual: unknown;
  /** Why the result is unknown, or a detail worth showing next to a failure. */
  note?: string;
}

/** A change a check proposes to fix itself: the settings applyPlan knows how to write. */
export type Fix =
  | { kind: 'userPatch'; setting: string; patch: Record<string, unknown>; to: unknown }
  | { kind: 'calendarProcessing'; setting: string; to: unknown }
  | { kind: 'assignLicense'; setting: string; skuId: string; to: unknown }
  /** Add the room to the room list `list`, creating the list first when `create`. */
  | { kind: 'roomList'; setting: string; list: string; create: boolean; to: unknown };

/** One rule of the catalog: what it checks, why, how to fix it in PowerShell, and who may change it. */
export interface CheckDefinition {
  id: string;
  group: CheckGroup;
  /**
   * A statement that is true when the setting is On (for a yes/no setting), so label, current value, expected
   * value, control and change preview all read in the same sense (tests/accounts/checkSense.test.ts).
   */
  label: string;
  /**
   * The property or parameter the check grades and its fix writes, as Microsoft names it: a planned change to
   * it carries this check's label, never the raw name.
   */
  setting?: string;
  /** Hover text: what the setting is, why Teams Rooms needs the value, and the PowerShell equivalent. */
  description: string;
  powershell: string;
  /** Default severity; a tenant's baseline may raise a recommended check to required or ignore it. */
  severity: Severity;
  /** The least-privileged Entra role that may change the setting (domain.md §5). */
  changeRole: string;
  /** Human-readable expected value under a baseline. */
  expected(baseline: Baseline): unknown;
  evaluate(snapshot: AccountSnapshot, context: CheckContext): Evaluation;
  /** The change that would make the check pass, when it can be made automatically. */
  fix?(snapshot: AccountSnapshot, context: CheckContext): Fix | null;
  /**
   * Apply recommended config (one account or bulk) includes this fix only when the tenant's baseline marks the
   * check, i.e. sets its severity: creating room lists is visible to every Outlook user, so an admin opts in.
   */
  optIn?: boolean;
  /** Why Room Accounts never makes this change itself, and what the admin does instead (no `fix` then). */
  manualFix?: string;
  /**
   * For an account synchronized from on-premises Active Directory: the setting is mastered there, so this
   * is the AD PowerShell that changes it (given the account's sAMAccountName), and no fix is offered.
   */
  onPremises?(identity: string): string;
}

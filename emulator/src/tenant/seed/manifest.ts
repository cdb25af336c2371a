import type { Tenant } from '../model.ts';
import type { SeededRandom } from '../random.ts';
import type { Layout } from './layout.ts';
import type { ConditionalAccessSeed } from './conditionalAccess.ts';
import { isTeamsRoomsSku, type LicensePlan } from './licenses.ts';
import { COMPLIANT } from './scenarios.ts';
import type { SignInSeed } from './signIns.ts';

/** The sign-in health part of a seed (issue 14): the anchor, each resource account's sign-in scenario, and Conditional Access. */
export type SignInRecord = SignInSeed & { conditionalAccess: ConditionalAccessSeed };

/** What the generator keeps beside a seeded tenant: ground truth for tests, and the state later rooms need. */
export interface SeedRecord {
  /** userId → scenario name (see scenarios.ts; plus `compliant`, `ordinary-user`, `guest`, `persona`). */
  scenarios: Map<string, string>;
  layout: Layout;
  plan: LicensePlan;
  /** Draws for rooms added after seeding (control API), separate from the seed's stream. */
  random: SeededRandom;
  /** Sign-in scenarios and Conditional Access ground truth (rooms added later have none: they never signed in). */
  signIn: SignInRecord;
}

const records = new WeakMap<Tenant, SeedRecord>();

export function rememberSeed(tenant: Tenant, record: SeedRecord): void {
  records.set(tenant, record);
}

export function seedRecord(tenant: Tenant): SeedRecord | undefined {
  return records.get(tenant);
}

/** Ground truth of a seeded tenant, read live so changes made through the emulator show. */
export interface SeedManifest {
  /** userId → scenario, for every user the generator (or the control API) created and that still exists. */
  scenarios: ReadonlyMap<string, string>;
  /** Scenario → user ids. */
  byScenario: Readonly<Record<string, string[]>>;
  /** Room mailboxes ∪ users holding a Teams Rooms license: the accounts the product must list. */
  resourceAccountIds: ReadonlySet<string>;
  /** Sign-in health ground truth (issue 14), for accounts that still exist. */
  signIn: {
    /** When sign-in dates count back from (ISO). */
    anchor: string;
    /** Resource account id → sign-in scenario (signIns.ts SIGN_IN_SCENARIOS). */
    scenarios: ReadonlyMap<string, string>;
    byScenario: Readonly<Record<string, string[]>>;
    /** Whole days from the last successful sign-in to the anchor; null for never. */
    daysSinceSuccess: ReadonlyMap<string, number | null>;
    conditionalAccess: ConditionalAccessSeed;
  };
}

/** The scenario of a compliant room that the sign-in seed (issue 14) gave a Conditional Access or sign-in fault. */
export const COMPLIANT_WITH_SIGN_IN_FAULT = 'compliant-with-sign-in-fault';

export function seedManifest(tenant: Tenant): SeedManifest {
  const record = records.get(tenant);
  if (!record) throw new Error(`Tenant ${tenant.id} was not made by seedTenant()`);
  // A compliant room the sign-in seed gave a fault (a CA policy lists it, or it has not signed in lately) is
  // filed apart: tests that take compliant rooms get rooms with nothing to fix or warn about.
  const signInTrouble = new Set([
    ...Object.values(record.signIn.conditionalAccess.caughtBy).flat(),
    ...[...record.signIn.scenarios].filter(([, scenario]) => scenario !== 'recent').map(([userId]) => userId),
  ]);
  const scenarios = new Map(
    [...record.scenarios]
      .filter(([userId]) => tenant.users.has(userId))
      .map(([userId, scenario]): [string, string] => [
        userId,
        scenario === COMPLIANT && signInTrouble.has(userId) ? COMPLIANT_WITH_SIGN_IN_FAULT : scenario,
      ]),
  );
  const byScenario: Record<string, string[]> = {};
  for (const [userId, scenario] of scenarios) (byScenario[scenario] ??= []).push(userId);
  const signInScenarios = new Map([...record.signIn.scenarios].filter(([userId]) => tenant.users.has(userId)));
  const signInByScenario: Record<string, string[]> = {};
  for (const [userId, scenario] of signInScenarios) (signInByScenario[scenario] ??= []).push(userId);
  return {
    scenarios,
    byScenario,
    resourceAccountIds: resourceAccountIds(tenant),
    signIn: {
      anchor: record.signIn.anchor,
      scenarios: signInScenarios,
      byScenario: signInByScenario,
      daysSinceSuccess: record.signIn.daysSinceSuccess,
      conditionalAccess: record.signIn.conditionalAccess,
    },
  };
}

/** Room mailboxes ∪ users holding a Teams Rooms license (domain.md §2; Shared Devices does not count). */
export function resourceAccountIds(tenant: Tenant): Set<string> {
  const ids = new Set<string>();
  for (const mailbox of tenant.mailboxes.values()) {
    if (mailbox.recipientTypeDetails === 'RoomMailbox' && tenant.users.has(mailbox.userId)) ids.add(mailbox.userId);
  }
  for (const user of tenant.users.values()) {
    if (user.assignedLicenses.some((license) => isTeamsRoomsSku(license.skuId, tenant.subscriptions.get(license.skuId)?.skuPartNumber)))
      ids.add(user.id);
  }
  return ids;
}

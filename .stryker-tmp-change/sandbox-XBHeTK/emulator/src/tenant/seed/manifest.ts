// @ts-nocheck
import type { Tenant } from '../model.ts';
import type { SeededRandom } from '../random.ts';
import type { Layout } from './layout.ts';
import { isTeamsRoomsSku, type LicensePlan } from './licenses.ts';

/** What the generator keeps beside a seeded tenant: ground truth for tests, and the state later rooms need. */
export interface SeedRecord {
  /** userId → scenario name (see scenarios.ts; plus `compliant`, `ordinary-user`, `guest`, `persona`). */
  scenarios: Map<string, string>;
  layout: Layout;
  plan: LicensePlan;
  /** Draws for rooms added after seeding (control API), separate from the seed's stream. */
  random: SeededRandom;
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
}

export function seedManifest(tenant: Tenant): SeedManifest {
  const record = records.get(tenant);
  if (!record) throw new Error(`Tenant ${tenant.id} was not made by seedTenant()`);
  const scenarios = new Map([...record.scenarios].filter(([userId]) => tenant.users.has(userId)));
  const byScenario: Record<string, string[]> = {};
  for (const [userId, scenario] of scenarios) (byScenario[scenario] ??= []).push(userId);
  return { scenarios, byScenario, resourceAccountIds: resourceAccountIds(tenant) };
}

/** Room mailboxes ∪ users holding a Teams Rooms license (domain.md §2; Shared Devices does not count). */
export function resourceAccountIds(tenant: Tenant): Set<string> {
  const ids = new Set<string>();
  for (const mailbox of tenant.mailboxes.values()) {
    if (mailbox.recipientTypeDetails === 'RoomMailbox' && tenant.users.has(mailbox.userId)) ids.add(mailbox.userId);
  }
  for (const user of tenant.users.values()) {
    if (user.assignedLicenses.some((license) => isTeamsRoomsSku(license.skuId, tenant.subscriptions.get(license.skuId)?.skuPartNumber))) ids.add(user.id);
  }
  return ids;
}

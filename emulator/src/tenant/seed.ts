import { addPersonaUsers, addRoomsAdministrativeUnit, registerDemoApp } from './directory.ts';
import { Tenant, type TenantRegion } from './model.ts';
import { SeededRandom } from './random.ts';
import { Layout } from './seed/layout.ts';
import { licensePlan, subscribe, type LicensePlan } from './seed/licenses.ts';
import { seedConditionalAccess } from './seed/conditionalAccess.ts';
import { rememberSeed, resourceAccountIds, seedRecord, type SignInRecord } from './seed/manifest.ts';
import { asciiLabel, ORGANISATIONS } from './seed/names.ts';
import { draftEmployee, draftGuest, type PeopleOptions } from './seed/people.ts';
import { seedRoomLists } from './seed/roomLists.ts';
import { draftRoom, type RoomDraft } from './seed/rooms.ts';
import { COMPLIANT, planExtraScenarios, planRoomScenarios, SCENARIOS } from './seed/scenarios.ts';
import { seedSignIns } from './seed/signIns.ts';
import { transitiveUserIds } from './signInModel.ts';

export { COMPLIANT_WITH_SIGN_IN_FAULT, resourceAccountIds, seedManifest, type SeedManifest } from './seed/manifest.ts';
export { isTeamsRoomsSku } from './seed/licenses.ts';
export { CA_GROUPS, CA_POLICIES, type CaGroupKey, type CaPolicyKey } from './seed/conditionalAccess.ts';
export { FAILURE_REASONS, SIGN_IN_SCENARIOS, type SignInScenario } from './seed/signIns.ts';
export { COMPLIANT, PEOPLE_SCENARIOS, SCENARIOS } from './seed/scenarios.ts';

export interface TenantSpec {
  seed: number;
  /** Room mailboxes to generate (default 300); equipment, people and guests come on top. */
  rooms?: number;
  region?: TenantRegion;
  /**
   * The moment sign-in dates count back from (ISO); default: when the tenant is seeded, so a product measuring
   * "within N days" from now sees the seeded ages. Tests that compare dates byte for byte fix it.
   */
  signInAnchor?: string;
}

const DAY_MS = 86_400_000;
const CREATED_BEFORE = Date.parse('2025-06-30T09:00:00Z');

/**
 * Build a deterministic tenant from a seed: personas and the demo app, rooms across nine cities with
 * every scenario of scenarios.ts, equipment and odd licensed accounts, ordinary employees, guests, and
 * subscriptions whose seats match the assignments.
 */
export function seedTenant(spec: TenantSpec): Tenant {
  const rooms = spec.rooms ?? 300;
  const random = new SeededRandom(spec.seed);
  const id = random.uuid();
  const organisation = random.pick(ORGANISATIONS);
  const region = spec.region ?? 'WW';
  const tenant = new Tenant({
    id,
    displayName: organisation,
    domain: `${asciiLabel(organisation)}${Math.abs(spec.seed)}.onmicrosoft.com`,
    region,
  });
  const created = () => {
    const at = CREATED_BEFORE - random.int(0, 1500) * DAY_MS - random.int(0, 86_399) * 1000;
    return new Date(at).toISOString().replace('.000Z', 'Z');
  };
  const scenarios = new Map<string, string>();
  registerDemoApp(tenant);
  for (const persona of addPersonaUsers(tenant, () => random.uuid(), '2023-03-01T09:00:00Z')) scenarios.set(persona.id, 'persona');

  const plan = licensePlan(region);
  const layout = new Layout(random, rooms);
  const slots = shuffle(random, [...expand(planRoomScenarios(rooms)), ...expand(planExtraScenarios(rooms))]);
  for (const scenario of slots) {
    const draft = draftRoom(layout.allocate(random), {
      random,
      domain: tenant.domain,
      licenseSkuId: plan.pro.skuId,
      createdDateTime: created(),
    });
    applyScenario(draft, scenario, plan);
    addDraft(tenant, draft);
    scenarios.set(draft.user.id, scenario);
  }
  addRoomsAdministrativeUnit(tenant);
  seedRoomLists(tenant, layout);

  const people: PeopleOptions = {
    random,
    domain: tenant.domain,
    buildings: layout.buildings,
    e3SkuId: plan.e3.skuId,
    created,
    usedAliases: new Set(),
  };
  for (let index = 0; index < Math.max(20, Math.round(rooms / 3)); index += 1) {
    const { user, mailbox } = draftEmployee(people);
    tenant.addUser(user);
    tenant.mailboxes.set(user.id, mailbox);
    scenarios.set(user.id, 'ordinary-user');
  }
  for (let index = 0; index < Math.max(3, Math.floor(rooms / 100)); index += 1) {
    const guest = draftGuest(people);
    tenant.addUser(guest);
    scenarios.set(guest.id, 'guest');
  }

  subscribe(tenant, plan);
  const signIn = seedSignInHealth(tenant, spec, scenarios);
  rememberSeed(tenant, { scenarios, layout, plan, random: new SeededRandom((spec.seed ^ 0x5eed) >>> 0), signIn });
  return tenant;
}

export interface NewRoomOptions {
  displayName?: string;
  /** A seeded building label such as `SEA-B2`; drawn by weight when absent. */
  building?: string;
  /** How the new room is set up; default `exchange-defaults`, as a room freshly created by an admin is. */
  scenario?: string;
}

/**
 * Add one room to a seeded tenant, as an admin creating it outside our app would: Entra user, room
 * mailbox and place. Throws a message fit for a 400 when the building or scenario is unknown.
 */
export function addSeededRoom(tenant: Tenant, options: NewRoomOptions = {}): RoomDraft {
  const record = seedRecord(tenant);
  if (!record) throw new Error(`Tenant ${tenant.id} was not made by seedTenant()`);
  const scenario = options.scenario ?? 'exchange-defaults';
  if (scenario !== COMPLIANT && !SCENARIOS.some((definition) => definition.name === scenario)) {
    throw new Error(
      `Unknown scenario '${scenario}'. Use ${COMPLIANT} or one of: ${SCENARIOS.map((definition) => definition.name).join(', ')}.`,
    );
  }
  const building = options.building === undefined ? undefined : record.layout.building(options.building);
  if (options.building !== undefined && !building) {
    throw new Error(
      `Unknown building '${options.building}'. Known buildings: ${record.layout.buildings.map((known) => known.label).join(', ')}.`,
    );
  }
  const draft = draftRoom(record.layout.allocate(record.random, building), {
    random: record.random,
    domain: tenant.domain,
    licenseSkuId: record.plan.pro.skuId,
    createdDateTime: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    displayName: options.displayName,
  });
  applyScenario(draft, scenario, record.plan);
  addDraft(tenant, draft);
  record.scenarios.set(draft.user.id, scenario);
  return draft;
}

/**
 * Conditional Access, groups, signInActivity and the sign-in log (issue 14), drawn from a stream of their own so
 * that the rooms above are the same as before this existed.
 */
function seedSignInHealth(tenant: Tenant, spec: TenantSpec, scenarios: ReadonlyMap<string, string>): SignInRecord {
  const random = new SeededRandom((spec.seed ^ 0x516e1) >>> 0);
  const accounts = [...resourceAccountIds(tenant)].sort();
  const employees = [...scenarios].filter(([, scenario]) => scenario === 'ordinary-user').map(([id]) => id);
  // Every other compliant room may get a Conditional Access or sign-in fault: at least half stay clean for the
  // tests (and demos) that need rooms with nothing to fix, however small the tenant.
  const candidates = new Set(accounts.filter((id) => scenarios.get(id) === COMPLIANT).filter((_, index) => index % 2 === 0));
  const conditionalAccess = seedConditionalAccess(tenant, accounts, employees, random, candidates);
  // Now, to the hour: tenants seeded alike within the hour are the same tenant (tests compare two of them).
  const anchor = spec.signInAnchor === undefined ? Math.floor(Date.now() / 3_600_000) * 3_600_000 : Date.parse(spec.signInAnchor);
  if (Number.isNaN(anchor)) throw new Error(`signInAnchor '${spec.signInAnchor}' is not a date`);
  const people = [...scenarios].filter(([, scenario]) => scenario === 'ordinary-user' || scenario === 'persona').map(([id]) => id);
  const seeded = seedSignIns(
    tenant,
    {
      anchor,
      resourceAccounts: accounts,
      setupScenario: (userId) => scenarios.get(userId),
      mayFault: (userId) => candidates.has(userId),
      mfaCaught: new Set(conditionalAccess.caughtBy.mfaAllUsers),
      caught: new Set(Object.values(conditionalAccess.caughtBy).flat()),
      mfaPolicy: {
        id: conditionalAccess.policyIds.mfaAllUsers,
        displayName: tenant.conditionalAccessPolicies.get(conditionalAccess.policyIds.mfaAllUsers)?.displayName ?? '',
      },
      people,
      android: transitiveUserIds(tenant.groups, conditionalAccess.groupIds.roomsAndroid),
    },
    random,
  );
  return { ...seeded, conditionalAccess };
}

function applyScenario(draft: RoomDraft, scenario: string, plan: LicensePlan): void {
  SCENARIOS.find((definition) => definition.name === scenario)?.apply(draft, plan);
}

function addDraft(tenant: Tenant, draft: RoomDraft): void {
  tenant.addUser(draft.user);
  if (draft.mailbox) tenant.mailboxes.set(draft.user.id, draft.mailbox);
  if (draft.place) tenant.places.set(draft.place.id, draft.place);
}

function* expand(counts: Map<string, number>): Generator<string> {
  for (const [scenario, count] of counts) for (let index = 0; index < count; index += 1) yield scenario;
}

function shuffle<T>(random: SeededRandom, items: T[]): T[] {
  for (let index = items.length - 1; index > 0; index -= 1) {
    const other = random.int(0, index);
    [items[index], items[other]] = [items[other] as T, items[index] as T];
  }
  return items;
}

import { TEAMS_ROOMS_SKU_IDS, describeSku, isTeamsRoomsFamily } from '../accounts/licenseCatalog.ts';
import { DeltaExpiredError } from '../m365/index.ts';
import type { SqlClient } from '../store/sql.ts';
import type { M365Clients } from '../clients.ts';
import { inventoryStore, type SubscribedSku } from './inventoryStore.ts';
import { readers, type GraphUser, type RoomMailbox } from './readers.ts';
import { failedSource, okSource, type AccountSnapshot, type PlaceData, type UserData } from './snapshot.ts';

export interface SyncOptions {
  /** Refresh re-reads calendar processing older than this (ms). */
  calendarMaxAgeMs?: number;
  /** Snapshots written per store round trip while mailbox settings fill in. */
  writeBatchSize?: number;
}

export type ProgressReporter = (phase: string, done: number, total: number) => Promise<void>;

export interface SyncStats {
  accounts: number;
  added: number;
  updated: number;
  removed: number;
  calendarReads: number;
}

/**
 * Get Data (full) and Refresh (incremental). A full sync reads every user in pages of 999 (which carries
 * account settings and licenses at no extra cost), room mailboxes and places in pages, stores the list so
 * it is usable at once, then fills in calendar processing per mailbox within the Exchange budget.
 * Refresh reads only what changed: Graph users delta, new room mailboxes, and stale calendar processing.
 */
export async function runSync(
  db: SqlClient,
  clients: M365Clients,
  tenantId: string,
  kind: 'full' | 'refresh',
  options: SyncOptions,
  progress: ProgressReporter,
): Promise<SyncStats> {
  const store = inventoryStore(db);
  const read = readers(clients);
  const deltaLink = kind === 'refresh' ? await store.usersDeltaLink(tenantId) : null;
  if (kind === 'refresh' && deltaLink) {
    try {
      return await refresh(db, clients, tenantId, deltaLink, options, progress);
    } catch (error) {
      // An expired delta token (7 days) means a full resync, as Graph documents.
      if (!(error instanceof DeltaExpiredError)) throw error;
    }
  }

  await progress('licenses', 0, 0);
  const skus = await read.subscribedSkus();
  await store.saveSkus(tenantId, skus);
  const startLink = await read.latestDeltaLink();

  await progress('users', 0, 0);
  const users = await read.allUsers();
  await progress('mailboxes', 0, 0);
  const mailboxes = await read.roomMailboxes();
  await progress('places', 0, 0);
  const places = await read.rooms();

  const now = new Date().toISOString();
  const previous = new Map((await store.loadSnapshots(tenantId)).map((snapshot) => [snapshot.accountId, snapshot]));
  // Without Exchange, rooms known from an earlier read stay: a missing permission must not shrink the list.
  const knownRooms = new Set([...previous.values()].filter((s) => s.sources.mailbox.data?.recipientTypeDetails === 'RoomMailbox').map((s) => s.accountId));
  const accounts = resourceAccounts(users, mailboxes.ok ? mailboxes.value : null, places.ok ? places.value : null, knownRooms);
  const snapshots = accounts.map((user) => {
    const snapshot = baseSnapshot(user, skus, now);
    snapshot.sources.place = placeSource(user, places, now);
    const mailbox = mailboxes.ok ? mailboxes.value.get(user.id) : undefined;
    snapshot.sources.mailbox = !mailboxes.ok ? mailboxes.failure(now) : mailbox ? okSource(mailbox.data, now) : failedSource('notFound', now);
    const before = previous.get(user.id)?.sources.calendarProcessing;
    snapshot.sources.calendarProcessing = !mailboxes.ok ? mailboxes.failure(now) : before ?? failedSource('pending', now);
    return snapshot;
  });
  // Licensed accounts that are not room mailboxes may still have a mailbox: look them up one by one.
  if (mailboxes.ok) {
    const others = snapshots.filter((snapshot) => snapshot.sources.mailbox.status === 'notFound');
    await read.eachLimited(others, async (snapshot) => {
      snapshot.sources.mailbox = await read.mailboxOf(snapshot.userPrincipalName, now);
    });
  }
  await store.saveSnapshots(tenantId, snapshots);
  const removed = await store.deleteSnapshotsNotIn(tenantId, snapshots.map((snapshot) => snapshot.accountId));
  if (startLink) await store.setUsersDeltaLink(tenantId, startLink);

  const withMailbox = snapshots.filter((snapshot) => snapshot.sources.mailbox.status === 'ok');
  const calendarReads = await fillCalendarProcessing(store, read, tenantId, withMailbox, options, progress);
  await store.markFullSync(tenantId, now);
  return { accounts: snapshots.length, added: snapshots.filter((s) => !previous.has(s.accountId)).length, updated: 0, removed, calendarReads };
}

async function refresh(
  db: SqlClient,
  clients: M365Clients,
  tenantId: string,
  deltaLink: string,
  options: SyncOptions,
  progress: ProgressReporter,
): Promise<SyncStats> {
  const store = inventoryStore(db);
  const read = readers(clients);
  await progress('changes', 0, 0);
  const delta = await read.usersDelta(deltaLink);
  const mailboxes = await read.roomMailboxes();
  const skus = await read.subscribedSkus();
  await store.saveSkus(tenantId, skus);
  const now = new Date().toISOString();
  const existing = new Map((await store.loadSnapshots(tenantId)).map((snapshot) => [snapshot.accountId, snapshot]));

  // Accounts to (re)build: changed users that are or became resource accounts, and room mailboxes we don't have.
  const changed = new Map(delta.changed.map((user) => [user.id, user]));
  const candidateIds = new Set<string>();
  for (const user of delta.changed) if (existing.has(user.id) || holdsTeamsRoomsLicense(user) || mailboxes.ok && mailboxes.value.has(user.id)) candidateIds.add(user.id);
  if (mailboxes.ok) for (const id of mailboxes.value.keys()) if (!existing.has(id)) candidateIds.add(id);
  const missingUsers = [...candidateIds].filter((id) => !changed.has(id));
  for (const user of await read.usersByIds(missingUsers)) changed.set(user.id, user);

  const rebuilt: AccountSnapshot[] = [];
  const dropped: string[] = [...delta.removed];
  for (const id of candidateIds) {
    const user = changed.get(id);
    if (!user) continue;
    const isRoom = mailboxes.ok ? mailboxes.value.has(id) : existing.get(id)?.sources.mailbox.data?.recipientTypeDetails === 'RoomMailbox';
    if (!isRoom && !holdsTeamsRoomsLicense(user)) {
      if (existing.has(id)) dropped.push(id);
      continue;
    }
    const before = existing.get(id);
    const snapshot = baseSnapshot(user, skus, now);
    snapshot.sources.place = before?.sources.place && before.sources.place.status === 'ok' && before.userPrincipalName === user.userPrincipalName ? before.sources.place : await read.placeOf(user, now);
    const mailbox = mailboxes.ok ? mailboxes.value.get(id) : undefined;
    snapshot.sources.mailbox = !mailboxes.ok ? mailboxes.failure(now) : mailbox ? okSource(mailbox.data, now) : await read.mailboxOf(user.userPrincipalName, now);
    snapshot.sources.calendarProcessing = before?.sources.calendarProcessing ?? failedSource('pending', now);
    rebuilt.push(snapshot);
  }
  await store.saveSnapshots(tenantId, rebuilt);
  const removed = dropped.length > 0 ? await store.deleteSnapshots(tenantId, dropped) : 0;
  await store.setUsersDeltaLink(tenantId, delta.deltaLink);

  // Calendar processing has no change feed: re-read new accounts and those read longer ago than the max age.
  const maxAge = options.calendarMaxAgeMs ?? 24 * 3600_000;
  const rebuiltIds = new Set(rebuilt.map((snapshot) => snapshot.accountId));
  const all = [...rebuilt, ...[...existing.values()].filter((snapshot) => !rebuiltIds.has(snapshot.accountId) && !dropped.includes(snapshot.accountId))];
  const stale = all.filter((snapshot) => {
    if (snapshot.sources.mailbox.status !== 'ok') return false;
    const cp = snapshot.sources.calendarProcessing;
    return cp.status !== 'ok' || Date.now() - Date.parse(cp.readAt) >= maxAge;
  });
  const calendarReads = await fillCalendarProcessing(store, read, tenantId, stale, options, progress);
  return { accounts: all.length, added: rebuilt.filter((s) => !existing.has(s.accountId)).length, updated: rebuilt.filter((s) => existing.has(s.accountId)).length, removed, calendarReads };
}

/** Read calendar processing for each account (bounded by the Exchange budget) and store results in batches. */
async function fillCalendarProcessing(
  store: ReturnType<typeof inventoryStore>,
  read: ReturnType<typeof readers>,
  tenantId: string,
  snapshots: AccountSnapshot[],
  options: SyncOptions,
  progress: ProgressReporter,
): Promise<number> {
  const total = snapshots.length;
  let done = 0;
  let pending: AccountSnapshot[] = [];
  const batchSize = options.writeBatchSize ?? 200;
  const flush = async () => {
    const batch = pending;
    pending = [];
    if (batch.length > 0) await store.saveSnapshots(tenantId, batch);
    await progress('mailboxSettings', done, total);
  };
  await progress('mailboxSettings', 0, total);
  let writing = Promise.resolve();
  await read.eachLimited(snapshots, async (snapshot) => {
    snapshot.sources.calendarProcessing = await read.calendarProcessingOf(snapshot.userPrincipalName, new Date().toISOString());
    done += 1;
    pending.push(snapshot);
    if (pending.length >= batchSize) writing = writing.then(flush);
  });
  await writing;
  await flush();
  return total;
}

function holdsTeamsRoomsLicense(user: GraphUser): boolean {
  return user.assignedSkuIds.some((skuId) => TEAMS_ROOMS_SKU_IDS.includes(skuId) || isTeamsRoomsFamily(describeSku(skuId).family));
}

/** Resource accounts = room mailboxes ∪ users holding a Teams Rooms license (domain.md §2). */
function resourceAccounts(users: Map<string, GraphUser>, roomMailboxes: Map<string, RoomMailbox> | null, places: Map<string, PlaceData> | null, knownRooms: Set<string>): GraphUser[] {
  const result: GraphUser[] = [];
  for (const user of users.values()) {
    // Without Exchange, Places and earlier reads tell which users are rooms.
    const isRoom = roomMailboxes ? roomMailboxes.has(user.id) : knownRooms.has(user.id) || Boolean(places && user.mail && places.has(user.mail.toLowerCase()));
    if (isRoom || holdsTeamsRoomsLicense(user)) result.push(user);
  }
  return result;
}

function baseSnapshot(user: GraphUser, skus: SubscribedSku[], now: string): AccountSnapshot {
  const parts = new Map(skus.map((sku) => [sku.skuId, sku.skuPartNumber]));
  const userData: UserData = user;
  return {
    accountId: user.id,
    userPrincipalName: user.userPrincipalName,
    displayName: user.displayName,
    readAt: now,
    sources: {
      user: okSource(userData, now),
      licenses: okSource(
        user.assignedSkuIds.map((skuId) => ({ skuId, skuPartNumber: parts.get(skuId) ?? describeSku(skuId).skuPartNumber })),
        now,
      ),
      place: failedSource('notFound', now),
      mailbox: failedSource('notFound', now),
      calendarProcessing: failedSource('notFound', now),
    },
  };
}

function placeSource(user: GraphUser, places: Awaited<ReturnType<ReturnType<typeof readers>['rooms']>>, now: string) {
  if (!places.ok) return places.failure(now);
  const place = places.value.get((user.mail ?? user.userPrincipalName).toLowerCase()) ?? places.value.get(user.userPrincipalName.toLowerCase());
  return place ? okSource(place, now) : failedSource('notFound', now);
}

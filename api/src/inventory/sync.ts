import { setImmediate } from 'node:timers/promises';
import { TEAMS_ROOMS_SKU_IDS, describeSku, isTeamsRoomsFamily } from '../domain/licenseCatalog.ts';
import { DeltaExpiredError } from '../m365/index.ts';
import type { SqlClient } from '../store/sql.ts';
import type { M365Clients } from '../clients.ts';
import type { SubscribedSku } from '../domain/subscribedSku.ts';
import { inventoryStore } from '../store/inventoryStore.ts';
import { placeUnreadable, readers, roomMailboxOf, type GraphUser, type Outcome, type RoomMailbox } from '../reads/readers.ts';
import { userSources } from '../reads/readAccount.ts';
import { FailureReadsAhead } from './failureReads.ts';
import { readAccountSignIns, readConditionalAccess } from './signInReads.ts';
import type { SignInActivityData } from '../domain/signInFacts.ts';
import { failedSource, okSource, type AccountSnapshot, type MailboxData, type PlaceData, type Source } from '../domain/snapshot.ts';

/** Users of a Graph page listed (graded and served) between two turns of the event loop. */
const LISTED_AT_ONCE = 200;

export interface SyncOptions {
  /** Refresh re-reads calendar processing older than this (ms). */
  calendarMaxAgeMs?: number;
  /** Snapshots written per store round trip while mailbox settings fill in. */
  writeBatchSize?: number;
  /**
   * Opened by a full sync as it starts listing: each page of accounts is handed to it as soon as it is built,
   * while it is being stored, so the read side lists them at once instead of after the write and a read back,
   * and the list fills in as Graph's pages arrive (see AccountsView.prime).
   */
  listed?: (tenantId: string) => ListingFeed;
  /**
   * Continuing runs that stopped (a sign-in that could not be renewed, a crash): mailbox settings read since
   * this time are kept and not read again, so the run goes on where the last one stopped.
   */
  resumeFrom?: string;
  /** The baseline's "signed in within N days": accounts without a successful sign-in in N days get their sign-in log read. */
  signInWithinDays?: number;
  /**
   * Refresh reads sign-ins again only when the last read is older than this (ms; 1 h by default): a tenant's
   * signInActivity listing is paced at 10 pages of 120 users a minute, so it is not re-read on every refresh.
   */
  signInMaxAgeMs?: number;
}

/** Where a full sync hands the accounts it lists, a batch at a time, in the order it stores them. */
export interface ListingFeed {
  add(snapshots: AccountSnapshot[]): PrimedList;
}

/** What the read side does once the primed accounts are stored (at that data version), or failed to be. */
export interface PrimedList {
  stored(dataVersion: number): void;
  dropped(): void;
}

export type ProgressReporter = (phase: string, done: number, total: number) => Promise<void>;

export interface SyncStats {
  accounts: number;
  added: number;
  updated: number;
  removed: number;
  calendarReads: number;
  /** Malformed Graph items (users, rooms…) skipped during the run; each was logged as it came. */
  invalidItems: number;
}

type Store = ReturnType<typeof inventoryStore>;
type Read = ReturnType<typeof readers>;
type Places = Outcome<Map<string, PlaceData>>;
type Mailboxes = Outcome<Map<string, RoomMailbox>>;

/**
 * Get Data (full) and Refresh (incremental). A full sync reads, all at once, every user in pages of 999 (which
 * carries account settings and licenses at no extra cost), the places and the room mailbox list; it stores the
 * list as soon as the Graph reads are in, so the list is usable before Exchange's slower pages arrive, then
 * completes it with the mailboxes and fills in calendar processing per mailbox within the Exchange budget.
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
  const skippedBefore = clients.graph.invalidItems;
  const stats = await syncOnce(db, clients, tenantId, kind, options, progress);
  return { ...stats, invalidItems: clients.graph.invalidItems - skippedBefore };
}

type RunStats = Omit<SyncStats, 'invalidItems'>;

async function syncOnce(
  db: SqlClient,
  clients: M365Clients,
  tenantId: string,
  kind: 'full' | 'refresh',
  options: SyncOptions,
  progress: ProgressReporter,
): Promise<RunStats> {
  const store = inventoryStore(db);
  const read = readers(clients);
  const deltaLink = kind === 'refresh' ? await store.usersDeltaLink(tenantId) : null;
  if (kind === 'refresh' && deltaLink) {
    try {
      return await refresh(store, read, tenantId, deltaLink, options, progress);
    } catch (error) {
      // An expired delta token (7 days) means a full resync, as Graph documents.
      if (!(error instanceof DeltaExpiredError)) throw error;
    }
  }
  return fullSync(store, read, tenantId, options, progress);
}

async function fullSync(store: Store, read: Read, tenantId: string, options: SyncOptions, progress: ProgressReporter): Promise<RunStats> {
  // The signInActivity listing has its own limit (10 pages a minute) and is the longest read of a large tenant,
  // yet it needs the account ids only to keep what it read: it starts now and learns them once they are listed.
  const accountIds = settleLater<ReadonlySet<string>>();
  // The sign-in log's own limit is idle meanwhile: the troubled accounts' failures are read as the listing finds them.
  const ahead = new FailureReadsAhead(read.signIns, { withinDays: options.signInWithinDays ?? 7, now: new Date() });
  // The listing first: its first users page is what the first rows wait on, so it asks for its token and budget
  // before the sign-in activity listing does.
  const listing = listAccounts(store, read, tenantId, options, progress);
  const activities = read.signIns.signInActivities(accountIds.promise, undefined, (kept) => ahead.offer(kept));
  // Awaited in readSignIns; a failure before that (or a listing that failed) must not be an unhandled rejection.
  activities.catch(() => undefined);
  let listed: Awaited<ReturnType<typeof listAccounts>>;
  try {
    listed = await listing;
  } catch (error) {
    accountIds.reject(error);
    throw error;
  }
  accountIds.resolve(new Set(listed.accountIds));
  const removed = await store.deleteSnapshotsNotIn(tenantId, [...listed.accountIds, ...listed.keptIds]);
  if (listed.startLink) await store.setUsersDeltaLink(tenantId, listed.startLink);
  // Sign-in health is Graph's and the calendar phase Exchange's: run side by side, the sync takes no longer.
  const calendarReads = await calendarBesideSignIns(
    fillCalendarProcessing(store, read, tenantId, listed.withMailbox, options, progress),
    readSignIns(store, read, tenantId, listed.accountIds, options, { activities, ahead }),
    progress,
  );
  await store.markFullSync(tenantId, listed.now);
  return { accounts: listed.accountIds.length, added: listed.added, updated: 0, removed, calendarReads };
}

/** Batches of a listing stored by one write, and the list (the last batch's) that stands for its version. */
interface WriteGroup {
  snapshots: AccountSnapshot[];
  primed?: PrimedList;
}

/** An account whose mailbox settings a sync reads: all the calendar phase keeps of it. */
interface CalendarTarget {
  accountId: string;
  userPrincipalName: string;
}

/**
 * Every resource account with its user, licenses, place and mailbox, stored. The directory reads and the
 * snapshots stay local to this step: the calendar phase that follows holds only ids and UPNs.
 *
 * Graph's users come 999 per page, one page after the other (each `@odata.nextLink` comes with the page before):
 * each page's resource accounts are listed, graded and stored as soon as it arrives, with what is known by then
 * (the places and the room mailbox list read so far; what is still unknown shows `pending`), while the next page
 * is read. Once every page is in, the accounts whose inputs changed since they were listed are stored again.
 * Nothing is removed before the whole listing is in (fullSync removes what it no longer lists).
 */
async function listAccounts(store: Store, read: Read, tenantId: string, options: SyncOptions, progress: ProgressReporter) {
  // The first users page is asked for before anything else is awaited: it is what the first rows wait on.
  const pages = read.userPages();
  let nextPage = pages.next();
  nextPage.catch(() => undefined);
  await progress('users', 0, 0);
  // The room mailbox list (Exchange: 1,000 per page at a few hundred ms each) runs beside the Graph reads.
  let mailboxes: Mailboxes | undefined;
  const mailboxesRead = read.roomMailboxes().then((outcome) => (mailboxes = outcome));
  // Its failure is met where it is awaited; until then it must not count as unhandled.
  mailboxesRead.catch(() => undefined);
  // Places fills `placesSoFar` page by page beside the users: an account takes its place as soon as it is read.
  const placesSoFar = new Map<string, PlaceData>();
  let places: Places | undefined;
  const placesRead = read.rooms(placesSoFar).then((outcome) => (places = outcome));
  placesRead.catch(() => undefined);
  const startLinkRead = read.latestDeltaLink();
  // Room lists (issue 15) are an Exchange read beside the users: they grade a check, not the list's rows.
  const roomListsRead = read.roomLists();
  roomListsRead.catch(() => undefined);
  startLinkRead.catch(() => undefined);
  const [skus, stored] = await Promise.all([read.subscribedSkus(), store.loadSnapshots(tenantId)]);
  const now = new Date().toISOString();
  const parts = skuParts(skus);
  const previous = new Map(stored.map((snapshot) => [snapshot.accountId, snapshot]));
  // Without Exchange, rooms known from an earlier read stay: a missing permission must not shrink the list.
  const knownRooms = new Set(stored.filter((s) => s.sources.mailbox.data?.recipientTypeDetails === 'RoomMailbox').map((s) => s.accountId));
  await store.saveSkus(tenantId, skus);

  const feed = options.listed?.(tenantId);
  let writing: Promise<unknown> = Promise.resolve();
  /**
   * The batches served since the last write began, stored together by the next one: one write per part of a
   * page fell behind the listing while the API was busy grading (issue 16). Its list (the last batch's) stands
   * for the version written; the lists of the batches before it were already superseded.
   */
  let waiting: WriteGroup | undefined;
  /** Serve a batch at once and store it after the batches before it; the returned promise settles with the write. */
  const list = (batch: AccountSnapshot[]) => {
    if (batch.length === 0) return writing;
    const primed = feed?.add(batch);
    if (waiting) {
      waiting.snapshots.push(...batch);
      waiting.primed = primed;
      return writing;
    }
    const group: WriteGroup = { snapshots: [...batch], primed };
    waiting = group;
    writing = writing
      .then(() => {
        // From here on, batches wait for the next write.
        waiting = undefined;
        return store.saveSnapshots(tenantId, group.snapshots);
      })
      .then(
        (version) => group.primed?.stored(version),
        (error: unknown) => {
          group.primed?.dropped();
          throw error;
        },
      );
    // Met when awaited below; a failed write must not count as unhandled while the next page is read.
    writing.catch(() => undefined);
    return writing;
  };

  // While pages arrive: which inputs each listed account was built with (see `inputsOf`), and the users not
  // (yet) known to be resource accounts — Places or the room mailbox list may name them later.
  const users = new Map<string, GraphUser>();
  const unreadable = new Set<string>();
  const listedWith = new Map<string, string>();
  const undecided = new Set<string>();
  const inputsOf = (place: Source<PlaceData>) => `${place.status === 'pending' ? '-' : 'p'}${mailboxes ? 'm' : '-'}`;
  const listPart = (candidates: Iterable<GraphUser>) => {
    const batch: AccountSnapshot[] = [];
    for (const user of candidates) {
      const known = places ? (places.ok ? places.value : null) : placesSoFar;
      if (!isResourceAccount(user, mailboxes?.ok ? mailboxes.value : null, known, knownRooms, parts)) {
        undecided.add(user.id);
        continue;
      }
      undecided.delete(user.id);
      const place = places ? placeSource(user, places, now) : (placeIn(placesSoFar, user, now) ?? failedSource('pending', now));
      const inputs = inputsOf(place);
      if (listedWith.get(user.id) === inputs) continue;
      listedWith.set(user.id, inputs);
      batch.push(accountSnapshot(user, skus, place, mailboxes, previous.get(user.id), now));
    }
    void list(batch);
  };
  /**
   * A page's users, LISTED_AT_ONCE at a time with a turn of the event loop before each part: grading 999 users
   * at once held the loop for tens of ms, so the next page's request (already asked for) left only after it,
   * and the tab's own requests waited too. The turn before the first part matters as much: the next page's
   * request is handed its keep-alive socket on a later tick, and a bench time line showed it leaving 30-70 ms
   * late, after the first part was graded. The first part is also served sooner. The writes are awaited
   * where the listing ends.
   */
  const listPage = async (candidates: GraphUser[]) => {
    for (let start = 0; start < candidates.length; start += LISTED_AT_ONCE) {
      await setImmediate();
      listPart(candidates.slice(start, start + LISTED_AT_ONCE));
    }
  };
  for (;;) {
    const page = await nextPage;
    if (page.done) break;
    // The next page is read while this one is listed and stored.
    nextPage = pages.next();
    nextPage.catch(() => undefined);
    for (const id of page.value.invalidIds) unreadable.add(id);
    for (const user of page.value.users) users.set(user.id, user);
    // This page's users, then those listed or left out earlier whose place or room mailbox has come in since.
    const again = [
      ...undecided,
      ...[...listedWith].filter(([, inputs]) => inputs !== inputsOf({ status: 'ok', readAt: now })).map(([id]) => id),
    ];
    await listPage([...page.value.users, ...again.map((id) => users.get(id) as GraphUser)]);
    // The count listed so far, as soon as they are served (the tab fetches the list again when it grows).
    await progress('users', listedWith.size, 0);
  }
  const [allPlaces] = await Promise.all([placesRead, writing]);
  const startLink = await startLinkRead;
  const build = (roomMailboxes: Mailboxes | undefined, which: (user: GraphUser) => boolean = () => true) =>
    resourceAccounts(users, roomMailboxes?.ok ? roomMailboxes.value : null, allPlaces.ok ? allPlaces.value : null, knownRooms, parts)
      .filter(which)
      .map((user) => accountSnapshot(user, skus, placeSource(user, allPlaces, now), roomMailboxes, previous.get(user.id), now));

  // Every page is in: store again only the accounts listed before their place or room mailbox was known. Only
  // those are built while the list waits for this step; every account is built once the room mailboxes are in.
  const early = mailboxes === undefined;
  const complete = inputsOf({ status: 'ok', readAt: now });
  await list(build(mailboxes, (user) => listedWith.get(user.id) !== complete));
  await progress('mailboxes', 0, 0);
  // Room lists (an Exchange read) grade a check, not the list's rows: the list is whole without them, and the
  // view is graded again once they are stored (a settings change moves the data version).
  await store.saveRoomLists(tenantId, await roomListsRead);
  const snapshots = build(early ? await mailboxesRead : mailboxes);
  // Licensed accounts that are not room mailboxes may still have a mailbox: look them up, 20 per call; meanwhile
  // rooms Places does not list get their place from Exchange.
  const unknown = snapshots.filter((snapshot) => snapshot.sources.mailbox.status === 'pending');
  const [found, placed] = await Promise.all([
    read.mailboxesOf(
      unknown.map((snapshot) => ({ id: snapshot.accountId, userPrincipalName: snapshot.userPrincipalName })),
      now,
    ),
    placesOfUnlisted(read, snapshots, now),
  ]);
  for (const snapshot of unknown) {
    snapshot.sources.mailbox = found.get(snapshot.accountId) ?? failedSource('notFound', now);
    snapshot.sources.calendarProcessing = calendarAfterLookup(snapshot.sources.mailbox, previous.get(snapshot.accountId), now);
  }
  await list(early ? snapshots : [...new Set([...unknown, ...placed])]);
  return {
    accountIds: snapshots.map((snapshot) => snapshot.accountId),
    // A stored account whose user came back malformed keeps its last read rather than vanishing from the list.
    keptIds: stored.filter((snapshot) => unreadable.has(snapshot.accountId)).map((snapshot) => snapshot.accountId),
    withMailbox: snapshots
      .filter((snapshot) => snapshot.sources.mailbox.status === 'ok' && !readSince(snapshot.sources.calendarProcessing, options.resumeFrom))
      .map(calendarTarget),
    startLink,
    now,
    added: snapshots.filter((s) => !previous.has(s.accountId)).length,
  };
}

/**
 * Places leaves out rooms hidden from address lists ("Rooms that are marked Hidden from GAL can't be retrieved",
 * place-list) and rooms it does not know: read those, and only those, with Exchange Get-Place. Without an Exchange
 * read the place is unavailable for the mailbox's reason, not missing. Returns the snapshots it changed.
 */
async function placesOfUnlisted(read: Read, snapshots: AccountSnapshot[], now: string): Promise<AccountSnapshot[]> {
  const changed: AccountSnapshot[] = [];
  await read.eachLimited(
    snapshots.filter((snapshot) => snapshot.sources.place.status === 'notFound'),
    async (snapshot) => {
      const room = roomMailboxOf(snapshot.sources.mailbox);
      const place = room ? await read.exchangePlaceOf(room, now) : placeUnreadable(snapshot.sources.mailbox, now);
      if (!place) return;
      snapshot.sources.place = place;
      changed.push(snapshot);
    },
  );
  return changed;
}

/**
 * One account as a full sync first stores it. Its mailbox is `pending` while the room mailbox list is still
 * being read (or while a licensed account that is not a room mailbox waits for its own lookup).
 */
function accountSnapshot(
  user: GraphUser,
  skus: SubscribedSku[],
  place: Source<PlaceData>,
  mailboxes: Mailboxes | undefined,
  before: AccountSnapshot | undefined,
  now: string,
): AccountSnapshot {
  const snapshot = baseSnapshot(user, skus, now);
  snapshot.sources.place = place;
  if (mailboxes && !mailboxes.ok) {
    snapshot.sources.mailbox = mailboxes.failure(now);
    snapshot.sources.calendarProcessing = mailboxes.failure(now);
    return snapshot;
  }
  const mailbox = mailboxes?.value.get(user.id);
  snapshot.sources.mailbox = mailbox
    ? okSource(mailbox.data, now)
    : (!mailboxes && before?.sources.mailbox) || failedSource('pending', now);
  snapshot.sources.calendarProcessing = before?.sources.calendarProcessing ?? failedSource('pending', now);
  return snapshot;
}

/** Calendar processing exists only with a mailbox: a missing or unreadable mailbox says so for both. */
function calendarAfterLookup(
  mailbox: Source<MailboxData>,
  before: AccountSnapshot | undefined,
  now: string,
): Source<Record<string, unknown>> {
  if (mailbox.status === 'ok') return before?.sources.calendarProcessing ?? failedSource('pending', now);
  if (mailbox.status === 'notFound') return failedSource('notFound', now);
  return { ...mailbox, data: undefined };
}

async function refresh(
  store: Store,
  read: Read,
  tenantId: string,
  deltaLink: string,
  options: SyncOptions,
  progress: ProgressReporter,
): Promise<RunStats> {
  await progress('changes', 0, 0);
  const [delta, mailboxes, skus, stored, roomLists] = await Promise.all([
    read.usersDelta(deltaLink),
    read.roomMailboxes(),
    read.subscribedSkus(),
    store.loadSnapshots(tenantId),
    read.roomLists(),
  ]);
  await store.saveSkus(tenantId, skus);
  // Membership changes made outside the app show up at the next refresh, too: one list read per sync.
  await store.saveRoomLists(tenantId, roomLists);
  const now = new Date().toISOString();
  const existing = new Map(stored.map((snapshot) => [snapshot.accountId, snapshot]));

  // Accounts to (re)build: changed users that are or became resource accounts, and room mailboxes we don't have.
  const changed = new Map(delta.changed.map((user) => [user.id, user]));
  const parts = skuParts(skus);
  const candidateIds = new Set<string>();
  for (const user of delta.changed)
    if (existing.has(user.id) || holdsTeamsRoomsLicense(user, parts) || (mailboxes.ok && mailboxes.value.has(user.id)))
      candidateIds.add(user.id);
  if (mailboxes.ok) for (const id of mailboxes.value.keys()) if (!existing.has(id)) candidateIds.add(id);
  const missingUsers = [...candidateIds].filter((id) => !changed.has(id));
  for (const user of await read.usersByIds(missingUsers)) changed.set(user.id, user);

  const rebuilt: AccountSnapshot[] = [];
  const dropped: string[] = [...delta.removed];
  for (const id of candidateIds) {
    const user = changed.get(id);
    if (!user) continue;
    const isRoom = mailboxes.ok ? mailboxes.value.has(id) : existing.get(id)?.sources.mailbox.data?.recipientTypeDetails === 'RoomMailbox';
    if (!isRoom && !holdsTeamsRoomsLicense(user, parts)) {
      if (existing.has(id)) dropped.push(id);
      continue;
    }
    const before = existing.get(id);
    const snapshot = baseSnapshot(user, skus, now);
    const keepPlace = before?.sources.place.status === 'ok' && before.userPrincipalName === user.userPrincipalName;
    snapshot.sources.place = keepPlace && before ? before.sources.place : failedSource('pending', now);
    const mailbox = mailboxes.ok ? mailboxes.value.get(id) : undefined;
    snapshot.sources.mailbox = !mailboxes.ok
      ? mailboxes.failure(now)
      : mailbox
        ? okSource(mailbox.data, now)
        : failedSource('pending', now);
    // An account that changed is read again in full: its mailbox settings too.
    snapshot.sources.calendarProcessing = !mailboxes.ok ? mailboxes.failure(now) : failedSource('pending', now);
    rebuilt.push(snapshot);
  }
  const users = new Map(rebuilt.map((snapshot) => [snapshot.accountId, changed.get(snapshot.accountId) as GraphUser]));
  await read.eachLimited(
    rebuilt.filter((snapshot) => snapshot.sources.place.status === 'pending'),
    async (snapshot) => {
      snapshot.sources.place = await read.placeOf(users.get(snapshot.accountId) as GraphUser, now, snapshot.sources.mailbox);
    },
  );
  const unknown = rebuilt.filter((snapshot) => snapshot.sources.mailbox.status === 'pending');
  const found = await read.mailboxesOf(
    unknown.map((snapshot) => ({ id: snapshot.accountId, userPrincipalName: snapshot.userPrincipalName })),
    now,
  );
  for (const snapshot of unknown) {
    snapshot.sources.mailbox = found.get(snapshot.accountId) ?? failedSource('notFound', now);
    snapshot.sources.calendarProcessing = calendarAfterLookup(snapshot.sources.mailbox, undefined, now);
  }
  await store.saveSnapshots(tenantId, rebuilt);
  const removed = dropped.length > 0 ? await store.deleteSnapshots(tenantId, dropped) : 0;
  await store.setUsersDeltaLink(tenantId, delta.deltaLink);

  // Calendar processing has no change feed: re-read changed and new accounts, and those read longer ago than the max age.
  const maxAge = options.calendarMaxAgeMs ?? 24 * 3600_000;
  const rebuiltIds = new Set(rebuilt.map((snapshot) => snapshot.accountId));
  const gone = new Set(dropped);
  const all = [...rebuilt, ...stored.filter((snapshot) => !rebuiltIds.has(snapshot.accountId) && !gone.has(snapshot.accountId))];
  const stale = all.filter((snapshot) => {
    if (snapshot.sources.mailbox.status !== 'ok') return false;
    const cp = snapshot.sources.calendarProcessing;
    return cp.status !== 'ok' || Date.now() - Date.parse(cp.readAt) >= maxAge;
  });
  const calendarReads = await calendarBesideSignIns(
    fillCalendarProcessing(store, read, tenantId, stale.map(calendarTarget), options, progress),
    // Sign-ins have no change feed: every account again, once the last read is older than the max age.
    signInsDue(await store.tenantInventoryState(tenantId), options)
      ? readSignIns(
          store,
          read,
          tenantId,
          all.map((snapshot) => snapshot.accountId),
          options,
        )
      : Promise.resolve(),
    progress,
  );
  return {
    accounts: all.length,
    added: rebuilt.filter((s) => !existing.has(s.accountId)).length,
    updated: rebuilt.filter((s) => existing.has(s.accountId)).length,
    removed,
    calendarReads,
  };
}

/** Accounts whose sign-in reads are stored per round trip. */
const SIGN_IN_CHUNK = 1_000;

/**
 * Issue 14: the tenant's Conditional Access (policies, and each group and role they name, read once), then every
 * account's sign-in activity and, for accounts in trouble, its recent failures. Neither can fail the sync: an
 * admin without the role or a tenant without P1 stores "unavailable" with the reason, which the checks show.
 */
async function readSignIns(
  store: Store,
  read: Read,
  tenantId: string,
  accountIds: string[],
  options: SyncOptions,
  started?: { activities: Promise<Map<string, SignInActivityData>>; ahead: FailureReadsAhead },
): Promise<void> {
  const conditionalAccess = await readConditionalAccess(read.signIns, new Set(accountIds));
  await store.saveConditionalAccess(tenantId, conditionalAccess);
  const window = started?.ahead.window ?? { withinDays: options.signInWithinDays ?? 7, now: new Date() };
  const signIns = [...(await readAccountSignIns(read.signIns, accountIds, window, started?.activities, started?.ahead))];
  for (let start = 0; start < signIns.length; start += SIGN_IN_CHUNK) {
    await store.saveSignIns(
      tenantId,
      signIns.slice(start, start + SIGN_IN_CHUNK).map(([accountId, signIn]) => ({ accountId, read: signIn })),
    );
  }
}

/**
 * The calendar phase and the sign-in reads side by side, to both ends. When the calendar phase ends first (a large
 * tenant: the signInActivity listing is held to 10 pages a minute), the sync's phase says so: every account is
 * listed and its mailbox settings read, and what is left is sign-in health.
 */
async function calendarBesideSignIns(calendar: Promise<number>, signIns: Promise<void>, progress: ProgressReporter): Promise<number> {
  let signInsEnded = false;
  const watched = signIns.finally(() => (signInsEnded = true));
  const [reads] = await allSettledOrThrow([
    calendar.then(async (count) => {
      if (!signInsEnded) await progress('signIns', 0, 0);
      return count;
    }),
    watched,
  ] as const);
  return reads;
}

/**
 * Both phases to their end, then the first failure: a phase that fails (a sign-in that can't be renewed) must not
 * end the run while the other still reads and stores, or a resumed run would read the same mailboxes again.
 */
async function allSettledOrThrow<T extends readonly unknown[]>(work: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(work);
  const failed = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/** A promise settled from outside (Promise.withResolvers needs Node 22). */
function settleLater<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (reason: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

function signInsDue(state: { conditionalAccess?: { readAt: string } }, options: SyncOptions): boolean {
  const readAt = state.conditionalAccess ? Date.parse(state.conditionalAccess.readAt) : Number.NaN;
  return !Number.isFinite(readAt) || Date.now() - readAt >= (options.signInMaxAgeMs ?? 3_600_000);
}

/** How often the calendar phase stores what it read (and reports its count) between two full batches. */
const PROGRESS_EVERY_MS = 2_000;

/** Read calendar processing for each account (bounded by the Exchange budget) and store results in batches. */
async function fillCalendarProcessing(
  store: Store,
  read: Read,
  tenantId: string,
  targets: CalendarTarget[],
  options: SyncOptions,
  progress: ProgressReporter,
): Promise<number> {
  const total = targets.length;
  let done = 0;
  let pending: { accountId: string; read: Source<Record<string, unknown>> }[] = [];
  const batchSize = options.writeBatchSize ?? 200;
  const flush = async () => {
    const batch = pending;
    pending = [];
    if (batch.length > 0) await store.saveCalendarProcessing(tenantId, batch);
    await progress('mailboxSettings', done, total);
  };
  await progress('mailboxSettings', 0, total);
  let writing = Promise.resolve();
  let reportedAt = Date.now();
  // The first read that fails for good (e.g. the admin's sign-in can no longer be renewed) stops the others
  // from starting; reads already in flight finish and are stored, so a later run does not read them again.
  let failure: { error: unknown } | undefined;
  await read.eachLimited(targets, async (target) => {
    if (failure) return;
    let result: Source<Record<string, unknown>>;
    try {
      result = await read.calendarProcessingOf(target.userPrincipalName, new Date().toISOString());
    } catch (error) {
      failure ??= { error };
      return;
    }
    // Read first, then push: `pending.push(await …)` would take the array before the await, and a flush in
    // between would have carried that array away already.
    pending.push({ accountId: target.accountId, read: result });
    done += 1;
    if (pending.length >= batchSize) writing = writing.then(flush);
    else if (Date.now() - reportedAt >= PROGRESS_EVERY_MS) {
      // At Exchange's pace a batch of 200 takes about 40 s: store what was read every 2 s too, so the bar moves
      // and a crash loses at most 2 s of reads (the next run continues from what is stored).
      reportedAt = Date.now();
      writing = writing.then(flush);
    }
  });
  await writing;
  await flush();
  if (failure) throw failure.error;
  return total;
}

/** Mailbox settings already read since `since` (by a run this one continues). */
function readSince(source: Source<Record<string, unknown>>, since: string | undefined): boolean {
  return since !== undefined && source.status === 'ok' && Date.parse(source.readAt) >= Date.parse(since);
}

function calendarTarget(snapshot: AccountSnapshot): CalendarTarget {
  return { accountId: snapshot.accountId, userPrincipalName: snapshot.userPrincipalName };
}

/**
 * By skuId, or by the tenant's own part number for that skuId (subscribedSkus), so a Teams Rooms SKU whose
 * id we have never seen (a new variant) still counts.
 */
function holdsTeamsRoomsLicense(user: GraphUser, parts: SkuParts): boolean {
  return user.assignedSkuIds.some(
    (skuId) => TEAMS_ROOMS_SKU_IDS.includes(skuId) || isTeamsRoomsFamily(describeSku(skuId, parts.get(skuId)).family),
  );
}

/** skuId → skuPartNumber from the tenant's subscribedSkus. */
type SkuParts = ReadonlyMap<string, string>;

function skuParts(skus: readonly SubscribedSku[]): SkuParts {
  return new Map(skus.map((sku) => [sku.skuId, sku.skuPartNumber]));
}

/** Resource accounts = room mailboxes ∪ users holding a Teams Rooms license (domain.md §2). */
function resourceAccounts(
  users: Map<string, GraphUser>,
  roomMailboxes: Map<string, RoomMailbox> | null,
  places: Map<string, PlaceData> | null,
  knownRooms: Set<string>,
  parts: SkuParts,
): GraphUser[] {
  return [...users.values()].filter((user) => isResourceAccount(user, roomMailboxes, places, knownRooms, parts));
}

function isResourceAccount(
  user: GraphUser,
  roomMailboxes: Map<string, RoomMailbox> | null,
  places: Map<string, PlaceData> | null,
  knownRooms: Set<string>,
  parts: SkuParts,
): boolean {
  // Before or without the room mailbox list, Places and earlier reads tell which users are rooms.
  const isRoom = roomMailboxes
    ? roomMailboxes.has(user.id)
    : knownRooms.has(user.id) || Boolean(places && user.mail && places.has(user.mail.toLowerCase()));
  return isRoom || holdsTeamsRoomsLicense(user, parts);
}

function baseSnapshot(user: GraphUser, skus: SubscribedSku[], now: string): AccountSnapshot {
  return {
    accountId: user.id,
    userPrincipalName: user.userPrincipalName,
    displayName: user.displayName,
    readAt: now,
    sources: {
      // The same user and license sources a one-account read builds (reads/readAccount.ts).
      ...userSources(user, skus, now),
      place: failedSource('notFound', now),
      mailbox: failedSource('notFound', now),
      calendarProcessing: failedSource('notFound', now),
    },
  };
}

function placeSource(user: GraphUser, places: Places, now: string): Source<PlaceData> {
  if (!places.ok) return places.failure(now);
  return placeIn(places.value, user, now) ?? failedSource('notFound', now);
}

/** The user's place among those listed (so far), by mail, else by UPN. */
function placeIn(places: ReadonlyMap<string, PlaceData>, user: GraphUser, now: string): Source<PlaceData> | undefined {
  const place = places.get((user.mail ?? user.userPrincipalName).toLowerCase()) ?? places.get(user.userPrincipalName.toLowerCase());
  return place ? okSource(place, now) : undefined;
}

import type { M365Clients } from '../clients.ts';
import { readRoomLists } from './readRoomLists.ts';
import {
  GraphSignIns,
  M365Error,
  type ExchangeMailbox,
  type ExchangePlace,
  type GraphRoom,
  type GraphUser as WireUser,
} from '../m365/index.ts';
import type { SubscribedSku } from '../domain/subscribedSku.ts';
import { failedSource, okSource, type MailboxData, type PlaceData, type Source, type UserData } from '../domain/snapshot.ts';

/** The user properties a sync reads; `$select` keeps each page cheap (graph-engineering.md §1.2). */
export const USER_SELECT = [
  'id',
  'displayName',
  'userPrincipalName',
  'mail',
  'accountEnabled',
  'passwordPolicies',
  'passwordProfile',
  'usageLocation',
  'city',
  'country',
  'officeLocation',
  'assignedLicenses',
  'userType',
  'onPremisesSyncEnabled',
  'onPremisesSamAccountName',
] as const;

export type GraphUser = UserData;

export interface RoomMailbox {
  userId: string;
  data: MailboxData;
}

/** A whole-tenant read that may be refused for lack of permission: then each account records it as unavailable. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; failure: (readAt: string) => Source<never> };

/**
 * How many per-account reads a sync keeps in flight; the client's budget does the actual pacing. Exchange lets a
 * user have 3 requests in flight and a `$batch` envelope carries 10 cmdlets: 40 keeps three envelopes full while
 * the next one fills (24 left them 7.4 items full on average in the bench: issue 16).
 */
const PER_ACCOUNT_CONCURRENCY = 40;
/** Places pages in flight: Outlook allows 4 concurrent requests per app and mailbox (graph-engineering.md §1.4). */
const PLACES_CONCURRENCY = 4;
/** The mailbox properties a sync keeps (a full Get-Mailbox object is several times larger). */
const MAILBOX_SELECT = [
  'ExternalDirectoryObjectId',
  'UserPrincipalName',
  'DisplayName',
  'Alias',
  'PrimarySmtpAddress',
  'RecipientTypeDetails',
  'HiddenFromAddressListsEnabled',
  'MailTip',
] as const;
/** Mailboxes looked up per Get-Mailbox `-Filter` call: one round trip for many accounts, the filter kept short. */
const MAILBOXES_PER_LOOKUP = 20;

/** Typed reads for the sync: wire shapes become snapshot data, and permission refusals become outcomes. */
export function readers(clients: M365Clients) {
  const { graph, exchange } = clients;
  const signIns = new GraphSignIns(graph);
  const exchangePlaceOf = (room: MailboxData, readAt: string): Promise<Source<PlaceData>> =>
    sourceOf(readAt, async () => fromExchangePlace(await exchange.getPlace(room.primarySmtpAddress), room.primarySmtpAddress));
  return {
    /** Sign-in health and Conditional Access reads (issue 14): see signInReads.ts. */
    signIns,

    /** The tenant's room lists and their members, once per sync (docs/microsoft-365.md#exo-room-lists). */
    roomLists: () => readRoomLists(exchange),
    async subscribedSkus(): Promise<SubscribedSku[]> {
      const skus = await graph.listSubscribedSkus();
      return skus.map((sku) => ({
        skuId: sku.skuId,
        skuPartNumber: sku.skuPartNumber,
        enabled: sku.prepaidUnits.enabled,
        consumed: sku.consumedUnits,
      }));
    },

    /** A delta link "from now", taken before the full listing so no change in between is missed. */
    async latestDeltaLink(): Promise<string | null> {
      return (await graph.usersDelta({ select: USER_SELECT, fromNow: true })).deltaLink;
    },

    /**
     * Member users a page of 999 at a time as Graph returns them, each with the ids of users on it whose JSON was
     * malformed and skipped (logged by the client): a full sync lists each page's accounts before the next arrives.
     */
    async *userPages(): AsyncGenerator<{ users: GraphUser[]; invalidIds: string[] }> {
      for await (const page of graph.listUserPages({ select: USER_SELECT, top: 999 })) {
        yield { users: page.items.filter((user) => user.userType !== 'Guest').map(toUserData), invalidIds: page.invalidIds };
      }
    },

    async usersDelta(deltaLink: string): Promise<{ changed: GraphUser[]; removed: string[]; deltaLink: string }> {
      const delta = await graph.usersDelta({ deltaLink, select: USER_SELECT });
      return {
        changed: delta.changed.filter((user) => user.userType !== 'Guest').map(toUserData),
        removed: delta.removed,
        deltaLink: delta.deltaLink,
      };
    },

    async usersByIds(ids: string[]): Promise<GraphUser[]> {
      if (ids.length === 0) return [];
      return (await graph.getUsersByIds(ids, USER_SELECT)).users.map(toUserData);
    },

    /** Room mailboxes keyed by their Entra user id (Exchange's ExternalDirectoryObjectId). */
    async roomMailboxes(): Promise<Outcome<Map<string, RoomMailbox>>> {
      return outcome(async () => {
        const rooms = new Map<string, RoomMailbox>();
        for await (const mailbox of exchange.listMailboxes({ recipientTypeDetails: ['RoomMailbox'], select: MAILBOX_SELECT })) {
          if (mailbox.ExternalDirectoryObjectId)
            rooms.set(mailbox.ExternalDirectoryObjectId, { userId: mailbox.ExternalDirectoryObjectId, data: toMailboxData(mailbox) });
        }
        return rooms;
      });
    },

    /**
     * Graph rooms keyed by lower-case email address. Places may be missing or failing where others work (a cloud
     * or tenant without it, an outage): any failure of the listing makes the place source unavailable for this
     * run, with the service's code and message, and never fails the sync. `into` fills as pages arrive (pages
     * of up to 999, read 4 at a time), so a sync can place the accounts it lists before the last page is in.
     */
    async rooms(into = new Map<string, PlaceData>()): Promise<Outcome<Map<string, PlaceData>>> {
      return outcome(async () => {
        const places = into;
        for await (const room of graph.listRooms(undefined, { parallel: PLACES_CONCURRENCY }))
          places.set(room.emailAddress.toLowerCase(), toPlaceData(room));
        return places;
      }, true);
    },

    /**
     * One account's place. A room mailbox hidden from address lists is absent from Places ("Rooms that are marked
     * Hidden from GAL can't be retrieved", place-list), and so may be a room Places does not know: for those, the
     * place comes from Exchange Get-Place. Without an Exchange read the reason is kept: unavailable, not missing.
     */
    async placeOf(user: GraphUser, readAt: string, mailbox?: Source<MailboxData>): Promise<Source<PlaceData>> {
      const room = roomMailboxOf(mailbox);
      if (room?.hiddenFromAddressListsEnabled) return exchangePlaceOf(room, readAt);
      const listed = await sourceOf(readAt, async () => toPlaceData(await graph.getPlace(user.mail ?? user.userPrincipalName)));
      if (listed.status !== 'notFound' || !mailbox) return listed;
      if (room) return exchangePlaceOf(room, readAt);
      return placeUnreadable(mailbox, readAt) ?? listed;
    },

    /** A room's place as Exchange Get-Place shows it (one call, paced by the Exchange budget). */
    exchangePlaceOf,

    async mailboxOf(identity: string, readAt: string): Promise<Source<MailboxData>> {
      return sourceOf(readAt, async () => toMailboxData(await exchange.getMailbox(identity)));
    },

    /**
     * The mailboxes of many accounts, by user id, with one Get-Mailbox `-Filter` per 20 UPNs instead of one call
     * each; an account without a mailbox gets `notFound`, a refused or failed lookup its outcome.
     */
    async mailboxesOf(
      users: readonly { id: string; userPrincipalName: string }[],
      readAt: string,
    ): Promise<Map<string, Source<MailboxData>>> {
      const found = new Map<string, Source<MailboxData>>();
      const chunks: (typeof users)[] = [];
      for (let start = 0; start < users.length; start += MAILBOXES_PER_LOOKUP)
        chunks.push(users.slice(start, start + MAILBOXES_PER_LOOKUP));
      await eachLimited(chunks, async (chunk) => {
        const ids = new Map(chunk.map((user) => [user.id, user]));
        const byUpn = new Map(chunk.map((user) => [user.userPrincipalName.toLowerCase(), user.id]));
        const filter = chunk.map((user) => `UserPrincipalName -eq '${user.userPrincipalName.replaceAll("'", "''")}'`).join(' -or ');
        const listed = await sourceOf(readAt, async () => {
          const mailboxes: ExchangeMailbox[] = [];
          for await (const mailbox of exchange.listMailboxes({ filter, select: MAILBOX_SELECT })) mailboxes.push(mailbox);
          return mailboxes;
        });
        if (listed.status !== 'ok') {
          for (const id of ids.keys()) found.set(id, { ...listed, data: undefined });
          return;
        }
        for (const mailbox of listed.data ?? []) {
          const id =
            mailbox.ExternalDirectoryObjectId && ids.has(mailbox.ExternalDirectoryObjectId)
              ? mailbox.ExternalDirectoryObjectId
              : byUpn.get((mailbox.UserPrincipalName ?? '').toLowerCase());
          if (id) found.set(id, okSource(toMailboxData(mailbox), readAt));
        }
        for (const id of ids.keys()) if (!found.has(id)) found.set(id, failedSource('notFound', readAt));
      });
      return found;
    },

    async calendarProcessingOf(identity: string, readAt: string): Promise<Source<Record<string, unknown>>> {
      return sourceOf(readAt, async () => {
        const { Identity: _identity, ...settings } = await exchange.getCalendarProcessing(identity);
        return settings;
      });
    },

    eachLimited,
  };
}

/** Run `work` over items with a bounded number in flight. */
async function eachLimited<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PER_ACCOUNT_CONCURRENCY, items.length) }, worker));
}

/** `anyFailure`: every M365Error (after retries) becomes unavailable, not only a refusal. */
async function outcome<T>(read: () => Promise<T>, anyFailure = false): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (error) {
    if (error instanceof M365Error && (anyFailure || error.kind === 'forbidden' || error.kind === 'unauthorized')) {
      const detail = { code: error.code, message: error.message };
      return { ok: false, failure: (readAt) => failedSource('unavailable', readAt, detail) };
    }
    throw error;
  }
}

/** One account's read: refused → unavailable, missing → notFound, anything else after retries → error. */
async function sourceOf<T>(readAt: string, read: () => Promise<T>): Promise<Source<T>> {
  try {
    return okSource(await read(), readAt);
  } catch (error) {
    if (!(error instanceof M365Error)) throw error;
    const detail = { code: error.code, message: error.message };
    if (error.kind === 'forbidden' || error.kind === 'unauthorized') return failedSource('unavailable', readAt, detail);
    if (error.kind === 'notFound' || /NotFound/i.test(error.code)) return failedSource('notFound', readAt, detail);
    return failedSource('error', readAt, detail);
  }
}

/** The mailbox of a source when it is a readable room mailbox. */
export function roomMailboxOf(mailbox: Source<MailboxData> | undefined): MailboxData | undefined {
  return mailbox?.status === 'ok' && mailbox.data?.recipientTypeDetails === 'RoomMailbox' ? mailbox.data : undefined;
}

/**
 * A place Places did not list, when the mailbox could not be read either: Get-Place needs the same Exchange
 * access, so the place is unavailable for the mailbox's reason rather than missing.
 */
export function placeUnreadable(mailbox: Source<MailboxData>, readAt: string): Source<PlaceData> | undefined {
  if (mailbox.status !== 'unavailable' && mailbox.status !== 'error') return undefined;
  const reason = mailbox.error ?? { code: 'ExchangeUnavailable', message: 'Exchange Online could not be read.' };
  return failedSource('unavailable', readAt, {
    code: reason.code,
    message: `Not listed in Places, and Exchange Get-Place can't be read: ${reason.message}`,
  });
}

function toUserData(user: WireUser): UserData {
  return {
    id: user.id,
    displayName: user.displayName ?? user.userPrincipalName ?? user.id,
    userPrincipalName: user.userPrincipalName ?? '',
    mail: user.mail ?? null,
    accountEnabled: user.accountEnabled ?? null,
    passwordPolicies: user.passwordPolicies ?? null,
    forceChangePasswordNextSignIn: user.passwordProfile?.forceChangePasswordNextSignIn ?? null,
    usageLocation: user.usageLocation ?? null,
    city: user.city ?? null,
    country: user.country ?? null,
    officeLocation: user.officeLocation ?? null,
    assignedSkuIds: (user.assignedLicenses ?? []).map((license) => license.skuId),
    onPremisesSyncEnabled: user.onPremisesSyncEnabled ?? null,
    onPremisesSamAccountName: user.onPremisesSamAccountName ?? null,
  };
}

function toMailboxData(mailbox: ExchangeMailbox): MailboxData {
  return {
    recipientTypeDetails: mailbox.RecipientTypeDetails,
    primarySmtpAddress: mailbox.PrimarySmtpAddress,
    alias: mailbox.Alias ?? '',
    hiddenFromAddressListsEnabled: mailbox.HiddenFromAddressListsEnabled ?? null,
    mailTip: mailbox.MailTip ?? null,
  };
}

/**
 * Get-Place's fields as place data. Its `Identity` is the mailbox, not a Graph place id: the room's address
 * stands in as the id (Graph's `/places/{id}` takes an id or an email address; that PATCH does too is unverified).
 */
function fromExchangePlace(place: ExchangePlace, emailAddress: string): PlaceData {
  return {
    id: emailAddress,
    emailAddress,
    building: place.Building ?? null,
    floorNumber: place.Floor ?? null,
    floorLabel: place.FloorLabel ?? null,
    capacity: place.Capacity ?? null,
    city: place.City ?? null,
    countryOrRegion: place.CountryOrRegion ?? null,
    street: place.Street ?? null,
    state: place.State ?? null,
    postalCode: place.PostalCode ?? null,
    isWheelChairAccessible: place.IsWheelChairAccessible ?? null,
    label: place.Label ?? null,
    tags: place.Tags ?? [],
  };
}

function toPlaceData(room: GraphRoom): PlaceData {
  return {
    id: room.id,
    emailAddress: room.emailAddress,
    building: room.building ?? null,
    floorNumber: room.floorNumber ?? null,
    floorLabel: room.floorLabel ?? null,
    capacity: room.capacity ?? null,
    city: room.address?.city ?? null,
    countryOrRegion: room.address?.countryOrRegion ?? null,
    street: room.address?.street ?? null,
    state: room.address?.state ?? null,
    postalCode: room.address?.postalCode ?? null,
    isWheelChairAccessible: room.isWheelChairAccessible ?? null,
    label: room.label ?? null,
    tags: room.tags ?? [],
  };
}

// @ts-nocheck
import { randomUUID } from 'node:crypto';
import type { RunningEmulator } from '../../emulator/src/index.ts';
import { defaultCalendarProcessing, type EmMailbox, type EmPlace, type EmUser, type Tenant } from '../../emulator/src/tenant/model.ts';

/**
 * Data the Graph tests set up themselves, so they hold whatever the seed generator produces:
 * users, room mailboxes with places, and subscriptions with a chosen number of seats.
 */

export function addUser(tenant: Tenant, alias: string, overrides: Partial<EmUser> = {}): EmUser {
  const upn = `${alias}@${tenant.domain}`;
  const user: EmUser = {
    id: randomUUID(),
    displayName: alias,
    givenName: null,
    surname: null,
    userPrincipalName: upn,
    mail: upn,
    mailNickname: alias,
    userType: 'Member',
    accountEnabled: true,
    passwordPolicies: null,
    passwordProfile: { forceChangePasswordNextSignIn: false },
    usageLocation: 'US',
    city: null,
    country: null,
    officeLocation: null,
    jobTitle: null,
    department: null,
    createdDateTime: '2025-02-01T10:00:00Z',
    assignedLicenses: [],
    roleTemplateIds: [],
    ...overrides,
  };
  tenant.addUser(user);
  return user;
}

export interface RoomFixture {
  user: EmUser;
  mailbox: EmMailbox;
  place: EmPlace;
}

/** A room resource account: Entra user, room mailbox and Places room sharing one address. */
export function addRoom(tenant: Tenant, alias: string, place: Partial<EmPlace> = {}, hidden = false): RoomFixture {
  const user = addUser(tenant, alias, { displayName: place.displayName ?? alias });
  const mailbox: EmMailbox = {
    guid: randomUUID(),
    userId: user.id,
    alias,
    displayName: user.displayName,
    primarySmtpAddress: user.userPrincipalName,
    emailAddresses: [`SMTP:${user.userPrincipalName}`],
    recipientTypeDetails: 'RoomMailbox',
    hiddenFromAddressListsEnabled: hidden,
    mailTip: null,
    resourceCapacity: place.capacity ?? null,
    office: null,
    calendarProcessing: defaultCalendarProcessing(),
  };
  tenant.mailboxes.set(user.id, mailbox);
  const room: EmPlace = {
    id: randomUUID(),
    emailAddress: user.userPrincipalName,
    displayName: user.displayName,
    nickname: null,
    building: null,
    floorNumber: null,
    floorLabel: null,
    capacity: null,
    label: null,
    phone: null,
    address: { street: null, city: null, state: null, countryOrRegion: null, postalCode: null },
    geoCoordinates: null,
    isWheelChairAccessible: false,
    tags: [],
    audioDeviceName: null,
    videoDeviceName: null,
    displayDeviceName: null,
    bookingType: 'standard',
    mtrEnabled: true,
    ...place,
  };
  tenant.places.set(room.id, room);
  return { user, mailbox, place: room };
}

/** A subscription with `seats` seats and one service plan, under a fresh SKU id. */
export function addSubscription(tenant: Tenant, skuPartNumber: string, seats: number): string {
  const skuId = randomUUID();
  tenant.subscriptions.set(skuId, {
    skuId,
    skuPartNumber,
    servicePlans: [{ servicePlanId: randomUUID(), servicePlanName: `${skuPartNumber}_PLAN` }],
    prepaidEnabled: seats,
  });
  return skuId;
}

/** The parts of Graph's JSON the tests read; anything else stays `unknown`. */
export interface GraphBody {
  value?: Record<string, unknown>[];
  error?: { code: string; message: string; innerError?: Record<string, string> };
  responses?: { id: string; status: number; headers: Record<string, string>; body?: GraphBody }[];
  '@odata.context'?: string;
  '@odata.count'?: number;
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
  [property: string]: unknown;
}

export interface GraphReply {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the text of a non-JSON answer (`/users/$count`). */
  body: GraphBody;
  text: string;
}

/** One Graph call with plain fetch, as a client would make it. */
export async function graph(
  emulator: RunningEmulator,
  token: string,
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<GraphReply> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...init.headers };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${emulator.baseUrl}/v1.0${path}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  const body = (type.startsWith('application/json') && text ? JSON.parse(text) : {}) as GraphBody;
  return { status: res.status, headers: res.headers, body, text };
}

/** Follow `@odata.nextLink` to the end, returning every item and the pages' `@odata.count`. */
export async function pageAll(emulator: RunningEmulator, token: string, path: string, headers: Record<string, string> = {}) {
  const items: Record<string, unknown>[] = [];
  const counts: number[] = [];
  let pages = 0;
  let url: string | undefined = `${emulator.baseUrl}/v1.0${path}`;
  while (url) {
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}`, ...headers } });
    if (res.status !== 200) throw new Error(`${url}: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { value: Record<string, unknown>[]; '@odata.nextLink'?: string; '@odata.count'?: number };
    items.push(...body.value);
    if (body['@odata.count'] !== undefined) counts.push(body['@odata.count']);
    pages += 1;
    url = body['@odata.nextLink'];
  }
  return { items, counts, pages };
}

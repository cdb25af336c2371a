import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { RunningEmulator } from '../../emulator/src/index.ts';
import { startTenant } from '../helpers/tenant.ts';
import { GRAPH_SCOPE, oboToken } from '../helpers/tokens.ts';
import { addRoom, graph, pageAll, type RoomFixture } from './graphFixtures.ts';

const ROOMS = '/places/microsoft.graph.room';

describe('emulator: Graph places', () => {
  let emulator: RunningEmulator;
  let reader: string;
  let hidden: RoomFixture;
  let listed: number;

  beforeAll(async () => {
    emulator = await startTenant({ tenants: [{ seed: 23, rooms: 3 }] });
    const tenant = emulator.tenant();
    for (let index = 0; index < 130; index += 1) {
      addRoom(tenant, `gt-room-${String(index).padStart(3, '0')}`, {
        building: index % 2 === 0 ? 'GT-B1' : 'GT-B2',
        capacity: 4 + (index % 5),
      });
    }
    hidden = addRoom(tenant, 'gt-room-hidden', { building: 'GT-B1' }, true);
    const hiddenAddresses = new Set(
      [...tenant.mailboxes.values()]
        .filter((mailbox) => mailbox.hiddenFromAddressListsEnabled)
        .map((mailbox) => mailbox.primarySmtpAddress.toLowerCase()),
    );
    listed = [...tenant.places.values()].filter((place) => !hiddenAddresses.has(place.emailAddress.toLowerCase())).length;
    reader = await oboToken(emulator, 'global-reader', GRAPH_SCOPE);
  });
  afterAll(() => emulator.close());

  it('pages rooms by $top and $skip only: 100 by default, any larger $top honoured, never a nextLink, GAL-hidden rooms left out', async () => {
    const first = await graph(emulator, reader, ROOMS);
    assert.equal(first.status, 200);
    assert.equal(first.body['@odata.context'], `${emulator.baseUrl}/v1.0/$metadata#places/microsoft.graph.room`);
    assert.equal(first.body.value?.length, 100);
    assert.equal(first.body.value?.[0]?.['@odata.type'], '#microsoft.graph.room');
    // The live list never links to a next page (microsoft-graph-docs #6427, #9923, #18604; msgraph-sdk-dotnet #2190).
    assert.equal(first.body['@odata.nextLink'], undefined);
    assert.equal(first.body['@odata.count'], undefined);

    const large = await graph(emulator, reader, `${ROOMS}?$top=999&$count=true`);
    assert.equal(large.body.value?.length, listed);
    assert.equal(large.body['@odata.count'], listed);
    assert.equal(large.body['@odata.nextLink'], undefined);

    const ids: string[] = [];
    for (let skip = 0; ; skip += 40) {
      const page = await graph(emulator, reader, `${ROOMS}?$top=40&$skip=${skip}&$count=true`);
      assert.equal(page.status, 200);
      assert.equal(page.body['@odata.count'], listed);
      assert.equal(page.body['@odata.nextLink'], undefined);
      ids.push(...(page.body.value ?? []).map((room) => String(room.id)));
      if ((page.body.value?.length ?? 0) < 40) break;
    }
    assert.equal(ids.length, listed);
    assert.equal(new Set(ids).size, listed);
    assert.ok(!ids.includes(hidden.place.id));
    const beyond = await graph(emulator, reader, `${ROOMS}?$skip=${listed + 500}`);
    assert.deepEqual(beyond.body.value, []);
  });

  it('serves an item a test corrupted as given, and answers every Places call with an error while Places is made absent', async () => {
    const tenant = emulator.tenant();
    const room = addRoom(tenant, 'gt-room-odd', { building: 'GT-B7' });
    const control = `${emulator.baseUrl}/emulator/tenants/${tenant.id}`;
    const corrupt = await fetch(`${control}/places/${room.place.id}/corrupt`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ set: { capacity: 'ten', placeId: 'p-1' }, remove: ['emailAddress'] }),
    });
    assert.equal(corrupt.status, 200, await corrupt.text());
    const one = await graph(emulator, reader, `/places/${room.place.id}`);
    assert.equal(one.body.capacity, 'ten');
    assert.equal(one.body.placeId, 'p-1');
    assert.ok(!('emailAddress' in one.body));

    const setOutage = (body: unknown) =>
      fetch(`${control}/places/outage`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal((await setOutage({ absent: true })).status, 200);
    for (const path of [ROOMS, `/places/${room.place.id}`]) {
      const refused = await graph(emulator, reader, path);
      assert.equal(refused.status, 400);
      assert.equal(refused.body.error?.code, 'BadRequest');
      assert.equal(refused.body.error?.message, "Resource not found for the segment 'places'.");
    }
    assert.equal((await setOutage({ absent: true, status: 503, code: 'ServiceUnavailable', message: 'down' })).status, 200);
    assert.equal((await graph(emulator, reader, ROOMS)).status, 503);
    assert.equal((await setOutage({ absent: true, status: 200 })).status, 400);
    assert.equal((await setOutage({ absent: false })).status, 200);
    assert.equal((await graph(emulator, reader, ROOMS)).status, 200);
  });

  it('filters on building and emailAddress, and selects properties', async () => {
    const building = await pageAll(
      emulator,
      reader,
      `${ROOMS}?$filter=${encodeURIComponent("building eq 'GT-B2'")}&$select=building,capacity`,
    );
    assert.equal(building.items.length, 65);
    assert.ok(building.items.every((room) => room.building === 'GT-B2'));
    assert.deepEqual(Object.keys(building.items[0] ?? {}), ['@odata.type', 'id', 'building', 'capacity']);

    const address = `gt-room-007@${emulator.tenant().domain}`;
    const one = await graph(emulator, reader, `${ROOMS}?$filter=${encodeURIComponent(`emailAddress eq '${address}'`)}`);
    assert.deepEqual(
      one.body.value?.map((room) => room.displayName),
      ['gt-room-007'],
    );

    const big = await pageAll(emulator, reader, `${ROOMS}?$filter=${encodeURIComponent("building eq 'GT-B1' and capacity ge 8")}`);
    assert.ok(big.items.length > 0 && big.items.every((room) => room.building === 'GT-B1' && Number(room.capacity) >= 8));
    assert.equal((await graph(emulator, reader, `${ROOMS}?$filter=${encodeURIComponent("floor eq 'x'")}`)).status, 400);
    assert.equal((await graph(emulator, reader, `${ROOMS}?$top=-1`)).status, 400);
  });

  it('gets one room by id or address, hidden ones included, and answers 404 otherwise', async () => {
    const byAddress = await graph(emulator, reader, `/places/${encodeURIComponent(hidden.place.emailAddress)}`);
    assert.equal(byAddress.status, 200);
    assert.equal(byAddress.body.id, hidden.place.id);
    assert.equal(byAddress.body['@odata.type'], '#microsoft.graph.room');
    assert.deepEqual(byAddress.body.address, { street: null, city: null, state: null, countryOrRegion: null, postalCode: null });
    const byId = await graph(emulator, reader, `/places/${hidden.place.id}`);
    assert.equal(byId.body.emailAddress, hidden.place.emailAddress);
    const missing = await graph(emulator, reader, '/places/nobody@nowhere.example');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error?.code, 'ErrorItemNotFound');
  });

  it('lets an Exchange Administrator update a room and refuses a Teams Devices Administrator', async () => {
    const tenant = emulator.tenant();
    const room = addRoom(tenant, 'gt-room-patch', {
      building: 'GT-B1',
      capacity: 6,
      address: { street: '1 Main St', city: 'Oslo', state: null, countryOrRegion: 'NO', postalCode: null },
    });
    const body = {
      '@odata.type': 'microsoft.graph.room',
      building: 'GT-B9',
      floorNumber: 3,
      floorLabel: '3rd',
      capacity: 12,
      tags: ['mtr', 'video'],
      isWheelChairAccessible: true,
      address: { city: 'Bergen' },
      geoCoordinates: { latitude: 60.39, longitude: 5.32 },
      videoDeviceName: 'Cam X',
    };
    const devices = await graph(emulator, await oboToken(emulator, 'teams-devices-admin', GRAPH_SCOPE), `/places/${room.place.id}`, {
      method: 'PATCH',
      body,
    });
    assert.equal(devices.status, 403);
    assert.equal(devices.body.error?.code, 'ErrorAccessDenied');
    assert.equal(devices.body.error?.message, 'Access is denied. Check credentials and try again.');
    assert.equal(room.place.building, 'GT-B1');

    const admin = await graph(emulator, await oboToken(emulator, 'exchange-admin', GRAPH_SCOPE), `/places/${room.place.id}`, {
      method: 'PATCH',
      body,
    });
    assert.equal(admin.status, 200);
    assert.equal(admin.body.building, 'GT-B9');
    assert.equal(admin.body.capacity, 12);
    assert.deepEqual(admin.body.tags, ['mtr', 'video']);
    assert.deepEqual(admin.body.address, { street: '1 Main St', city: 'Bergen', state: null, countryOrRegion: 'NO', postalCode: null });
    assert.deepEqual(admin.body.geoCoordinates, { latitude: 60.39, longitude: 5.32 });
    assert.equal(room.mailbox.resourceCapacity, 12);
    assert.equal(emulator.context.stats.snapshot().writes[`PATCH /places ${room.place.emailAddress}`], 1);
  });

  it('rejects read-only properties, a missing @odata.type and unknown properties with 400', async () => {
    const tenant = emulator.tenant();
    const room = addRoom(tenant, 'gt-room-strict', { building: 'GT-B1' });
    const admin = await oboToken(emulator, 'global-admin', GRAPH_SCOPE);
    const cases: unknown[] = [
      { '@odata.type': 'microsoft.graph.room', displayName: 'Renamed' },
      { '@odata.type': 'microsoft.graph.room', emailAddress: 'other@example.com' },
      { '@odata.type': 'microsoft.graph.room', bookingType: 'reserved' },
      { building: 'GT-B5' },
      { '@odata.type': 'microsoft.graph.room', shoeSize: 44 },
      { '@odata.type': 'microsoft.graph.room', capacity: 'ten' },
    ];
    for (const body of cases) {
      const reply = await graph(emulator, admin, `/places/${room.place.id}`, { method: 'PATCH', body });
      assert.equal(reply.status, 400, JSON.stringify(body));
    }
    assert.equal(room.place.building, 'GT-B1');
    assert.equal(room.place.displayName, 'gt-room-strict');
  });
});

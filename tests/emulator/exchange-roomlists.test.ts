import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { RunningEmulator } from '../../emulator/src/index.ts';
import type { EmMailbox, Tenant } from '../../emulator/src/tenant/model.ts';
import { startTenant } from '../helpers/tenant.ts';
import { EXCHANGE_SCOPE, oboToken } from '../helpers/tokens.ts';

type Reply = { status: number; value: Record<string, unknown>[]; next?: string; text: string; type: string };

/** Room lists through InvokeCommand (Get/New-DistributionGroup, Get/Add-DistributionGroupMember), as Room Accounts sends them. */
describe('emulator: room lists (Room Finder)', () => {
  let emulator: RunningEmulator;
  let tenant: Tenant;
  const tokens = new Map<string, string>();

  const run = async (
    persona: string,
    cmdlet: string,
    parameters: Record<string, unknown>,
    url?: string,
    pageSize?: number,
  ): Promise<Reply> => {
    if (!tokens.has(persona)) tokens.set(persona, await oboToken(emulator, persona, EXCHANGE_SCOPE));
    const res = await fetch(url ?? `${emulator.baseUrl}/adminapi/beta/${emulator.tenantId}/InvokeCommand`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${tokens.get(persona)}`,
        'content-type': 'application/json',
        ...(pageSize ? { prefer: `odata.maxpagesize=${pageSize}` } : {}),
      },
      body: JSON.stringify({ CmdletInput: { CmdletName: cmdlet, Parameters: parameters } }),
    });
    const body = (await res.json()) as {
      value?: Record<string, unknown>[];
      '@odata.nextLink'?: string;
      error?: { innererror?: { internalexception?: { message: string; type: string } } };
    };
    const inner = body.error?.innererror?.internalexception;
    return {
      status: res.status,
      value: body.value ?? [],
      next: body['@odata.nextLink'],
      text: inner?.message ?? '',
      type: inner?.type ?? '',
    };
  };

  const roomIn = (building: string, listed: boolean): EmMailbox => {
    const list = [...tenant.distributionGroups.values()].find((group) => group.name === `Rooms - ${building}`);
    const found = [...tenant.places.values()]
      .filter((place) => place.building === building)
      .map((place) => tenant.mailboxByIdentity(place.emailAddress))
      .find((mailbox) => mailbox && (list?.memberIds.has(mailbox.userId) ?? false) === listed);
    assert.ok(found, `a room in ${building} ${listed ? 'in' : 'outside'} its list`);
    return found;
  };

  beforeAll(async () => {
    emulator = await startTenant({ tenants: [{ seed: 41, rooms: 60 }] });
    tenant = emulator.tenant();
  });
  afterAll(() => emulator.close());

  it('the demo tenant has a room list for odd-numbered buildings only, with some of their rooms left out', () => {
    const lists = [...tenant.distributionGroups.values()].filter((group) => group.recipientTypeDetails === 'RoomList');
    const buildings = new Set([...tenant.places.values()].map((place) => place.building));
    assert.ok(lists.length > 0);
    for (const list of lists) assert.match(list.name, /^Rooms - [A-Z]{3}-B[135]$/);
    assert.ok(
      [...buildings].some((building) => !lists.some((list) => list.name === `Rooms - ${building}`)),
      'some buildings have no list',
    );
    assert.ok(
      lists.some((list) => roomIn(list.name.slice('Rooms - '.length), false)),
      'a listed building has an unlisted room',
    );
  });

  it('Get-DistributionGroup -RecipientTypeDetails RoomList lists every room list, paged', async () => {
    const expected = [...tenant.distributionGroups.values()]
      .filter((group) => group.recipientTypeDetails === 'RoomList')
      .map((group) => group.name)
      .sort();
    const names: string[] = [];
    let page = await run(
      'global-reader',
      'Get-DistributionGroup',
      { RecipientTypeDetails: 'RoomList', ResultSize: 'Unlimited' },
      undefined,
      2,
    );
    assert.equal(page.status, 200);
    for (;;) {
      for (const group of page.value) {
        assert.equal(group.RecipientTypeDetails, 'RoomList');
        assert.match(String(group.PrimarySmtpAddress), /@/);
        names.push(String(group.Name));
      }
      if (!page.next) break;
      page = await run(
        'global-reader',
        'Get-DistributionGroup',
        { RecipientTypeDetails: 'RoomList', ResultSize: 'Unlimited' },
        page.next,
        2,
      );
    }
    assert.deepEqual(names.sort(), expected);
    const wrongType = await run('global-reader', 'Get-DistributionGroup', { RecipientTypeDetails: 'RoomMailbox' });
    assert.equal(wrongType.status, 400);
    assert.match(wrongType.text, /Unable to match the identifier name RoomMailbox to a valid enumerator name/);
  });

  it('Get-DistributionGroupMember answers the members as recipients, and not-found for an unknown list', async () => {
    const list = [...tenant.distributionGroups.values()].find((group) => group.memberIds.size > 0);
    assert.ok(list);
    const reply = await run('global-reader', 'Get-DistributionGroupMember', { Identity: list.name, ResultSize: 'Unlimited' });
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.value.map((member) => member.ExternalDirectoryObjectId).sort(), [...list.memberIds].sort());
    assert.ok(reply.value.every((member) => member.RecipientTypeDetails === 'RoomMailbox'));
    const missing = await run('global-reader', 'Get-DistributionGroupMember', { Identity: 'Rooms - Nowhere' });
    assert.equal(missing.status, 400);
    assert.equal(missing.type, 'Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException');
    const noIdentity = await run('global-reader', 'Get-DistributionGroupMember', {});
    assert.match(noIdentity.text, /missing mandatory parameters: Identity/);
  });

  it('Add-DistributionGroupMember adds a room once; a second add and a non-room are refused, changing nothing', async () => {
    const listed = [...tenant.distributionGroups.values()].find((group) => group.recipientTypeDetails === 'RoomList');
    assert.ok(listed);
    const room = roomIn(listed.name.slice('Rooms - '.length), false);
    const added = await run('exchange-recipient-admin', 'Add-DistributionGroupMember', {
      Identity: listed.name,
      Member: room.primarySmtpAddress,
    });
    assert.equal(added.status, 200);
    assert.ok(listed.memberIds.has(room.userId));
    const again = await run('exchange-recipient-admin', 'Add-DistributionGroupMember', {
      Identity: listed.name,
      Member: room.primarySmtpAddress,
    });
    assert.equal(again.status, 400);
    assert.equal(again.type, 'Microsoft.Exchange.Management.Tasks.MemberAlreadyExistsException');
    assert.match(again.text, /is already a member of the group/);
    const person = [...tenant.mailboxes.values()].find((mailbox) => mailbox.recipientTypeDetails === 'UserMailbox');
    assert.ok(person);
    const size = listed.memberIds.size;
    const notRoom = await run('exchange-admin', 'Add-DistributionGroupMember', {
      Identity: listed.name,
      Member: person.primarySmtpAddress,
    });
    assert.equal(notRoom.status, 400);
    assert.match(notRoom.text, /only room mailboxes and room lists can be members of a room list/);
    assert.equal(listed.memberIds.size, size);
  });

  it('New-DistributionGroup -RoomList creates the list with its members; a used name is refused', async () => {
    const building = [...new Set([...tenant.places.values()].map((place) => place.building ?? ''))].find(
      (label) => label && !tenant.distributionGroupByIdentity(`Rooms - ${label}`),
    );
    assert.ok(building, 'a building without a list');
    const room = roomIn(building, false);
    const created = await run('exchange-admin', 'New-DistributionGroup', {
      Name: `Rooms - ${building}`,
      RoomList: true,
      Members: [room.primarySmtpAddress],
    });
    assert.equal(created.status, 200);
    assert.equal(created.value[0]?.RecipientTypeDetails, 'RoomList');
    const list = tenant.distributionGroupByIdentity(`Rooms - ${building}`);
    assert.ok(list?.memberIds.has(room.userId));
    const duplicate = await run('exchange-admin', 'New-DistributionGroup', { Name: `Rooms - ${building}`, RoomList: true });
    assert.equal(duplicate.status, 400);
    assert.match(duplicate.text, /The name is already being used/);
    const unnamed = await run('exchange-admin', 'New-DistributionGroup', { RoomList: true });
    assert.match(unnamed.text, /missing mandatory parameters: Name/);
  });

  it('reading needs an Exchange read role; writing needs Exchange Recipient Administrator or Exchange Administrator', async () => {
    const list = [...tenant.distributionGroups.values()][0];
    assert.ok(list);
    const before = list.memberIds.size;
    for (const persona of ['user-admin', 'no-role']) {
      const read = await run(persona, 'Get-DistributionGroup', { RecipientTypeDetails: 'RoomList' });
      assert.equal(read.status, 403, persona);
    }
    const room = roomIn(list.name.slice('Rooms - '.length), true);
    for (const persona of ['global-reader', 'user-admin']) {
      const write = await run(persona, 'Add-DistributionGroupMember', { Identity: list.name, Member: room.primarySmtpAddress });
      assert.equal(write.status, 403, persona);
      assert.equal(write.type, 'Microsoft.Exchange.Configuration.Tasks.CmdletAccessDeniedException');
      const create = await run(persona, 'New-DistributionGroup', { Name: `Refused ${persona}`, RoomList: true });
      assert.equal(create.status, 403, persona);
    }
    assert.equal(list.memberIds.size, before);
    assert.equal(tenant.distributionGroupByIdentity('Refused global-reader'), undefined);
  });
});

import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { RunningEmulator } from '../../emulator/src/index.ts';
import { startTenant } from '../helpers/tenant.ts';

// The tenant model keeps name indexes for -Identity and place lookups: a miss must still see names changed since.
describe('emulator: mailbox and place lookups by name', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startTenant({ tenants: [{ seed: 9, rooms: 20 }] });
  });
  afterAll(() => emulator.close());

  it('finds a mailbox by any of its names in any case, and not a name nobody holds', () => {
    const tenant = emulator.tenant();
    const mailbox = [...tenant.mailboxes.values()][3]!;
    for (const name of [mailbox.alias, mailbox.primarySmtpAddress.toUpperCase(), mailbox.displayName, mailbox.guid])
      assert.equal(tenant.mailboxByIdentity(name)?.userId, mailbox.userId, name);
    assert.equal(tenant.mailboxByIdentity('nobody@nowhere.example'), undefined);
    assert.equal(tenant.mailboxByIdentity('nobody@nowhere.example'), undefined, 'a second miss, with the index built');
  });

  it('a name given after the index was built is found, and the name given up is not', () => {
    const tenant = emulator.tenant();
    const mailbox = [...tenant.mailboxes.values()][5]!;
    const old = mailbox.alias;
    assert.equal(tenant.mailboxByIdentity(old)?.userId, mailbox.userId);
    mailbox.alias = 'renamed-room-alias';
    assert.equal(tenant.mailboxByIdentity('Renamed-Room-Alias')?.userId, mailbox.userId);
    assert.equal(tenant.mailboxByIdentity(old), undefined);
    const address = `smtp:added-${mailbox.alias}@contoso.example`;
    mailbox.emailAddresses = [...mailbox.emailAddresses, address];
    assert.equal(tenant.mailboxByIdentity(address.slice(5))?.userId, mailbox.userId, 'a proxy address added later');
  });

  it('places: found by address in any case; a changed address is found by its new value only', () => {
    const tenant = emulator.tenant();
    const place = [...tenant.places.values()][2]!;
    const old = place.emailAddress;
    assert.equal(tenant.placeByIdOrEmail(old.toUpperCase())?.id, place.id);
    assert.equal(tenant.placeByIdOrEmail('no-such-room@contoso.example'), undefined);
    place.emailAddress = `moved-${old}`;
    assert.equal(tenant.placeByIdOrEmail(`moved-${old}`)?.id, place.id);
    assert.equal(tenant.placeByIdOrEmail(old), undefined);
  });
});

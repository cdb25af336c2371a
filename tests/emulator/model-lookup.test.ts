import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { RunningEmulator } from '../../emulator/src/index.ts';
import { targetMailbox } from '../../emulator/src/exchange/request.ts';
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

  it("a cmdlet's target mailbox: an -Identity or UPN anchor by its primary address; the system anchor and a group looked up nowhere", () => {
    const tenant = emulator.tenant();
    const mailbox = [...tenant.mailboxes.values()][7]!;
    let lookups = 0;
    const lookup = tenant.mailboxByIdentity.bind(tenant);
    tenant.mailboxByIdentity = (identity: string) => ((lookups += 1), lookup(identity));
    try {
      assert.equal(targetMailbox(tenant, { Identity: mailbox.alias }, undefined), mailbox.primarySmtpAddress.toLowerCase());
      assert.equal(targetMailbox(tenant, {}, `UPN:${mailbox.primarySmtpAddress.toUpperCase()}`), mailbox.primarySmtpAddress.toLowerCase());
      assert.equal(lookups, 2);
      // Tenant-wide cmdlets anchor on the system mailbox, which is no recipient: a lookup would scan every mailbox to miss.
      const system = 'APP:SystemMailbox{bb558c35-97f1-4cb9-8ff7-d53741dc928c}@contoso.example';
      assert.equal(targetMailbox(tenant, {}, system), system.slice(4).toLowerCase());
      assert.equal(targetMailbox(tenant, { Identity: 'Room List North' }, undefined, true), 'room list north');
      assert.equal(lookups, 2, 'neither the system anchor nor a group was looked up among the mailboxes');
    } finally {
      tenant.mailboxByIdentity = lookup;
    }
  });
});

import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { seedManifest } from '../../emulator/src/index.ts';
import { SKU } from '../../emulator/src/tenant/catalog.ts';
import { startDemoStack, type DemoStack } from '../helpers/api.ts';
import { clientKit, type ClientKit } from '../m365/support/clients.ts';

interface Check {
  id: string;
  result: string;
}

/**
 * A sync against replies a live tenant sends only sometimes: a malformed mailbox in a Get-Mailbox page,
 * an AutomateProcessing value Microsoft adds later, Teams Rooms SKUs known only by their part number,
 * and a delta link answered `410 Gone` with a code we have never seen.
 */
describe('api: sync against unfamiliar Microsoft replies', () => {
  let stack: DemoStack;
  let kit: ClientKit;
  let manifest: ReturnType<typeof seedManifest>;
  const control = async (path: string, body: unknown) => {
    const res = await fetch(`${stack.emulator.baseUrl}/emulator/tenants/${stack.emulator.tenantId}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    assert.equal(res.status, 200, await res.text());
  };
  const listedIds = async () => {
    const res = await stack.call('global-admin', '/api/accounts?pageSize=500');
    assert.equal(res.status, 200);
    return new Set((res.body.items as { id: string }[]).map((item) => item.id));
  };
  const checks = async (id: string) => (await stack.call('global-reader', `/api/accounts/${id}`)).body.checks as Check[];
  const upn = (id: string) => stack.emulator.tenant().users.get(id)?.userPrincipalName ?? '';

  beforeAll(async () => {
    stack = await startDemoStack({ emulator: { tenants: [{ seed: 9, rooms: 60 }] } });
    kit = clientKit(stack.emulator);
    manifest = seedManifest(stack.emulator.tenant());
  });
  afterAll(async () => {
    kit.transport.close();
    await stack.close();
  });

  it('a full sync survives a malformed mailbox and an unknown calendar value, and finds rooms licensed by part number only', async () => {
    const [malformed, unknownValue] = manifest.byScenario.compliant ?? [];
    const [noMailbox] = manifest.byScenario['licensed-no-mailbox'] ?? [];
    const unlisted = manifest.byScenario['unlisted-rooms-sku'] ?? [];
    assert.ok(malformed && unknownValue && noMailbox && unlisted.length > 0, 'the seed has the accounts this test needs');
    // A licensed account without a mailbox is a resource account only through its license: move it to the
    // Teams Rooms SKU whose id no catalog knows.
    await kit
      .graph('license-admin')
      .assignLicense(noMailbox, { addLicenses: [{ skuId: SKU.roomsProUnlisted.skuId }], removeLicenses: [SKU.roomsPro.skuId] });
    await control('/exchange/output', { cmdlet: 'Get-Mailbox', identity: upn(malformed), remove: ['PrimarySmtpAddress'] });
    await control('/exchange/output', {
      cmdlet: 'Get-CalendarProcessing',
      identity: upn(unknownValue),
      set: { AutomateProcessing: 'AutoAcceptAndDecline' },
    });

    const done = await stack.sync('global-admin', 'full');
    assert.equal(done.status, 'succeeded', JSON.stringify(done));
    // The calendar phase's concurrent reads share `$batch` envelopes, and no mailbox is read twice.
    const stats = stack.emulator.context.stats.snapshot();
    assert.ok((stats.calls['POST $batch (exchange)'] ?? 0) > 0, 'calendar processing went out in $batch envelopes');
    const calendarReads = Object.entries(stats.reads).filter(([key]) => key.startsWith('Get-CalendarProcessing '));
    assert.ok(calendarReads.length > 0 && calendarReads.every(([, count]) => count === 1), JSON.stringify(calendarReads));
    const listed = await listedIds();
    for (const id of seedManifest(stack.emulator.tenant()).resourceAccountIds) assert.ok(listed.has(id), `${upn(id)} is listed`);

    const detail = (await stack.call('global-reader', `/api/accounts/${unknownValue}`)).body;
    assert.equal(detail.sources.calendarProcessing.status, 'error');
    assert.equal(detail.sources.calendarProcessing.error.code, 'unexpected_value');
    assert.match(detail.sources.calendarProcessing.error.message, /AutomateProcessing.*AutoAcceptAndDecline/);
    assert.equal(
      (await stack.call('global-reader', `/api/accounts/${unlisted[0]}`)).body.sources.calendarProcessing.status,
      'ok',
      'the other rooms are read',
    );

    for (const id of [noMailbox, ...unlisted]) {
      const license = (await checks(id)).find((check) => check.id === 'teamsRoomsLicense');
      assert.equal(license?.result, 'pass', `${upn(id)} is graded as licensed`);
    }
    await fetch(`${stack.emulator.baseUrl}/emulator/tenants/${stack.emulator.tenantId}/exchange/faults`, { method: 'DELETE' });
  });

  it('a refresh whose delta link is answered 410 with an unfamiliar code runs a full sync and lists everything', async () => {
    const [employee] = manifest.byScenario['ordinary-user'] ?? [];
    assert.ok(employee);
    await control('/delta/expire', { status: 410, code: 'SomethingNobodyDocumented' });
    // A change the refresh must pick up: an ordinary user becomes a resource account.
    await kit.graph('license-admin').assignLicense(employee, { addLicenses: [{ skuId: SKU.roomsProUnlisted.skuId }], removeLicenses: [] });

    const done = await stack.sync('global-admin', 'refresh');
    assert.equal(done.status, 'succeeded', JSON.stringify(done));
    const listed = await listedIds();
    assert.ok(listed.has(employee), 'the newly licensed user is listed');
    for (const id of seedManifest(stack.emulator.tenant()).resourceAccountIds) assert.ok(listed.has(id), `${upn(id)} is listed`);
  });
});

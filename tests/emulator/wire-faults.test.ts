import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { RunningEmulator } from '../../emulator/src/index.ts';
import { startTenant } from '../helpers/tenant.ts';
import { EXCHANGE_SCOPE, GRAPH_SCOPE, oboToken } from '../helpers/tokens.ts';

/** The emulator's wire-fault controls and the Exchange feedback headers, on the raw wire. */
describe('emulator wire faults and Exchange rate-limit headers', () => {
  let emulator: RunningEmulator;
  let exchangeToken: string;
  let room: string;
  const control = (method: string, path: string, body?: unknown) =>
    fetch(`${emulator.baseUrl}/emulator/tenants/${emulator.tenantId}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const invoke = (cmdletName: string, parameters: Record<string, unknown>) =>
    fetch(`${emulator.baseUrl}/adminapi/beta/${emulator.tenantId}/InvokeCommand`, {
      method: 'POST',
      headers: { authorization: `Bearer ${exchangeToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ CmdletInput: { CmdletName: cmdletName, Parameters: parameters } }),
    });

  beforeAll(async () => {
    emulator = await startTenant({ tenants: [{ seed: 15, rooms: 4 }], profile: 'realistic', timeScale: 10 });
    exchangeToken = await oboToken(emulator, 'global-reader', EXCHANGE_SCOPE);
    room =
      [...emulator.tenant().mailboxes.values()].find((mailbox) => mailbox.recipientTypeDetails === 'RoomMailbox')?.primarySmtpAddress ?? '';
  });
  afterAll(() => emulator.close());

  it('sends Rate-Limit-Limit, -Remaining, -Reset and X-ConcurrencyCount from its cmdlet bucket', async () => {
    const first = await invoke('Get-Mailbox', { Identity: room });
    assert.equal(first.status, 200);
    const limit = Number(first.headers.get('rate-limit-limit'));
    assert.ok(limit > 0);
    // The bucket refills between calls, so only "this call was counted" is certain.
    assert.ok(Number(first.headers.get('rate-limit-remaining')) < limit, 'the call spent from the bucket');
    assert.ok(Date.parse(first.headers.get('rate-limit-reset') ?? '') > Date.now() - 1000);
    assert.equal(first.headers.get('x-concurrencycount'), '0');
  });

  it('answers a cmdlet failure inside a 200, a bare 403, or a 404, only as told and only as often as told', async () => {
    assert.equal((await control('POST', '/exchange/replies', { cmdlet: 'Get-Mailbox', reply: 'errorIn200', times: 1 })).status, 200);
    const inside = await invoke('Get-Mailbox', { Identity: 'ghost@nowhere.example' });
    assert.equal(inside.status, 200);
    const body = (await inside.json()) as { error?: { details?: { message?: string }[] } };
    assert.match(body.error?.details?.[0]?.message ?? '', /ManagementObjectNotFoundException/);
    assert.equal((await invoke('Get-Mailbox', { Identity: 'ghost@nowhere.example' })).status, 400, 'used once, then the evidenced 400');

    await control('POST', '/exchange/replies', { cmdlet: 'Get-Mailbox', identity: room, reply: 'emptyForbidden', times: 1 });
    const bare = await invoke('Get-Mailbox', { Identity: room });
    assert.equal(bare.status, 403);
    assert.equal(await bare.text(), '');

    await control('POST', '/exchange/replies', { cmdlet: 'Get-Mailbox', reply: 'notFound404' });
    assert.equal((await invoke('Get-Mailbox', { Identity: 'ghost@nowhere.example' })).status, 404);
    assert.equal((await invoke('Get-Mailbox', { Identity: room })).status, 200, 'only a missing object becomes 404');
    assert.equal((await control('DELETE', '/exchange/faults')).status, 200);
    assert.equal((await invoke('Get-Mailbox', { Identity: 'ghost@nowhere.example' })).status, 400);
  });

  it('patches one object of a cmdlet output and refuses malformed control bodies', async () => {
    await control('POST', '/exchange/output', {
      cmdlet: 'Get-CalendarProcessing',
      identity: room,
      set: { AutomateProcessing: 'AutoAcceptAndDecline' },
      remove: ['DeleteComments'],
    });
    const reply = (await (await invoke('Get-CalendarProcessing', { Identity: room })).json()) as { value: Record<string, unknown>[] };
    assert.equal(reply.value[0]?.AutomateProcessing, 'AutoAcceptAndDecline');
    assert.equal('DeleteComments' in (reply.value[0] ?? {}), false);
    await control('DELETE', '/exchange/faults');

    const bad = await control('POST', '/exchange/replies', { cmdlet: 'Get-Mailbox', reply: 'teapot' });
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as { error: { code: string } }).error.code, 'invalidBody');
    assert.equal(
      (await control('POST', '/exchange/output', { cmdlet: 'Get-Mailbox', identity: room })).status,
      400,
      'a patch needs set or remove',
    );
    assert.equal((await control('POST', '/delta/expire', { status: 410 })).status, 400, 'a 410 needs its code');
  });

  it('expires delta tokens: 410 with the given code and a Location to start over, then new tokens work', async () => {
    const graphToken = await oboToken(emulator, 'global-reader', GRAPH_SCOPE);
    const get = (url: string) => fetch(url, { headers: { authorization: `Bearer ${graphToken}` } });
    const startLink = (
      (await (await get(`${emulator.baseUrl}/v1.0/users/delta?$deltatoken=latest`)).json()) as { '@odata.deltaLink': string }
    )['@odata.deltaLink'];
    await control('POST', '/delta/expire', { status: 410, code: 'resyncRequired' });
    const gone = await get(startLink);
    assert.equal(gone.status, 410);
    assert.equal(((await gone.json()) as { error: { code: string } }).error.code, 'resyncRequired');
    assert.match(gone.headers.get('location') ?? '', /\/users\/delta\?\$deltatoken=$/);
    const fresh = ((await (await get(`${emulator.baseUrl}/v1.0/users/delta?$deltatoken=latest`)).json()) as { '@odata.deltaLink': string })[
      '@odata.deltaLink'
    ];
    assert.equal((await get(fresh)).status, 200);
  });
});

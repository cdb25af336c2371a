import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { RunningEmulator } from '../../emulator/src/index.ts';
import { startTenant } from '../helpers/tenant.ts';
import { EXCHANGE_SCOPE, GRAPH_SCOPE, oboToken } from '../helpers/tokens.ts';

interface ItemResponse {
  id: string;
  status: number;
  headers: Record<string, string>;
  body?: { value?: Record<string, unknown>[]; error?: { details?: { message?: string }[] }; '@adminapi.warnings'?: string[] };
}

interface Cmdlet {
  id?: string;
  name: string;
  parameters: Record<string, unknown>;
}

/** The Exchange admin `$batch` on the raw wire: envelope limits, per-item answers, per-item gating. */
describe('emulator Exchange $batch', () => {
  let emulator: RunningEmulator;
  const tokens = new Map<string, string>();
  let rooms: string[];
  const token = async (persona: string) => {
    if (!tokens.has(persona)) tokens.set(persona, await oboToken(emulator, persona, EXCHANGE_SCOPE));
    return tokens.get(persona) as string;
  };
  const control = (method: string, path: string, body?: unknown) =>
    fetch(`${emulator.baseUrl}/emulator${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const item = (cmdlet: Cmdlet, index: number) => ({
    id: cmdlet.id ?? String(index + 1),
    method: 'POST',
    url: `${emulator.baseUrl}/adminapi/beta/${emulator.tenantId}/InvokeCommand`,
    headers: { 'X-CmdletName': cmdlet.name, 'X-AnchorMailbox': `UPN:${String(cmdlet.parameters.Identity ?? '')}` },
    body: { CmdletInput: { CmdletName: cmdlet.name, Parameters: cmdlet.parameters } },
  });
  const send = async (persona: string | { bearer: string }, body: unknown, prefer = 'odata.maxpagesize=1000;odata.continue-on-error') => {
    const bearer = typeof persona === 'string' ? await token(persona) : persona.bearer;
    const res = await fetch(`${emulator.baseUrl}/adminapi/beta/${emulator.tenantId}/$batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json', prefer },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return {
      status: res.status,
      headers: res.headers,
      body: (text ? JSON.parse(text) : undefined) as { responses?: ItemResponse[]; error?: { details?: { message?: string }[] } },
    };
  };
  const batch = (persona: string, cmdlets: Cmdlet[], prefer?: string) => send(persona, { requests: cmdlets.map(item) }, prefer);
  const reads = (cmdlet: string, count: number) => rooms.slice(0, count).map((room) => ({ name: cmdlet, parameters: { Identity: room } }));
  const stats = async () =>
    (await (await control('GET', '/stats')).json()) as {
      calls: Record<string, number>;
      throttled: Record<string, number>;
      reads: Record<string, number>;
      writes: Record<string, number>;
    };

  beforeAll(async () => {
    emulator = await startTenant({ tenants: [{ seed: 16, rooms: 12 }], profile: 'realistic', timeScale: 2 });
    rooms = [...emulator.tenant().mailboxes.values()]
      .filter((mailbox) => mailbox.recipientTypeDetails === 'RoomMailbox')
      .map((mailbox) => mailbox.primarySmtpAddress);
  });
  afterAll(() => emulator.close());

  it('answers each item under its own id, with its own status, headers and body, in a 200 envelope', async () => {
    await control('POST', '/stats/reset');
    const reply = await batch('global-reader', [
      { id: 'cal', name: 'Get-CalendarProcessing', parameters: { Identity: rooms[0] } },
      { id: 'ghost', name: 'Get-Mailbox', parameters: { Identity: 'ghost@nowhere.example' } },
      { id: 'mbx', name: 'Get-Mailbox', parameters: { Identity: rooms[1] } },
    ]);
    assert.equal(reply.status, 200);
    assert.equal(reply.headers.get('preference-applied'), 'odata.continue-on-error');
    assert.ok(Number(reply.headers.get('rate-limit-limit')) > 0, 'the envelope carries the rate-limit headers too');
    const byId = new Map(reply.body.responses?.map((response) => [response.id, response]));
    assert.deepEqual([...byId.keys()].sort(), ['cal', 'ghost', 'mbx']);
    assert.equal(byId.get('cal')?.status, 200);
    assert.equal(typeof byId.get('cal')?.body?.value?.[0]?.AutomateProcessing, 'string');
    assert.ok(Number(byId.get('cal')?.headers['Rate-Limit-Remaining']) >= 0, 'each item carries its own rate-limit headers');
    assert.equal(byId.get('ghost')?.status, 400);
    assert.match(byId.get('ghost')?.body?.error?.details?.[0]?.message ?? '', /ManagementObjectNotFoundException/);
    assert.equal(byId.get('mbx')?.body?.value?.[0]?.PrimarySmtpAddress, rooms[1]);
    const counted = await stats();
    assert.equal(counted.calls['POST $batch (exchange)'], 1, 'one envelope');
    assert.equal(counted.calls['InvokeCommand Get-Mailbox'], 2, 'items counted per cmdlet');
    assert.equal(counted.reads[`Get-CalendarProcessing ${rooms[0]?.toLowerCase()}`], 1);
  });

  it("checks the Exchange role per item: a reader's write is refused while its reads pass", async () => {
    const reply = await batch('global-reader', [
      { name: 'Get-CalendarProcessing', parameters: { Identity: rooms[2] } },
      { name: 'Set-CalendarProcessing', parameters: { Identity: rooms[2], DeleteComments: true } },
    ]);
    assert.equal(reply.status, 200);
    assert.deepEqual(
      reply.body.responses?.map((response) => response.status),
      [200, 403],
    );
    assert.match(
      reply.body.responses?.[1]?.body?.error?.details?.[0]?.message ?? '',
      /AccessDenied|isn't assigned to any management roles/,
    );
  });

  it('authenticates the envelope once: a bad token or a token for another resource fails it whole', async () => {
    assert.equal((await send({ bearer: 'not-a-token' }, { requests: reads('Get-Mailbox', 1).map(item) })).status, 401);
    const graphToken = await oboToken(emulator, 'global-reader', GRAPH_SCOPE);
    assert.equal((await send({ bearer: graphToken }, { requests: reads('Get-Mailbox', 1).map(item) })).status, 401);
  });

  it('refuses a malformed envelope with 400 and runs none of it', async () => {
    await control('POST', '/stats/reset');
    const eleven = Array.from({ length: 11 }, (_, index) =>
      item({ name: 'Get-Mailbox', parameters: { Identity: rooms[index % rooms.length] } }, index),
    );
    const tooMany = await send('global-reader', { requests: eleven });
    assert.equal(tooMany.status, 400);
    assert.match(tooMany.body.error?.details?.[0]?.message ?? '', /limit of 10/);
    assert.equal((await send('global-reader', '{"requests":')).status, 400);
    assert.equal((await send('global-reader', { requests: [] })).status, 400);
    assert.equal((await send('global-reader', { value: [] })).status, 400);
    const twice = [
      item({ id: 'a', name: 'Get-Mailbox', parameters: { Identity: rooms[0] } }, 0),
      item({ id: 'a', name: 'Get-Mailbox', parameters: { Identity: rooms[1] } }, 1),
    ];
    assert.equal((await send('global-reader', { requests: twice })).status, 400);
    const elsewhere = {
      ...item({ name: 'Get-Mailbox', parameters: {} }, 0),
      url: `${emulator.baseUrl}/adminapi/beta/${emulator.tenantId}/Mailbox`,
    };
    assert.equal((await send('global-reader', { requests: [elsewhere] })).status, 400);
    const counted = await stats();
    assert.equal(counted.calls['InvokeCommand Get-Mailbox'] ?? 0, 0, 'no item of a refused envelope ran');
  });

  it('without continue-on-error stops at the first failed item; with it runs every item', async () => {
    const cmdlets = [
      { name: 'Get-Mailbox', parameters: { Identity: rooms[0] } },
      { name: 'Get-Mailbox', parameters: { Identity: 'ghost@nowhere.example' } },
      { name: 'Get-Mailbox', parameters: { Identity: rooms[1] } },
    ];
    const stopped = await batch('global-reader', cmdlets, 'odata.maxpagesize=1000');
    assert.equal(stopped.status, 200);
    assert.deepEqual(
      stopped.body.responses?.map((response) => response.status),
      [200, 400],
    );
    assert.equal(stopped.headers.get('preference-applied'), null);
    const all = await batch('global-reader', cmdlets);
    assert.deepEqual(
      all.body.responses?.map((response) => response.status),
      [200, 400, 200],
    );
  });

  it('gates each item: past the cmdlet budget, items get their own 429 and Retry-After inside a 200 envelope', async () => {
    // 25 cmdlets per 5 s: three envelopes of 10 at once overdraw it, but only as items, never as envelopes.
    await control('POST', '/stats/reset');
    const replies = await Promise.all([0, 1, 2].map(() => batch('exchange-admin', reads('Get-CalendarProcessing', 10))));
    assert.ok(
      replies.every((reply) => reply.status === 200),
      'concurrency: three envelopes are three requests',
    );
    const items = replies.flatMap((reply) => reply.body.responses ?? []);
    const throttled = items.filter((response) => response.status === 429);
    assert.ok(throttled.length >= 3, `the 26th cmdlet on is refused, give or take the refill (got ${throttled.length} 429s)`);
    assert.ok(throttled.every((response) => Number(response.headers['Retry-After']) >= 1));
    assert.equal(items.length, 30);
    const counted = await stats();
    assert.equal(counted.throttled['InvokeCommand Get-CalendarProcessing'], throttled.length);
    assert.equal(counted.throttled['POST $batch (exchange)'] ?? 0, 0);
  });

  it('holds one concurrency slot per envelope: a fourth envelope in flight is refused whole', async () => {
    await control('POST', '/stats/reset');
    const replies = await Promise.all([0, 1, 2, 3].map(() => batch('exchange-recipient-admin', reads('Get-Mailbox', 2))));
    assert.deepEqual(replies.map((reply) => reply.status).sort(), [200, 200, 200, 429], 'three in flight per user');
  });

  it('injects a 429 or a missing object for chosen mailboxes only, as often as told', async () => {
    const tid = emulator.tenantId;
    assert.equal(
      (
        await control('POST', `/tenants/${tid}/exchange/replies`, {
          cmdlet: 'Get-CalendarProcessing',
          identity: rooms[3],
          reply: 'throttled',
          retryAfterSeconds: 0.05,
          times: 1,
        })
      ).status,
      200,
    );
    assert.equal(
      (
        await control('POST', `/tenants/${tid}/exchange/replies`, {
          cmdlet: 'Get-CalendarProcessing',
          identity: rooms[4],
          reply: 'missing',
        })
      ).status,
      200,
    );
    assert.equal(
      (
        await control('POST', `/tenants/${tid}/exchange/replies`, {
          cmdlet: 'Get-CalendarProcessing',
          reply: 'errorIn200',
          retryAfterSeconds: 1,
        })
      ).status,
      400,
    );
    const first = await batch('exchange-org-management', reads('Get-CalendarProcessing', 6));
    assert.deepEqual(
      first.body.responses?.map((response) => response.status),
      [200, 200, 200, 429, 404, 200],
    );
    assert.equal(first.body.responses?.[3]?.headers['Retry-After'], '0.05');
    assert.match(first.body.responses?.[4]?.body?.error?.details?.[0]?.message ?? '', /ManagementObjectNotFoundException/);
    const again = await batch('exchange-org-management', reads('Get-CalendarProcessing', 6));
    assert.deepEqual(
      again.body.responses?.map((response) => response.status),
      [200, 200, 200, 200, 404, 200],
      'the 429 was used once',
    );
    await control('DELETE', `/tenants/${tid}/exchange/faults`);
  });
});

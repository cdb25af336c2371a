import assert from 'node:assert/strict';
import { afterAll, beforeAll, beforeEach, describe, it } from 'vitest';
import type { RunningEmulator } from '../../emulator/src/index.ts';
import { unlimitedBudget } from '../../api/src/m365/budget.ts';
import { M365Error } from '../../api/src/m365/errors.ts';
import { batchOutcome, ExchangeBatchPool } from '../../api/src/m365/exchangeBatcher.ts';
import type { ExchangeClient } from '../../api/src/m365/exchangeClient.ts';
import { startTenant } from '../helpers/tenant.ts';
import { clientKit, type ClientKit, type RecordedCall } from './support/clients.ts';

interface BatchBody {
  requests: {
    id: string;
    method: string;
    url: string;
    headers: Record<string, string>;
    body: { CmdletInput: { CmdletName: string; Parameters: { Identity?: string } } };
  }[];
}

const isBatch = (call: RecordedCall) => call.url.pathname.endsWith('/$batch');
const itemsOf = (call: RecordedCall) => (call.body as BatchBody).requests;
/** The identities a recorded request carried: each item of an envelope, or the one of a plain call. */
const identitiesOf = (call: RecordedCall) =>
  isBatch(call)
    ? itemsOf(call).map((item) => item.body.CmdletInput.Parameters.Identity)
    : [(call.body as BatchBody['requests'][number]['body']).CmdletInput.Parameters.Identity];

/** What a caller learns from a failure: the fields business code and the tab read. */
function failureOf(result: PromiseSettledResult<unknown>): Record<string, unknown> {
  assert.equal(result.status, 'rejected');
  const error = (result as PromiseRejectedResult).reason as unknown;
  assert.ok(error instanceof M365Error, String(error));
  return { kind: error.kind, status: error.status, code: error.code, message: error.message, transient: error.transient };
}

/** The auto-batcher of ExchangeClient against the emulator's `$batch`: chunking, item retries, error parity. */
describe('m365 ExchangeClient $batch', () => {
  let emulator: RunningEmulator;
  let kit: ClientKit;
  let rooms: string[];
  const tid = () => emulator.tenantId;
  const inject = async (rule: Record<string, unknown>) => {
    const res = await fetch(`${emulator.baseUrl}/emulator/tenants/${tid()}/exchange/replies`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(rule),
    });
    assert.equal(res.status, 200, await res.text());
  };
  const stats = () => emulator.context.stats.snapshot();

  beforeAll(async () => {
    emulator = await startTenant({ tenants: [{ seed: 21, rooms: 30 }] });
    kit = clientKit(emulator, unlimitedBudget);
    rooms = [...emulator.tenant().mailboxes.values()]
      .filter((mailbox) => mailbox.recipientTypeDetails === 'RoomMailbox')
      .map((mailbox) => mailbox.primarySmtpAddress);
  });
  beforeEach(async () => {
    kit.transport.calls.length = 0;
    emulator.context.stats.reset();
    await fetch(`${emulator.baseUrl}/emulator/tenants/${tid()}/exchange/faults`, { method: 'DELETE' });
  });
  afterAll(async () => {
    kit.transport.close();
    await emulator.close();
  });

  it('sends concurrent single-object cmdlets 10 per envelope, each item shaped as a plain InvokeCommand', async () => {
    const exchange = kit.exchange('global-reader');
    const settings = await Promise.all(rooms.slice(0, 23).map((room) => exchange.getCalendarProcessing(room)));
    assert.equal(settings.length, 23);
    assert.deepEqual(
      kit.transport.calls.map((call) => (isBatch(call) ? itemsOf(call).length : 'plain')),
      [10, 10, 3],
    );
    const [first] = kit.transport.calls as [RecordedCall];
    assert.equal(first.headers.prefer, 'odata.maxpagesize=1000;odata.continue-on-error');
    const item = itemsOf(first)[0];
    assert.equal(item?.method, 'POST');
    assert.match(item?.url ?? '', /\/adminapi\/beta\/[^/]+\/InvokeCommand$/);
    assert.equal(item?.headers['x-cmdletname'], 'Get-CalendarProcessing');
    assert.equal(item?.headers['x-anchormailbox'], `UPN:${rooms[0]}`);
    assert.equal(item?.headers.authorization, undefined, 'the envelope carries the token, not each item');
    assert.deepEqual(
      identitiesOf(kit.transport.calls[0] as RecordedCall).concat(
        identitiesOf(kit.transport.calls[1] as RecordedCall),
        identitiesOf(kit.transport.calls[2] as RecordedCall),
      ),
      rooms.slice(0, 23),
    );
    assert.equal(stats().calls['POST $batch (exchange)'], 3);
    assert.equal(stats().calls['InvokeCommand Get-CalendarProcessing'], 23);
  });

  it('shares envelopes between the clients of one user through a pool, as the tasks of a bulk job do', async () => {
    const pool = new ExchangeBatchPool();
    const tasks = rooms.slice(0, 6).map((room) => kit.exchange('exchange-admin', { batchPool: { pool, key: 'user-1' } }).getPlace(room));
    const other = kit.exchange('exchange-admin', { batchPool: { pool, key: 'user-2' } }).getPlace(rooms[6] as string);
    await Promise.all([...tasks, other]);
    assert.deepEqual(kit.transport.calls.map((call) => (isBatch(call) ? itemsOf(call).length : 'plain')).sort(), [6, 'plain']);
    assert.equal(pool.size, 2);
  });

  it('sends a lone cmdlet as a plain InvokeCommand', async () => {
    const exchange = kit.exchange('global-reader');
    await exchange.getMailbox(rooms[0] as string);
    assert.equal(kit.transport.calls.length, 1);
    assert.match(kit.transport.calls[0]?.url.pathname ?? '', /\/InvokeCommand$/);
  });

  it('an envelope in which 3 of 10 items get 429 and 1 gets 404 ends with 9 reads and one "mailbox not found", each exactly once', async () => {
    const ten = rooms.slice(0, 10);
    const retryAfter = { [ten[1] as string]: 0.15, [ten[4] as string]: 0.3, [ten[7] as string]: 0.45 };
    for (const [identity, seconds] of Object.entries(retryAfter))
      await inject({ cmdlet: 'Get-CalendarProcessing', identity, reply: 'throttled', retryAfterSeconds: seconds, times: 1 });
    await inject({ cmdlet: 'Get-CalendarProcessing', identity: ten[8], reply: 'missing' });
    const sends = new Map<string, number>();
    const started = Date.now();
    const exchange = kit.exchange('global-reader');
    const results = await Promise.allSettled(ten.map((room) => exchange.getCalendarProcessing(room)));
    for (const call of kit.transport.calls) {
      for (const identity of identitiesOf(call)) sends.set(String(identity), (sends.get(String(identity)) ?? 0) + 1);
    }

    const rejected = results.flatMap((result, index) => (result.status === 'rejected' ? [index] : []));
    assert.deepEqual(rejected, [8], 'only the missing mailbox fails');
    const missing = failureOf(results[8] as PromiseSettledResult<unknown>);
    assert.equal(missing.kind, 'notFound');
    assert.equal(missing.code, 'ManagementObjectNotFoundException');
    const reads = stats().reads;
    for (const [index, room] of ten.entries()) {
      assert.equal(reads[`Get-CalendarProcessing ${room.toLowerCase()}`] ?? 0, index === 8 ? 0 : 1, `reads of ${room}`);
    }
    assert.equal(stats().totals.reads, 9);
    assert.equal(stats().throttled['InvokeCommand Get-CalendarProcessing'], 3);
    // Only the throttled items were sent again, each once; the missing one was not retried.
    assert.deepEqual(
      [...sends.entries()]
        .filter(([, count]) => count > 1)
        .map(([identity]) => identity)
        .sort(),
      Object.keys(retryAfter).sort(),
    );
    assert.ok([...sends.values()].every((count) => count <= 2));
    assert.equal(stats().calls['InvokeCommand Get-CalendarProcessing'], 13);
    assert.ok(Date.now() - started >= 450, 'the last item waited for its own Retry-After');
  });

  it('re-sends each throttled item after its own Retry-After, not the largest one', async () => {
    const [fast, slow] = rooms.slice(10, 12) as [string, string];
    await inject({ cmdlet: 'Get-Mailbox', identity: fast, reply: 'throttled', retryAfterSeconds: 0.1, times: 1 });
    await inject({ cmdlet: 'Get-Mailbox', identity: slow, reply: 'throttled', retryAfterSeconds: 0.6, times: 1 });
    const exchange = kit.exchange('global-reader');
    const done = new Map<string, number>();
    const started = Date.now();
    await Promise.all(
      [fast, slow, rooms[12] as string].map(async (room) => {
        await exchange.getMailbox(room);
        done.set(room, Date.now() - started);
      }),
    );
    assert.ok(
      (done.get(fast) ?? 0) >= 100 && (done.get(fast) ?? 0) < 550,
      `the fast item waited only its own 0.1 s (${done.get(fast)} ms)`,
    );
    assert.ok((done.get(slow) ?? 0) >= 600, `the slow item waited its 0.6 s (${done.get(slow)} ms)`);
  });

  it('maps every item failure exactly as the same call alone', async () => {
    const room = rooms[20] as string;
    type Scenario = { name: string; persona: string; setup?: Record<string, unknown>; run: (exchange: ExchangeClient) => Promise<unknown> };
    const scenarios: Scenario[] = [
      { name: 'not found (400)', persona: 'global-reader', run: (exchange) => exchange.getMailbox('ghost@nowhere.example') },
      {
        name: 'not found (404)',
        persona: 'global-reader',
        setup: { cmdlet: 'Get-CalendarProcessing', reply: 'notFound404', times: 1 },
        run: (exchange) => exchange.getCalendarProcessing('ghost@nowhere.example'),
      },
      {
        name: 'access denied',
        persona: 'global-reader',
        run: (exchange) => exchange.setCalendarProcessing(room, { DeleteComments: true }),
      },
      {
        name: 'validation',
        persona: 'exchange-admin',
        run: (exchange) => exchange.setCalendarProcessing(room, { BookingWindowInDays: 5000 }),
      },
      {
        name: 'error inside a 200',
        persona: 'global-reader',
        setup: { cmdlet: 'Get-Mailbox', reply: 'errorIn200', times: 1 },
        run: (exchange) => exchange.getMailbox('ghost@nowhere.example'),
      },
      {
        name: 'empty 403',
        persona: 'exchange-admin',
        setup: { cmdlet: 'Set-Place', identity: room, reply: 'emptyForbidden', times: 1 },
        run: (exchange) => exchange.setPlace(room, { Capacity: 5 }),
      },
    ];
    for (const scenario of scenarios) {
      if (scenario.setup) await inject(scenario.setup);
      const [alone] = await Promise.allSettled([scenario.run(kit.exchange(scenario.persona, { batch: false }))]);
      if (scenario.setup) await inject(scenario.setup);
      kit.transport.calls.length = 0;
      // A neighbour read keeps the call in a two-item envelope.
      const batched = kit.exchange(scenario.persona);
      const [inEnvelope, neighbour] = await Promise.allSettled([scenario.run(batched), batched.getMailbox(rooms[21] as string)]);
      assert.ok(isBatch(kit.transport.calls[0] as RecordedCall), `${scenario.name}: sent in an envelope`);
      assert.equal(neighbour?.status, 'fulfilled', `${scenario.name}: the neighbour item passes`);
      assert.deepEqual(
        failureOf(inEnvelope as PromiseSettledResult<unknown>),
        failureOf(alone as PromiseSettledResult<unknown>),
        scenario.name,
      );
    }
  });

  it('returns write warnings per item, as the single write does', async () => {
    const exchange = kit.exchange('exchange-admin');
    const [room1, room2] = rooms.slice(22, 24) as [string, string];
    await Promise.all([
      exchange.setCalendarProcessing(room1, { DeleteComments: true }),
      exchange.setCalendarProcessing(room2, { DeleteComments: true }),
    ]);
    const again = await Promise.all([
      exchange.setCalendarProcessing(room1, { DeleteComments: true }),
      exchange.setCalendarProcessing(room2, { DeleteComments: true }),
    ]);
    assert.ok(
      again.every((result) => result.warnings.some((warning) => /no settings .* have been modified/i.test(warning))),
      JSON.stringify(again),
    );
    assert.equal(stats().writes[`Set-CalendarProcessing ${room1.toLowerCase()}`], 1, 'the repeat changed nothing');
  });
});

describe('m365 Exchange $batch: what the budget learns from an envelope', () => {
  it('reports the worst item 429 with the largest item Retry-After, and the rate-limit headers of the envelope, else of an item', () => {
    const item = (id: string, status: number, headers: Record<string, string>) => ({ id, status, headers, body: {} });
    const quota = {
      'Rate-Limit-Limit': '25',
      'Rate-Limit-Remaining': '3',
      'Rate-Limit-Reset': '2026-12-07T02:00:00.000Z',
      'X-ConcurrencyCount': '1',
    };
    const withoutEnvelopeHeaders = batchOutcome({
      status: 200,
      headers: {},
      body: { responses: [item('1', 200, quota), item('2', 429, { 'Retry-After': '2' }), item('3', 429, { 'Retry-After': '0.5' })] },
    });
    assert.equal(withoutEnvelopeHeaders.status, 429);
    assert.equal(withoutEnvelopeHeaders.retryAfterMs, 2000);
    assert.deepEqual(withoutEnvelopeHeaders.rateLimit, { limit: 25, remaining: 3, reset: '2026-12-07T02:00:00.000Z', concurrency: 1 });
    const throttledItemQuota = batchOutcome({
      status: 200,
      headers: { 'rate-limit-limit': '25', 'rate-limit-remaining': '9' },
      body: {
        responses: [item('1', 200, quota), item('2', 429, { 'Retry-After': '1', 'Rate-Limit-Limit': '25', 'Rate-Limit-Remaining': '0' })],
      },
    });
    assert.equal(
      throttledItemQuota.rateLimit?.remaining,
      0,
      'a 429 reports the quota the throttled item saw, so the budget blames the cmdlet rate',
    );
    const envelopeHeaders = batchOutcome({
      status: 200,
      headers: { 'rate-limit-remaining': '9' },
      body: { responses: [item('1', 200, quota)] },
    });
    assert.equal(envelopeHeaders.status, 200);
    assert.deepEqual(envelopeHeaders.rateLimit, { remaining: 9 });
  });
});

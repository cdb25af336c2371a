import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { RunningEmulator } from '../../emulator/src/index.ts';
import type { CallOutcome, Lease, TenantBudget } from '../../api/src/m365/budget.ts';
import { DeltaExpiredError, M365Error } from '../../api/src/m365/errors.ts';
import { readers } from '../../api/src/reads/readers.ts';
import { startTenant } from '../helpers/tenant.ts';
import { clientKit, type ClientKit } from './support/clients.ts';

function roomUpns(emulator: RunningEmulator): string[] {
  return [...emulator.tenant().mailboxes.values()]
    .filter((mailbox) => mailbox.recipientTypeDetails === 'RoomMailbox')
    .map((mailbox) => mailbox.primarySmtpAddress);
}

/** The real budget, with every outcome it is told about kept for the test to read. */
function recordingBudget(inner: TenantBudget): TenantBudget & { outcomes: CallOutcome[] } {
  const outcomes: CallOutcome[] = [];
  return {
    outcomes,
    async acquire(call): Promise<Lease> {
      const lease = await inner.acquire(call);
      return {
        release(outcome) {
          if (outcome) outcomes.push(outcome);
          lease.release(outcome);
        },
      };
    },
  };
}

describe('m365 Exchange replies that are not the usual success or 4xx', () => {
  let emulator: RunningEmulator;
  let kit: ClientKit;
  let rooms: string[];
  const faults = (path: string, body?: unknown) =>
    fetch(`${emulator.baseUrl}/emulator/tenants/${emulator.tenantId}${path}`, {
      method: body === undefined ? 'DELETE' : 'POST',
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(async (res) => assert.equal(res.status, 200, await res.text()));

  beforeAll(async () => {
    emulator = await startTenant({ tenants: [{ seed: 13, rooms: 12 }] });
    kit = clientKit(emulator);
    rooms = roomUpns(emulator);
  });
  afterAll(async () => {
    kit.transport.close();
    await emulator.close();
  });

  it('an error inside a 200 is the same M365Error a 4xx with that body gives, for reads and writes', async () => {
    await faults('/exchange/replies', { cmdlet: 'Get-Mailbox', reply: 'errorIn200' });
    await faults('/exchange/replies', { cmdlet: 'Set-CalendarProcessing', reply: 'errorIn200' });
    try {
      const missing = await kit
        .exchange('global-reader')
        .getMailbox('nobody@nowhere.example')
        .catch((error: unknown) => error);
      assert.ok(missing instanceof M365Error, String(missing));
      assert.equal(missing.status, 200);
      assert.equal(missing.kind, 'notFound');
      assert.equal(missing.code, 'ManagementObjectNotFoundException');
      assert.match(missing.message, /couldn't be found/);

      const refused = await kit
        .exchange('exchange-admin')
        .setCalendarProcessing(rooms[0] as string, { BookingWindowInDays: 5000 })
        .catch((error: unknown) => error);
      assert.ok(refused instanceof M365Error, `a write answered 200 with an error is not a success: ${JSON.stringify(refused)}`);
      assert.equal(refused.kind, 'badRequest');
      assert.match(refused.message, /BookingWindowInDays/);
    } finally {
      await faults('/exchange/faults');
    }
  });

  it('a 403 without a body is forbidden with a message that says why, and the read becomes unavailable', async () => {
    await faults('/exchange/replies', { cmdlet: 'Get-CalendarProcessing', reply: 'emptyForbidden', times: 2 });
    const room = rooms[1] as string;
    const error = await kit
      .exchange('global-reader')
      .getCalendarProcessing(room)
      .catch((failure: unknown) => failure);
    assert.ok(error instanceof M365Error, String(error));
    assert.equal(error.status, 403);
    assert.equal(error.kind, 'forbidden');
    assert.equal(error.code, 'AccessDenied');
    assert.match(error.message, /Exchange role/);
    const read = readers({ tenantId: emulator.tenantId, graph: kit.graph('global-reader'), exchange: kit.exchange('global-reader') });
    const source = await read.calendarProcessingOf(room, new Date().toISOString());
    assert.equal(source.status, 'unavailable');
    assert.equal(source.error?.code, 'AccessDenied');
  });

  it('a missing identity answered 404 is notFound, and the mailbox source says notFound', async () => {
    await faults('/exchange/replies', { cmdlet: 'Get-Mailbox', reply: 'notFound404' });
    try {
      const error = await kit
        .exchange('global-reader')
        .getMailbox('ghost@nowhere.example')
        .catch((failure: unknown) => failure);
      assert.ok(error instanceof M365Error, String(error));
      assert.equal(error.status, 404);
      assert.equal(error.kind, 'notFound');
      const read = readers({ tenantId: emulator.tenantId, graph: kit.graph('global-reader'), exchange: kit.exchange('global-reader') });
      assert.equal((await read.mailboxOf('ghost@nowhere.example', new Date().toISOString())).status, 'notFound');
    } finally {
      await faults('/exchange/faults');
    }
  });

  it('skips a malformed mailbox of a page (reporting it) and keeps the rest; unknown types and extra properties pass', async () => {
    const [broken, odd, extra] = rooms;
    await faults('/exchange/output', { cmdlet: 'Get-Mailbox', identity: broken, set: { PrimarySmtpAddress: 42 } });
    await faults('/exchange/output', { cmdlet: 'Get-Mailbox', identity: odd, set: { RecipientTypeDetails: 'TeamsRoomMailbox' } });
    await faults('/exchange/output', { cmdlet: 'Get-Mailbox', identity: extra, set: { SomethingNew: { nested: true } } });
    try {
      const skipped: string[] = [];
      const listed: string[] = [];
      for await (const mailbox of kit
        .exchange('global-reader', { onUnreadable: (_cmdlet, reason) => skipped.push(reason) })
        .listMailboxes())
        listed.push(mailbox.PrimarySmtpAddress);
      assert.deepEqual(new Set(listed), new Set(rooms.filter((room) => room !== broken)));
      assert.equal(skipped.length, 1);
      assert.match(skipped[0] ?? '', /PrimarySmtpAddress/);
    } finally {
      await faults('/exchange/faults');
    }
  });

  it('an unknown AutomateProcessing value fails only that read, with code unexpected_value', async () => {
    const room = rooms[2] as string;
    await faults('/exchange/output', {
      cmdlet: 'Get-CalendarProcessing',
      identity: room,
      set: { AutomateProcessing: 'AutoAcceptAndDecline' },
    });
    try {
      const error = await kit
        .exchange('global-reader')
        .getCalendarProcessing(room)
        .catch((failure: unknown) => failure);
      assert.ok(error instanceof M365Error, String(error));
      assert.equal(error.code, 'unexpected_value');
      assert.match(error.message, /AutomateProcessing.*"AutoAcceptAndDecline"/);
      assert.equal(
        (await kit.exchange('global-reader').getCalendarProcessing(rooms[3] as string)).Identity !== undefined,
        true,
        'another room still reads',
      );
    } finally {
      await faults('/exchange/faults');
    }
  });

  it('a delta link answered 410 with an unfamiliar code, or 400 SyncStateNotFound, is DeltaExpiredError', async () => {
    const graph = kit.graph('global-reader');
    const select = ['id', 'displayName'];
    const first = await graph.usersDelta({ select });
    await faults('/delta/expire', { status: 410, code: 'BrandNewResetCode' });
    const gone = await graph.usersDelta({ deltaLink: first.deltaLink, select }).catch((failure: unknown) => failure);
    assert.ok(gone instanceof DeltaExpiredError, String(gone));
    assert.equal(gone.status, 410);
    assert.equal(gone.code, 'BrandNewResetCode');
    const second = await graph.usersDelta({ select });
    await faults('/delta/expire', { status: 400 });
    const expired = await graph.usersDelta({ deltaLink: second.deltaLink, select }).catch((failure: unknown) => failure);
    assert.ok(expired instanceof DeltaExpiredError, String(expired));
    assert.equal(expired.code, 'SyncStateNotFound');
  });
});

describe('m365 Exchange rate-limit headers', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startTenant({ tenants: [{ seed: 14, rooms: 5 }], profile: 'realistic', timeScale: 10 });
  });
  afterAll(() => emulator.close());

  it('reach the budget in the call outcome, and ride on an M365Error', async () => {
    const base = clientKit(emulator);
    const budget = recordingBudget(base.budgets.forTenant(emulator.tenantId));
    const kit = clientKit(emulator, budget);
    try {
      const room = roomUpns(emulator)[0] as string;
      await kit.exchange('global-reader').getMailbox(room);
      const outcome = budget.outcomes.at(-1);
      assert.equal(outcome?.status, 200);
      assert.ok(outcome?.rateLimit, 'the outcome carries the rate-limit headers');
      assert.equal(typeof outcome.rateLimit.limit, 'number');
      assert.equal(typeof outcome.rateLimit.remaining, 'number');
      assert.ok((outcome.rateLimit.remaining ?? Infinity) < (outcome.rateLimit.limit ?? 0), 'this call was counted');
      assert.ok(!Number.isNaN(Date.parse(outcome.rateLimit.reset ?? '')), `reset is a date: ${outcome.rateLimit.reset}`);
      assert.equal(typeof outcome.rateLimit.concurrency, 'number');

      const error = await kit
        .exchange('global-reader')
        .getMailbox('nobody@nowhere.example')
        .catch((failure: unknown) => failure);
      assert.ok(error instanceof M365Error && error.kind === 'notFound', String(error));
      assert.equal(typeof error.rateLimit?.remaining, 'number');
      assert.equal(budget.outcomes.at(-1)?.status, 400);
      assert.ok(budget.outcomes.at(-1)?.rateLimit);
    } finally {
      kit.transport.close();
      base.transport.close();
    }
  });
});

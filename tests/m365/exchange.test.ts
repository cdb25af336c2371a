import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { RunningEmulator } from '../../emulator/src/index.ts';
import { unlimitedBudget } from '../../api/src/m365/budget.ts';
import { M365Error } from '../../api/src/m365/errors.ts';
import { startTenant } from '../helpers/tenant.ts';
import { EXCHANGE_SCOPE } from '../helpers/tokens.ts';
import { clientKit, everythingAbout, scriptedGate, type ClientKit } from './support/clients.ts';

function roomAddresses(emulator: RunningEmulator): string[] {
  return [...emulator.tenant().mailboxes.values()]
    .filter((mailbox) => mailbox.recipientTypeDetails === 'RoomMailbox')
    .map((mailbox) => mailbox.primarySmtpAddress);
}

describe('m365 ExchangeClient against the emulator', () => {
  let emulator: RunningEmulator;
  let kit: ClientKit;
  let room: string;
  beforeAll(async () => {
    emulator = await startTenant({ tenants: [{ seed: 5, rooms: 1100 }] });
    kit = clientKit(emulator);
    room = roomAddresses(emulator)[0] as string;
  });
  afterAll(async () => {
    kit.transport.close();
    await emulator.close();
  });

  it('lists every room mailbox across pages of 1,000, re-POSTing the same body to each nextLink', async () => {
    kit.transport.calls.length = 0;
    const listed: string[] = [];
    for await (const mailbox of kit.exchange('global-reader').listMailboxes()) listed.push(mailbox.PrimarySmtpAddress);
    assert.deepEqual(new Set(listed), new Set(roomAddresses(emulator)));
    assert.equal(listed.length, roomAddresses(emulator).length, 'no duplicates');
    const posts = kit.transport.calls;
    assert.equal(posts.length, 2);
    assert.ok(posts[1]?.url.searchParams.has('$skiptoken'));
    assert.deepEqual(posts[1]?.body, posts[0]?.body);
    assert.deepEqual(posts[0]?.body, {
      CmdletInput: { CmdletName: 'Get-Mailbox', Parameters: { RecipientTypeDetails: ['RoomMailbox'], ResultSize: 'Unlimited' } },
    });
    assert.equal(posts[0]?.headers.prefer, 'odata.maxpagesize=1000');
    assert.equal(posts[0]?.headers['x-cmdletname'], 'Get-Mailbox');
    assert.equal(posts[0]?.headers['x-responseformat'], 'json');
    assert.match(posts[0]?.headers['x-anchormailbox'] ?? '', /^APP:SystemMailbox\{bb558c35-97f1-4cb9-8ff7-d53741dc928c\}@/);
  });

  it('reads a mailbox and its calendar processing, anchored on the mailbox', async () => {
    const exchange = kit.exchange('global-reader');
    kit.transport.calls.length = 0;
    const mailbox = await exchange.getMailbox(room);
    assert.equal(mailbox.RecipientTypeDetails, 'RoomMailbox');
    assert.equal(mailbox.PrimarySmtpAddress, room);
    assert.equal(mailbox.ExternalDirectoryObjectId, emulator.tenant().mailboxByIdentity(room)?.userId);
    const settings = await exchange.getCalendarProcessing(room);
    assert.ok(['None', 'AutoUpdate', 'AutoAccept'].includes(settings.AutomateProcessing));
    assert.equal(typeof settings.DeleteComments, 'boolean');
    assert.equal(kit.transport.calls[1]?.headers['x-anchormailbox'], `UPN:${room}`);
    assert.equal(kit.transport.calls[1]?.headers['x-cmdletname'], 'Get-CalendarProcessing');
  });

  it('writes calendar processing and surfaces the "nothing changed" warning on a repeat', async () => {
    const exchange = kit.exchange('exchange-recipient-admin');
    const params = { DeleteComments: false, DeleteSubject: false, AddOrganizerToSubject: false, ProcessExternalMeetingMessages: true };
    const first = await exchange.setCalendarProcessing(room, {
      ...params,
      AdditionalResponse: `written ${Date.now()}`,
      AddAdditionalResponse: true,
    });
    assert.deepEqual(first.warnings, []);
    const read = await exchange.getCalendarProcessing(room);
    assert.equal(read.DeleteComments, false);
    assert.equal(read.ProcessExternalMeetingMessages, true);
    const repeat = await exchange.setCalendarProcessing(room, params);
    assert.equal(repeat.warnings.length, 1);
    assert.match(repeat.warnings[0] ?? '', /no settings|not been modified|modified/i);
  });

  it("reports a missing mailbox as notFound with Exchange's code and message", async () => {
    const error = await kit
      .exchange('global-reader')
      .getCalendarProcessing('nobody@nowhere.example')
      .catch((failure: unknown) => failure);
    assert.ok(error instanceof M365Error);
    assert.equal(error.kind, 'notFound');
    assert.equal(error.service, 'exchange');
    assert.equal(error.code, 'ManagementObjectNotFoundException');
    assert.match(error.message, /^The operation couldn't be performed because object 'nobody@nowhere.example' couldn't be found/);
    assert.ok(error.requestId);
  });

  it("surfaces a Set-CalendarProcessing validation error with Exchange's own words", async () => {
    const error = await kit
      .exchange('exchange-recipient-admin')
      .setCalendarProcessing(room, { BookingWindowInDays: 5000 })
      .catch((failure: unknown) => failure);
    assert.ok(error instanceof M365Error);
    assert.equal(error.kind, 'badRequest');
    assert.equal(error.status, 400);
    assert.equal(error.code, 'ParameterBindingValidationException');
    assert.match(
      error.message,
      /^Cannot validate argument on parameter 'BookingWindowInDays'\. The 5000 argument is greater than the maximum allowed range of 1080/,
    );
    assert.equal(error.attempts, 1, 'a validation error is never retried');
  });

  it('turns a refused write into kind forbidden carrying the service code, with no token anywhere', async () => {
    const token = await kit.token('global-reader', EXCHANGE_SCOPE);
    const error = await kit
      .exchange('global-reader')
      .setCalendarProcessing(room, { DeleteComments: false })
      .catch((failure: unknown) => failure);
    assert.ok(error instanceof M365Error);
    assert.equal(error.kind, 'forbidden');
    assert.equal(error.status, 403);
    assert.equal(error.code, 'CmdletAccessDeniedException');
    assert.match(error.message, /isn't assigned to any management roles that grant access to the cmdlet 'Set-CalendarProcessing'/);
    assert.ok(!everythingAbout(error).includes(token));
    assert.ok(!everythingAbout(error).includes(token.split('.')[2] as string), 'not even the signature');
  });

  it('reads and writes a place', async () => {
    const exchange = kit.exchange('exchange-admin');
    const written = await exchange.setPlace(room, { Building: 'Building 42', Floor: 3, Capacity: 12, Tags: ['video'] });
    assert.deepEqual(written.warnings, []);
    const place = await exchange.getPlace(room);
    assert.equal(place.Building, 'Building 42');
    assert.equal(place.Floor, 3);
    assert.equal(place.Capacity, 12);
  });
});

describe('m365 ExchangeClient retries and pacing', () => {
  it('waits at least the Retry-After a 429 asked for, then succeeds', async () => {
    const gate = scriptedGate((call, nth) =>
      call.api === 'InvokeCommand Get-CalendarProcessing' && nth === 1
        ? { kind: 'throttle', retryAfterSeconds: 1, scope: 'test', reason: 'CmdletRateLimitExceeded' }
        : undefined,
    );
    const emulator = await startTenant({ tenants: [{ seed: 6, rooms: 3 }], gate });
    const kit = clientKit(emulator);
    try {
      const room = roomAddresses(emulator)[0] as string;
      const exchange = kit.exchange('global-reader');
      await kit.token('global-reader', EXCHANGE_SCOPE);
      const started = Date.now();
      await exchange.getCalendarProcessing(room);
      const waited = Date.now() - started;
      assert.ok(waited >= 950, `waited ${waited} ms for Retry-After: 1`);
      assert.deepEqual(
        kit.transport.calls.map((call) => call.status),
        [429, 200],
      );
    } finally {
      kit.transport.close();
      await emulator.close();
    }
  });

  it('retries a dropped connection and a 503 transparently', async () => {
    const gate = scriptedGate((call, nth) => {
      if (call.api !== 'InvokeCommand Get-Mailbox') return undefined;
      if (nth === 1) return { kind: 'drop' };
      if (nth === 2) return { kind: 'fault', status: 503 };
      return undefined;
    });
    const emulator = await startTenant({ tenants: [{ seed: 6, rooms: 3 }], gate });
    const kit = clientKit(emulator);
    try {
      const mailbox = await kit.exchange('global-reader', { retry: { baseDelayMs: 20 } }).getMailbox(roomAddresses(emulator)[0] as string);
      assert.equal(mailbox.RecipientTypeDetails, 'RoomMailbox');
      assert.deepEqual(
        kit.transport.calls.map((call) => call.status),
        ['network', 503, 200],
      );
    } finally {
      kit.transport.close();
      await emulator.close();
    }
  });

  it('gives up at the deadline with a typed throttled error', async () => {
    const gate = scriptedGate((call) =>
      call.service === 'exchange'
        ? { kind: 'throttle', retryAfterSeconds: 1, scope: 'test', reason: 'CmdletRateLimitExceeded' }
        : undefined,
    );
    const emulator = await startTenant({ tenants: [{ seed: 6, rooms: 3 }], gate });
    const kit = clientKit(emulator);
    try {
      await kit.token('global-reader', EXCHANGE_SCOPE);
      const started = Date.now();
      const error = await kit
        .exchange('global-reader')
        .getMailbox(roomAddresses(emulator)[0] as string, { deadlineMs: 2500 })
        .catch((failure: unknown) => failure);
      const elapsed = Date.now() - started;
      assert.ok(error instanceof M365Error);
      assert.equal(error.kind, 'throttled');
      assert.equal(error.code, 'ThrottlingException');
      assert.equal(error.gaveUp, 'deadline');
      assert.ok(error.attempts >= 2 && error.attempts <= 3, `attempts ${error.attempts}`);
      assert.ok(elapsed < 3000, `stopped after ${elapsed} ms`);
      assert.match(error.message, /Micro delay applied/);
    } finally {
      kit.transport.close();
      await emulator.close();
    }
  });

  it('keeps 30 parallel reads under the realistic Exchange limits without a single 429', async () => {
    const emulator = await startTenant({ tenants: [{ seed: 7, rooms: 30 }], profile: 'realistic', timeScale: 10 });
    const kit = clientKit(emulator);
    try {
      const exchange = kit.exchange('global-reader');
      const rooms = roomAddresses(emulator).slice(0, 30);
      const results = await Promise.all(rooms.map((room) => exchange.getCalendarProcessing(room)));
      assert.equal(results.length, 30);
      assert.equal(emulator.context.stats.snapshot().totals.throttled, 0);
      assert.ok(kit.transport.calls.every((call) => call.status === 200));
    } finally {
      kit.transport.close();
      await emulator.close();
    }
  });

  it('without the budget the same burst draws 429s, which retries still absorb', async () => {
    // Real time (k = 1): each call takes 250-400 ms, so the nine overlap even on a machine too busy to send them
    // at once (at k = 10 they took 25-40 ms and sometimes did not overlap).
    const emulator = await startTenant({ tenants: [{ seed: 7, rooms: 9 }], profile: 'realistic', timeScale: 1 });
    const kit = clientKit(emulator, unlimitedBudget);
    try {
      // One call per request: batched, the nine would share one envelope and one concurrency slot.
      const exchange = kit.exchange('global-reader', { batch: false });
      const rooms = roomAddresses(emulator).slice(0, 9);
      const results = await Promise.all(rooms.map((room) => exchange.getCalendarProcessing(room)));
      assert.equal(results.length, 9);
      assert.ok(emulator.context.stats.snapshot().totals.throttled > 0, 'more than 3 calls in flight per user are refused');
    } finally {
      kit.transport.close();
      await emulator.close();
    }
  });
});

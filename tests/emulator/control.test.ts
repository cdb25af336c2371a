import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { SKU, type RunningEmulator } from '../../emulator/src/index.ts';
import { seedManifest } from '../../emulator/src/tenant/seed.ts';
import { startTenant } from '../helpers/tenant.ts';
import { GRAPH_SCOPE, oboToken } from '../helpers/tokens.ts';

interface Reply {
  status: number;
  body: Record<string, unknown>;
}

describe('emulator control API', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startTenant({
      tenants: [
        { seed: 21, rooms: 60 },
        { seed: 22, rooms: 10, region: 'GCC' },
      ],
    });
  });
  afterAll(() => emulator.close());

  const control = async (method: string, path: string, body?: unknown): Promise<Reply> => {
    const res = await fetch(`${emulator.baseUrl}/emulator${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };
  const tenantPath = (suffix: string) => `/tenants/${emulator.tenantId}${suffix}`;
  const errorOf = (reply: Reply) => reply.body.error as { code: string; message: string };
  const someone = (scenario: string) => {
    const id = seedManifest(emulator.tenant()).byScenario[scenario]?.[0];
    assert.ok(id, `a ${scenario} account`);
    return emulator.tenant().users.get(id)!;
  };

  it('lists tenants with ids, domains, counts, scenarios and buildings', async () => {
    const { status, body } = await control('GET', '/tenants');
    assert.equal(status, 200);
    const tenants = body.value as {
      id: string;
      domain: string;
      region: string;
      counts: Record<string, number>;
      scenarios: Record<string, number>;
      buildings: string[];
    }[];
    assert.equal(tenants.length, 2);
    const [first, second] = tenants;
    assert.equal(first?.id, emulator.tenantId);
    assert.equal(first?.domain, emulator.tenant().domain);
    assert.equal(first?.counts.roomMailboxes, 60);
    assert.equal(first?.counts.users, emulator.tenant().users.size);
    assert.ok((first?.scenarios.compliant ?? 0) > 0);
    assert.ok(first?.buildings.includes('SEA-B1'));
    assert.equal(second?.region, 'GCC');
  });

  it('reads and changes the traffic profile and its knobs at run time', async () => {
    const initial = await control('GET', '/profile');
    assert.equal(initial.status, 200);
    assert.equal(initial.body.profile, 'none');
    const chaos = await control('PUT', '/profile', { profile: 'chaos', rate429: 0.2, graphLatencyMs: [1, 2] });
    assert.equal(chaos.status, 200);
    assert.equal(chaos.body.profile, 'chaos');
    assert.deepEqual(chaos.body.overrides, { rate429: 0.2, graphLatencyMs: [1, 2] });
    const knobOnly = await control('PUT', '/profile', { rate503: 0 });
    assert.equal(knobOnly.body.profile, 'chaos', 'without a profile only the given knobs change');
    assert.equal((knobOnly.body.knobs as Record<string, unknown>).rate429, 0.2);
    assert.equal(emulator.traffic?.current().knobs.rate503, 0);
    for (const bad of [{ rate429: 2 }, { profile: 'turbo' }, { rate4290: 0.1 }, { graphLatencyMs: [5, 1] }, { timeScale: 0 }]) {
      const reply = await control('PUT', '/profile', bad);
      assert.equal(reply.status, 400, JSON.stringify(bad));
      assert.equal(errorOf(reply).code, 'invalidBody');
    }
    assert.match(errorOf(await control('PUT', '/profile', { rate429: 2 })).message, /rate429/);
    await control('PUT', '/profile', { profile: 'none' });
  });

  it('resets the counters', async () => {
    emulator.context.stats.call('GET /users');
    assert.equal((await control('POST', '/stats/reset')).status, 200);
    const stats = await control('GET', '/stats');
    assert.deepEqual(stats.body.totals, { calls: 0, throttled: 0, faults: 0, writes: 0, reads: 0 });
  });

  it('creates a room (user, room mailbox, place) and records it for delta', async () => {
    const tenant = emulator.tenant();
    const seq = tenant.currentSeq;
    const created = await control('POST', tenantPath('/rooms'), { displayName: 'Lobby Huddle (4)', building: 'SEA-B1' });
    assert.equal(created.status, 201);
    const userId = String(created.body.userId);
    assert.equal(tenant.users.get(userId)?.displayName, 'Lobby Huddle (4)');
    assert.equal(tenant.mailboxes.get(userId)?.recipientTypeDetails, 'RoomMailbox');
    assert.equal(tenant.places.get(String(created.body.placeId))?.building, 'SEA-B1');
    assert.ok(tenant.changedSince(seq).some((entry) => entry.userId === userId));
    assert.equal(seedManifest(tenant).scenarios.get(userId), 'exchange-defaults');
    assert.ok(seedManifest(tenant).resourceAccountIds.has(userId));
    const compliant = await control('POST', tenantPath('/rooms'), { scenario: 'compliant' });
    assert.equal(compliant.status, 201);
    assert.equal(tenant.users.get(String(compliant.body.userId))?.passwordPolicies, 'DisablePasswordExpiration');

    assert.match(errorOf(await control('POST', tenantPath('/rooms'), { building: 'XYZ-B9' })).message, /Unknown building 'XYZ-B9'.*SEA-B1/);
    assert.match(errorOf(await control('POST', tenantPath('/rooms'), { scenario: 'haunted' })).message, /Unknown scenario/);
    assert.equal((await control('POST', tenantPath('/rooms'), { capacity: 9 })).status, 400);
    assert.equal((await control('POST', '/tenants/nope.onmicrosoft.com/rooms', {})).status, 404);
  });

  it('changes Entra fields of a user, as another admin would, bumping delta', async () => {
    const tenant = emulator.tenant();
    const room = someone('compliant');
    const seq = tenant.currentSeq;
    const reply = await control('PATCH', tenantPath(`/users/${room.id}`), {
      accountEnabled: false,
      usageLocation: 'DE',
      passwordPolicies: null,
    });
    assert.equal(reply.status, 200);
    assert.equal(room.accountEnabled, false);
    assert.equal(room.usageLocation, 'DE');
    assert.equal(room.passwordPolicies, null);
    assert.deepEqual(
      tenant.changedSince(seq).map((entry) => entry.userId),
      [room.id],
    );
    const token = await oboToken(emulator, 'global-reader', GRAPH_SCOPE);
    const seen = await fetch(`${emulator.baseUrl}/v1.0/users/${room.id}?$select=accountEnabled,usageLocation`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(seen.status, 200);
    const asGraphSeesIt = (await seen.json()) as { accountEnabled: boolean; usageLocation: string };
    assert.equal(asGraphSeesIt.accountEnabled, false);
    assert.equal(asGraphSeesIt.usageLocation, 'DE');
    const byUpn = await control('PATCH', tenantPath(`/users/${encodeURIComponent(room.userPrincipalName)}`), {
      passwordProfile: { forceChangePasswordNextSignIn: true },
    });
    assert.equal(byUpn.status, 200);
    assert.equal(room.passwordProfile.forceChangePasswordNextSignIn, true);

    assert.match(errorOf(await control('PATCH', tenantPath(`/users/${room.id}`), { usageLocation: 'Germany' })).message, /usageLocation/);
    assert.match(errorOf(await control('PATCH', tenantPath(`/users/${room.id}`), { favouriteColour: 'blue' })).message, /favouriteColour/);
    assert.match(
      errorOf(await control('PATCH', tenantPath(`/users/${room.id}`), { passwordPolicies: 'NeverExpire' })).message,
      /passwordPolicies/,
    );
    const other = someone('ordinary-user');
    assert.equal(
      errorOf(await control('PATCH', tenantPath(`/users/${room.id}`), { userPrincipalName: other.userPrincipalName })).code,
      'upnInUse',
    );
    assert.equal(
      errorOf(await control('PATCH', tenantPath(`/users/${room.id}`), { userPrincipalName: 'x@elsewhere.com' })).code,
      'unverifiedDomain',
    );
    assert.equal((await control('PATCH', tenantPath('/users/00000000-0000-4000-8000-000000000000'), { accountEnabled: true })).status, 404);
    assert.equal(errorOf(await control('PATCH', tenantPath(`/users/${room.id}`), '{"accountEnabled":')).code, 'invalidJson');
  });

  it('changes calendar processing as if done in Exchange, validating values', async () => {
    const room = someone('delete-comments');
    const reply = await control('PATCH', tenantPath(`/mailboxes/${encodeURIComponent(room.userPrincipalName)}/calendar-processing`), {
      DeleteComments: false,
      AutomateProcessing: 'AutoUpdate',
      BookingWindowInDays: 365,
    });
    assert.equal(reply.status, 200);
    const processing = emulator.tenant().mailboxes.get(room.id)?.calendarProcessing;
    assert.equal(processing?.DeleteComments, false);
    assert.equal(processing?.AutomateProcessing, 'AutoUpdate');
    assert.equal(processing?.BookingWindowInDays, 365);
    const bad = await control('PATCH', tenantPath(`/mailboxes/${room.id}/calendar-processing`), {
      BookingWindowInDays: 1081,
      AutomateProcessing: 'Sometimes',
    });
    assert.equal(bad.status, 400);
    assert.match(errorOf(bad).message, /BookingWindowInDays.*AutomateProcessing|AutomateProcessing.*BookingWindowInDays/);
    assert.equal(processing?.BookingWindowInDays, 365, 'a rejected change changes nothing');
    assert.equal((await control('PATCH', tenantPath('/mailboxes/nobody@nowhere/calendar-processing'), {})).status, 404);
  });

  it('removes a license and deletes a user, both visible to delta', async () => {
    const tenant = emulator.tenant();
    const room = someone('basic-license');
    const seq = tenant.currentSeq;
    const removed = await control('POST', tenantPath(`/users/${room.id}/licenses/remove`), { skuId: SKU.roomsBasic.skuId });
    assert.equal(removed.status, 200);
    assert.deepEqual(room.assignedLicenses, []);
    assert.equal(
      errorOf(await control('POST', tenantPath(`/users/${room.id}/licenses/remove`), { skuId: SKU.roomsBasic.skuId })).code,
      'licenseNotAssigned',
    );
    assert.equal((await control('POST', tenantPath(`/users/${room.id}/licenses/remove`), { skuId: 'basic' })).status, 400);

    const doomed = someone('hidden-from-gal');
    const email = tenant.mailboxes.get(doomed.id)?.primarySmtpAddress ?? '';
    assert.equal((await control('DELETE', tenantPath(`/users/${doomed.id}`))).status, 204);
    assert.equal(tenant.users.has(doomed.id), false);
    assert.equal(tenant.mailboxes.has(doomed.id), false);
    assert.equal(tenant.placeByIdOrEmail(email), undefined);
    const changes = tenant.changedSince(seq);
    assert.ok(changes.some((entry) => entry.userId === room.id && !entry.removed));
    assert.ok(changes.some((entry) => entry.userId === doomed.id && entry.removed));
    assert.equal((await control('DELETE', tenantPath(`/users/${doomed.id}`))).status, 404);
  });

  it('revokes and restores consent, per user and tenant-wide, as the token endpoint sees it', async () => {
    const admin = emulator.tenant().userByIdOrUpn(`grace.global@${emulator.tenant().domain}`);
    assert.ok(admin);
    const consentRequired = (error: unknown) =>
      /consent_required|AADSTS65001|has not consented/.test(JSON.stringify(error) + String(error));
    assert.equal((await control('POST', tenantPath('/consent'), { userId: admin.id, granted: false })).status, 200);
    await assert.rejects(oboToken(emulator, 'global-admin', GRAPH_SCOPE), consentRequired);
    assert.ok(await oboToken(emulator, 'global-reader', GRAPH_SCOPE), 'other users keep their consent');
    await control('POST', tenantPath('/consent'), { userId: admin.id, granted: true });
    assert.ok(await oboToken(emulator, 'global-admin', GRAPH_SCOPE));

    const revoked = await control('POST', tenantPath('/consent'), { granted: false });
    assert.equal(revoked.body.tenantWideConsent, false);
    await assert.rejects(oboToken(emulator, 'global-reader', GRAPH_SCOPE), consentRequired);
    const restored = await control('POST', tenantPath('/consent'), { granted: true });
    assert.equal(restored.body.tenantWideConsent, true);
    assert.ok(await oboToken(emulator, 'global-reader', GRAPH_SCOPE));
    assert.equal((await control('POST', tenantPath('/consent'), { granted: 'no' })).status, 400);
    assert.equal((await control('POST', tenantPath('/consent'), { granted: false, clientId: 'unknown-app' })).status, 404);
  });

  it('requires and clears MFA for a user, as Conditional Access would', async () => {
    const admin = emulator.tenant().userByIdOrUpn(`ethan.exchange@${emulator.tenant().domain}`);
    assert.ok(admin);
    await control('POST', tenantPath('/mfa'), { userId: admin.id, required: true });
    assert.ok(emulator.tenant().mfaRequiredUsers.has(admin.id));
    await assert.rejects(oboToken(emulator, 'exchange-admin', GRAPH_SCOPE), (error) =>
      /interaction_required/.test(JSON.stringify(error) + String(error)),
    );
    await control('POST', tenantPath('/mfa'), { userId: admin.id, required: false });
    assert.ok(await oboToken(emulator, 'exchange-admin', GRAPH_SCOPE));
    assert.equal((await control('POST', tenantPath('/mfa'), { userId: admin.id })).status, 400);
    assert.equal((await control('POST', tenantPath('/mfa'), { userId: 'ghost', required: true })).status, 404);
  });

  it('answers unknown control routes with 404, and reseeds on reset', async () => {
    assert.equal((await control('GET', '/nothing-here')).status, 404);
    const before = emulator.tenant().users.size;
    await control('POST', tenantPath('/rooms'), {});
    assert.equal(emulator.tenant().users.size, before + 1);
    assert.equal((await control('POST', '/reset')).status, 200);
    const fresh = emulator.tenant();
    assert.equal([...fresh.mailboxes.values()].filter((mailbox) => mailbox.recipientTypeDetails === 'RoomMailbox').length, 60);
    assert.equal(fresh.id, emulator.tenantId);
  });
});

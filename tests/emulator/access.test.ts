import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { ROLE, type RunningEmulator } from '../../emulator/src/index.ts';
import type { EmMailbox, Tenant } from '../../emulator/src/tenant/model.ts';
import { demoToken, startTenant } from '../helpers/tenant.ts';
import { EXCHANGE_SCOPE, GRAPH_SCOPE, oboToken } from '../helpers/tokens.ts';

/** The default "member" entry Entra adds to every user's `wids`. */
const MEMBER = 'b79fbf4d-3ef9-4689-8143-76b194e85509';

const claims = (token: string) => JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { wids?: string[] };

/**
 * Issue 11: access comes from the tenant's assignments (Exchange role groups, roles scoped to an
 * administrative unit, roles through a role-assignable group), and the token's `wids` carries only the
 * tenant-wide roles assigned to the user directly (docs/microsoft-365.md#who-may-write).
 */
describe('emulator access from tenant assignments', () => {
  let emulator: RunningEmulator;
  let tenant: Tenant;
  const tokens = new Map<string, Promise<string>>();
  const token = (persona: string, scope: string) => {
    const key = `${persona}|${scope}`;
    if (!tokens.has(key)) tokens.set(key, oboToken(emulator, persona, scope));
    return tokens.get(key) as Promise<string>;
  };
  const invoke = async (persona: string, cmdletName: string, parameters: Record<string, unknown>) => {
    const res = await fetch(`${emulator.baseUrl}/adminapi/beta/${emulator.tenantId}/InvokeCommand`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await token(persona, EXCHANGE_SCOPE)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ CmdletInput: { CmdletName: cmdletName, Parameters: parameters } }),
    });
    return { status: res.status, body: (await res.json()) as { error?: { code: string } } };
  };
  const graph = async (persona: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${emulator.baseUrl}/v1.0${path}`, {
      method,
      headers: { authorization: `Bearer ${await token(persona, GRAPH_SCOPE)}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return {
      status: res.status,
      body: (text ? JSON.parse(text) : {}) as { error?: { code: string }; value?: { roleTemplateId: string }[] },
    };
  };
  const writes = (operation: string, target: string) =>
    emulator.context.stats.snapshot().writes[`${operation} ${target.toLowerCase()}`] ?? 0;
  const rooms = () => [...tenant.mailboxes.values()].filter((mailbox) => mailbox.recipientTypeDetails === 'RoomMailbox');
  const unit = () => [...tenant.administrativeUnits.values()][0] ?? assert.fail('no administrative unit seeded');
  const inUnit = (inside: boolean): EmMailbox =>
    rooms().find((mailbox) => unit().memberIds.has(mailbox.userId) === inside) ??
    assert.fail(`no room ${inside ? 'in' : 'outside'} the unit`);
  const placeOf = (mailbox: EmMailbox) =>
    tenant.placeByIdOrEmail(mailbox.primarySmtpAddress) ?? assert.fail(`no place for ${mailbox.primarySmtpAddress}`);
  const withPlace = () =>
    rooms().find((mailbox) => tenant.placeByIdOrEmail(mailbox.primarySmtpAddress)) ?? assert.fail('no room with a place');

  beforeAll(async () => {
    emulator = await startTenant({ tenants: [{ seed: 5, rooms: 40 }] });
    tenant = emulator.tenant();
  });
  afterAll(() => emulator.close());

  it('puts only directly assigned tenant-wide roles in wids: none for role groups, AU-scoped or group-assigned roles', async () => {
    for (const persona of ['exchange-org-management', 'exchange-recipient-management', 'au-user-admin', 'group-user-admin']) {
      assert.deepEqual(claims(await demoToken(emulator, persona)).wids, [MEMBER], `${persona} SSO token`);
      assert.deepEqual(claims(await token(persona, GRAPH_SCOPE)).wids, [MEMBER], `${persona} Graph token`);
    }
    assert.deepEqual(claims(await demoToken(emulator, 'user-admin')).wids, [ROLE.userAdmin, MEMBER]);
  });

  it('seeds the administrative unit deterministically: the Seattle room accounts, and only them', () => {
    const members = [...unit().memberIds];
    assert.ok(members.length > 0 && members.length < rooms().length, `${members.length} of ${rooms().length} rooms`);
    for (const id of members) assert.equal(tenant.users.get(id)?.city, 'Seattle');
  });

  it('Organization Management: every Exchange cmdlet we use, no Graph user, license or place write', async () => {
    const mailbox = withPlace();
    for (const cmdlet of ['Get-Mailbox', 'Get-CalendarProcessing', 'Get-Place'])
      assert.equal((await invoke('exchange-org-management', cmdlet, { Identity: mailbox.alias })).status, 200, cmdlet);
    assert.equal(
      (
        await invoke('exchange-org-management', 'Set-CalendarProcessing', {
          Identity: mailbox.alias,
          AllowConflicts: !mailbox.calendarProcessing.AllowConflicts,
        })
      ).status,
      200,
    );
    assert.equal(writes('Set-CalendarProcessing', mailbox.primarySmtpAddress), 1);
    assert.equal(
      (await invoke('exchange-org-management', 'Set-Mailbox', { Identity: mailbox.alias, MailTip: 'Org management was here' })).status,
      200,
    );
    assert.equal((await invoke('exchange-org-management', 'Set-Place', { Identity: mailbox.alias, Building: 'Org building' })).status, 200);
    assert.equal(placeOf(mailbox).building, 'Org building');

    const user = tenant.users.get(mailbox.userId) ?? assert.fail('no user');
    const enabled = user.accountEnabled;
    const patch = await graph('exchange-org-management', 'PATCH', `/users/${user.id}`, { accountEnabled: !enabled });
    assert.equal(patch.status, 403);
    assert.equal(patch.body.error?.code, 'Authorization_RequestDenied');
    assert.equal(user.accountEnabled, enabled);
    assert.equal(
      (await graph('exchange-org-management', 'POST', `/users/${user.id}/assignLicense`, { addLicenses: [], removeLicenses: [] })).status,
      403,
    );
    const place = await graph('exchange-org-management', 'PATCH', `/places/${placeOf(mailbox).id}`, {
      '@odata.type': 'microsoft.graph.room',
      capacity: 99,
    });
    assert.equal(place.status, 403);
  });

  it('Recipient Management: Exchange reads, Set-CalendarProcessing and Set-Mailbox; Set-Place refused (TenantPlacesManagement)', async () => {
    const mailbox = rooms()[3] ?? assert.fail('no room');
    for (const cmdlet of ['Get-Mailbox', 'Get-CalendarProcessing', 'Get-Place'])
      assert.equal((await invoke('exchange-recipient-management', cmdlet, { Identity: mailbox.alias })).status, 200, cmdlet);
    assert.equal(
      (
        await invoke('exchange-recipient-management', 'Set-CalendarProcessing', {
          Identity: mailbox.alias,
          DeleteComments: !mailbox.calendarProcessing.DeleteComments,
        })
      ).status,
      200,
    );
    assert.equal(
      (await invoke('exchange-recipient-management', 'Set-Mailbox', { Identity: mailbox.alias, MailTip: 'Recipients were here' })).status,
      200,
    );
    const before = writes('Set-Place', mailbox.primarySmtpAddress);
    const place = await invoke('exchange-recipient-management', 'Set-Place', { Identity: mailbox.alias, Building: 'Nope' });
    assert.equal(place.status, 403);
    assert.equal(place.body.error?.code, 'AccessDenied');
    assert.equal(writes('Set-Place', mailbox.primarySmtpAddress), before);
  });

  it('User Administrator scoped to the unit: PATCH /users accepted for its members, 403 Authorization_RequestDenied for others; not a directory role membership', async () => {
    const inside = tenant.users.get(inUnit(true).userId) ?? assert.fail();
    const outside = tenant.users.get(inUnit(false).userId) ?? assert.fail();
    assert.equal(
      (await graph('au-user-admin', 'PATCH', `/users/${inside.id}`, { passwordPolicies: 'DisablePasswordExpiration' })).status,
      204,
    );
    assert.equal(inside.passwordPolicies, 'DisablePasswordExpiration');
    const policies = outside.passwordPolicies;
    const refused = await graph('au-user-admin', 'PATCH', `/users/${outside.id}`, {
      passwordPolicies: policies === 'DisablePasswordExpiration' ? 'None' : 'DisablePasswordExpiration',
    });
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error?.code, 'Authorization_RequestDenied');
    assert.equal(outside.passwordPolicies, policies);
    assert.equal(
      (await invoke('au-user-admin', 'Get-Mailbox', { Identity: inUnit(true).alias })).status,
      403,
      'a User Administrator has no Exchange role',
    );
    assert.deepEqual((await graph('au-user-admin', 'GET', '/me/transitiveMemberOf/microsoft.graph.directoryRole')).body.value, []);
  });

  it('User Administrator through a role-assignable group: Graph accepts it and lists the role, the token does not', async () => {
    const target = tenant.users.get(inUnit(false).userId) ?? assert.fail();
    assert.equal((await graph('group-user-admin', 'PATCH', `/users/${target.id}`, { accountEnabled: true })).status, 204);
    const roles = (await graph('group-user-admin', 'GET', '/me/transitiveMemberOf/microsoft.graph.directoryRole')).body.value ?? [];
    assert.deepEqual(
      roles.map((role) => role.roleTemplateId),
      [ROLE.userAdmin],
    );
  });

  it('decides on the assignments as they are now: leaving the role group takes effect with the same token', async () => {
    const mailbox = rooms()[5] ?? assert.fail('no room');
    assert.equal((await invoke('exchange-recipient-management', 'Get-CalendarProcessing', { Identity: mailbox.alias })).status, 200);
    const user = tenant.userByIdOrUpn(`rosa.recipients@${tenant.domain}`) ?? assert.fail('no persona user');
    const members = tenant.exchangeRoleGroupMembers.get('Recipient Management') ?? assert.fail('no members');
    members.delete(user.id);
    try {
      assert.equal((await invoke('exchange-recipient-management', 'Get-CalendarProcessing', { Identity: mailbox.alias })).status, 403);
    } finally {
      members.add(user.id);
    }
  });
});

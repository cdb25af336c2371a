import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { ROLE, type RunningEmulator } from '../../emulator/src/index.ts';
import { startTenant } from '../helpers/tenant.ts';
import { EXCHANGE_SCOPE, GRAPH_SCOPE, msalClient, oboToken } from '../helpers/tokens.ts';
import { addSubscription, addUser, graph, pageAll } from './graphFixtures.ts';

const EVENTUAL = { ConsistencyLevel: 'eventual' };
const DEFAULT_PROPERTIES = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
];

describe('emulator: Graph users', () => {
  let emulator: RunningEmulator;
  const tokens = new Map<string, string>();
  const token = async (persona: string) => {
    let value = tokens.get(persona);
    if (!value) {
      value = await oboToken(emulator, persona, GRAPH_SCOPE);
      tokens.set(persona, value);
    }
    return value;
  };
  let skuA: string;
  let skuB: string;

  beforeAll(async () => {
    emulator = await startTenant({ tenants: [{ seed: 21, rooms: 5 }] });
    const tenant = emulator.tenant();
    skuA = addSubscription(tenant, 'GT_SKU_A', 50);
    skuB = addSubscription(tenant, 'GT_SKU_B', 50);
    addUser(tenant, 'gt-lic-a', { department: 'GT-Licensed', assignedLicenses: [{ skuId: skuA, disabledPlans: [] }] });
    addUser(tenant, 'gt-lic-b', { department: 'GT-Licensed', assignedLicenses: [{ skuId: skuB, disabledPlans: [] }] });
    addUser(tenant, 'gt-lic-ab', {
      department: 'GT-Licensed',
      assignedLicenses: [
        { skuId: skuA, disabledPlans: [] },
        { skuId: skuB, disabledPlans: [] },
      ],
    });
    addUser(tenant, 'gt-disabled', { department: 'GT-Other', accountEnabled: false });
    addUser(tenant, 'gt-guest', { department: 'GT-Other', userType: 'Guest', displayName: "gt O'Guest" });
    for (let index = 0; index < 110; index += 1) addUser(tenant, `gt-bulk-${String(index).padStart(3, '0')}`, { department: 'GT-Bulk' });
  });
  afterAll(() => emulator.close());

  it('refuses a missing token and a token for the Exchange audience with 401 and a Bearer challenge', async () => {
    const anonymous = await fetch(`${emulator.baseUrl}/v1.0/users`, { headers: { 'client-request-id': 'abc-123' } });
    assert.equal(anonymous.status, 401);
    assert.match(anonymous.headers.get('www-authenticate') ?? '', /^Bearer realm="", authorization_uri="/);
    assert.equal(anonymous.headers.get('client-request-id'), 'abc-123');
    const body = (await anonymous.json()) as { error: { code: string; message: string; innerError: Record<string, string> } };
    assert.equal(body.error.code, 'InvalidAuthenticationToken');
    assert.equal(body.error.innerError['client-request-id'], 'abc-123');
    assert.equal(body.error.innerError['request-id'], anonymous.headers.get('request-id'));
    assert.match(body.error.innerError.date ?? '', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);

    const exchange = await graph(emulator, await oboToken(emulator, 'global-admin', EXCHANGE_SCOPE), '/users');
    assert.equal(exchange.status, 401);
    assert.equal(exchange.body.error?.code, 'InvalidAuthenticationToken');
    assert.match(exchange.body.error?.message ?? '', /Invalid audience/);
  });

  it('refuses an app-only token without application permissions, and /me without a user', async () => {
    const result = await msalClient(emulator).acquireTokenByClientCredential({ scopes: [GRAPH_SCOPE] });
    assert.ok(result?.accessToken);
    const users = await graph(emulator, result.accessToken, '/users');
    assert.equal(users.status, 403);
    assert.equal(users.body.error?.code, 'Authorization_RequestDenied');
    assert.equal(users.body.error?.message, 'Insufficient privileges to complete the operation.');

    const app = emulator.tenant().apps.get(emulator.clientId);
    assert.ok(app);
    const appRoles = app.appRoles;
    app.appRoles = { ...appRoles, 'https://graph.microsoft.com': ['User.Read.All'] };
    try {
      const granted = await msalClient(emulator).acquireTokenByClientCredential({ scopes: [GRAPH_SCOPE], skipCache: true });
      assert.ok(granted?.accessToken);
      assert.equal((await graph(emulator, granted.accessToken, '/users?$top=1')).status, 200);
      const me = await graph(emulator, granted.accessToken, '/me');
      assert.equal(me.status, 400);
      assert.equal(me.body.error?.message, '/me request is only valid with delegated authentication flow.');
    } finally {
      app.appRoles = appRoles;
    }
  });

  it('returns the default property set, selected properties, and 404 in Graph wording', async () => {
    const tenant = emulator.tenant();
    const user = tenant.userByIdOrUpn(`gt-lic-a@${tenant.domain}`);
    assert.ok(user);
    const plain = await graph(emulator, await token('global-reader'), `/users/${user.id}`);
    assert.equal(plain.status, 200);
    assert.match(
      plain.headers.get('content-type') ?? '',
      /^application\/json;odata\.metadata=minimal;odata\.streaming=true;IEEE754Compatible=false;charset=utf-8/,
    );
    assert.equal(plain.body['@odata.context'], `${emulator.baseUrl}/v1.0/$metadata#users/$entity`);
    assert.deepEqual(
      Object.keys(plain.body)
        .filter((key) => !key.startsWith('@'))
        .sort(),
      [...DEFAULT_PROPERTIES].sort(),
    );
    assert.ok(plain.headers.get('request-id'));

    const byUpn = await graph(
      emulator,
      await token('global-reader'),
      `/users/${encodeURIComponent(user.userPrincipalName)}?$select=passwordPolicies,passwordProfile,assignedLicenses,accountEnabled,usageLocation,createdDateTime,userType`,
    );
    assert.equal(byUpn.status, 200);
    assert.equal(
      byUpn.body['@odata.context'],
      `${emulator.baseUrl}/v1.0/$metadata#users(passwordPolicies,passwordProfile,assignedLicenses,accountEnabled,usageLocation,createdDateTime,userType)/$entity`,
    );
    assert.deepEqual(byUpn.body.passwordProfile, {
      forceChangePasswordNextSignIn: false,
      forceChangePasswordNextSignInWithMfa: false,
      password: null,
    });
    assert.deepEqual(byUpn.body.assignedLicenses, [{ disabledPlans: [], skuId: skuA }]);
    assert.equal(byUpn.body.accountEnabled, true);
    assert.equal(byUpn.body.id, undefined);

    const missing = await graph(emulator, await token('global-reader'), '/users/no-such-user');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error?.code, 'Request_ResourceNotFound');
    assert.equal(
      missing.body.error?.message,
      "Resource 'no-such-user' does not exist or one of its queried reference-property objects are not present.",
    );

    const badSelect = await graph(emulator, await token('global-reader'), `/users/${user.id}?$select=displayName,shoeSize`);
    assert.equal(badSelect.status, 400);
    assert.match(badSelect.body.error?.message ?? '', /Could not find a property named 'shoeSize' on type 'microsoft\.graph\.user'/);
  });

  it('pages /users with absolute nextLinks that keep the query, and paging to the end equals $count', async () => {
    const reader = await token('global-reader');
    const tenant = emulator.tenant();
    const paged = await pageAll(emulator, reader, '/users?$select=id,displayName&$top=7&$count=true', EVENTUAL);
    assert.equal(paged.items.length, tenant.users.size);
    assert.equal(new Set(paged.items.map((item) => item.id)).size, tenant.users.size);
    assert.ok(paged.counts.every((count) => count === tenant.users.size));
    assert.equal(paged.pages, Math.ceil(tenant.users.size / 7));
    assert.deepEqual(Object.keys(paged.items[0] ?? {}), ['id', 'displayName']);

    const first = await graph(emulator, reader, '/users?$select=id&$top=7');
    const next = String(first.body['@odata.nextLink']);
    assert.ok(next.startsWith(`${emulator.baseUrl}/v1.0/users?`));
    assert.match(next, /\$select=id/);
    assert.match(next, /\$top=7/);
    assert.match(next, /\$skiptoken=/);

    const defaultPage = await graph(emulator, reader, '/users');
    assert.equal(defaultPage.body.value?.length, 100);
    assert.ok(defaultPage.body['@odata.nextLink']);

    const count = await graph(emulator, reader, "/users/$count?$filter=department eq 'GT-Bulk'", { headers: EVENTUAL });
    assert.equal(count.status, 200);
    assert.equal(count.text, '110');
    assert.match(count.headers.get('content-type') ?? '', /^text\/plain/);
    const rawCountWithoutHeader = await graph(emulator, reader, '/users/$count');
    assert.equal(rawCountWithoutHeader.status, 400);
    assert.equal(rawCountWithoutHeader.body.error?.code, 'Request_UnsupportedQuery');
  });

  it('refuses page sizes outside 1..999 and $count without ConsistencyLevel, as Graph does', async () => {
    const reader = await token('global-reader');
    const tooBig = await graph(emulator, reader, '/users?$top=1000');
    assert.equal(tooBig.status, 400);
    assert.equal(tooBig.body.error?.code, 'Request_UnsupportedQuery');
    assert.equal(tooBig.body.error?.message, "Invalid page size specified: '1000'. Must be between 1 and 999 inclusive.");
    assert.equal((await graph(emulator, reader, '/users?$top=0')).status, 400);
    assert.equal((await graph(emulator, reader, '/users?$top=999&$select=id')).status, 200);
    const counted = await graph(emulator, reader, '/users?$count=true');
    assert.equal(counted.status, 400);
    assert.equal(counted.body.error?.code, 'Request_BadRequest');
    assert.equal((await graph(emulator, reader, '/users?$skip=5')).status, 400);
  });

  it('filters with eq, and/or, parentheses, in, startswith, booleans and assignedLicenses/any', async () => {
    const reader = await token('global-reader');
    const names = async (filter: string, headers: Record<string, string> = {}) => {
      const reply = await graph(emulator, reader, `/users?$select=displayName&$top=999&$filter=${encodeURIComponent(filter)}`, { headers });
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
      return (reply.body.value ?? []).map((user) => String(user.displayName)).sort();
    };
    assert.deepEqual(await names(`assignedLicenses/any(x:x/skuId eq ${skuA})`), ['gt-lic-a', 'gt-lic-ab']);
    assert.deepEqual(await names(`assignedLicenses/any(x:x/skuId eq ${skuA}) or assignedLicenses/any(x:x/skuId eq ${skuB})`), [
      'gt-lic-a',
      'gt-lic-ab',
      'gt-lic-b',
    ]);
    assert.deepEqual(await names(`assignedLicenses/any(x:x/skuId eq ${skuA} or x/skuId eq ${skuB}) and department eq 'GT-Licensed'`), [
      'gt-lic-a',
      'gt-lic-ab',
      'gt-lic-b',
    ]);
    assert.deepEqual(await names("accountEnabled eq false and department eq 'gt-other'"), ['gt-disabled']);
    assert.deepEqual(await names("userType eq 'Guest' and startswith(displayName,'gt O''G')"), ["gt O'Guest"]);
    assert.deepEqual(
      await names("(department eq 'GT-Licensed' or department eq 'GT-Other') and accountEnabled eq true and userType eq 'Member'"),
      ['gt-lic-a', 'gt-lic-ab', 'gt-lic-b'],
    );
    const domain = emulator.tenant().domain;
    assert.deepEqual(await names(`userPrincipalName in ('gt-lic-b@${domain}', 'gt-disabled@${domain}')`), ['gt-disabled', 'gt-lic-b']);
    assert.equal((await names("startswith(displayName,'gt-bulk-')")).length, 110);
  });

  it('keeps ne, not, endswith and /$count behind the advanced query engine', async () => {
    const reader = await token('global-reader');
    for (const filter of [
      "department ne 'GT-Bulk'",
      "not(department eq 'GT-Bulk')",
      "endswith(displayName,'-ab')",
      'assignedLicenses/$count eq 2',
    ]) {
      const plain = await graph(emulator, reader, `/users?$filter=${encodeURIComponent(filter)}`);
      assert.equal(plain.status, 400, filter);
      assert.equal(plain.body.error?.code, 'Request_UnsupportedQuery');
      assert.match(plain.body.error?.message ?? '', /ConsistencyLevel:eventual/);
      const advanced = await graph(emulator, reader, `/users?$count=true&$top=999&$filter=${encodeURIComponent(filter)}`, {
        headers: EVENTUAL,
      });
      assert.equal(advanced.status, 200, filter);
    }
    const advanced = await graph(
      emulator,
      reader,
      `/users?$count=true&$select=displayName&$filter=${encodeURIComponent("endswith(displayName,'-ab')")}`,
      { headers: EVENTUAL },
    );
    assert.equal(advanced.body['@odata.count'], 1);
    assert.deepEqual(advanced.body.value, [{ displayName: 'gt-lic-ab' }]);
  });

  it('answers malformed filters with Graph parser errors', async () => {
    const reader = await token('global-reader');
    const cases: [string, string, RegExp][] = [
      ["displayName eqq 'x'", 'BadRequest', /^Invalid filter clause: Syntax error at position/],
      ["(displayName eq 'x'", 'BadRequest', /^Invalid filter clause/],
      ["shoeSize eq 'x'", 'BadRequest', /Could not find a property named 'shoeSize' on type 'microsoft\.graph\.user'/],
      ["assignedLicenses/any(x:x/skuId eq 'not-a-guid')", 'BadRequest', /incompatible types.*Edm\.Guid.*Edm\.String/],
      ["accountEnabled eq 'true'", 'BadRequest', /incompatible types/],
      ["contains(displayName,'x')", 'Request_UnsupportedQuery', /Unsupported property filter clause operator 'Contains'/],
      ["passwordPolicies eq 'None'", 'Request_UnsupportedQuery', /property 'passwordPolicies' of resource 'User'/],
    ];
    for (const [filter, code, message] of cases) {
      const reply = await graph(emulator, reader, `/users?$filter=${encodeURIComponent(filter)}`);
      assert.equal(reply.status, 400, filter);
      assert.equal(reply.body.error?.code, code, filter);
      assert.match(reply.body.error?.message ?? '', message, filter);
    }
  });

  it('orders by displayName, and needs the advanced engine to combine $orderby with $filter', async () => {
    const reader = await token('global-reader');
    const ordered = await pageAll(emulator, reader, `/users?$select=displayName&$orderby=displayName desc&$top=30`);
    const names = ordered.items.map((item) => String(item.displayName).toLowerCase());
    assert.deepEqual(
      names,
      [...names].sort((a, b) => b.localeCompare(a)),
    );
    const combined = await graph(emulator, reader, `/users?$orderby=displayName&$filter=${encodeURIComponent("department eq 'GT-Bulk'")}`);
    assert.equal(combined.status, 400);
    const advanced = await graph(
      emulator,
      reader,
      `/users?$count=true&$orderby=displayName&$filter=${encodeURIComponent("department eq 'GT-Bulk'")}`,
      { headers: EVENTUAL },
    );
    assert.equal(advanced.status, 200);
    assert.equal((await graph(emulator, reader, '/users?$orderby=jobTitle')).status, 400);
  });

  it('applies PATCH /users by role: reader refused, user admin allowed, license admin only for usageLocation', async () => {
    const tenant = emulator.tenant();
    const target = addUser(tenant, 'gt-patch', { department: 'GT-Patch' });
    const path = `/users/${target.id}`;

    const reader = await graph(emulator, await token('global-reader'), path, { method: 'PATCH', body: { accountEnabled: false } });
    assert.equal(reader.status, 403);
    assert.equal(reader.body.error?.code, 'Authorization_RequestDenied');
    assert.equal(target.accountEnabled, true);
    assert.equal((await graph(emulator, await token('global-reader'), path, { method: 'PATCH', body: {} })).status, 403);

    const admin = await graph(emulator, await token('user-admin'), path, {
      method: 'PATCH',
      body: {
        accountEnabled: false,
        passwordPolicies: 'DisablePasswordExpiration',
        passwordProfile: { forceChangePasswordNextSignIn: true, password: 'Gt-New-Passw0rd!' },
      },
    });
    assert.equal(admin.status, 204);
    assert.equal(admin.text, '');
    const read = await graph(emulator, await token('global-reader'), `${path}?$select=accountEnabled,passwordPolicies,passwordProfile`);
    assert.equal(read.body.accountEnabled, false);
    assert.equal(read.body.passwordPolicies, 'DisablePasswordExpiration');
    assert.equal((read.body.passwordProfile as { forceChangePasswordNextSignIn: boolean }).forceChangePasswordNextSignIn, true);
    assert.equal(emulator.context.stats.snapshot().writes[`PATCH /users ${target.id}`], 1);

    const licenseAdmin = await token('license-admin');
    assert.equal((await graph(emulator, licenseAdmin, path, { method: 'PATCH', body: { usageLocation: 'de' } })).status, 204);
    assert.equal(target.usageLocation, 'DE');
    const refused = await graph(emulator, licenseAdmin, path, { method: 'PATCH', body: { accountEnabled: true } });
    assert.equal(refused.status, 403);
    assert.equal(target.accountEnabled, false);
  });

  it('answers 204 to a passwordProfile PATCH without a password and keeps the flag as it was (microsoft-graph-docs#4267)', async () => {
    const tenant = emulator.tenant();
    const admin = await token('user-admin');
    const forced = addUser(tenant, 'gt-pp-forced', { department: 'GT-Patch', passwordProfile: { forceChangePasswordNextSignIn: true } });
    const clear = await graph(emulator, admin, `/users/${forced.id}`, {
      method: 'PATCH',
      body: { passwordProfile: { forceChangePasswordNextSignIn: false } },
    });
    assert.equal(clear.status, 204);
    const read = await graph(emulator, admin, `/users/${forced.id}?$select=passwordProfile`);
    assert.equal((read.body.passwordProfile as { forceChangePasswordNextSignIn: boolean }).forceChangePasswordNextSignIn, true);

    const free = addUser(tenant, 'gt-pp-free', { department: 'GT-Patch' });
    assert.equal(
      (
        await graph(emulator, admin, `/users/${free.id}`, {
          method: 'PATCH',
          body: { passwordProfile: { forceChangePasswordNextSignIn: true } },
        })
      ).status,
      204,
    );
    assert.equal(free.passwordProfile.forceChangePasswordNextSignIn, false);

    const withPassword = await graph(emulator, admin, `/users/${forced.id}`, {
      method: 'PATCH',
      body: { passwordProfile: { forceChangePasswordNextSignIn: false, password: 'Gt-New-Passw0rd!' } },
    });
    assert.equal(withPassword.status, 204);
    assert.equal(forced.passwordProfile.forceChangePasswordNextSignIn, false);
  });

  it('refuses writes to on-premises mastered properties of a synced user with 400 and changes nothing; cloud settings still apply', async () => {
    const tenant = emulator.tenant();
    const admin = await token('global-admin');
    const synced = addUser(tenant, 'gt-synced', {
      department: 'GT-Patch',
      onPremises: { samAccountName: 'gt-synced', immutableId: 'Z3Qtc3luY2Vk' },
    });
    const read = await graph(
      emulator,
      admin,
      `/users/${synced.id}?$select=onPremisesSyncEnabled,onPremisesSamAccountName,onPremisesImmutableId`,
    );
    assert.equal(read.body.onPremisesSyncEnabled, true);
    assert.equal(read.body.onPremisesSamAccountName, 'gt-synced');
    assert.equal(read.body.onPremisesImmutableId, 'Z3Qtc3luY2Vk');
    const cloud = await graph(emulator, admin, `/users/${addUser(tenant, 'gt-cloud').id}?$select=onPremisesSyncEnabled`);
    assert.equal(cloud.body.onPremisesSyncEnabled, null);

    for (const body of [
      { displayName: 'Renamed' },
      { userPrincipalName: `gt-renamed@${tenant.domain}` },
      { passwordProfile: { forceChangePasswordNextSignIn: false, password: 'Gt-New-Passw0rd!' } },
      { usageLocation: 'DE', displayName: 'Renamed' },
    ]) {
      const refused = await graph(emulator, admin, `/users/${synced.id}`, { method: 'PATCH', body });
      assert.equal(refused.status, 400, JSON.stringify(body));
      assert.equal(refused.body.error?.code, 'Request_BadRequest');
      assert.equal(
        refused.body.error?.message,
        'Unable to update the specified properties for on-premises mastered Directory Sync objects or objects currently undergoing migration.',
      );
    }
    assert.equal(synced.displayName, 'gt-synced');
    assert.equal(synced.usageLocation, 'US');

    const accepted = await graph(emulator, admin, `/users/${synced.id}`, {
      method: 'PATCH',
      body: { usageLocation: 'DE', passwordPolicies: 'DisablePasswordExpiration', accountEnabled: false },
    });
    assert.equal(accepted.status, 204);
    assert.deepEqual([synced.usageLocation, synced.passwordPolicies, synced.accountEnabled], ['DE', 'DisablePasswordExpiration', false]);
  });

  it('rejects invalid PATCH bodies with 400 and changes nothing', async () => {
    const tenant = emulator.tenant();
    const target = addUser(tenant, 'gt-invalid', { department: 'GT-Patch' });
    const admin = await token('global-admin');
    const cases: [unknown, string, RegExp][] = [
      [{ usageLocation: 'USA' }, 'Request_BadRequest', /Invalid value specified for property 'usageLocation' of resource 'User'/],
      [{ accountEnabled: 'yes' }, 'Request_BadRequest', /accountEnabled/],
      [{ passwordPolicies: 'NeverExpire' }, 'Request_BadRequest', /passwordPolicies/],
      [{ id: 'new-id' }, 'Request_BadRequest', /read-only/],
      [{ shoeSize: 44 }, 'BadRequest', /The property 'shoeSize' does not exist on type 'microsoft\.graph\.user'/],
      [{ accountEnabled: false, usageLocation: 'nope' }, 'Request_BadRequest', /usageLocation/],
      [{ userPrincipalName: `gt-invalid@elsewhere.example` }, 'Request_BadRequest', /verified domain/],
    ];
    for (const [body, code, message] of cases) {
      const reply = await graph(emulator, admin, `/users/${target.id}`, { method: 'PATCH', body });
      assert.equal(reply.status, 400, JSON.stringify(body));
      assert.equal(reply.body.error?.code, code, JSON.stringify(body));
      assert.match(reply.body.error?.message ?? '', message);
    }
    const raw = await fetch(`${emulator.baseUrl}/v1.0/users/${target.id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: '{not json',
    });
    assert.equal(raw.status, 400);
    assert.equal(target.accountEnabled, true);
    assert.equal(target.usageLocation, 'US');
  });

  it('runs delta rounds: full sync, then only what changed, with removals and latest', async () => {
    const tenant = emulator.tenant();
    const reader = await token('global-reader');
    const pages: Record<string, unknown>[][] = [];
    let url: string | undefined = `${emulator.baseUrl}/v1.0/users/delta?$select=displayName,accountEnabled`;
    let deltaLink: string | undefined;
    while (url) {
      const res: Response = await fetch(url, { headers: { authorization: `Bearer ${reader}`, prefer: 'odata.maxpagesize=40' } });
      assert.equal(res.status, 200);
      const body = (await res.json()) as { value: Record<string, unknown>[]; '@odata.nextLink'?: string; '@odata.deltaLink'?: string };
      assert.ok(!(body['@odata.nextLink'] && body['@odata.deltaLink']));
      if (body['@odata.nextLink']) assert.doesNotMatch(body['@odata.nextLink'], /select/);
      pages.push(body.value);
      url = body['@odata.nextLink'];
      deltaLink = body['@odata.deltaLink'];
    }
    assert.ok(pages.length > 1);
    const initial = pages.flat();
    assert.equal(initial.length, tenant.users.size);
    assert.deepEqual(Object.keys(initial[0] ?? {}).sort(), ['accountEnabled', 'displayName', 'id']);
    assert.ok(deltaLink?.startsWith(`${emulator.baseUrl}/v1.0/users/delta?$deltatoken=`));

    const quiet = await fetchJson(deltaLink, reader);
    assert.deepEqual(quiet.value, []);

    const changed = tenant.userByIdOrUpn(`gt-bulk-005@${tenant.domain}`);
    const removed = tenant.userByIdOrUpn(`gt-bulk-006@${tenant.domain}`);
    assert.ok(changed && removed);
    changed.accountEnabled = false;
    tenant.touchUser(changed.id);
    tenant.removeUser(removed.id);
    const round = await fetchJson(quiet['@odata.deltaLink'], reader);
    assert.deepEqual(round.value, [
      { id: changed.id, displayName: 'gt-bulk-005', accountEnabled: false },
      { id: removed.id, '@removed': { reason: 'changed' } },
    ]);
    const patched = await graph(emulator, await token('user-admin'), `/users/${changed.id}`, {
      method: 'PATCH',
      body: { accountEnabled: true },
    });
    assert.equal(patched.status, 204);
    const afterPatch = await fetchJson(round['@odata.deltaLink'], reader);
    assert.deepEqual(afterPatch.value, [{ id: changed.id, displayName: 'gt-bulk-005', accountEnabled: true }]);

    const latest = await graph(emulator, reader, '/users/delta()?$deltatoken=latest&$select=displayName');
    assert.equal(latest.status, 200);
    assert.deepEqual(latest.body.value, []);
    assert.ok(latest.body['@odata.deltaLink']);

    const bogus = await graph(emulator, reader, '/users/delta?$deltatoken=not-a-token');
    assert.equal(bogus.status, 400);
    assert.equal(bogus.body.error?.code, 'SyncStateNotFound');
  });

  it('serves /me, the signed-in user directory roles, and /organization', async () => {
    const tenant = emulator.tenant();
    const exchangeAdmin = await token('exchange-admin');
    const me = await graph(emulator, exchangeAdmin, '/me?$select=displayName,userPrincipalName');
    assert.equal(me.status, 200);
    assert.match(String(me.body.userPrincipalName), /^ethan\.exchange@/);
    const roles = await graph(emulator, exchangeAdmin, '/me/transitiveMemberOf/microsoft.graph.directoryRole');
    assert.equal(roles.status, 200);
    assert.deepEqual(
      roles.body.value?.map((role) => [role['@odata.type'], role.displayName, role.roleTemplateId]),
      [['#microsoft.graph.directoryRole', 'Exchange Administrator', ROLE.exchangeAdmin]],
    );
    assert.notEqual(roles.body.value?.[0]?.id, ROLE.exchangeAdmin);
    const none = await graph(emulator, await token('no-role'), '/me/transitiveMemberOf/microsoft.graph.directoryRole');
    assert.deepEqual(none.body.value, []);

    const selected = await graph(emulator, exchangeAdmin, '/me/transitiveMemberOf/microsoft.graph.directoryRole?$select=id,roleTemplateId');
    assert.deepEqual(Object.keys(selected.body.value?.[0] ?? {}), ['@odata.type', 'id', 'roleTemplateId']);

    const organization = await graph(emulator, exchangeAdmin, '/organization?$select=id,displayName,tenantType,verifiedDomains');
    assert.equal(organization.status, 200);
    const [org] = organization.body.value ?? [];
    assert.deepEqual(Object.keys(org ?? {}), ['id', 'displayName', 'tenantType', 'verifiedDomains']);
    assert.equal(org?.id, tenant.id);
    assert.deepEqual(org?.verifiedDomains, [
      { capabilities: 'Email, OfficeCommunicationsOnline', isDefault: true, isInitial: true, name: tenant.domain, type: 'Managed' },
    ]);
  });

  it('reports resource units and answers unknown segments and methods as Graph does', async () => {
    const reader = await token('global-reader');
    assert.equal((await graph(emulator, reader, '/users?$select=id&$top=5')).headers.get('x-ms-resource-unit'), '1');
    assert.equal((await graph(emulator, reader, '/users')).headers.get('x-ms-resource-unit'), '2');
    assert.equal((await graph(emulator, reader, '/subscribedSkus')).headers.get('x-ms-resource-unit'), '3');
    const unknown = await graph(emulator, reader, '/groups');
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.error?.message, "Resource not found for the segment 'groups'.");
    const method = await graph(emulator, reader, '/users', { method: 'PATCH', body: {} });
    assert.equal(method.status, 405);
    const calls = emulator.context.stats.snapshot().calls;
    assert.ok((calls['GET /users'] ?? 0) > 0);
    assert.ok((calls['GET /subscribedSkus'] ?? 0) > 0);
  });
});

async function fetchJson(url: string | undefined, token: string) {
  assert.ok(url);
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200);
  return (await res.json()) as { value: Record<string, unknown>[]; '@odata.deltaLink'?: string; '@odata.nextLink'?: string };
}

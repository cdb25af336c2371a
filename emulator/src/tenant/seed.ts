import { SKU } from './catalog.ts';
import { addPersonaUsers, registerDemoApp } from './directory.ts';
import { defaultCalendarProcessing, recommendedCalendarProcessing, Tenant, type TenantRegion } from './model.ts';
import { SeededRandom } from './random.ts';

export interface TenantSpec {
  seed: number;
  rooms: number;
  region?: TenantRegion;
}

/**
 * Build a deterministic tenant from a seed. PLACEHOLDER: a minimal generator (personas, demo app,
 * compliant rooms) that the full seed generator replaces.
 */
export function seedTenant(spec: TenantSpec): Tenant {
  const random = new SeededRandom(spec.seed);
  const tenantName = 'contoso';
  const tenant = new Tenant({
    id: random.uuid(),
    displayName: 'Contoso',
    domain: `${tenantName}${spec.seed}.onmicrosoft.com`,
    region: spec.region ?? 'WW',
  });
  const created = '2024-01-15T09:00:00Z';
  registerDemoApp(tenant);
  addPersonaUsers(tenant, () => random.uuid(), created);
  tenant.subscriptions.set(SKU.roomsPro.skuId, { ...SKU.roomsPro, servicePlans: [...SKU.roomsPro.servicePlans], prepaidEnabled: spec.rooms + 10 });
  for (let index = 0; index < spec.rooms; index += 1) {
    const alias = `room${index + 1}`;
    const upn = `${alias}@${tenant.domain}`;
    const id = random.uuid();
    tenant.addUser({
      id,
      displayName: `Room ${index + 1}`,
      givenName: null,
      surname: null,
      userPrincipalName: upn,
      mail: upn,
      mailNickname: alias,
      userType: 'Member',
      accountEnabled: true,
      passwordPolicies: 'DisablePasswordExpiration',
      passwordProfile: { forceChangePasswordNextSignIn: false },
      usageLocation: 'US',
      city: 'Seattle',
      country: 'United States',
      officeLocation: 'Building 1',
      jobTitle: null,
      department: null,
      createdDateTime: created,
      assignedLicenses: [{ skuId: SKU.roomsPro.skuId, disabledPlans: [] }],
      roleTemplateIds: [],
    });
    tenant.mailboxes.set(id, {
      guid: random.uuid(),
      userId: id,
      alias,
      displayName: `Room ${index + 1}`,
      primarySmtpAddress: upn,
      emailAddresses: [`SMTP:${upn}`],
      recipientTypeDetails: 'RoomMailbox',
      hiddenFromAddressListsEnabled: false,
      mailTip: null,
      resourceCapacity: 8,
      office: 'Building 1',
      calendarProcessing: index % 2 === 0 ? recommendedCalendarProcessing() : defaultCalendarProcessing(),
    });
  }
  return tenant;
}

// Evidence: docs/microsoft-365.md#graph-subscribedskus, #graph-user-assignlicense, #graph-user-licensedetails, #licenses
import { canAssignLicense } from '../access/policy.ts';
import { SKU, type SkuDefinition } from '../tenant/catalog.ts';
import type { AssignedLicense, EmUser, Tenant } from '../tenant/model.ts';
import { graphErrors } from './errors.ts';
import { guidFrom, opaqueId } from './ids.ts';
import { INVALID_JSON, jsonResponse, type GraphResponse } from './message.ts';
import { metadataUrl, setFragment } from './odata/links.ts';
import { parseSelect, project } from './odata/select.ts';
import { userHasRole } from './permissions.ts';
import type { GraphCall } from './router.ts';
import { userEntity, userFromPath } from './users/item.ts';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SUBSCRIBED_SKU_PROPERTIES = [
  'accountId',
  'accountName',
  'appliesTo',
  'capabilityStatus',
  'consumedUnits',
  'id',
  'prepaidUnits',
  'servicePlans',
  'skuId',
  'skuPartNumber',
  'subscriptionIds',
];

/** A SKU the tenant subscribes to, or, for an assignment left over from a removed subscription, the catalog's. */
function skuOf(tenant: Tenant, skuId: string): SkuDefinition | undefined {
  return tenant.subscriptions.get(skuId) ?? Object.values(SKU).find((sku) => sku.skuId === skuId);
}

/** GET /users/{id}/licenseDetails: one entry per assigned SKU, service plans marked Disabled when turned off. */
export function licenseDetails(call: GraphCall): GraphResponse {
  const user = userFromPath(call);
  const value = user.assignedLicenses.flatMap((license) => {
    const sku = skuOf(call.tenant, license.skuId);
    if (!sku) return [];
    return [
      {
        id: opaqueId(`${user.id}/${sku.skuId}`),
        skuId: sku.skuId,
        skuPartNumber: sku.skuPartNumber,
        servicePlans: sku.servicePlans.map((plan) => ({
          servicePlanId: plan.servicePlanId,
          servicePlanName: plan.servicePlanName,
          provisioningStatus: license.disabledPlans.includes(plan.servicePlanId) ? 'Disabled' : 'Success',
          appliesTo: 'User',
        })),
      },
    ];
  });
  return jsonResponse({ '@odata.context': metadataUrl(call.ctx, `users('${user.id}')/licenseDetails`), value });
}

interface LicenseRequest {
  add: AssignedLicense[];
  remove: string[];
}

/**
 * POST /users/{id}/assignLicense. Refuses as Entra does: an unknown SKU, a user without usageLocation,
 * a subscription with no free seat; otherwise applies removals then additions and returns the user.
 */
export function assignLicense(call: GraphCall): GraphResponse {
  const user = userFromPath(call);
  const request = readLicenseRequest(call.request.body);
  if (!userHasRole(call, canAssignLicense, { target: user.id })) throw graphErrors.authorizationDenied();
  const { tenant } = call;
  for (const skuId of [...request.add.map((license) => license.skuId), ...request.remove]) {
    if (!tenant.subscriptions.has(skuId))
      throw graphErrors.requestBadRequest(`License ${skuId} does not correspond to a valid company License.`);
  }
  for (const skuId of request.remove) {
    if (!user.assignedLicenses.some((license) => license.skuId === skuId))
      throw graphErrors.requestBadRequest('User does not have a corresponding license.');
  }
  if (request.add.length > 0 && !user.usageLocation) {
    throw graphErrors.requestBadRequest('License assignment cannot be done for user with invalid usage location.');
  }
  for (const license of request.add) checkSeat(tenant, user, license.skuId);

  const kept = user.assignedLicenses.filter((license) => !request.remove.includes(license.skuId));
  for (const license of request.add) {
    const existing = kept.find((assigned) => assigned.skuId === license.skuId);
    if (existing) existing.disabledPlans = license.disabledPlans;
    else kept.push(license);
  }
  user.assignedLicenses = kept;
  tenant.touchUser(user.id);
  call.ctx.stats.write('assignLicense', user.id);
  return userEntity(call, user);
}

/** A new assignment takes a seat; re-assigning (to change disabled plans) does not. */
function checkSeat(tenant: Tenant, user: EmUser, skuId: string): void {
  if (user.assignedLicenses.some((license) => license.skuId === skuId)) return;
  const subscription = tenant.subscriptions.get(skuId);
  if (subscription && tenant.consumedUnits(skuId) >= subscription.prepaidEnabled) {
    throw graphErrors.requestBadRequest(`Subscription with SKU ${skuId} does not have any available licenses.`);
  }
}

function readLicenseRequest(body: unknown): LicenseRequest {
  if (body === INVALID_JSON || typeof body !== 'object' || body === null || Array.isArray(body)) throw graphErrors.invalidPayload();
  const { addLicenses, removeLicenses } = body as Record<string, unknown>;
  if (!Array.isArray(addLicenses)) throw graphErrors.invalidValue('addLicenses', 'User');
  if (!Array.isArray(removeLicenses)) throw graphErrors.invalidValue('removeLicenses', 'User');
  const add = addLicenses.map((entry: unknown): AssignedLicense => {
    const { skuId, disabledPlans = [] } = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    if (typeof skuId !== 'string' || !GUID.test(skuId)) throw graphErrors.invalidValue('skuId', 'AssignedLicense');
    if (!Array.isArray(disabledPlans) || !disabledPlans.every((plan) => typeof plan === 'string' && GUID.test(plan))) {
      throw graphErrors.invalidValue('disabledPlans', 'AssignedLicense');
    }
    return { skuId: skuId.toLowerCase(), disabledPlans: disabledPlans.map((plan: string) => plan.toLowerCase()) };
  });
  const remove = removeLicenses.map((skuId: unknown) => {
    if (typeof skuId !== 'string' || !GUID.test(skuId)) throw graphErrors.invalidValue('removeLicenses', 'User');
    return skuId.toLowerCase();
  });
  return { add, remove };
}

/** GET /subscribedSkus, with consumed units derived from the assignments. */
export function subscribedSkus(call: GraphCall): GraphResponse {
  const { tenant } = call;
  const select = parseSelect(call.query.get('select'), SUBSCRIBED_SKU_PROPERTIES, 'microsoft.graph.subscribedSku');
  const value = [...tenant.subscriptions.values()].map((subscription) => {
    const full = {
      accountId: tenant.id,
      accountName: tenant.domain.split('.')[0] ?? tenant.domain,
      appliesTo: 'User',
      capabilityStatus: 'Enabled',
      consumedUnits: tenant.consumedUnits(subscription.skuId),
      id: `${tenant.id}_${subscription.skuId}`,
      prepaidUnits: { enabled: subscription.prepaidEnabled, suspended: 0, warning: 0, lockedOut: 0 },
      servicePlans: subscription.servicePlans.map((plan) => ({
        servicePlanId: plan.servicePlanId,
        servicePlanName: plan.servicePlanName,
        provisioningStatus: 'Success',
        appliesTo: 'User',
      })),
      skuId: subscription.skuId,
      skuPartNumber: subscription.skuPartNumber,
      subscriptionIds: [guidFrom(`${tenant.id}/${subscription.skuId}/subscription`)],
    };
    return select ? project(full, select) : full;
  });
  return jsonResponse({ '@odata.context': metadataUrl(call.ctx, setFragment('subscribedSkus', select)), value });
}

// Evidence: docs/microsoft-365.md#graph-organization
import { jsonResponse, type GraphResponse } from './message.ts';
import { metadataUrl, setFragment } from './odata/links.ts';
import { parseSelect, project } from './odata/select.ts';
import type { GraphCall } from './router.ts';

/** When seeded tenants say they were created: the earliest user, as no tenant creation time is modelled. */
function createdDateTime(call: GraphCall): string {
  let earliest: string | undefined;
  for (const user of call.tenant.users.values()) {
    if (earliest === undefined || user.createdDateTime < earliest) earliest = user.createdDateTime;
  }
  return earliest ?? new Date(0).toISOString();
}

/** GET /organization: the one organization of the caller's tenant, with its initial domain verified. */
export function getOrganization(call: GraphCall): GraphResponse {
  const { tenant } = call;
  const organization = {
    id: tenant.id,
    deletedDateTime: null,
    businessPhones: [],
    city: null,
    country: null,
    countryLetterCode: 'US',
    createdDateTime: createdDateTime(call),
    defaultUsageLocation: null,
    displayName: tenant.displayName,
    marketingNotificationEmails: [],
    onPremisesLastSyncDateTime: null,
    onPremisesSyncEnabled: null,
    postalCode: null,
    preferredLanguage: 'en',
    privacyProfile: null,
    securityComplianceNotificationMails: [],
    securityComplianceNotificationPhones: [],
    state: null,
    street: null,
    technicalNotificationMails: [],
    tenantType: 'AAD',
    assignedPlans: [],
    provisionedPlans: [],
    verifiedDomains: [
      { capabilities: 'Email, OfficeCommunicationsOnline', isDefault: true, isInitial: true, name: tenant.domain, type: 'Managed' },
    ],
  };
  const select = parseSelect(call.query.get('select'), Object.keys(organization), 'microsoft.graph.organization');
  return jsonResponse({
    '@odata.context': metadataUrl(call.ctx, setFragment('organization', select)),
    value: [select ? project(organization, select) : organization],
  });
}

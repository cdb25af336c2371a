// Evidence: docs/microsoft-365.md#graph-ca-policies, #graph-security-defaults
import { jsonResponse, type GraphResponse } from '../message.ts';
import { metadataUrl, setFragment } from '../odata/links.ts';
import { offsetPage } from '../odata/offsetPage.ts';
import { parseSelect, project } from '../odata/select.ts';
import type { GraphCall } from '../router.ts';
import { POLICY_READER_ROLES, requirePremium, requireReaderRole } from './readAccess.ts';

const POLICY_TYPE = 'microsoft.graph.conditionalAccessPolicy';
const POLICY_PROPERTIES = [
  'id',
  'displayName',
  'state',
  'createdDateTime',
  'modifiedDateTime',
  'templateId',
  'conditions',
  'grantControls',
  'sessionControls',
];

/**
 * GET /identity/conditionalAccess/policies: every policy in one page unless `$top` asks for fewer (Graph documents
 * `$top`/`$skip` but no page size; a tenant holds at most a few hundred policies), newest changes not reordered.
 */
export function listConditionalAccessPolicies(call: GraphCall): GraphResponse {
  requireReaderRole(call, POLICY_READER_ROLES);
  requirePremium(call);
  const select = parseSelect(call.query.get('select'), POLICY_PROPERTIES, POLICY_TYPE);
  const policies = [...call.tenant.conditionalAccessPolicies.values()].sort((a, b) => a.id.localeCompare(b.id));
  const { page, nextLink } = offsetPage(call.ctx, call.query, '/identity/conditionalAccess/policies', policies, {
    fallback: 999,
    max: 999,
  });
  return jsonResponse({
    '@odata.context': metadataUrl(call.ctx, setFragment('identity/conditionalAccess/policies', select)),
    value: page.map((policy) => (select ? project(structuredClone(policy), select) : structuredClone(policy))),
    ...(nextLink ? { '@odata.nextLink': nextLink } : {}),
  });
}

const SECURITY_DEFAULTS_ID = '00000000-0000-0000-0000-000000000005';
const SECURITY_DEFAULTS_PROPERTIES = ['id', 'displayName', 'description', 'isEnabled'];

/** GET /policies/identitySecurityDefaultsEnforcementPolicy: readable without P1 (security defaults are for tenants without it). */
export function getSecurityDefaults(call: GraphCall): GraphResponse {
  requireReaderRole(call, POLICY_READER_ROLES);
  const select = parseSelect(
    call.query.get('select'),
    SECURITY_DEFAULTS_PROPERTIES,
    'microsoft.graph.identitySecurityDefaultsEnforcementPolicy',
  );
  const policy = {
    id: SECURITY_DEFAULTS_ID,
    displayName: 'Security Defaults',
    description:
      'Security defaults is a set of basic identity security mechanisms recommended by Microsoft. When enabled, these recommendations will be automatically enforced in your organization. Administrators and users will be better protected from common identity related attacks.',
    isEnabled: call.tenant.securityDefaultsEnabled,
  };
  return jsonResponse({
    '@odata.context': metadataUrl(
      call.ctx,
      `policies/identitySecurityDefaultsEnforcementPolicy${select ? `(${select.join(',')})` : ''}/$entity`,
    ),
    ...(select ? project(policy, select) : policy),
  });
}

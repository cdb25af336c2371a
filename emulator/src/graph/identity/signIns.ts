// Evidence: docs/microsoft-365.md#graph-sign-ins
import type { EmSignIn } from '../../tenant/signInModel.ts';
import { graphErrors } from '../errors.ts';
import { jsonResponse, type GraphResponse } from '../message.ts';
import { compileFilter, type ComplexType, type EntitySchema } from '../odata/filter.ts';
import { metadataUrl } from '../odata/links.ts';
import { offsetPage } from '../odata/offsetPage.ts';
import type { GraphCall } from '../router.ts';
import { requirePremium, requireReaderRole, SIGN_IN_READER_ROLES } from './readAccess.ts';

const STATUS: ComplexType = {
  name: 'microsoft.graph.signInStatus',
  properties: { errorCode: { type: 'number' }, failureReason: { type: 'string' }, additionalDetails: { type: 'string' } },
};

/** The signIn properties `$filter` may name here (the page documents `$filter`, `$top` and `$skiptoken`). */
const SIGN_IN_SCHEMA: EntitySchema = {
  typeName: 'microsoft.graph.signIn',
  resourceName: 'SignIn',
  properties: {
    id: { type: 'string' },
    createdDateTime: { type: 'datetime' },
    userId: { type: 'string' },
    userPrincipalName: { type: 'string' },
    userDisplayName: { type: 'string' },
    appId: { type: 'string' },
    appDisplayName: { type: 'string' },
    clientAppUsed: { type: 'string' },
    conditionalAccessStatus: { type: 'string' },
    isInteractive: { type: 'boolean' },
    status: { type: STATUS },
  },
};

/** "The maximum and default page size is 1,000 objects" (signin-list). */
const PAGE = 1000;

/**
 * GET /auditLogs/signIns: newest first, `$filter` over the fields above (`userId eq '…' and status/errorCode ne 0
 * and createdDateTime ge …`), `$top` up to 1,000, `$skiptoken` paging. The reports service evaluates `ne` itself
 * (no ConsistencyLevel needed), so the directory's advanced-query rule does not apply.
 */
export function listSignIns(call: GraphCall): GraphResponse {
  requireReaderRole(call, SIGN_IN_READER_ROLES);
  requirePremium(call);
  call.query.reject(['orderby', 'expand', 'search', 'count', 'skip'], (option) =>
    graphErrors.badRequest(`Query option '$${option}' is not allowed.`),
  );
  if (call.query.has('select')) throw graphErrors.badRequest("Query option '$select' is not allowed.");
  const text = call.query.get('filter');
  const filter = text === undefined ? undefined : compileFilter(text, SIGN_IN_SCHEMA);
  const matching = call.tenant.signIns
    .filter((entry) => !filter || filter.test(entry as unknown as Record<string, unknown>))
    .sort((a, b) => b.createdDateTime.localeCompare(a.createdDateTime) || a.id.localeCompare(b.id));
  const { page, nextLink } = offsetPage<EmSignIn>(call.ctx, call.query, '/auditLogs/signIns', matching, { fallback: PAGE, max: PAGE });
  return jsonResponse({
    '@odata.context': metadataUrl(call.ctx, 'auditLogs/signIns'),
    value: page.map((entry) => structuredClone(entry)),
    ...(nextLink ? { '@odata.nextLink': nextLink } : {}),
  });
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Router } from 'express';
import { z } from 'zod';
import {
  accountDetail,
  accountListQuery,
  accountListResponse,
  applyJobRequest,
  applyResponse,
  auditQuery,
  auditResponse,
  baselineResponse,
  baselineValues,
  clientConfig,
  demoTokenRequest,
  demoTokenResponse,
  desiredSettings,
  errorEnvelope,
  healthResponse,
  jobCreated,
  jobProgress,
  licenseChangeRequest,
  licenseChangeResponse,
  meResponse,
  planRequest,
  planResponse,
  summaryResponse,
  syncCurrentResponse,
  syncStartRequest,
  syncStartResponse,
} from '../../../../contract/index.ts';
import { PROJECT_ROOT } from '../../projectRoot.ts';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type JsonSchema = Record<string, unknown>;

/** One API route as documented: both the OpenAPI document and its test are built from this table. */
export interface ApiRoute {
  method: Method;
  /** OpenAPI form, e.g. `/api/accounts/{id}`. */
  path: string;
  summary: string;
  description?: string;
  /** False for the routes that work without a token. */
  auth: boolean;
  query?: z.ZodObject;
  body?: z.ZodType;
  status: number;
  /** A JSON schema, or `csv` for the exports. */
  response: z.ZodType | 'csv';
}

/** This document's own outline: the one body only the API sends (the tab never reads it). */
const openApiDocumentSchema = z.object({
  openapi: z.string(),
  info: z.object({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.unknown()),
});
const locationSettings = desiredSettings.shape.location.unwrap();

/** Component names; every schema here is emitted once under `components.schemas` and referenced by name. */
const OUTPUTS = new Map<z.ZodType, string>([
  [healthResponse, 'HealthResponse'],
  [clientConfig, 'ClientConfig'],
  [demoTokenResponse, 'DemoTokenResponse'],
  [meResponse, 'MeResponse'],
  [syncStartResponse, 'SyncStartResponse'],
  [syncCurrentResponse, 'SyncCurrentResponse'],
  [accountListResponse, 'AccountListResponse'],
  [accountDetail, 'AccountDetail'],
  [summaryResponse, 'SummaryResponse'],
  [planResponse, 'PlanResponse'],
  [applyResponse, 'ApplyResponse'],
  [licenseChangeResponse, 'LicenseChangeResponse'],
  [baselineResponse, 'BaselineResponse'],
  [auditResponse, 'AuditResponse'],
  [jobCreated, 'JobCreated'],
  [jobProgress, 'JobProgress'],
  [openApiDocumentSchema, 'OpenApiDocument'],
  [errorEnvelope, 'ErrorEnvelope'],
]);
const INPUTS = new Map<z.ZodType, string>([
  [demoTokenRequest, 'DemoTokenRequest'],
  [syncStartRequest, 'SyncStartRequest'],
  [planRequest, 'PlanRequest'],
  [desiredSettings, 'DesiredSettings'],
  [locationSettings, 'LocationSettings'],
  [licenseChangeRequest, 'LicenseChangeRequest'],
  [baselineValues, 'BaselineValues'],
  [applyJobRequest, 'ApplyJobRequest'],
]);

const WRITE_NOTE =
  'Runs with your own roles on Microsoft 365 (on behalf of you); refused changes come back per setting with the role that would do.';

/** Every route of the API, in the order of the routers. */
export const API_ROUTES: ApiRoute[] = [
  { method: 'get', path: '/api/health', summary: 'Liveness and mode', auth: false, status: 200, response: healthResponse },
  {
    method: 'get',
    path: '/api/client-config',
    summary: 'What the tab needs before sign-in',
    auth: false,
    status: 200,
    response: clientConfig,
  },
  {
    method: 'post',
    path: '/api/demo/token',
    summary: "Demo mode only: a persona's SSO token",
    description: 'Answers 404 outside demo mode.',
    auth: false,
    body: demoTokenRequest,
    status: 200,
    response: demoTokenResponse,
  },
  { method: 'get', path: '/api/openapi.json', summary: 'This document', auth: false, status: 200, response: openApiDocumentSchema },
  {
    method: 'get',
    path: '/api/me',
    summary: "The signed-in admin: roles, what they may change, the tenant's cloud",
    auth: true,
    status: 200,
    response: meResponse,
  },
  {
    method: 'post',
    path: '/api/sync',
    summary: 'Start Get Data (full) or Refresh (incremental)',
    description: 'One sync per tenant at a time: 409 sync_in_progress otherwise.',
    auth: true,
    body: syncStartRequest,
    status: 202,
    response: syncStartResponse,
  },
  {
    method: 'get',
    path: '/api/sync/current',
    summary: 'Progress of the latest sync',
    auth: true,
    status: 200,
    response: syncCurrentResponse,
  },
  {
    method: 'get',
    path: '/api/accounts',
    summary: 'Resource accounts: page, search, sort, filter',
    auth: true,
    query: accountListQuery,
    status: 200,
    response: accountListResponse,
  },
  {
    method: 'get',
    path: '/api/accounts/export.csv',
    summary: 'Resource accounts as CSV, with the same filters',
    auth: true,
    query: accountListQuery.omit({ page: true, pageSize: true }),
    status: 200,
    response: 'csv',
  },
  {
    method: 'get',
    path: '/api/accounts/{id}',
    summary: 'One account: every setting read, every check',
    auth: true,
    status: 200,
    response: accountDetail,
  },
  {
    method: 'get',
    path: '/api/summary',
    summary: 'Counts by status and license, seats, buildings',
    auth: true,
    status: 200,
    response: summaryResponse,
  },
  {
    method: 'post',
    path: '/api/accounts/{id}/plan',
    summary: 'Preview changes (recommended, or the settings given)',
    auth: true,
    body: planRequest,
    status: 200,
    response: planResponse,
  },
  {
    method: 'patch',
    path: '/api/accounts/{id}',
    summary: 'Change settings of one account',
    description: WRITE_NOTE,
    auth: true,
    body: desiredSettings,
    status: 200,
    response: applyResponse,
  },
  {
    method: 'post',
    path: '/api/accounts/{id}/apply-recommended',
    summary: 'Apply the recommended configuration to one account',
    description: WRITE_NOTE,
    auth: true,
    status: 200,
    response: applyResponse,
  },
  {
    method: 'patch',
    path: '/api/accounts/{id}/location',
    summary: "Change the room's place details",
    description: WRITE_NOTE,
    auth: true,
    body: locationSettings,
    status: 200,
    response: applyResponse,
  },
  {
    method: 'put',
    path: '/api/accounts/{id}/licenses',
    summary: 'Add or remove licenses',
    description: WRITE_NOTE,
    auth: true,
    body: licenseChangeRequest,
    status: 200,
    response: licenseChangeResponse,
  },
  {
    method: 'get',
    path: '/api/baseline',
    summary: "The tenant's recommended values and check severities",
    auth: true,
    status: 200,
    response: baselineResponse,
  },
  {
    method: 'put',
    path: '/api/baseline',
    summary: "Replace the tenant's recommended values",
    description: 'Exchange Administrator or Global Administrator.',
    auth: true,
    body: baselineValues,
    status: 200,
    response: baselineResponse,
  },
  {
    method: 'get',
    path: '/api/audit',
    summary: 'The audit log, filtered and paged by cursor',
    auth: true,
    query: auditQuery,
    status: 200,
    response: auditResponse,
  },
  {
    method: 'get',
    path: '/api/audit/export.csv',
    summary: 'The audit log as CSV',
    auth: true,
    query: auditQuery.omit({ limit: true, cursor: true }),
    status: 200,
    response: 'csv',
  },
  {
    method: 'post',
    path: '/api/jobs/apply-recommended',
    summary: 'Start a bulk job applying the recommended configuration',
    description: WRITE_NOTE,
    auth: true,
    body: applyJobRequest,
    status: 202,
    response: jobCreated,
  },
  {
    method: 'get',
    path: '/api/jobs/{id}',
    summary: 'Progress and per-account results of a job',
    auth: true,
    status: 200,
    response: jobProgress,
  },
  {
    method: 'post',
    path: '/api/jobs/{id}/cancel',
    summary: 'Cancel a job: pending accounts are skipped',
    auth: true,
    status: 200,
    response: jobProgress,
  },
  {
    method: 'post',
    path: '/api/jobs/{id}/take-over',
    summary: 'Act for a job from now on: resumes one waiting for a sign-in; audited when it changes hands',
    auth: true,
    status: 200,
    response: jobProgress,
  },
];

const WRITE_METHODS: Method[] = ['post', 'put', 'patch', 'delete'];
const packageVersion = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** Named schemas of one direction (request bodies are zod inputs, responses outputs), referencing each other. */
function components(schemas: Map<z.ZodType, string>, io: 'input' | 'output'): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [schema, id] of schemas) registry.add(schema, { id });
  const { schemas: generated } = z.toJSONSchema(registry, {
    io,
    target: 'draft-2020-12',
    uri: (id) => `#/components/schemas/${id}`,
    unrepresentable: 'any',
  });
  return Object.fromEntries(Object.entries(generated).map(([id, schema]) => [id, withoutIdentity(schema as JsonSchema)]));
}

function withoutIdentity(schema: JsonSchema): JsonSchema {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return rest;
}

const ref = (schemas: Map<z.ZodType, string>, schema: z.ZodType) => {
  const name = schemas.get(schema);
  if (!name) throw new Error('Every documented schema needs a component name');
  return { $ref: `#/components/schemas/${name}` };
};

function operation(route: ApiRoute): JsonSchema {
  const parameters: JsonSchema[] = [];
  for (const name of route.path.matchAll(/\{(\w+)\}/g)) {
    parameters.push({
      name: name[1],
      in: 'path',
      required: true,
      schema: route.path.startsWith('/api/jobs/') ? { type: 'string', format: 'uuid' } : { type: 'string', maxLength: 200 },
    });
  }
  if (route.query) {
    const query = withoutIdentity(z.toJSONSchema(route.query, { io: 'input', target: 'draft-2020-12' }) as JsonSchema) as {
      properties?: Record<string, JsonSchema>;
      required?: string[];
    };
    for (const [name, schema] of Object.entries(query.properties ?? {})) {
      parameters.push({ name, in: 'query', required: query.required?.includes(name) ?? false, schema });
    }
  }
  const error = (description: string) => ({ description, content: { 'application/json': { schema: ref(OUTPUTS, errorEnvelope) } } });
  const responses: Record<string, unknown> = {
    [String(route.status)]: {
      description: route.summary,
      content:
        route.response === 'csv'
          ? { 'text/csv': { schema: { type: 'string' } } }
          : { 'application/json': { schema: ref(OUTPUTS, route.response) } },
    },
  };
  if (route.body || route.query || parameters.length > 0)
    responses['400'] = error('The input is not valid: `error.issues` names each wrong field.');
  if (route.auth) {
    responses['401'] = error('No valid SSO token (`invalid_token`).');
    responses['403'] = error('`consent_required`, or `insufficient_role` with `requiredRole`.');
  }
  if (route.path.includes('{')) responses['404'] = error('No such account or job in your tenant.');
  if (route.auth && WRITE_METHODS.includes(route.method)) {
    responses['429'] = {
      ...error('`rate_limited`: too many writes from you; wait `Retry-After` seconds.'),
      headers: { 'Retry-After': { schema: { type: 'integer' } } },
    };
  }
  responses.default = error('Any other failure, e.g. 502 `upstream_unavailable` when Microsoft 365 cannot be reached.');
  return {
    operationId: `${route.method}${route.path
      .replace(/^\/api/, '')
      .replace(/[{}]/g, '')
      .replace(/[^A-Za-z0-9]+(\w)/g, (_m, c: string) => c.toUpperCase())}`,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    ...(route.auth ? {} : { security: [] }),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: ref(INPUTS, route.body) } } } } : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document of the API, generated from the zod contract with zod's own JSON Schema output. */
export function openApiDocument(): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of API_ROUTES) (paths[route.path] ??= {})[route.method] = operation(route);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Room Accounts API',
      version: packageVersion,
      description:
        'The API behind the Room Accounts Teams tab. Send `Authorization: Bearer <token>` where the token is a Microsoft Entra v2 access token for this app (audience = its client id, scope `access_as_user`), issued to one of the pre-authorized Teams, Microsoft 365 or Outlook clients. Every error is `{ "error": { "code", "message", "correlationId" } }`.',
    },
    servers: [{ url: '/' }],
    security: [{ teamsSso: [] }],
    paths,
    components: {
      securitySchemes: {
        teamsSso: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'A Microsoft Entra access token for api://{TAB_DOMAIN}/{clientId} with scope access_as_user.',
        },
      },
      schemas: { ...components(OUTPUTS, 'output'), ...components(INPUTS, 'input') },
    },
  };
}

/** `GET /api/openapi.json`, without sign-in, for admins who script against the API with their own tokens. */
export function openApiRoutes(): Router {
  const router = Router();
  let document: JsonSchema | undefined;
  router.get('/openapi.json', (_req, res) => {
    document ??= openApiDocument();
    res.json(document);
  });
  return router;
}

// @ts-nocheck
import type { Caller } from '../access/caller.ts';
import type { EmulatorContext } from '../context.ts';
import type { Tenant } from '../tenant/model.ts';
import { graphErrors } from './errors.ts';
import type { GraphRequest, GraphResponse } from './message.ts';
import type { QueryOptions } from './odata/query.ts';

/** Entra-backed resources answer refusals as the directory does; Places answers as Exchange does. */
export type Workload = 'directory' | 'places';

/** Everything a handler gets: the authenticated caller, its tenant, the path parameters and the query. */
export interface GraphCall {
  ctx: EmulatorContext;
  caller: Caller;
  tenant: Tenant;
  request: GraphRequest;
  params: Record<string, string>;
  query: QueryOptions;
}

export interface GraphRoute {
  method: 'GET' | 'PATCH' | 'POST';
  /** `/users/{id}/licenseDetails`; with the method it names the API in stats and in the traffic gate. */
  template: string;
  workload: Workload;
  /** Delegated scopes or application permissions, any one of which allows the call. */
  permissions: readonly string[];
  /** Base identity resource units (graph-engineering.md §1.2), before the `$select`/`$top` discounts. */
  resourceUnits: number;
  isWrite?: boolean;
  /** The mailbox an Outlook-backed call targets, for the per-mailbox limits. */
  mailbox?(tenant: Tenant, params: Record<string, string>): string | undefined;
  handle(call: GraphCall): GraphResponse | Promise<GraphResponse>;
}

export interface RouteMatch {
  route: GraphRoute;
  params: Record<string, string>;
}

/**
 * Find the route for a path. Literal segments ignore case (as Graph's do) and win over parameters;
 * an unknown segment and a known path with another method get Graph's own refusals.
 */
export function matchRoute(routes: readonly GraphRoute[], method: string, path: string): RouteMatch {
  const segments = splitPath(path);
  let candidates = routes.map((route) => ({ route, template: splitTemplate(route.template) }));
  for (const [index, segment] of segments.entries()) {
    candidates = candidates.filter(({ template }) => {
      const part = template[index];
      return part !== undefined && (isParameter(part) || part.toLowerCase() === segment.toLowerCase());
    });
    if (candidates.length === 0) throw graphErrors.unknownSegment(segment);
  }
  const complete = candidates.filter(({ template }) => template.length === segments.length);
  if (complete.length === 0) throw graphErrors.unknownSegment(segments.at(-1) ?? '');
  const byMethod = complete.filter(({ route }) => route.method === method.toUpperCase());
  if (byMethod.length === 0) throw graphErrors.methodNotAllowed();
  const literalScore = (template: string[]) => template.filter((part) => !isParameter(part)).length;
  const [best] = byMethod.sort((a, b) => literalScore(b.template) - literalScore(a.template));
  if (!best) throw graphErrors.methodNotAllowed();
  const params: Record<string, string> = {};
  best.template.forEach((part, index) => {
    if (isParameter(part)) params[part.slice(1, -1)] = segments[index] ?? '';
  });
  return { route: best.route, params };
}

/** Decoded path segments; a function call's empty parentheses (`delta()`, as SDKs write it) are dropped. */
function splitPath(path: string): string[] {
  return path
    .split('/')
    .filter(Boolean)
    .map((segment) => {
      try {
        return decodeURIComponent(segment).replace(/\(\)$/, '');
      } catch {
        throw graphErrors.badRequest(`The request URI segment '${segment}' is not correctly encoded.`);
      }
    });
}

function splitTemplate(template: string): string[] {
  return template.split('/').filter(Boolean);
}

function isParameter(part: string): boolean {
  return part.startsWith('{') && part.endsWith('}');
}

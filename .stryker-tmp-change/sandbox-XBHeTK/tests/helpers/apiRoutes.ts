// @ts-nocheck
import type { Express } from 'express';
import { createApp } from '../../api/src/http/app.ts';
import type { Services } from '../../api/src/services.ts';

/** One method on one `/api` path, as registered, e.g. `PATCH /api/accounts/:id`. */
export interface ApiRoute {
  method: string;
  path: string;
}

/** Routes that answer without a sign-in token: the only ones the attack and authorization suites skip. */
export const PUBLIC_ROUTES = ['GET /api/health', 'GET /api/client-config', 'POST /api/demo/token', 'GET /api/openapi.json'];

export const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

interface ListedRoute {
  path: string | RegExp;
  methods?: string[];
  router?: ListableRouter;
}
interface ListableRouter {
  listRoutes(): ListedRoute[];
}

/**
 * Every `/api` route of the real Express app, read from its router stack, so a route added later is
 * attacked, authorized and fuzzed without anyone editing the suites.
 */
export function apiRoutes(services: Services): ApiRoute[] {
  const app = createApp(services) as Express & { router: ListableRouter };
  const found: ApiRoute[] = [];
  const walk = (router: ListableRouter, prefix: string) => {
    for (const entry of router.listRoutes()) {
      if (typeof entry.path !== 'string') continue;
      const path = `${prefix}${entry.path === '/' ? '' : entry.path}`;
      if (entry.router) walk(entry.router, path);
      for (const method of entry.methods ?? []) {
        if (method !== 'HEAD' && path.startsWith('/api/')) found.push({ method, path });
      }
    }
  };
  walk(app.router, '');
  const unique = new Map(found.map((route) => [`${route.method} ${route.path}`, route]));
  return [...unique.values()];
}

export const routeName = (route: ApiRoute): string => `${route.method} ${route.path}`;

/** The route's path with each `:param` filled in. */
export function fillPath(route: ApiRoute, params: Record<string, string>): string {
  return route.path.replace(/:(\w+)/g, (_match, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`No value for :${name} in ${routeName(route)}`);
    return encodeURIComponent(value);
  });
}

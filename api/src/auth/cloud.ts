import type { Agent } from 'node:https';
import type { CloudInfo } from '../../../contract/index.ts';
import type { Config } from '../config.ts';
import { log } from '../log.ts';
import { httpsJson, type JsonResponse } from './httpsJson.ts';
import type { CloudInstance, TenantCloud } from './tenantCloud.ts';
import type { TokenValidator } from './tokenValidator.ts';

export type { CloudInstance, TenantCloud } from './tenantCloud.ts';

/** The OpenID configuration fields that tell the clouds apart (domain.md §6). */
export interface OpenIdCloudFields {
  tenant_region_scope?: string;
  tenant_region_sub_scope?: string;
  cloud_instance_name?: string;
}

type Hosts = { graph: string; exchange: string };

const WORLDWIDE: Hosts = { graph: 'https://graph.microsoft.com', exchange: 'https://outlook.office365.com' };
/**
 * Graph: Microsoft's national cloud deployments page. Exchange: Connect-ExchangeOnline's ConnectionUri hosts
 * (GCC High outlook.office365.us; DoD webmail.apps.mil, which is unverified for the admin API).
 */
const HOSTS: Record<CloudInstance, Hosts> = {
  worldwide: WORLDWIDE,
  gcc: WORLDWIDE,
  gccHigh: { graph: 'https://graph.microsoft.us', exchange: 'https://outlook.office365.us' },
  dod: { graph: 'https://dod-graph.microsoft.us', exchange: 'https://webmail.apps.mil' },
};

const CLOUD_NAMES: Record<Exclude<CloudInstance, 'worldwide'>, string> = { gcc: 'GCC', gccHigh: 'GCC High', dod: 'DoD' };

/** After a failed discovery, use the configured endpoints for this long before asking again. */
const RETRY_AFTER_FAILURE_MS = 60_000;

/**
 * The cloud from a tenant's OpenID configuration: `tenant_region_scope` USG is Azure Government, where the
 * sub-scope tells DoD (`DOD`) from GCC High (`DODCON`); sub-scope `GCC` is GCC (moderate) on worldwide Entra.
 * The sub-scope values are community-observed, not documented by Microsoft.
 */
export function instanceFrom(fields: OpenIdCloudFields): CloudInstance {
  const scope = fields.tenant_region_scope?.toUpperCase();
  const subScope = fields.tenant_region_sub_scope?.toUpperCase();
  if (scope === 'USG' || scope === 'USGOV' || fields.cloud_instance_name === 'microsoftonline.us')
    return subScope === 'DOD' ? 'dod' : 'gccHigh';
  return subScope === 'GCC' ? 'gcc' : 'worldwide';
}

/**
 * Hosts for a tenant: a service left at its worldwide default follows the tenant's cloud; one configured
 * explicitly (a national cloud set by hand, a proxy, the emulator) is kept, and so is its token resource.
 */
export function cloudFor(instance: CloudInstance, config: Pick<Config, 'endpoints' | 'resources'>): TenantCloud {
  const pick = (service: keyof Hosts) => {
    const follows = config.endpoints[service] === WORLDWIDE[service];
    return {
      host: follows ? HOSTS[instance][service] : config.endpoints[service],
      resource: follows && config.resources[service] === WORLDWIDE[service] ? HOSTS[instance][service] : config.resources[service],
    };
  };
  const graph = pick('graph');
  const exchange = pick('exchange');
  return {
    instance,
    note: noteFor(instance, graph.host, exchange.host),
    graph: graph.host,
    exchange: exchange.host,
    resources: { graph: graph.resource, exchange: exchange.resource },
  };
}

/** We go beyond the Pro Management Portal, which refuses GCC, but say plainly what is unverified there. */
function noteFor(instance: CloudInstance, graph: string, exchange: string): string | null {
  if (instance === 'worldwide') return null;
  const hosts = `Room Accounts calls ${new URL(graph).host} and ${new URL(exchange).host}.`;
  const unverified =
    'Unverified there: the Exchange admin endpoint for calendar processing, the Places API and the government license SKUs.';
  const pmp = instance === 'gcc' ? " Microsoft's Pro Management Portal does not manage resource accounts in GCC; Room Accounts does." : '';
  return `This is a ${CLOUD_NAMES[instance]} tenant.${pmp} ${hosts} ${unverified}`;
}

/** The part of the cloud the tab shows (`GET /api/me` `cloud`). */
export function cloudInfo(cloud: TenantCloud | undefined): CloudInfo {
  return { instance: cloud?.instance ?? 'worldwide', note: cloud?.note ?? null };
}

export interface CloudResolver {
  /** The tenant's cloud, discovered at first contact and cached for the life of the process. */
  resolve(tenantId: string): Promise<TenantCloud>;
}

/** Reads `{authority}/{tenant}/v2.0/.well-known/openid-configuration` once per tenant. */
export function createCloudResolver(
  config: Pick<Config, 'endpoints' | 'resources'>,
  agent: Agent,
  options: { fetchJson?: (url: string) => Promise<JsonResponse>; now?: () => number } = {},
): CloudResolver {
  const fetchJson = options.fetchJson ?? ((url: string) => httpsJson(url, { agent, timeoutMs: 10_000 }));
  const now = options.now ?? Date.now;
  const known = new Map<string, TenantCloud>();
  const fallbacks = new Map<string, { cloud: TenantCloud; until: number }>();
  const inflight = new Map<string, Promise<TenantCloud>>();

  const discover = async (tenantId: string): Promise<TenantCloud> => {
    const url = `${config.endpoints.authorityHost}/${encodeURIComponent(tenantId)}/v2.0/.well-known/openid-configuration`;
    try {
      const res = await fetchJson(url);
      if (res.status !== 200 || typeof res.body !== 'object' || res.body === null) throw new Error(`HTTP ${res.status}`);
      const cloud = cloudFor(instanceFrom(res.body as OpenIdCloudFields), config);
      known.set(tenantId, cloud);
      fallbacks.delete(tenantId);
      if (cloud.instance !== 'worldwide')
        log('info', 'tenant_cloud', { tenantId, instance: cloud.instance, graph: cloud.graph, exchange: cloud.exchange });
      return cloud;
    } catch (error) {
      log('warn', 'tenant_cloud_unknown', { tenantId, error });
      const cloud: TenantCloud = {
        ...cloudFor('worldwide', config),
        note: "Room Accounts could not read this tenant's cloud from Microsoft Entra ID and uses the configured endpoints. It asks again in a minute.",
      };
      fallbacks.set(tenantId, { cloud, until: now() + RETRY_AFTER_FAILURE_MS });
      return cloud;
    }
  };

  return {
    resolve(tenantId) {
      const cloud = known.get(tenantId);
      if (cloud) return Promise.resolve(cloud);
      const fallback = fallbacks.get(tenantId);
      if (fallback && fallback.until > now()) return Promise.resolve(fallback.cloud);
      let pending = inflight.get(tenantId);
      if (!pending) {
        pending = discover(tenantId).finally(() => inflight.delete(tenantId));
        inflight.set(tenantId, pending);
      }
      return pending;
    },
  };
}

/** Token validation that also puts the tenant's cloud on the principal, so every later call uses its hosts. */
export function withTenantCloud(validate: TokenValidator, clouds: CloudResolver): TokenValidator {
  return async (authorization) => {
    const principal = await validate(authorization);
    return { ...principal, cloud: await clouds.resolve(principal.tenantId) };
  };
}

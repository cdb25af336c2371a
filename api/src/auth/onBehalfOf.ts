// Evidence: docs/microsoft-365.md#entra-obo-token, #entra-refresh-token, #long-running-grant
import { createHash } from 'node:crypto';
import type { Agent } from 'node:https';
import { ConfidentialClientApplication, InteractionRequiredAuthError, type Configuration, type INetworkModule, type NetworkResponse } from '@azure/msal-node';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import { httpsJson } from './httpsJson.ts';
import type { Principal } from './principal.ts';

export type Resource = 'graph' | 'exchange';

/** Renew cached tokens this long before they expire. */
const RENEW_BEFORE_MS = 5 * 60_000;
const MAX_CACHED = 5_000;

export interface TokenSource {
  /** A Microsoft 365 token for the principal, exchanged on-behalf-of and cached per user, assertion and scope. */
  tokenFor(principal: Principal, resource: Resource): Promise<string>;
}

/**
 * msal-node's network calls over our HTTPS agent, so the same code path reaches the real authority or the
 * emulator (whose certificate the agent trusts). This is msal-node's own `system.networkClient` option.
 */
export function msalNetworkClient(agent: Agent): INetworkModule {
  const send = async <T>(url: string, method: 'GET' | 'POST', options?: { headers?: Record<string, string>; body?: string }): Promise<NetworkResponse<T>> => {
    const res = await httpsJson(url, { method, headers: options?.headers, body: options?.body, agent });
    return { status: res.status, headers: res.headers, body: res.body as T };
  };
  return {
    sendGetRequestAsync: (url, options) => send(url, 'GET', options),
    sendPostRequestAsync: (url, options) => send(url, 'POST', options),
  };
}

/** On-behalf-of exchange through msal-node, one confidential client per tenant authority, with a bounded LRU. */
export function createTokenSource(config: Config, agent: Agent): TokenSource {
  // A national-cloud tenant's resources come with its cloud (auth/cloud.ts); otherwise the configured ones.
  const scopeFor = (principal: Principal, resource: Resource) => `${(principal.cloud?.resources ?? config.resources)[resource]}/.default`;
  const clients = new Map<string, ConfidentialClientApplication>();
  const cache = new Map<string, { token: string; renewAt: number }>();
  const inflight = new Map<string, Promise<string>>();

  const clientFor = (tenantId: string) => {
    let client = clients.get(tenantId);
    if (!client) {
      const msalConfig: Configuration = {
        auth: {
          clientId: config.app.clientId,
          clientSecret: config.app.clientSecret,
          clientCertificate: config.app.certificate
            ? { thumbprintSha256: config.app.certificate.thumbprintSha256, privateKey: config.app.certificate.privateKey }
            : undefined,
          // The tenant comes from the validated token, never from the request.
          authority: `${config.endpoints.authorityHost}/${tenantId}`,
          knownAuthorities: [new URL(config.endpoints.authorityHost).host],
        },
        system: { networkClient: msalNetworkClient(agent) },
      };
      client = new ConfidentialClientApplication(msalConfig);
      clients.set(tenantId, client);
    }
    return client;
  };

  const exchange = async (principal: Principal, resource: Resource): Promise<{ token: string; expiresOn: number }> => {
    try {
      const result = await clientFor(principal.tenantId).acquireTokenOnBehalfOf({ oboAssertion: principal.assertion, scopes: [scopeFor(principal, resource)] });
      if (!result?.accessToken) throw new AppError(502, 'upstream_error', 'Microsoft Entra ID returned no token.');
      return { token: result.accessToken, expiresOn: result.expiresOn?.getTime() ?? Date.now() + 3600_000 };
    } catch (error) {
      throw mapMsalError(error);
    }
  };

  return {
    async tokenFor(principal, resource) {
      const key = `${createHash('sha256').update(principal.assertion).digest('base64url')}|${resource}`;
      const hit = cache.get(key);
      if (hit && hit.renewAt > Date.now()) {
        cache.delete(key);
        cache.set(key, hit); // refresh LRU position
        return hit.token;
      }
      const pending = inflight.get(key);
      if (pending) return pending;
      const work = exchange(principal, resource)
        .then(({ token, expiresOn }) => {
          cache.set(key, { token, renewAt: expiresOn - RENEW_BEFORE_MS });
          while (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value as string);
          return token;
        })
        .finally(() => inflight.delete(key));
      inflight.set(key, work);
      return work;
    },
  };
}

/** Consent and interaction failures become 403 consent_required, which the tab answers with a consent prompt. */
function mapMsalError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const { errorCode, subError } = (error ?? {}) as { errorCode?: string; subError?: string };
  if (
    error instanceof InteractionRequiredAuthError ||
    errorCode === 'invalid_grant' ||
    errorCode === 'interaction_required' ||
    errorCode === 'consent_required' ||
    subError === 'consent_required'
  ) {
    return new AppError(403, 'consent_required', 'Room Accounts needs your consent (or your administrator\'s) to read and change resource accounts on your behalf.', {
      logDetail: `msal ${errorCode ?? ''} ${subError ?? ''}`.trim(),
    });
  }
  return new AppError(502, 'upstream_unavailable', 'Microsoft Entra ID could not be reached to authorize this request. Try again in a moment.', {
    logDetail: `msal ${errorCode ?? (error instanceof Error ? error.message : 'unknown')}`,
  });
}

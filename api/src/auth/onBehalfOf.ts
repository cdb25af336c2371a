// Evidence: docs/microsoft-365.md#entra-obo-token, #entra-refresh-token, #long-running-grant
import { createHash } from 'node:crypto';
import type { Agent } from 'node:https';
import {
  ConfidentialClientApplication,
  InteractionRequiredAuthError,
  type Configuration,
  type INetworkModule,
  type NetworkResponse,
} from '@azure/msal-node';
import type { Config } from '../config.ts';
import { AppError, SignInRequiredError } from '../errors.ts';
import { httpsJson } from './httpsJson.ts';
import type { Principal } from './principal.ts';

export type Resource = 'graph' | 'exchange';

/** Renew cached tokens this long before they expire, or after three quarters of a shorter lifetime. */
const RENEW_BEFORE_MS = 5 * 60_000;
const MAX_CACHED = 5_000;

export interface TokenSource {
  /**
   * A Microsoft 365 token for the principal: exchanged on-behalf-of from its SSO token (cached per user,
   * assertion and scope), or, for a principal acting through its stored grant (`delegated`), redeemed from
   * the refresh token that grant keeps.
   */
  tokenFor(principal: Principal, resource: Resource): Promise<string>;
  /**
   * Keep a grant that outlives the SSO token: the refresh token Entra returns to an on-behalf-of request
   * (msal-node asks for `offline_access` with every OBO request), stored through the GrantStore. Work that
   * takes hours (a sync, a bulk job) then acts as `{ ...principal, delegated: true }`.
   */
  delegate(principal: Principal): Promise<void>;
}

/**
 * Where delegated grants are kept (sealed, in the store): auth may not import the store, so the composition
 * root hands it in.
 */
export interface GrantStore {
  /** The user's refresh token, or why there is none to use (never granted, or waiting for a new sign-in). */
  load(tenantId: string, userId: string): Promise<{ refreshToken: string } | { waiting: string } | null>;
  /** Keep a (new or rotated) refresh token for the principal; the grant is usable again. */
  save(principal: Principal, refreshToken: string): Promise<void>;
  /** Entra refused to renew: the grant waits for the user to sign in again. */
  needsSignIn(tenantId: string, userId: string, reason: string): Promise<void>;
}

/**
 * msal-node's network calls over our HTTPS agent, so the same code path reaches the real authority or the
 * emulator (whose certificate the agent trusts). This is msal-node's own `system.networkClient` option.
 */
export function msalNetworkClient(agent: Agent): INetworkModule {
  const send = async <T>(
    url: string,
    method: 'GET' | 'POST',
    options?: { headers?: Record<string, string>; body?: string },
  ): Promise<NetworkResponse<T>> => {
    const res = await httpsJson(url, { method, headers: options?.headers, body: options?.body, agent });
    return { status: res.status, headers: res.headers, body: res.body as T };
  };
  return {
    sendGetRequestAsync: (url, options) => send(url, 'GET', options),
    sendPostRequestAsync: (url, options) => send(url, 'POST', options),
  };
}

/** On-behalf-of exchange through msal-node, one confidential client per tenant authority, with a bounded LRU. */
export function createTokenSource(config: Config, agent: Agent, grants?: GrantStore): TokenSource {
  // A national-cloud tenant's resources come with its cloud (auth/cloud.ts); otherwise the configured ones.
  const scopeFor = (principal: Principal, resource: Resource) => `${(principal.cloud?.resources ?? config.resources)[resource]}/.default`;
  const clients = new Map<string, ConfidentialClientApplication>();
  const cache = new Map<string, { token: string; renewAt: number }>();
  const inflight = new Map<string, Promise<string>>();

  // Capturing and redeeming grants read refresh tokens out of msal's cache, so they use clients of their own
  // whose cache holds nothing else (each entry is removed once read).
  const grantClients = new Map<string, ConfidentialClientApplication>();
  const newClient = (tenantId: string) => {
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
    return new ConfidentialClientApplication(msalConfig);
  };
  const grantClientFor = (tenantId: string) => {
    let client = grantClients.get(tenantId);
    if (!client) grantClients.set(tenantId, (client = newClient(tenantId)));
    return client;
  };
  /** One capture or redemption at a time per user: both read that user's refresh token from the shared cache. */
  const grantLocks = new Map<string, Promise<unknown>>();
  const underGrantLock = <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const previous = grantLocks.get(key) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    grantLocks.set(key, next);
    void next.finally(() => grantLocks.get(key) === next && grantLocks.delete(key)).catch(() => undefined);
    return next;
  };

  const clientFor = (tenantId: string) => {
    let client = clients.get(tenantId);
    if (!client) clients.set(tenantId, (client = newClient(tenantId)));
    return client;
  };

  const exchange = async (principal: Principal, resource: Resource): Promise<{ token: string; expiresOn: number }> => {
    try {
      const result = await clientFor(principal.tenantId).acquireTokenOnBehalfOf({
        oboAssertion: principal.assertion,
        scopes: [scopeFor(principal, resource)],
      });
      if (!result?.accessToken) throw new AppError(502, 'upstream_error', 'Microsoft Entra ID returned no token.');
      return { token: result.accessToken, expiresOn: result.expiresOn?.getTime() ?? Date.now() + 3600_000 };
    } catch (error) {
      throw mapMsalError(error);
    }
  };

  /** Redeem the user's stored refresh token for this resource, keeping the rotated one Entra returns. */
  const redeem = (principal: Principal, resource: Resource): Promise<{ token: string; expiresOn: number }> =>
    underGrantLock(`${principal.tenantId}|${principal.userId}`, async () => {
      if (!grants) throw new SignInRequiredError(principal.userPrincipalName, 'no grant store');
      const grant = await grants.load(principal.tenantId, principal.userId);
      if (!grant) throw new SignInRequiredError(principal.userPrincipalName, 'no sign-in kept for background work');
      if ('waiting' in grant) throw new SignInRequiredError(principal.userPrincipalName, grant.waiting);
      const client = grantClientFor(principal.tenantId);
      let result;
      try {
        // forceCache: msal-node otherwise drops the rotated refresh token when the account is not in its cache yet.
        result = await client.acquireTokenByRefreshToken({
          refreshToken: grant.refreshToken,
          scopes: [scopeFor(principal, resource)],
          forceCache: true,
        });
      } catch (error) {
        const refused = refusalOf(error);
        if (!refused) throw mapMsalError(error);
        await grants.needsSignIn(principal.tenantId, principal.userId, refused);
        throw new SignInRequiredError(principal.userPrincipalName, refused);
      }
      if (!result?.accessToken) throw new AppError(502, 'upstream_error', 'Microsoft Entra ID returned no token.');
      // Entra answers a refresh with a new refresh token: keep it, so the grant's inactivity window restarts.
      const rotated = await takeRefreshToken(client, principal);
      if (rotated) await grants.save(principal, rotated);
      return { token: result.accessToken, expiresOn: result.expiresOn?.getTime() ?? Date.now() + 3600_000 };
    });

  const cached = (key: string, fetch: () => Promise<{ token: string; expiresOn: number }>): Promise<string> => {
    const hit = cache.get(key);
    if (hit && hit.renewAt > Date.now()) {
      cache.delete(key);
      cache.set(key, hit); // refresh LRU position
      return Promise.resolve(hit.token);
    }
    const pending = inflight.get(key);
    if (pending) return pending;
    const obtainedAt = Date.now();
    const work = fetch()
      .then(({ token, expiresOn }) => {
        cache.set(key, { token, renewAt: expiresOn - Math.min(RENEW_BEFORE_MS, (expiresOn - obtainedAt) / 4) });
        while (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value as string);
        return token;
      })
      .finally(() => inflight.delete(key));
    inflight.set(key, work);
    return work;
  };

  return {
    async delegate(principal) {
      if (!grants) return;
      await underGrantLock(`${principal.tenantId}|${principal.userId}`, async () => {
        const client = grantClientFor(principal.tenantId);
        try {
          await client.acquireTokenOnBehalfOf({ oboAssertion: principal.assertion, scopes: [scopeFor(principal, 'graph')] });
        } catch (error) {
          throw mapMsalError(error);
        }
        const refreshToken = await takeRefreshToken(client, principal);
        if (!refreshToken) {
          throw new AppError(
            502,
            'upstream_error',
            'Microsoft Entra ID returned no refresh token to the on-behalf-of request, so work that outlives your sign-in cannot start. Try again.',
            {
              logDetail: 'obo response without refresh_token',
            },
          );
        }
        await grants.save(principal, refreshToken);
      });
    },

    async tokenFor(principal, resource) {
      if (principal.delegated)
        return cached(`grant|${principal.tenantId}|${principal.userId}|${resource}`, () => redeem(principal, resource));
      const key = `${createHash('sha256').update(principal.assertion).digest('base64url')}|${resource}`;
      return cached(key, () => exchange(principal, resource));
    },
  };
}

/**
 * The user's refresh token from a grant client's cache (msal-node keeps it there and exposes no getter; this
 * is how MSAL.NET's long-running OBO keeps one too), then the account is removed so the cache stays empty.
 */
async function takeRefreshToken(client: ConfidentialClientApplication, principal: Principal): Promise<string | undefined> {
  const cache = client.getTokenCache();
  const serialized = JSON.parse(cache.serialize()) as { RefreshToken?: Record<string, { home_account_id?: string; secret?: string }> };
  const homeAccountId = `${principal.userId}.${principal.tenantId}`;
  const token = Object.values(serialized.RefreshToken ?? {}).find((entry) => entry.home_account_id === homeAccountId)?.secret;
  const account = await cache.getAccountByHomeId(homeAccountId);
  if (account) await cache.removeAccount(account);
  return token;
}

/**
 * Entra's answers that mean "this grant can't be renewed without the user" (the refresh token expired or was
 * revoked, the user was disabled, consent was withdrawn, MFA is now required), as `AADSTSnnnn`; else undefined.
 */
function refusalOf(error: unknown): string | undefined {
  const { errorCode, errorMessage } = (error ?? {}) as { errorCode?: string; errorMessage?: string };
  if (!(error instanceof InteractionRequiredAuthError) && errorCode !== 'invalid_grant' && errorCode !== 'interaction_required')
    return undefined;
  return /AADSTS\d+/.exec(errorMessage ?? '')?.[0] ?? errorCode ?? 'invalid_grant';
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
    return new AppError(
      403,
      'consent_required',
      "Room Accounts needs your consent (or your administrator's) to read and change resource accounts on your behalf.",
      {
        logDetail: `msal ${errorCode ?? ''} ${subError ?? ''}`.trim(),
      },
    );
  }
  return new AppError(
    502,
    'upstream_unavailable',
    'Microsoft Entra ID could not be reached to authorize this request. Try again in a moment.',
    {
      logDetail: `msal ${errorCode ?? (error instanceof Error ? error.message : 'unknown')}`,
    },
  );
}

// Evidence: docs/microsoft-365.md#entra-sso-claims, #entra-obo-token
import { randomBytes, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { EmApp, EmUser, Tenant } from '../tenant/model.ts';
import type { KeyRing } from './keys.ts';

/** The client id of the emulator's demo sign-in page: the `azp` of demo SSO tokens, as Teams' id is for real ones. */
export const DEMO_SIGNIN_CLIENT_ID = '7e1a5b2c-3d4f-4a6b-8c9d-0e1f2a3b4c5d';

export interface UserTokenRequest {
  tenant: Tenant;
  user: EmUser;
  audience: string;
  scopes: string[];
  /** The client the token was issued to (`azp`/`appid`). */
  clientId: string;
  /** v2 for our own API's SSO tokens; v1 as Microsoft issues for Graph and Exchange. */
  version: 1 | 2;
  issuerBase: string;
  /** Whole seconds (limits/knobs.ts access and SSO lifetimes, after time scaling). */
  lifetimeSeconds: number;
}

export function issuerFor(version: 1 | 2, issuerBase: string, tenantId: string): string {
  return version === 2 ? `${issuerBase}/${tenantId}/v2.0` : `https://sts.windows.net/${tenantId}/`;
}

/** A delegated access token with the claims real Entra tokens carry (tid, oid, upn, name, scp, wids). */
export async function mintUserToken(keys: KeyRing, request: UserTokenRequest): Promise<string> {
  const { tenant, user, version } = request;
  const now = Math.floor(Date.now() / 1000);
  const common = {
    aio: randomBytes(24).toString('base64url'),
    name: user.displayName,
    oid: user.id,
    rh: `0.${randomBytes(12).toString('base64url')}.`,
    scp: request.scopes.join(' '),
    sub: randomBytes(16).toString('base64url'),
    tid: tenant.id,
    upn: user.userPrincipalName,
    uti: randomBytes(16).toString('base64url'),
    // "tenant-wide roles assigned to this user": direct assignments only. Roles scoped to an administrative
    // unit are not tenant-wide; roles through groups are left out too (unverified, docs/microsoft-365.md#who-may-write), and
    // Exchange role groups are not directory roles at all.
    wids: [...user.roleTemplateIds, 'b79fbf4d-3ef9-4689-8143-76b194e85509'],
  };
  const versioned =
    version === 2
      ? { azp: request.clientId, azpacr: '1', preferred_username: user.userPrincipalName, ver: '2.0' }
      : { appid: request.clientId, appidacr: '1', idtyp: 'user', unique_name: user.userPrincipalName, ver: '1.0' };
  return new SignJWT({ ...common, ...versioned })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: keys.current.kid })
    .setIssuer(issuerFor(version, request.issuerBase, tenant.id))
    .setAudience(request.audience)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(expiry(request.lifetimeSeconds))
    .sign(keys.current.privateKey);
}

/**
 * The v2 ID token Entra returns when `openid` is requested: the user as the client sees it. msal-node builds
 * and caches its account from it (with `client_info`).
 */
export async function mintIdToken(
  keys: KeyRing,
  tenant: Tenant,
  user: EmUser,
  clientId: string,
  issuerBase: string,
  lifetimeSeconds: number,
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    aio: randomBytes(24).toString('base64url'),
    name: user.displayName,
    oid: user.id,
    preferred_username: user.userPrincipalName,
    rh: `0.${randomBytes(12).toString('base64url')}.`,
    sub: randomBytes(16).toString('base64url'),
    tid: tenant.id,
    uti: randomBytes(16).toString('base64url'),
    ver: '2.0',
  })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: keys.current.kid })
    .setIssuer(issuerFor(2, issuerBase, tenant.id))
    .setAudience(clientId)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(expiry(lifetimeSeconds))
    .sign(keys.current.privateKey);
}

/** An app-only (client credentials) v1 token whose `roles` are the application permissions granted. */
export async function mintAppToken(
  keys: KeyRing,
  tenant: Tenant,
  app: EmApp,
  audience: string,
  roles: string[],
  lifetimeSeconds: number,
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    appid: app.clientId,
    appidacr: '1',
    idtyp: 'app',
    oid: randomUUID(),
    roles,
    sub: randomUUID(),
    tid: tenant.id,
    uti: randomBytes(16).toString('base64url'),
    ver: '1.0',
  })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: keys.current.kid })
    .setIssuer(issuerFor(1, '', tenant.id))
    .setAudience(audience)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(expiry(lifetimeSeconds))
    .sign(keys.current.privateKey);
}

/** `exp` rounded up from the exact clock, so a token lives at least its `expires_in` (never 0 s). */
function expiry(lifetimeSeconds: number): number {
  return Math.ceil(Date.now() / 1000 + lifetimeSeconds);
}

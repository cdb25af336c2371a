import { jwtVerify } from 'jose';
import type { KeyRing } from '../identity/keys.ts';
import type { Tenant } from '../tenant/model.ts';

/** Who is calling Graph or Exchange, read from a token this emulator issued. */
export interface Caller {
  tenant: Tenant;
  appId: string;
  /** Absent for app-only tokens. */
  userId?: string;
  upn?: string;
  roles: ReadonlySet<string>;
  scopes: ReadonlySet<string>;
  /** Application permissions (client credentials). */
  appRoles: ReadonlySet<string>;
}

export type CallerResult = { ok: true; caller: Caller } | { ok: false; reason: string };

/**
 * Validate a bearer token for one resource (`https://graph.microsoft.com` or `https://outlook.office365.com`).
 * A token for another audience, an unknown key, an expired token or an unknown tenant is refused.
 */
export async function authenticateCaller(
  authorization: string | undefined,
  keys: KeyRing,
  resource: { uri: string; appId: string },
  findTenant: (id: string) => Tenant | undefined,
): Promise<CallerResult> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match?.[1]) return { ok: false, reason: 'Access token is empty.' };
  let payload;
  try {
    ({ payload } = await jwtVerify(match[1], keys.verificationKeys, { algorithms: ['RS256'], clockTolerance: 5 }));
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_JWT_EXPIRED') return { ok: false, reason: 'Lifetime validation failed, the token is expired.' };
    return { ok: false, reason: 'Access token validation failure.' };
  }
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (!audiences.some((aud) => aud === resource.uri || aud === `${resource.uri}/` || aud === resource.appId)) {
    return { ok: false, reason: 'Access token validation failure. Invalid audience.' };
  }
  const tenant = typeof payload.tid === 'string' ? findTenant(payload.tid) : undefined;
  if (!tenant) return { ok: false, reason: 'Access token validation failure. Invalid tenant.' };
  const claimList = (value: unknown) =>
    new Set(
      Array.isArray(value)
        ? value.map(String)
        : String(value ?? '')
            .split(' ')
            .filter(Boolean),
    );
  return {
    ok: true,
    caller: {
      tenant,
      appId: String(payload.appid ?? payload.azp ?? ''),
      userId: payload.idtyp === 'app' ? undefined : String(payload.oid),
      upn: typeof payload.upn === 'string' ? payload.upn : undefined,
      roles: claimList(payload.wids),
      scopes: claimList(payload.scp),
      appRoles: claimList(payload.roles),
    },
  };
}

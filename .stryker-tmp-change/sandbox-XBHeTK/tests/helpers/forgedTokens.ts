// @ts-nocheck
import { generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import type { RunningEmulator } from '../../emulator/src/index.ts';
import { DEMO_SIGNIN_CLIENT_ID } from '../../emulator/src/index.ts';

/** Claims of a valid SSO token for our API in the emulator's tenant, to be bent by each attack case. */
export function validClaims(emulator: RunningEmulator): JWTPayload {
  const tenant = emulator.tenant();
  const user = tenant.userByIdOrUpn(`grace.global@${tenant.domain}`);
  const now = Math.floor(Date.now() / 1000);
  return {
    aud: emulator.clientId,
    iss: `${emulator.baseUrl}/${tenant.id}/v2.0`,
    iat: now,
    nbf: now,
    exp: now + 3600,
    tid: tenant.id,
    oid: user?.id,
    upn: user?.userPrincipalName,
    name: user?.displayName,
    scp: 'access_as_user',
    azp: DEMO_SIGNIN_CLIENT_ID,
    ver: '2.0',
    wids: user?.roleTemplateIds ?? [],
  };
}

/** Sign claims with the emulator's real signing key (so only the claims make a token wrong). */
export async function signWithTenantKey(emulator: RunningEmulator, claims: JWTPayload): Promise<string> {
  const key = emulator.context.keys.current;
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: key.kid }).sign(key.privateKey);
}

export async function signWithUnknownKey(claims: JWTPayload): Promise<string> {
  const { privateKey } = await generateKeyPair('RS256');
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: 'unknown-kid' }).sign(privateKey);
}

export function unsignedToken(claims: JWTPayload): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`;
}

import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import type { Principal } from '../../api/src/auth/principal.ts';
import { PERSONAS, startEmulator, type EmulatorOptions, type RunningEmulator } from '../../emulator/src/index.ts';

/**
 * Start an emulator for one test file, with the certificate `npm test` made and trusted for this run,
 * so plain `fetch` works against it.
 */
export async function startTenant(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const keyFile = process.env.EMULATOR_TLS_KEY_FILE;
  const certFile = process.env.EMULATOR_TLS_CERT_FILE;
  if (!keyFile || !certFile) throw new Error('Run tests through `npm test` (tests/run.ts), which sets up the emulator certificate.');
  return startEmulator({ tls: { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8') }, ...options });
}

/** An SSO token for a demo persona, as Teams' getAuthToken would return for our app. */
export async function demoToken(emulator: RunningEmulator, persona: string, tenant?: string): Promise<string> {
  const res = await fetch(`${emulator.baseUrl}/demo/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ persona, tenant }),
  });
  if (!res.ok) throw new Error(`demo token for ${persona}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/**
 * The Principal our API makes of a persona's SSO token (the roles the persona holds), for tests that drive the
 * API's own clients without HTTP. `delegated`: acting later through the admin's kept grant, with no assertion.
 */
export async function personaPrincipal(emulator: RunningEmulator, persona: string, delegated = false): Promise<Principal> {
  const spec = PERSONAS.find((candidate) => candidate.id === persona);
  const user = emulator.tenant().userByIdOrUpn(`${spec?.alias}@${emulator.tenant().domain}`);
  assert.ok(spec && user, persona);
  return {
    tenantId: emulator.tenantId,
    userId: user.id,
    userPrincipalName: user.userPrincipalName,
    displayName: user.displayName,
    roleTemplateIds: spec.roleTemplateIds,
    assertion: delegated ? '' : await demoToken(emulator, persona),
    ...(delegated ? { delegated: true } : {}),
  };
}

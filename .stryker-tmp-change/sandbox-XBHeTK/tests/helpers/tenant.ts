// @ts-nocheck
import { readFileSync } from 'node:fs';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../emulator/src/index.ts';

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

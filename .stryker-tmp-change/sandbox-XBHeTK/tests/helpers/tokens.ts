// @ts-nocheck
import { ConfidentialClientApplication } from '@azure/msal-node';
import type { RunningEmulator } from '../../emulator/src/index.ts';
import { demoToken } from './tenant.ts';

export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
export const EXCHANGE_SCOPE = 'https://outlook.office365.com/.default';

/** A real msal-node confidential client pointed at the emulator's authority. */
export function msalClient(emulator: RunningEmulator, tenantId = emulator.tenantId): ConfidentialClientApplication {
  return new ConfidentialClientApplication({
    auth: {
      clientId: emulator.clientId,
      clientSecret: emulator.clientSecret,
      authority: `${emulator.baseUrl}/${tenantId}`,
      knownAuthorities: [new URL(emulator.baseUrl).host],
    },
  });
}

/** A Graph or Exchange token for a persona, obtained the way the API does: SSO token, then on-behalf-of. */
export async function oboToken(emulator: RunningEmulator, persona: string, scope: string, tenantId?: string): Promise<string> {
  const sso = await demoToken(emulator, persona, tenantId);
  const result = await msalClient(emulator, tenantId).acquireTokenOnBehalfOf({ oboAssertion: sso, scopes: [scope] });
  if (!result?.accessToken) throw new Error(`no ${scope} token for ${persona}`);
  return result.accessToken;
}

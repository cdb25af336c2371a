/**
 * auth-start.html, opened by Teams' authentication window from the consent prompt: send the user to Microsoft
 * Entra's consent page for our app, which redirects to auth-end.html. In demo mode the emulated tenant has
 * already consented, so it goes straight to auth-end.
 */
import '../lib/zodJitless.ts';
import { app } from '@microsoft/teams-js';
import { clientConfig } from '../../../contract/index.ts';
import { apiFetch } from '../api/client.ts';
import { CONSENT_STATE_KEY } from './consentState.ts';

async function start(): Promise<void> {
  const config = await apiFetch('/api/client-config', clientConfig, { anonymous: true });
  if (config.mode === 'demo') {
    window.location.replace('/auth-end.html#demo=consented');
    return;
  }
  let loginHint: string | undefined;
  let userTenant: string | undefined;
  try {
    await app.initialize();
    const context = await app.getContext();
    loginHint = context.user?.loginHint;
    userTenant = context.user?.tenant?.id;
  } catch {
    // Opened outside Teams: Entra asks who is signing in.
  }
  const multiTenant = config.tenantId === 'common' || config.tenantId === 'organizations';
  const tenant = multiTenant ? (userTenant ?? 'organizations') : config.tenantId;
  const state = crypto.randomUUID();
  sessionStorage.setItem(CONSENT_STATE_KEY, state);
  const params = new URLSearchParams({
    client_id: config.clientId,
    response_type: 'code',
    response_mode: 'fragment',
    redirect_uri: `${window.location.origin}/auth-end.html`,
    // `.default` asks consent for every permission the app registration lists (Graph and Exchange), which on-behalf-of needs.
    scope: `openid profile api://${config.tabDomain}/${config.clientId}/.default`,
    prompt: 'consent',
    state,
    ...(loginHint ? { login_hint: loginHint } : {}),
  });
  window.location.assign(`${config.authorityHost}/${tenant}/oauth2/v2.0/authorize?${params}`);
}

start().catch((error: unknown) => {
  const message = document.getElementById('message');
  if (message)
    message.textContent = `The consent page could not open: ${error instanceof Error ? error.message : String(error)}. Close this window and try again.`;
});

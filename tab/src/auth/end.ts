/**
 * auth-end.html, where Entra's consent page returns: report the outcome to Teams, which resolves the tab's
 * `authentication.authenticate()` and closes this window. The authorization code is never redeemed: consent
 * was the point, and the tab keeps using Teams SSO tokens.
 */
import { app, authentication } from '@microsoft/teams-js';
import { CONSENT_STATE_KEY } from './consentState.ts';

async function end(): Promise<void> {
  const params = new URLSearchParams(window.location.hash.slice(1) || window.location.search.slice(1));
  await app.initialize();
  const error = params.get('error');
  if (error) {
    authentication.notifyFailure(params.get('error_description') ?? error);
    return;
  }
  const expected = sessionStorage.getItem(CONSENT_STATE_KEY);
  sessionStorage.removeItem(CONSENT_STATE_KEY);
  if (params.get('demo') === 'consented' || (params.get('code') && expected && params.get('state') === expected))
    authentication.notifySuccess('consented');
  else authentication.notifyFailure('The consent page returned an unexpected answer.');
}

end().catch((error: unknown) => {
  const message = document.getElementById('message');
  if (message)
    message.textContent = `Could not report back to Teams: ${error instanceof Error ? error.message : String(error)}. Close this window and try again.`;
});

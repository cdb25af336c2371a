/** Where auth-start leaves the OAuth `state` for auth-end to check (same window, same origin). */
// @ts-nocheck

export const CONSENT_STATE_KEY = 'room-accounts.consent-state';

// @ts-nocheck
import type { RequestHandler } from 'express';
import helmet from 'helmet';
import type { Config } from '../config.ts';

/**
 * The hosts allowed to frame the tab: Teams, Microsoft 365 and Outlook on the web, desktop and the new
 * `cloud.microsoft` domain (teams-platform.md §0 and §4, after Microsoft's tab requirements page).
 */
export const TEAMS_FRAME_ANCESTORS = [
  "'self'",
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://*.cloud.microsoft',
  'https://*.microsoft365.com',
  'https://*.office.com',
  'https://outlook.office.com',
  'https://outlook.office365.com',
] as const;

/** One year, as HSTS preload lists expect. */
const HSTS_SECONDS = 365 * 24 * 3600;

/**
 * Security headers for every response, through helmet (its defaults, with the changes a Teams tab needs).
 * The CSP lets only Teams, Microsoft 365 and Outlook frame the tab (`frame-ancestors`; never
 * `X-Frame-Options`, which would stop Teams from framing it), loads scripts and calls only our origin, and
 * allows inline styles because Fluent UI injects its styles at run time. No `Cross-Origin-Opener-Policy`:
 * the consent pages run in a window Teams opened and answer it through `window.opener`, which
 * `same-origin` would cut. HSTS only in tenant mode: demo mode runs on plain http://localhost.
 */
export function securityHeaders(config: Pick<Config, 'mode'>): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // teams-js fetches Microsoft's list of trusted host origins from this CDN (it falls back to a built-in list).
        connectSrc: ["'self'", 'https://res.cdn.office.net'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: [...TEAMS_FRAME_ANCESTORS],
      },
    },
    xFrameOptions: false,
    crossOriginOpenerPolicy: false,
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: config.mode === 'tenant' ? { maxAge: HSTS_SECONDS, includeSubDomains: true, preload: false } : false,
  });
}

import type { RequestHandler } from 'express';
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
 * Security headers for every response. The CSP lets only Teams, Microsoft 365 and Outlook frame the tab
 * (`frame-ancestors`; never `X-Frame-Options`, which would stop Teams from framing it), loads scripts and
 * calls only our origin, and allows inline styles because Fluent UI injects its styles at run time.
 * HSTS only in tenant mode: demo mode runs on plain http://localhost.
 */
export function securityHeaders(config: Pick<Config, 'mode'>): RequestHandler {
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    // teams-js fetches Microsoft's list of trusted host origins from this CDN (it falls back to a built-in list).
    "connect-src 'self' https://res.cdn.office.net",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${TEAMS_FRAME_ANCESTORS.join(' ')}`,
  ].join('; ');
  const hsts = config.mode === 'tenant' ? `max-age=${HSTS_SECONDS}; includeSubDomains` : undefined;
  return (_req, res, next) => {
    res.setHeader('Content-Security-Policy', csp);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    if (hsts) res.setHeader('Strict-Transport-Security', hsts);
    next();
  };
}

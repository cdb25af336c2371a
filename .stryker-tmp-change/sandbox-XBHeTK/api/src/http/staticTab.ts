// @ts-nocheck
import { basename, join, sep } from 'node:path';
import express, { type Response, Router } from 'express';

/** A year: the longest max-age caches honour; a hashed name never changes content, so it never needs revalidation. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Store but revalidate every time (a 304 when unchanged), so a new deploy's HTML is seen on the next load. */
export const REVALIDATE = 'no-cache';

/** Vite writes hashed names into assets/ (`index-B3xq9_aZ.js`): 8 URL-safe base64 characters before the extension. */
const HASHED_ASSET = /-[A-Za-z0-9_-]{8}\.[a-z0-9]+$/;

/** The Cache-Control for a built file: only content-hashed bundles may be cached without asking again. */
export function cacheControlFor(path: string): string {
  return path.includes(`${sep}assets${sep}`) && HASHED_ASSET.test(basename(path)) ? IMMUTABLE : REVALIDATE;
}

/**
 * The built tab at `/`. HTML used to go out with max-age=3600, so for up to an hour after a deploy a tab could
 * load an old index.html whose hashed bundles were gone (issue 15): HTML and other unhashed files revalidate,
 * hashed bundles are immutable. Routes the tab handles itself fall back to index.html, also revalidated.
 */
export function tabStatic(tabDir: string): Router {
  const router = Router();
  router.use(
    express.static(tabDir, {
      index: 'index.html',
      // `cacheControl: false` leaves the header to setHeaders (serve-static would otherwise add max-age=0).
      cacheControl: false,
      setHeaders: (res: Response, path: string) => res.setHeader('Cache-Control', cacheControlFor(path)),
    }),
  );
  router.get(/^\/(?!api\/).*/, (_req, res) => {
    res.setHeader('Cache-Control', REVALIDATE);
    res.sendFile(join(tabDir, 'index.html'), { cacheControl: false });
  });
  return router;
}

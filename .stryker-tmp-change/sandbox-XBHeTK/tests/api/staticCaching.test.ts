// @ts-nocheck
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import express from 'express';
import { tabStatic } from '../../api/src/http/staticTab.ts';

/**
 * Issue 15: index.html went out with `public, max-age=3600`, so after a deploy a tab could load an hour-old page
 * whose hashed bundles were gone. HTML must revalidate; only content-hashed bundles may be cached for good.
 */
describe('api: caching of the built tab', () => {
  let dir: string;
  let url: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tab-cache-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>tab</title>');
    writeFileSync(join(dir, 'config.html'), '<!doctype html><title>config</title>');
    writeFileSync(join(dir, 'assets', 'index-B3xq9_aZ.js'), 'console.log(1)');
    writeFileSync(join(dir, 'assets', 'fluent-Cd4-Ef5g.css'), 'body{}');
    writeFileSync(join(dir, 'assets', 'unhashed.js'), 'console.log(2)');
    writeFileSync(join(dir, 'color.png'), 'png');
    const app = express();
    app.use(tabStatic(dir));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => new Promise((resolve) => server.close(() => resolve()));
  });
  afterAll(async () => {
    await close?.();
    rmSync(dir, { recursive: true, force: true });
  });

  const cacheControl = async (path: string) => {
    const res = await fetch(`${url}${path}`);
    assert.equal(res.status, 200, path);
    await res.arrayBuffer();
    return res.headers.get('cache-control');
  };

  it('sends every HTML page, including the route fallback, with no-cache', async () => {
    for (const path of ['/', '/index.html', '/config.html', '/accounts/123', '/some/deep/route']) {
      assert.equal(await cacheControl(path), 'no-cache', path);
    }
  });

  it('sends hashed bundles as immutable for a year', async () => {
    for (const path of ['/assets/index-B3xq9_aZ.js', '/assets/fluent-Cd4-Ef5g.css']) {
      assert.equal(await cacheControl(path), 'public, max-age=31536000, immutable', path);
    }
  });

  it('revalidates files whose name carries no hash (they can change under the same name)', async () => {
    assert.equal(await cacheControl('/assets/unhashed.js'), 'no-cache');
    assert.equal(await cacheControl('/color.png'), 'no-cache');
  });

  it('answers a revalidation of unchanged HTML with 304', async () => {
    const first = await fetch(`${url}/index.html`);
    await first.arrayBuffer();
    const modified = first.headers.get('last-modified');
    assert.ok(modified);
    // node:http, not fetch: fetch adds `Cache-Control: no-cache` to a conditional request, which forbids a 304.
    const status = await new Promise<number | undefined>((resolve, reject) => {
      get(`${url}/index.html`, { headers: { 'if-modified-since': modified } }, (res) => {
        res.resume();
        resolve(res.statusCode);
      }).on('error', reject);
    });
    assert.equal(status, 304);
  });
});

// @ts-nocheck
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository root: the nearest folder above this module whose package.json is ours. The same from the
 * sources (`api/src/…`, run by tsx) and from the bundle (`dist/api/main.js`), so files found from it (the
 * built tab, the migrations, package.json) resolve in both.
 */
export const PROJECT_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));

function findRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'room-accounts') return dir;
    if (dirname(dir) === dir) throw new Error(`No room-accounts package.json above ${start}`);
  }
}

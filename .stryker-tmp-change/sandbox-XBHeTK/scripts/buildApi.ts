/**
 * `npm run build:api`: the API (with the in-process emulator of demo mode) as one ES module in `dist/api/`.
 * Running TypeScript through tsx costs the process about 85 MB of RSS (transpiled code and source maps of
 * every module), which is a third of the API's memory budget; the bundle runs on plain Node. npm packages
 * stay external: they load from node_modules as they do under tsx.
 */
// @ts-nocheck

import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * The Node flags the API runs with (`npm start`, infra/azure.bicep, the bench). V8 otherwise lets a busy heap
 * grow up to fourfold before a full collection; growing it by 50 % at most keeps a 10,000-room sync on PGlite
 * near 350 MB of RSS instead of near 490 MB, with the same request latency under load (measured with the
 * bench's load test; `--optimize-for-size` saved more memory but doubled p95 latency).
 */
export const API_NODE_FLAGS = ['--heap-growing-percent=50'];

/** Bundle `entry` (relative to the repository root) to `outfile`. */
export async function bundleForNode(entry: string, outfile: string): Promise<void> {
  await build({
    entryPoints: [`${root}/${entry}`],
    outfile: `${root}/${outfile}`,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await bundleForNode('api/src/main.ts', 'dist/api/main.js');

/**
 * `npm run build:api`: the API (with the in-process emulator of demo mode) as one ES module in `dist/api/`.
 * Running TypeScript through tsx costs the process about 85 MB of RSS (transpiled code and source maps of
 * every module), which is a third of the API's memory budget; the bundle runs on plain Node. npm packages
 * stay external: they load from node_modules as they do under tsx.
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

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

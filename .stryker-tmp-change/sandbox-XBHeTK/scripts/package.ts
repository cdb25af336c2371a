/**
 * `npm run package [-- --env demo|dev|local] [--out-dir DIR]`: build the Teams app package offline, as the Toolkit's
 * zipAppPackage would. Values come from env/.env.<env> (default demo: the built-in demo's ids, so a fresh clone packages), its .user file and the shell; the
 * manifest needs TEAMS_APP_ID, AAD_APP_CLIENT_ID and TAB_DOMAIN (APP_NAME_SUFFIX may be empty).
 * Writes appPackage/build/appPackage.<env>.zip and manifest.<env>.json.
 */
// @ts-nocheck

import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildAppPackage } from './appPackage/build.ts';
import { readEnvironment } from './appPackage/environment.ts';
import { PackageError } from './appPackage/packageError.ts';

const root = new URL('..', import.meta.url).pathname;

try {
  const { values } = parseArgs({ options: { env: { type: 'string', default: 'demo' }, 'out-dir': { type: 'string' } } });
  const envName = values.env ?? 'demo';
  const built = await buildAppPackage({
    root,
    envName,
    lookup: readEnvironment(root, envName),
    outDir: values['out-dir'] ? resolve(values['out-dir']) : undefined,
  });
  process.stdout.write(`Teams app package: ${built.zipPath}\nRendered manifest: ${built.manifestPath}\n`);
} catch (error) {
  const usage = error instanceof PackageError || String((error as { code?: unknown } | undefined)?.code).startsWith('ERR_PARSE_ARGS');
  const message = error instanceof Error ? (usage ? error.message : (error.stack ?? error.message)) : String(error);
  process.stderr.write(`${message}\n`);
  process.exit(usage ? 2 : 1);
}

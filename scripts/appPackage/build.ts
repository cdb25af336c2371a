import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import yazl from 'yazl';
import { iconProblems } from './iconRules.ts';
import { renderPlaceholders } from './environment.ts';
import { crossFieldErrors, schemaErrors, type TeamsManifestShape } from './manifestRules.ts';
import { PackageError } from './packageError.ts';

/** A fixed timestamp for zip entries, so the same inputs give the same zip. */
const ZIP_TIME = new Date('2025-01-01T00:00:00Z');

export interface BuiltPackage {
  zipPath: string;
  manifestPath: string;
  manifest: TeamsManifestShape;
}

/**
 * What `teamsApp/validateManifest` + `teamsApp/zipAppPackage` do, offline: render `appPackage/manifest.json`,
 * validate it (schema, cross-field rules, icons) and write `appPackage.<env>.zip` and `manifest.<env>.json`.
 */
export async function buildAppPackage(options: {
  root: string;
  envName: string;
  lookup: (key: string) => string | undefined;
  outDir?: string;
}): Promise<BuiltPackage> {
  const packageDir = join(options.root, 'appPackage');
  const outDir = options.outDir ?? join(packageDir, 'build');
  const { text, missing } = renderPlaceholders(readFileSync(join(packageDir, 'manifest.json'), 'utf8'), options.lookup);
  if (missing.length > 0) {
    throw new PackageError(
      `env/.env.${options.envName} has no value for ${missing.join(', ')}. Run the Toolkit's provision for this environment, or set them in env/.env.${options.envName} or the shell.`,
    );
  }
  let manifest: TeamsManifestShape;
  try {
    manifest = JSON.parse(text) as TeamsManifestShape;
  } catch (error) {
    throw new PackageError(
      `The rendered manifest is not JSON (does a value contain a quote?): ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const color = readFileSync(join(packageDir, 'color.png'));
  const outline = readFileSync(join(packageDir, 'outline.png'));
  const problems = [...(await schemaErrors(manifest)), ...crossFieldErrors(manifest), ...iconProblems(color, outline)];
  if (problems.length > 0) throw new PackageError(`The app package is not valid:\n  ${problems.join('\n  ')}`);

  mkdirSync(outDir, { recursive: true });
  const manifestPath = join(outDir, `manifest.${options.envName}.json`);
  const rendered = `${JSON.stringify(manifest, null, 2)}\n`;
  writeFileSync(manifestPath, rendered);
  const zipPath = join(outDir, `appPackage.${options.envName}.zip`);
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(rendered), 'manifest.json', { mtime: ZIP_TIME });
  zip.addBuffer(color, 'color.png', { mtime: ZIP_TIME });
  zip.addBuffer(outline, 'outline.png', { mtime: ZIP_TIME });
  zip.end();
  await finished(zip.outputStream.pipe(createWriteStream(zipPath)));
  return { zipPath, manifestPath, manifest };
}

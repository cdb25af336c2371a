// @ts-nocheck
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { PackageError } from './packageError.ts';

/**
 * The values the Toolkit would render placeholders with: `env/.env.<name>`, then `env/.env.<name>.user`, then
 * the shell's environment (which wins, as in the Toolkit), so CI can package without touching the files.
 */
export function readEnvironment(root: string, name: string, shell: NodeJS.ProcessEnv = process.env): (key: string) => string | undefined {
  const file = join(root, 'env', `.env.${name}`);
  if (!existsSync(file)) throw new PackageError(`There is no env/.env.${name}. Environments: dev, local.`);
  const values: Record<string, string | undefined> = { ...parseEnv(readFileSync(file, 'utf8')) };
  const userFile = `${file}.user`;
  if (existsSync(userFile)) Object.assign(values, parseEnv(readFileSync(userFile, 'utf8')));
  return (key) => shell[key] ?? values[key];
}

const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** Placeholders that may be empty (the Toolkit renders them as ''); every other one must have a value. */
const MAY_BE_EMPTY = new Set(['APP_NAME_SUFFIX']);

/** Replace every `${{NAME}}` as the Toolkit does; names with no value are reported, not rendered. */
export function renderPlaceholders(template: string, lookup: (key: string) => string | undefined): { text: string; missing: string[] } {
  const missing = new Set<string>();
  const text = template.replace(PLACEHOLDER, (_match, key: string) => {
    const value = lookup(key);
    if (value === undefined || (value === '' && !MAY_BE_EMPTY.has(key))) missing.add(key);
    return value ?? '';
  });
  return { text, missing: [...missing].sort() };
}

/** Every placeholder name a template uses. */
export function placeholdersIn(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((match) => match[1] as string))].sort();
}

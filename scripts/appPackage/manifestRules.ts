import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import appManifest, { type AppManifest } from '@microsoft/app-manifest';

const { AppManifestUtils } = appManifest;

/** The parts of a Teams manifest the cross-field rules read. */
export interface TeamsManifestShape {
  $schema?: string;
  manifestVersion?: string;
  validDomains?: string[];
  webApplicationInfo?: { id?: string; resource?: string };
  configurableTabs?: { configurationUrl?: string }[];
  staticTabs?: { contentUrl?: string; websiteUrl?: string }[];
}

/**
 * Validate against the manifest's own JSON schema as bundled in `@microsoft/app-manifest`, read from disk so
 * that validation never reaches the network. Returns the schema errors (empty when valid).
 */
export async function schemaErrors(manifest: TeamsManifestShape): Promise<string[]> {
  const version = manifest.manifestVersion;
  if (!version || !/^\d+\.\d+$/.test(version)) return [`manifestVersion ${String(version)} is not a schema version`];
  const expected = `https://developer.microsoft.com/json-schemas/teams/v${version}/MicrosoftTeams.schema.json`;
  if (manifest.$schema !== expected) return [`$schema must be ${expected}`];
  const packageDir = dirname(createRequire(import.meta.url).resolve('@microsoft/app-manifest/package.json'));
  const file = join(packageDir, 'build', 'json-schemas', 'teams', `v${version}`, 'MicrosoftTeams.schema.json');
  // The package rewrites these escapes before parsing too: the published schemas use \a and \v in regexes.
  const schema = JSON.parse(readFileSync(file, 'utf8').replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b')) as Parameters<
    typeof AppManifestUtils.validateAgainstSchema
  >[1];
  return AppManifestUtils.validateAgainstSchema(manifest as AppManifest, schema);
}

/**
 * Rules the schema cannot express but Teams enforces: the SSO resource is `api://<a valid domain>/<client id>`,
 * and every URL Teams opens (tabs, developer pages) is on a domain listed in `validDomains`.
 */
export function crossFieldErrors(manifest: TeamsManifestShape): string[] {
  const errors: string[] = [];
  const domains = manifest.validDomains ?? [];
  const allowed = (host: string) => domains.some((domain) => (domain.startsWith('*.') ? host.endsWith(domain.slice(1)) : host === domain));

  const sso = manifest.webApplicationInfo;
  if (!sso?.id || !sso.resource) {
    errors.push('webApplicationInfo needs id and resource for Teams SSO');
  } else {
    if (!sso.resource.endsWith(`/${sso.id}`)) errors.push(`webApplicationInfo.resource ${sso.resource} must end with /${sso.id}`);
    const resource = parseUrl(sso.resource);
    if (resource?.protocol !== 'api:') errors.push(`webApplicationInfo.resource ${sso.resource} must be an api:// URI`);
    else if (!allowed(resource.host)) errors.push(`webApplicationInfo.resource host ${resource.host} is not in validDomains`);
  }

  for (const [path, value] of urlsIn(manifest)) {
    const url = parseUrl(value);
    if (!url) errors.push(`${path} is not a URL: ${value}`);
    else if (url.protocol !== 'https:') errors.push(`${path} must use https: ${value}`);
    else if (!allowed(url.host)) errors.push(`${path} host ${url.host} is not in validDomains`);
  }
  return errors;
}

/** Every http(s) URL anywhere in the manifest, with its JSON path. */
function urlsIn(value: unknown, path = ''): [string, string][] {
  if (typeof value === 'string') return /^https?:\/\//i.test(value) && path !== '$schema' ? [[path, value]] : [];
  if (Array.isArray(value)) return value.flatMap((item, index) => urlsIn(item, `${path}[${index}]`));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([key, item]) => urlsIn(item, path ? `${path}.${key}` : key));
  return [];
}

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { placeholdersIn, renderPlaceholders } from '../../scripts/appPackage/environment.ts';
import { crossFieldErrors, schemaErrors, type TeamsManifestShape } from '../../scripts/appPackage/manifestRules.ts';
import { readText, TEST_VALUES } from './support.ts';

const template = readText('appPackage/manifest.json');

/** The rendered manifest, with the fields these tests read or break on purpose. */
interface Rendered extends TeamsManifestShape {
  accentColor: string;
  description: { full: string };
  configurableTabs: { configurationUrl?: string; scopes?: string[]; canUpdateConfiguration?: boolean }[];
  staticTabs: { contentUrl?: string; websiteUrl?: string; scopes?: string[] }[];
}

function rendered(values: Record<string, string> = TEST_VALUES): Rendered {
  const { text, missing } = renderPlaceholders(template, (key) => values[key]);
  assert.deepEqual(missing, []);
  return JSON.parse(text) as Rendered;
}

describe('package: Teams app manifest', () => {
  it('uses only the placeholders the Toolkit provisions', () => {
    assert.deepEqual(placeholdersIn(template), ['AAD_APP_CLIENT_ID', 'APP_NAME_SUFFIX', 'TAB_DOMAIN', 'TEAMS_APP_ID']);
  });

  it('validates against its bundled schema, offline', async () => {
    const manifest = rendered();
    const [major, minor] = String(manifest.manifestVersion).split('.').map(Number);
    assert.ok((major ?? 0) > 1 || (minor ?? 0) >= 25, `manifestVersion ${manifest.manifestVersion} is older than 1.25`);
    assert.deepEqual(await schemaErrors(manifest), []);
  });

  it('reports schema errors instead of passing a broken manifest', async () => {
    const manifest = rendered();
    delete manifest.configurableTabs?.[0]?.configurationUrl;
    manifest.accentColor = 'purple';
    const errors = await schemaErrors(manifest);
    assert.ok(
      errors.some((error) => error.includes('configurationUrl')),
      errors.join('\n'),
    );
    assert.ok(
      errors.some((error) => error.includes('accentColor')),
      errors.join('\n'),
    );
  });

  it('holds the cross-field rules: SSO resource and every URL on a valid domain', () => {
    const manifest = rendered();
    assert.deepEqual(crossFieldErrors(manifest), []);
    assert.equal(manifest.webApplicationInfo?.id, TEST_VALUES.AAD_APP_CLIENT_ID);
    assert.equal(manifest.webApplicationInfo?.resource, `api://${TEST_VALUES.TAB_DOMAIN}/${TEST_VALUES.AAD_APP_CLIENT_ID}`);
    assert.deepEqual(manifest.validDomains, [TEST_VALUES.TAB_DOMAIN]);
  });

  it('catches a resource for another app and URLs off the valid domains', () => {
    const manifest = rendered();
    manifest.webApplicationInfo = {
      id: TEST_VALUES.AAD_APP_CLIENT_ID,
      resource: `api://${TEST_VALUES.TAB_DOMAIN}/00000000-0000-4000-8000-000000000000`,
    };
    manifest.staticTabs = [{ contentUrl: 'https://evil.example/index.html', websiteUrl: `http://${TEST_VALUES.TAB_DOMAIN}/index.html` }];
    const errors = crossFieldErrors(manifest);
    assert.ok(
      errors.some((error) => error.includes('must end with')),
      errors.join('\n'),
    );
    assert.ok(
      errors.some((error) => error.includes('evil.example is not in validDomains')),
      errors.join('\n'),
    );
    assert.ok(
      errors.some((error) => error.includes('must use https')),
      errors.join('\n'),
    );
  });

  it('accepts a local origin with a port, as the local environment renders it', async () => {
    const manifest = rendered({ ...TEST_VALUES, TAB_DOMAIN: 'localhost:53000', APP_NAME_SUFFIX: '-local' });
    assert.deepEqual(crossFieldErrors(manifest), []);
    assert.deepEqual(await schemaErrors(manifest), []);
  });

  it('offers a configurable tab for channels and group chats and a personal tab', () => {
    const manifest = rendered();
    const [configurable] = manifest.configurableTabs;
    assert.equal(configurable?.configurationUrl, `https://${TEST_VALUES.TAB_DOMAIN}/config.html`);
    assert.deepEqual([...(configurable?.scopes ?? [])].sort(), ['groupChat', 'team']);
    assert.equal(configurable?.canUpdateConfiguration, true);
    const [personal] = manifest.staticTabs;
    assert.deepEqual(personal?.scopes, ['personal']);
    assert.equal(personal?.contentUrl, `https://${TEST_VALUES.TAB_DOMAIN}/index.html`);
    assert.ok(manifest.description.full.length > 500, 'the full description is written for admins');
    assert.match(manifest.accentColor, /^#[0-9A-Fa-f]{6}$/);
  });
});

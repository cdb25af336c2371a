import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { parseEnv } from 'node:util';
import { parse } from 'yaml';
import { placeholdersIn } from '../../scripts/appPackage/environment.ts';
import { readText } from './support.ts';

interface Step {
  uses: string;
  with?: Record<string, unknown>;
  writeToEnvironmentFile?: Record<string, string>;
}
interface Lifecycle {
  version: string;
  environmentFolderPath?: string;
  provision: Step[];
  deploy?: Step[];
  publish?: Step[];
}

const PROVISION = [
  'aadApp/create',
  'teamsApp/create',
  'aadApp/update',
  'teamsApp/validateManifest',
  'teamsApp/zipAppPackage',
  'teamsApp/validateAppPackage',
  'teamsApp/update',
];
/** Set by the Toolkit itself, or (the SECRET_ ones) by the admin in the git-ignored .user file. */
const OUTSIDE_THE_FILES = new Set([
  'TEAMSFX_ENV',
  'AZURE_SUBSCRIPTION_ID',
  'AZURE_RESOURCE_GROUP_NAME',
  'SECRET_POSTGRES_ADMIN_PASSWORD',
  'SECRET_JOB_SEALING_KEY',
]);

const load = (file: string) => parse(readText(file)) as Lifecycle;
const uses = (steps: Step[] = []) => steps.map((step) => step.uses);

/** Every name a lifecycle or the bicep outputs write, plus the keys of its committed env file. */
function producedNames(lifecycle: Lifecycle, envFile: string): Set<string> {
  const names = new Set(Object.keys(parseEnv(readText(envFile))));
  for (const step of [...lifecycle.provision, ...(lifecycle.deploy ?? []), ...(lifecycle.publish ?? [])]) {
    for (const name of Object.values(step.writeToEnvironmentFile ?? {})) names.add(name);
    for (const match of String(step.with?.run ?? '').matchAll(/::set-teamsfx-env (\w+)=/g)) names.add(match[1] as string);
  }
  if (uses(lifecycle.provision).includes('arm/deploy')) {
    for (const match of readText('infra/azure.bicep').matchAll(/^output (\w+) /gm)) names.add(match[1] as string);
  }
  return names;
}

function assertEveryPlaceholderProduced(lifecycleFile: string, envFile: string, templates: string[]) {
  const produced = producedNames(load(lifecycleFile), envFile);
  for (const file of [lifecycleFile, ...templates]) {
    const unknown = placeholdersIn(readText(file)).filter((name) => !produced.has(name) && !OUTSIDE_THE_FILES.has(name));
    assert.deepEqual(unknown, [], `${file} uses placeholders nothing in ${lifecycleFile} or ${envFile} provides`);
  }
}

describe('package: Toolkit lifecycle files', () => {
  it('teamsapp.yml provisions, deploys and publishes in the Toolkit order', () => {
    const dev = load('teamsapp.yml');
    assert.equal(dev.environmentFolderPath, './env');
    const provision = uses(dev.provision);
    assert.deepEqual(
      provision.filter((name) => PROVISION.includes(name)),
      PROVISION,
    );
    // The App Service host name (TAB_DOMAIN) must exist before aadApp/update sets the identifier URI.
    assert.ok(provision.indexOf('arm/deploy') > provision.indexOf('aadApp/create'));
    assert.ok(provision.indexOf('arm/deploy') < provision.indexOf('aadApp/update'));
    const arm = dev.provision.find((step) => step.uses === 'arm/deploy');
    assert.deepEqual(arm?.with?.templates, [
      { path: './infra/azure.bicep', parameters: './infra/azure.parameters.json', deploymentName: 'Create-resources-for-room-accounts' },
    ]);
    assert.ok(uses(dev.deploy).includes('azureAppService/zipDeploy'));
    assert.deepEqual(uses(dev.publish).slice(-1), ['teamsApp/publishAppPackage']);
    assert.equal(
      dev.provision.find((step) => step.uses === 'aadApp/create')?.writeToEnvironmentFile?.clientSecret,
      'SECRET_AAD_APP_CLIENT_SECRET',
    );
  });

  it('teamsapp.local.yml provisions for https://localhost:53000 and writes the API settings to a git-ignored file', () => {
    const local = load('teamsapp.local.yml');
    const provision = uses(local.provision);
    assert.deepEqual(
      provision.filter((name) => PROVISION.includes(name)),
      PROVISION,
    );
    assert.ok(provision.indexOf('script') < provision.indexOf('aadApp/update'));
    const settings = local.deploy?.find((step) => step.uses === 'file/createOrUpdateEnvironmentFile');
    assert.match(String(settings?.with?.target), /\.user$/);
    assert.ok(readText('.gitignore').includes('env/.env.*.user'));
  });

  it('every placeholder is provided by the env file or an earlier step', () => {
    assertEveryPlaceholderProduced('teamsapp.yml', 'env/.env.dev', [
      'aad.manifest.json',
      'appPackage/manifest.json',
      'infra/azure.parameters.json',
    ]);
    assertEveryPlaceholderProduced('teamsapp.local.yml', 'env/.env.local', ['aad.manifest.json', 'appPackage/manifest.json']);
  });

  it('the committed env files hold no secrets', () => {
    for (const file of ['env/.env.dev', 'env/.env.local']) {
      const values = parseEnv(readText(file));
      const secrets = Object.entries(values).filter(([key, value]) => key.startsWith('SECRET_') && value);
      assert.deepEqual(secrets, [], file);
    }
  });
});

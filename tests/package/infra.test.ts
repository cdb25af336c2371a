import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { readText } from './support.ts';

const bicep = readText('infra/azure.bicep');
const parameters = (JSON.parse(readText('infra/azure.parameters.json')) as { parameters: Record<string, { value: unknown }> }).parameters;

/** Each `param name type [= default]` of the template, with whether it is @secure(). */
function declaredParams(): Map<string, { hasDefault: boolean; secure: boolean }> {
  const params = new Map<string, { hasDefault: boolean; secure: boolean }>();
  const lines = bicep.split('\n');
  lines.forEach((line, index) => {
    const match = /^param (\w+) \w+( =)?/.exec(line);
    if (!match) return;
    let secure = false;
    for (let above = index - 1; above >= 0 && lines[above]?.startsWith('@'); above--)
      secure ||= lines[above]?.startsWith('@secure()') ?? false;
    params.set(match[1] as string, { hasDefault: Boolean(match[2]), secure });
  });
  return params;
}

describe('package: Azure infrastructure', () => {
  it('the parameters file supplies declared parameters, including every one without a default', () => {
    const declared = declaredParams();
    for (const name of Object.keys(parameters)) assert.ok(declared.has(name), `${name} is not a parameter of azure.bicep`);
    for (const [name, param] of declared) if (!param.hasDefault) assert.ok(name in parameters, `${name} has no default and no value`);
  });

  it('passes secrets only through @secure() parameters', () => {
    const declared = declaredParams();
    for (const [name, { value }] of Object.entries(parameters)) {
      if (String(value).includes('SECRET_'))
        assert.equal(declared.get(name)?.secure, true, `${name} carries a secret but is not @secure()`);
    }
  });

  it('hosts Node 20 on App Service and PostgreSQL flexible server, wired through the API settings', () => {
    assert.match(bicep, /'Microsoft\.Web\/sites@/);
    assert.match(bicep, /linuxFxVersion: 'NODE\|20-lts'/);
    assert.match(bicep, /'Microsoft\.DBforPostgreSQL\/flexibleServers@/);
    for (const setting of [
      'AAD_APP_CLIENT_ID',
      'AAD_APP_TENANT_ID',
      'SECRET_AAD_APP_CLIENT_SECRET',
      'JOB_SEALING_KEY',
      'TAB_DOMAIN',
      'DATABASE_URL',
    ]) {
      assert.match(bicep, new RegExp(`^    ${setting}: `, 'm'), setting);
    }
    assert.match(bicep, /sslmode=require/);
    for (const output of ['TAB_DOMAIN', 'TAB_ENDPOINT', 'TAB_AZURE_APP_SERVICE_RESOURCE_ID'])
      assert.match(bicep, new RegExp(`^output ${output} string`, 'm'));
  });
});

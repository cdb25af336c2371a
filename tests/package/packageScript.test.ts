import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { crossFieldErrors, schemaErrors } from '../../scripts/appPackage/manifestRules.ts';
import { readZip, ROOT, TEST_VALUES } from './support.ts';

/** `npm run package`, as a person would run it, with the environment given through the shell. */
function runPackage(args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'scripts/package.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
}

describe('package: npm run package', () => {
  it('builds appPackage.<env>.zip offline from the committed files and the shell values', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'room-accounts-package-'));
    const run = runPackage(['--env', 'dev', '--out-dir', outDir], TEST_VALUES);
    assert.equal(run.status, 0, run.stderr);
    const zip = readZip(readFileSync(join(outDir, 'appPackage.dev.zip')));
    assert.deepEqual([...zip.keys()].sort(), ['color.png', 'manifest.json', 'outline.png']);
    assert.ok(zip.get('color.png')?.equals(readFileSync(join(ROOT, 'appPackage/color.png'))));
    assert.ok(zip.get('outline.png')?.equals(readFileSync(join(ROOT, 'appPackage/outline.png'))));
    const manifest = JSON.parse(String(zip.get('manifest.json')));
    assert.equal(manifest.id, TEST_VALUES.TEAMS_APP_ID);
    assert.doesNotMatch(String(zip.get('manifest.json')), /\$\{\{/);
    assert.deepEqual(await schemaErrors(manifest), []);
    assert.deepEqual(crossFieldErrors(manifest), []);
    assert.deepEqual(JSON.parse(readFileSync(join(outDir, 'manifest.dev.json'), 'utf8')), manifest);
  });

  it('with no arguments, packages the built-in demo from the committed files alone (a fresh clone)', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'room-accounts-package-'));
    const clean = Object.fromEntries(['TEAMS_APP_ID', 'AAD_APP_CLIENT_ID', 'TAB_DOMAIN', 'APP_NAME_SUFFIX'].map((key) => [key, '']));
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/package.ts', '--out-dir', outDir], {
      cwd: ROOT,
      env: Object.fromEntries(Object.entries({ ...process.env, ...clean }).filter(([, value]) => value !== '')),
      encoding: 'utf8',
      timeout: 20_000,
    });
    assert.equal(run.status, 0, run.stderr);
    const manifest = JSON.parse(String(readZip(readFileSync(join(outDir, 'appPackage.demo.zip'))).get('manifest.json')));
    assert.deepEqual(await schemaErrors(manifest), []);
    assert.deepEqual(crossFieldErrors(manifest), []);
    assert.equal(manifest.webApplicationInfo.id, '0c2a3f5e-7d4b-4e8a-9b1c-2f6d8e0a4b7c');
  });

  it('renders the local environment from env/.env.local', () => {
    const outDir = mkdtempSync(join(tmpdir(), 'room-accounts-package-'));
    const { TAB_DOMAIN: _domain, APP_NAME_SUFFIX: _suffix, ...ids } = TEST_VALUES;
    const run = runPackage(['--env', 'local', '--out-dir', outDir], ids);
    assert.equal(run.status, 0, run.stderr);
    const manifest = JSON.parse(readFileSync(join(outDir, 'manifest.local.json'), 'utf8'));
    assert.deepEqual(manifest.validDomains, ['localhost:53000']);
    assert.equal(manifest.name.short, 'Room Accounts-local');
  });

  it('names every missing value and exits 2 instead of packaging placeholders', () => {
    const run = runPackage(['--env', 'dev', '--out-dir', mkdtempSync(join(tmpdir(), 'room-accounts-package-'))], {
      TEAMS_APP_ID: '',
      AAD_APP_CLIENT_ID: '',
      TAB_DOMAIN: '',
    });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /AAD_APP_CLIENT_ID, TAB_DOMAIN, TEAMS_APP_ID/);
    assert.equal(runPackage(['--env', 'nowhere'], {}).status, 2);
  });
});

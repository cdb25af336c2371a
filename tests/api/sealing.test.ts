import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { createSealer, newSealingKeyText, SealedValueError } from '../../api/src/auth/sealing.ts';
import { loadConfig } from '../../api/src/config.ts';

const TENANT = '11111111-2222-4333-8444-555555555555';
const CLIENT = '66666666-7777-4888-9999-000000000000';
const tenantEnv = {
  AAD_APP_CLIENT_ID: CLIENT,
  AAD_APP_TENANT_ID: TENANT,
  SECRET_AAD_APP_CLIENT_SECRET: 'secret-one',
  TAB_DOMAIN: 'rooms.contoso.com',
};
const key = (id: string, fill: number) => `${id}:${Buffer.alloc(32, fill).toString('base64')}`;

describe('sealing what background work keeps (JOB_SEALING_KEY)', () => {
  it('tenant mode refuses to start without its own key, and says how to make one', () => {
    assert.throws(() => loadConfig(tenantEnv), /JOB_SEALING_KEY.*openssl rand -base64 32/s);
    assert.throws(
      () => loadConfig({ ...tenantEnv, JOB_SEALING_KEY: 'k1:short' }),
      /JOB_SEALING_KEY: must be <key id>:<base64 of 32 random bytes>/,
    );
    assert.throws(() => loadConfig({ ...tenantEnv, JOB_SEALING_KEY: `${key('a', 1)},${key('b', 2)}` }), /holds one key/);
    assert.throws(() => loadConfig({ ...tenantEnv, JOB_SEALING_KEYS_RETIRED: key('old', 3) }), /needs JOB_SEALING_KEY/);
    const config = loadConfig({ ...tenantEnv, JOB_SEALING_KEY: key('k2', 4), JOB_SEALING_KEYS_RETIRED: key('k1', 5) });
    assert.deepEqual(
      config.sealingKeys.map((entry) => entry.id),
      ['k2', 'k1'],
    );
  });

  it('seals with the current key, names it, and opens with any configured key', () => {
    const old = loadConfig({ ...tenantEnv, JOB_SEALING_KEY: key('k1', 5) }).sealingKeys;
    const sealedWithOld = createSealer(old).seal('refresh-token-1');
    assert.equal(createSealer(old).keyIdOf(sealedWithOld), 'k1');
    assert.ok(!sealedWithOld.includes('refresh-token-1'));
    // Rotation: k2 seals from now on, k1 (retired) still opens what it sealed.
    const rotated = createSealer(
      loadConfig({ ...tenantEnv, JOB_SEALING_KEY: key('k2', 4), JOB_SEALING_KEYS_RETIRED: key('k1', 5) }).sealingKeys,
    );
    assert.equal(rotated.open(sealedWithOld), 'refresh-token-1');
    const sealedWithNew = rotated.seal('refresh-token-2');
    assert.equal(rotated.keyIdOf(sealedWithNew), 'k2');
    assert.equal(rotated.open(sealedWithNew), 'refresh-token-2');
    // Once k1 is dropped, what it sealed can't be opened: the work waits for a sign-in instead (grantStore).
    const onlyNew = createSealer(loadConfig({ ...tenantEnv, JOB_SEALING_KEY: key('k2', 4) }).sealingKeys);
    assert.throws(() => onlyNew.open(sealedWithOld), SealedValueError);
  });

  it('rotating the client secret changes nothing: the key is not derived from the app credential', () => {
    const before = createSealer(loadConfig({ ...tenantEnv, JOB_SEALING_KEY: key('k1', 9) }).sealingKeys);
    const after = createSealer(
      loadConfig({ ...tenantEnv, SECRET_AAD_APP_CLIENT_SECRET: 'secret-two', JOB_SEALING_KEY: key('k1', 9) }).sealingKeys,
    );
    assert.equal(after.open(before.seal('in flight')), 'in flight');
  });

  it('refuses a tampered value, a relabelled key id and a key replaced under the same id', () => {
    const keys = loadConfig({ ...tenantEnv, JOB_SEALING_KEY: key('k1', 1), JOB_SEALING_KEYS_RETIRED: key('k0', 2) }).sealingKeys;
    const sealer = createSealer(keys);
    const sealed = sealer.seal('token');
    const parts = sealed.split('.');
    const body = Buffer.from(parts[4] as string, 'base64url');
    body[0] = (body[0] as number) ^ 1;
    assert.throws(() => sealer.open([...parts.slice(0, 4), body.toString('base64url')].join('.')), SealedValueError);
    assert.throws(() => sealer.open(['s1', 'k0', ...parts.slice(2)].join('.')), SealedValueError, 'the key id is authenticated');
    const replaced = createSealer(loadConfig({ ...tenantEnv, JOB_SEALING_KEY: key('k1', 3) }).sealingKeys);
    assert.throws(() => replaced.open(sealed), /does not open this value/);
    assert.throws(() => sealer.open('not sealed'), SealedValueError);
  });

  it('makes keys in the form the config reads', () => {
    const text = newSealingKeyText('k9');
    assert.deepEqual(loadConfig({ ...tenantEnv, JOB_SEALING_KEY: text }).sealingKeys[0]?.id, 'k9');
  });
});

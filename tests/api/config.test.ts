import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { ConfigError, isDemoEnv, loadConfig } from '../../api/src/config.ts';

const TENANT = '11111111-2222-4333-8444-555555555555';
const CLIENT = '66666666-7777-4888-9999-000000000000';
const SEALING_KEY = `k1:${Buffer.alloc(32, 7).toString('base64')}`;
const tenantEnv = {
  AAD_APP_CLIENT_ID: CLIENT,
  AAD_APP_TENANT_ID: TENANT,
  SECRET_AAD_APP_CLIENT_SECRET: 's',
  TAB_DOMAIN: 'rooms.contoso.com',
  JOB_SEALING_KEY: SEALING_KEY,
};

describe('config', () => {
  it('demo mode when no app registration is configured', () => {
    assert.equal(isDemoEnv({}), true);
    assert.equal(isDemoEnv(tenantEnv), false);
  });

  it('tenant mode reads the registration and defaults to the worldwide cloud on all interfaces', () => {
    const config = loadConfig(tenantEnv);
    assert.equal(config.mode, 'tenant');
    assert.equal(config.port, 53000);
    assert.equal(config.host, '0.0.0.0');
    assert.equal(config.endpoints.graph, 'https://graph.microsoft.com');
    assert.equal(config.resources.exchange, 'https://outlook.office365.com');
    assert.deepEqual(config.allowedTenants, [TENANT]);
  });

  it('national clouds are just other endpoint values', () => {
    const config = loadConfig({
      ...tenantEnv,
      AUTHORITY_HOST: 'https://login.microsoftonline.us/',
      GRAPH_ENDPOINT: 'https://graph.microsoft.us',
      EXCHANGE_ENDPOINT: 'https://outlook.office365.us',
    });
    assert.equal(config.endpoints.authorityHost, 'https://login.microsoftonline.us');
    assert.equal(config.resources.graph, 'https://graph.microsoft.us');
  });

  it('bad values give one clear message each, naming the variable', () => {
    const bad = () => loadConfig({ ...tenantEnv, PORT: 'eighty', AAD_APP_CLIENT_ID: 'not-a-guid', GRAPH_ENDPOINT: 'ftp://x' });
    assert.throws(bad, (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /PORT/);
      assert.match(error.message, /AAD_APP_CLIENT_ID: must be a GUID/);
      assert.match(error.message, /GRAPH_ENDPOINT/);
      return true;
    });
  });

  it('tenant mode names what is missing; multi-tenant needs an allow-list; TLS files go together', () => {
    assert.throws(() => loadConfig({ AAD_APP_CLIENT_ID: CLIENT }), /AAD_APP_TENANT_ID, TAB_DOMAIN/);
    assert.throws(() => loadConfig({ ...tenantEnv, AAD_APP_TENANT_ID: 'common' }), /ALLOWED_TENANT_IDS/);
    assert.deepEqual(loadConfig({ ...tenantEnv, AAD_APP_TENANT_ID: 'common', ALLOWED_TENANT_IDS: `${TENANT}, ${CLIENT}` }).allowedTenants, [
      TENANT,
      CLIENT,
    ]);
    assert.throws(
      () => loadConfig({ ...tenantEnv, SECRET_AAD_APP_CLIENT_SECRET: undefined }),
      /SECRET_AAD_APP_CLIENT_SECRET or AAD_APP_CERTIFICATE_FILE/,
    );
    assert.throws(() => loadConfig({ ...tenantEnv, SSL_CRT_FILE: '/tmp/x.pem' }), /SSL_CRT_FILE and SSL_KEY_FILE go together/);
  });

  it('extra client ids let admins script against the API with their own registration', () => {
    assert.ok(loadConfig({ ...tenantEnv, EXTRA_ALLOWED_CLIENT_IDS: CLIENT }).allowedClientIds.includes(CLIENT));
  });
});

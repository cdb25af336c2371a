/**
 * `npm start`: with no app registration configured, start the embedded tenant emulator (demo mode) and
 * point the API at it; otherwise serve the configured tenant. Then listen and print where to go.
 */
// @ts-nocheck

import { DEMO_SIGNIN_CLIENT_ID, startEmulator } from '../../emulator/src/index.ts';
import { startApi } from './bootstrap.ts';
import { ConfigError, isDemoEnv, loadConfig, type DemoWiring } from './config.ts';
import { log } from './log.ts';

async function main(): Promise<void> {
  let demo: DemoWiring | undefined;
  if (isDemoEnv(process.env)) {
    const emulator = await startEmulator({
      port: Number(process.env.EMULATOR_PORT ?? 0),
      tenants: [{ seed: Number(process.env.DEMO_SEED ?? 1), rooms: Number(process.env.DEMO_ROOMS ?? 300) }],
    });
    demo = {
      baseUrl: emulator.baseUrl,
      tenantId: emulator.tenantId,
      clientId: emulator.clientId,
      clientSecret: emulator.clientSecret,
      caCert: emulator.caCert,
      demoClientIds: [DEMO_SIGNIN_CLIENT_ID],
    };
    log('info', 'demo_emulator_started', { baseUrl: emulator.baseUrl, tenantId: emulator.tenantId });
  }
  const config = loadConfig(process.env, demo);
  const api = await startApi(config);
  const url = `${config.tls ? 'https' : 'http'}://localhost:${api.port}/`;
  process.stdout.write(`\nRoom Accounts is running in ${config.mode} mode: ${url}\n`);
  if (config.mode === 'demo') process.stdout.write('Open it in a browser and pick a demo persona to sign in.\n\n');
  const stop = () => void api.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  log('error', 'startup_failed', { error });
  process.exit(1);
});

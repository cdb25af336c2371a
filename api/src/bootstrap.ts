import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createCloudResolver, withTenantCloud } from './auth/cloud.ts';
import { httpsJson, trustingAgent } from './auth/httpsJson.ts';
import { createTokenSource } from './auth/onBehalfOf.ts';
import { createSealer, newSealingKeyText } from './auth/sealing.ts';
import { storeGrants } from './delegation/grantStore.ts';
import { demoSealingKey } from './store/delegations.ts';
import { interruptRunningSyncs } from './store/syncRuns.ts';
import type { SqlClient } from './store/sql.ts';
import { createTokenValidator } from './auth/tokenValidator.ts';
import { ChangeService } from './accounts/changeService.ts';
import { createClientFactory } from './clients.ts';
import { BudgetRegistry, type BudgetLimits } from './m365/index.ts';
import { storeBucketFactory } from './storeBucket.ts';
import type { Config } from './config.ts';
import { AppError } from './errors.ts';
import { createApp } from './http/app.ts';
import { AccountsView } from './inventory/view/accountsView.ts';
import { Inventory, type InventoryOptions } from './inventory/inventory.ts';
import { JobService } from './jobs/jobService.ts';
import { JobWorker, tasksInFlightFor, type WorkerOptions } from './jobs/worker.ts';
import type { Services } from './services.ts';
import { migrate } from './store/migrate.ts';
import { openStore } from './store/sql.ts';
import { PROJECT_ROOT } from './projectRoot.ts';

export interface RunningApi {
  port: number;
  services: Services;
  worker?: JobWorker;
  close(): Promise<void>;
}

const DEFAULT_TAB_DIR = join(PROJECT_ROOT, 'dist/tab');

/** Build every service from the config, open and migrate the store, and listen. Used by main.ts and tests. */
export interface ApiOptions {
  tabDir?: string;
  inventory?: Partial<InventoryOptions>;
  jwksCooldownMs?: number;
  /** Our own throttle budget toward Microsoft 365 (tests and benchmarks scale it with the emulator's time scale). */
  budgetLimits?: Partial<BudgetLimits>;
  /** The bulk-job worker's options, or false to run none in this process. */
  worker?: WorkerOptions | false;
}

export async function startApi(config: Config, options: ApiOptions = {}): Promise<RunningApi> {
  const agent = trustingAgent(config.extraCaCerts);
  const db = await openStore({ databaseUrl: config.databaseUrl, dataDir: `${config.dataDir}/pg` });
  await migrate(db);
  // PGlite has one process: a sync still marked running was left by one that died, and the next run continues it.
  if (db.kind === 'pglite') await interruptRunningSyncs(db);
  const sealer = createSealer(await sealingKeys(config, db));
  const tokens = createTokenSource(config, agent, storeGrants(db, sealer));
  // Instances sharing a PostgreSQL share each tenant's throttle budget through it; PGlite has one instance.
  const budgets = new BudgetRegistry({
    limits: options.budgetLimits,
    bucketFactory: config.databaseUrl ? storeBucketFactory(db) : undefined,
  });
  const clients = createClientFactory(config, tokens, budgets);
  const accounts = new AccountsView(db);
  const changes = new ChangeService(db, clients, accounts);
  const worker =
    options.worker === false
      ? undefined
      : new JobWorker(db, changes, {
          recoverOrphansAtStart: db.kind === 'pglite',
          // As many tasks as the slowest tenant's Exchange pace keeps busy without a long queue.
          concurrency: () => tasksInFlightFor(budgets.slowestExchangeCmdletsPerSecond()),
          ...options.worker,
        });
  const services: Services = {
    config,
    validateToken: withTenantCloud(
      createTokenValidator(config, agent, { jwksCooldownMs: options.jwksCooldownMs }),
      createCloudResolver(config, agent),
    ),
    tokens,
    db,
    // A full sync's accounts are listed from memory while they are being stored.
    inventory: new Inventory(db, { clients, tokens, listed: (tenantId) => accounts.prime(tenantId), ...options.inventory }),
    accounts,
    changes,
    jobs: new JobService(db, accounts, tokens, worker),
    demoSignIn: config.mode === 'demo' ? (persona) => demoSignIn(config, agent, persona) : undefined,
    tabDir: options.tabDir ?? DEFAULT_TAB_DIR,
  };
  worker?.start();
  const app = createApp(services);
  const server: Server = config.tls ? createHttpsServer(config.tls, app) : createHttpServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    services,
    worker,
    close: async () => {
      await worker?.stop();
      await services.inventory.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.close();
      clients.close();
      agent.destroy();
    },
  };
}

/**
 * The configured sealing keys; in demo mode without JOB_SEALING_KEY, one generated once and kept in the store,
 * so every instance sharing it (and every restart) opens what the others sealed. Tenant mode always configures one.
 */
async function sealingKeys(config: Config, db: SqlClient): Promise<Config['sealingKeys']> {
  if (config.sealingKeys.length > 0) return config.sealingKeys;
  if (config.mode !== 'demo') throw new Error('Tenant mode needs JOB_SEALING_KEY (config.ts checks it).');
  const text = await demoSealingKey(db, newSealingKeyText('demo'));
  const [id, key] = text.split(':') as [string, string];
  return [{ id, key: Buffer.from(key, 'base64') }];
}

/** Demo sign-in goes through the emulator's demo token endpoint, so the tab needs only our origin. */
async function demoSignIn(config: Config, agent: ReturnType<typeof trustingAgent>, persona: string): Promise<string> {
  const res = await httpsJson(`${config.endpoints.authorityHost}/demo/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ persona, tenant: config.tenantId }),
    agent,
  });
  const body = res.body as { access_token?: string; error?: { message?: string } };
  if (res.status === 400) throw new AppError(400, 'bad_request', body.error?.message ?? 'Unknown demo persona.');
  if (!body.access_token) throw new AppError(502, 'upstream_unavailable', 'The demo tenant did not issue a token. Restart `npm start`.');
  return body.access_token;
}

import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { tenantFinder, type EmulatorContext } from './context.ts';
import { controlRoutes } from './control/routes.ts';
import { exchangeRoutes } from './exchange/routes.ts';
import { graphRoutes } from './graph/routes.ts';
import { KeyRing } from './identity/keys.ts';
import { tokenLifetimes } from './identity/lifetimes.ts';
import { identityRoutes } from './identity/routes.ts';
import type { TrafficKnobs } from './limits/knobs.ts';
import { ProfileGate } from './limits/profileGate.ts';
import { trafficSettings, type ProfileName } from './limits/profiles.ts';
import type { TrafficGate } from './limits/types.ts';
import { Stats } from './stats.ts';
import { DEMO_APP } from './tenant/directory.ts';
import type { Tenant } from './tenant/model.ts';
import { seedTenant, type TenantSpec } from './tenant/seed.ts';
import { generateTls, type TlsMaterial } from './tls.ts';

export interface EmulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** One spec per tenant; defaults to one tenant with seed 1 and 300 rooms. */
  tenants?: TenantSpec[];
  /** Traffic profile of the built-in gate (default `none`); ignored when `gate` is given. */
  profile?: ProfileName;
  /** Knobs that override the profile's values (see limits/knobs.ts). */
  traffic?: Partial<TrafficKnobs>;
  /** Shorthand for `traffic.timeScale`: rates × k, latencies, windows and Retry-After ÷ k. */
  timeScale?: number;
  /** A custom gate instead of the profile gate (then `/emulator/profile` answers 404). */
  gate?: TrafficGate;
  tls?: TlsMaterial;
}

export interface RunningEmulator {
  baseUrl: string;
  /** The first tenant's id (most callers use one tenant). */
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** PEM of the self-signed certificate: clients trust it as a CA. */
  caCert: string;
  context: EmulatorContext;
  /** The profile gate, to read counters or change knobs in process; absent when a custom gate was given. */
  traffic?: ProfileGate;
  tenant(idOrDomain?: string): Tenant;
  close(): Promise<void>;
}

export const DEFAULT_TENANTS: TenantSpec[] = [{ seed: 1, rooms: 300 }];

/** Start the emulator over HTTPS on a loopback port, in this process. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const specs = options.tenants ?? DEFAULT_TENANTS;
  const tls = options.tls ?? (await generateTls());
  const tenants = new Map<string, Tenant>();
  const reseed = () => {
    tenants.clear();
    for (const spec of specs) {
      const tenant = seedTenant(spec);
      tenants.set(tenant.id, tenant);
    }
  };
  reseed();
  const stats = new Stats();
  const settings = trafficSettings(options.profile ?? 'none', {
    ...options.traffic,
    ...(options.timeScale ? { timeScale: options.timeScale } : {}),
  });
  const gate: TrafficGate =
    options.gate ??
    new ProfileGate(settings, {
      tenantUsers: (tenantId) => tenants.get(tenantId)?.users.size ?? 0,
    });
  const traffic = gate instanceof ProfileGate ? gate : undefined;
  const context: EmulatorContext = {
    baseUrl: '',
    keys: await KeyRing.create(),
    tenants,
    stats,
    gate,
    // With a custom gate the lifetimes stay as started; with the profile gate PUT /emulator/profile changes them.
    lifetimes: () => tokenLifetimes(traffic?.current().knobs ?? settings.knobs),
    findTenant: tenantFinder(tenants),
  };

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use('/v1.0', graphRoutes(context));
  app.use('/adminapi', exchangeRoutes(context));
  app.use(
    '/emulator',
    controlRoutes(context, {
      reset: () => {
        reseed();
        stats.reset();
        traffic?.reset();
      },
      traffic,
    }),
  );
  app.use(identityRoutes(context));

  const server: Server = createServer({ key: tls.key, cert: tls.cert }, app);
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  context.baseUrl = `https://${options.host ?? '127.0.0.1'}:${port}`;
  const first = tenants.values().next().value as Tenant;

  return {
    baseUrl: context.baseUrl,
    tenantId: first.id,
    clientId: DEMO_APP.clientId,
    clientSecret: DEMO_APP.clientSecret,
    caCert: tls.cert,
    context,
    traffic,
    tenant(idOrDomain) {
      const tenant = idOrDomain ? context.findTenant(idOrDomain) : tenants.values().next().value;
      if (!tenant) throw new Error(`No tenant ${idOrDomain ?? ''} in this emulator`);
      return tenant;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

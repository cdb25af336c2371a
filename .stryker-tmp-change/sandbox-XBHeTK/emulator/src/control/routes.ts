// @ts-nocheck
import express, { Router, type ErrorRequestHandler } from 'express';
import type { EmulatorContext } from '../context.ts';
import type { ProfileGate } from '../limits/profileGate.ts';
import { seedManifest } from '../tenant/seed.ts';
import { seedRecord } from '../tenant/seed/manifest.ts';
import type { Tenant } from '../tenant/model.ts';
import { faultRoutes } from './faultRoutes.ts';
import { profileRoutes } from './profileRoutes.ts';
import { fail } from './replies.ts';
import { tenantChangeRoutes } from './tenantChanges.ts';
import { wireFaultRoutes } from './wireFaults.ts';

export interface ControlHooks {
  /** Reseed every tenant from its spec, as a fresh start does. */
  reset(): void;
  /** The profile gate, when the emulator runs one (not a custom gate). */
  traffic?: ProfileGate;
}

/**
 * The emulator's own control surface (not Microsoft's, no authentication): stats, reset, key rotation,
 * traffic profile, tenant summaries, admin-side changes and wire faults.
 */
export function controlRoutes(ctx: EmulatorContext, hooks: ControlHooks): Router {
  const router = Router();
  router.use(express.json({ limit: '1mb' }));
  router.get('/stats', (_req, res) => {
    res.json(ctx.stats.snapshot());
  });
  router.post('/stats/reset', (_req, res) => {
    ctx.stats.reset();
    hooks.traffic?.resetCounters();
    res.json({ ok: true });
  });
  router.post('/reset', (_req, res) => {
    hooks.reset();
    res.json({ ok: true });
  });
  router.post('/keys/rotate', async (req, res) => {
    const kid = await ctx.keys.rotate(req.query.retire === 'true');
    res.json({ kid });
  });
  router.get('/tenants', (_req, res) => {
    res.json({ value: [...ctx.tenants.values()].map(describeTenant) });
  });
  router.use(profileRoutes(hooks.traffic));
  router.use(tenantChangeRoutes(ctx));
  router.use(faultRoutes(ctx));
  router.use(wireFaultRoutes(ctx));
  router.use((req, res) => fail(res, 404, 'notFound', `No emulator control route ${req.method} ${req.baseUrl}${req.path}.`));
  router.use(((error, _req, res, _next) => {
    const status = (error as { status?: number }).status;
    if (status === 400) return fail(res, 400, 'invalidJson', `The body is not valid JSON: ${(error as Error).message}`);
    fail(res, 500, 'internalError', (error as Error).message);
  }) as ErrorRequestHandler);
  return router;
}

/** Ids, domains and counts of a tenant, plus its scenario counts and buildings when it was seeded. */
function describeTenant(tenant: Tenant) {
  let roomMailboxes = 0;
  let equipmentMailboxes = 0;
  for (const mailbox of tenant.mailboxes.values()) {
    if (mailbox.recipientTypeDetails === 'RoomMailbox') roomMailboxes += 1;
    if (mailbox.recipientTypeDetails === 'EquipmentMailbox') equipmentMailboxes += 1;
  }
  const guests = [...tenant.users.values()].filter((user) => user.userType === 'Guest').length;
  const record = seedRecord(tenant);
  const manifest = record ? seedManifest(tenant) : undefined;
  return {
    id: tenant.id,
    displayName: tenant.displayName,
    domain: tenant.domain,
    region: tenant.region,
    counts: {
      users: tenant.users.size,
      guests,
      mailboxes: tenant.mailboxes.size,
      roomMailboxes,
      equipmentMailboxes,
      places: tenant.places.size,
      resourceAccounts: manifest?.resourceAccountIds.size ?? null,
    },
    subscriptions: [...tenant.subscriptions.values()].map((sku) => ({
      skuId: sku.skuId,
      skuPartNumber: sku.skuPartNumber,
      prepaidEnabled: sku.prepaidEnabled,
      consumedUnits: tenant.consumedUnits(sku.skuId),
    })),
    scenarios: manifest ? Object.fromEntries(Object.entries(manifest.byScenario).map(([name, ids]) => [name, ids.length])) : null,
    buildings: record ? record.layout.buildings.map((building) => building.label) : [],
  };
}

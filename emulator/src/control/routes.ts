import express, { Router } from 'express';
import type { EmulatorContext } from '../context.ts';

export interface ControlHooks {
  /** Reseed every tenant from its spec, as a fresh start does. */
  reset(): void;
}

/** The emulator's own control surface (not Microsoft's): stats, reset, key rotation, admin-side changes. */
export function controlRoutes(ctx: EmulatorContext, hooks: ControlHooks): Router {
  const router = Router();
  router.use(express.json({ limit: '1mb' }));
  router.get('/stats', (_req, res) => {
    res.json(ctx.stats.snapshot());
  });
  router.post('/reset', (_req, res) => {
    hooks.reset();
    res.json({ ok: true });
  });
  router.post('/keys/rotate', async (req, res) => {
    const kid = await ctx.keys.rotate(req.query.retire === 'true');
    res.json({ kid });
  });
  return router;
}

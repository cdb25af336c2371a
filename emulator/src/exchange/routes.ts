import express, { Router } from 'express';
import type { EmulatorContext } from '../context.ts';
import { invokeCommand } from './invoke.ts';

const VERSIONS = new Set(['beta', 'v1.0']);

/** Exchange Online's admin endpoint, mounted at /adminapi: InvokeCommand under the beta and v1.0 paths. */
export function exchangeRoutes(ctx: EmulatorContext): Router {
  const router = Router();
  const handler = invokeCommand(ctx);
  // Read the body as text so a malformed one gets Exchange's error, not the JSON parser's.
  const body = express.text({ type: () => true, limit: '1mb' });
  router.post('/:version/:tenant/InvokeCommand', body, async (req, res, next) => {
    if (!VERSIONS.has(String(req.params.version))) return next();
    await handler(req, res);
  });
  return router;
}

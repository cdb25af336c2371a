// @ts-nocheck
import express, { Router } from 'express';
import type { EmulatorContext } from '../context.ts';
import { EXCHANGE_API_VERSIONS, exchangeBatch } from './batch.ts';
import { invokeCommand } from './invoke.ts';

/** Exchange Online's admin endpoint, mounted at /adminapi: InvokeCommand and `$batch` under the beta and v1.0 paths. */
export function exchangeRoutes(ctx: EmulatorContext): Router {
  const router = Router();
  const handler = invokeCommand(ctx);
  const batch = exchangeBatch(ctx);
  // Read the body as text so a malformed one gets Exchange's error, not the JSON parser's.
  const body = express.text({ type: () => true, limit: '1mb' });
  // `$batch` is matched as a plain segment: `$` means nothing special here, and no escaping rules apply.
  router.post('/:version/:tenant/:action', body, async (req, res, next) => {
    if (!EXCHANGE_API_VERSIONS.has(String(req.params.version))) return next();
    const action = String(req.params.action);
    if (action === 'InvokeCommand') return handler(req, res);
    if (action === '$batch') return batch(req, res);
    return next();
  });
  return router;
}

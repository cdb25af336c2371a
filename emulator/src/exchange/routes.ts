import { Router } from 'express';
import type { EmulatorContext } from '../context.ts';

/** Exchange Online admin endpoint. PLACEHOLDER until the Exchange module lands. */
export function exchangeRoutes(_ctx: EmulatorContext): Router {
  return Router();
}

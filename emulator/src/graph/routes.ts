import { Router } from 'express';
import type { EmulatorContext } from '../context.ts';

/** Microsoft Graph v1.0. PLACEHOLDER until the Graph module lands. */
export function graphRoutes(_ctx: EmulatorContext): Router {
  return Router();
}

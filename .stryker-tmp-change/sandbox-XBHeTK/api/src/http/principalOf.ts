// @ts-nocheck
import type express from 'express';
import type { Principal } from '../auth/principal.ts';

// Apart from app.ts, which mounts the routes: a route importing it from there made a cycle.
/** The principal the auth middleware established for this request. */
export function principalOf(res: express.Response): Principal {
  return res.locals.principal as Principal;
}

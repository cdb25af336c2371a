// @ts-nocheck
import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { EmulatorContext } from '../context.ts';
import type { Tenant } from '../tenant/model.ts';

/** The control API's one error shape: `{ error: { code, message } }`. */
export function fail(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}

/** Parse a JSON body with a schema; on failure answer 400 naming every bad field and return undefined. */
export function parseBody<T extends z.ZodType>(schema: T, req: Request, res: Response): z.infer<T> | undefined {
  const result = schema.safeParse(req.body ?? {});
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message));
  fail(res, 400, 'invalidBody', details.join('; '));
  return undefined;
}

/** The tenant named by `:tid` (id or domain), or a 404 answer. */
export function tenantParam(ctx: EmulatorContext, req: Request, res: Response): Tenant | undefined {
  const tid = String(req.params.tid);
  const tenant = ctx.findTenant(tid);
  if (!tenant) fail(res, 404, 'tenantNotFound', `No tenant '${tid}' in this emulator.`);
  return tenant;
}

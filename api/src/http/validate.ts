import type { z } from 'zod';
import { AppError } from '../errors.ts';

/** Parse input with a contract schema; a mismatch is a 400 that names each wrong field. */
export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown, what: string): z.infer<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, 20).map((issue) => ({
    path: issue.path.map(String).join('.') || what,
    message: issue.message,
  }));
  const first = issues[0];
  throw new AppError(400, 'bad_request', `The ${what} is not valid${first ? `: ${first.path}: ${first.message}` : ''}.`, { issues });
}

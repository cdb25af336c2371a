// @ts-nocheck
import type { RequestHandler } from 'express';
import type { z } from 'zod';
import { AppError } from '../errors.ts';

/** Deeper than any request of the contract (the baseline is 3 levels): more is an attack or a bug. */
const MAX_DEPTH = 8;
/** Keys that only ever appear in an attempt to reach an object's prototype. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** An echoed field name or message longer than this is cut, so a huge key cannot make a huge error. */
const MAX_ECHO = 120;

/** Parse input with a contract schema; a mismatch is a 400 that names each wrong field. */
export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown, what: string): z.infer<Schema> {
  checkShape(input, what);
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, 20).map((issue) => ({
    path: clip(issue.path.map(String).join('.') || what),
    message: clip(issue.message),
  }));
  const first = issues[0];
  throw new AppError(400, 'bad_request', `The ${what} is not valid${first ? `: ${first.path}: ${first.message}` : ''}.`, { issues });
}

/**
 * Refuse prototype-pollution keys, deep nesting and unstorable characters before any schema or code walks
 * the input: a record schema would otherwise drop `__proto__` silently and accept the rest, recursion has
 * limits, and the store would fail on a NUL only after Microsoft 365 had been changed.
 */
function checkShape(input: unknown, what: string): void {
  const pending: { value: unknown; depth: number }[] = [{ value: input, depth: 0 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value, depth } = next;
    if (typeof value === 'string' && unstorable(value)) throw unstorableError(what);
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_DEPTH) throw new AppError(400, 'bad_request', `The ${what} is nested too deeply (more than ${MAX_DEPTH} levels).`);
    for (const [key, item] of Object.entries(value)) {
      if (FORBIDDEN_KEYS.has(key)) throw new AppError(400, 'bad_request', `The ${what} contains the key "${key}", which is not allowed.`);
      if (unstorable(key)) throw unstorableError(what);
      pending.push({ value: item, depth: depth + 1 });
    }
  }
}

/** NUL and lone UTF-16 surrogates: PostgreSQL refuses them in text and jsonb, so they would fail deep inside as a 500. */
function unstorable(text: string): boolean {
  return text.includes('\u0000') || LONE_SURROGATE.test(text);
}

function unstorableError(what: string): AppError {
  return new AppError(400, 'bad_request', `The ${what} contains a NUL character or a broken Unicode surrogate, which cannot be stored.`);
}

function clip(text: string): string {
  return text.length > MAX_ECHO ? `${text.slice(0, MAX_ECHO)}…` : text;
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The JSON parser skips bodies of other content types, so they would reach a route as "no body" (which
 * some routes accept): refuse them with 415 instead of acting on a request we did not read.
 */
export const jsonBodiesOnly: RequestHandler = (req, _res, next) => {
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (BODY_METHODS.has(req.method) && hasBody && !req.is('application/json')) {
    return next(new AppError(415, 'bad_request', 'Send the request body as JSON, with the header Content-Type: application/json.'));
  }
  next();
};

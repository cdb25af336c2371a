/**
 * Graph requests and responses as plain values, so the Express adapter and `$batch` run the very same
 * handlers: a batch item is just another `GraphRequest` whose answer becomes a `responses[]` entry.
 */
// @ts-nocheck


/** A body that was sent but is not JSON; handlers that need a body answer Graph's payload error. */
export const INVALID_JSON = Symbol('invalid JSON body');

export interface GraphRequest {
  method: string;
  /** Path below `/v1.0`, percent-encoded as sent (`/users/room1%40contoso.com`). */
  path: string;
  /** The query string as sent, without `?`. */
  query: string;
  /** Lower-case header names. */
  headers: Record<string, string>;
  /** Parsed JSON body, `undefined` when none was sent, or `INVALID_JSON`. */
  body: unknown;
}

export interface GraphResponse {
  status: number;
  headers: Record<string, string>;
  /** A JSON value, a string for `text/plain`, or `undefined` for no content. */
  body?: unknown;
}

/** What the pipeline answers when the traffic gate drops the call: no response at all. */
export const DROPPED = Symbol('dropped');
export type GraphOutcome = GraphResponse | typeof DROPPED;

export const JSON_CONTENT_TYPE = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

export function jsonResponse(body: unknown, status = 200): GraphResponse {
  return { status, headers: { 'Content-Type': JSON_CONTENT_TYPE, 'OData-Version': '4.0' }, body };
}

export function textResponse(text: string): GraphResponse {
  return { status: 200, headers: { 'Content-Type': 'text/plain' }, body: text };
}

export function noContent(): GraphResponse {
  return { status: 204, headers: {} };
}

/** Parse a raw body the way Graph's front door does: empty means none, anything unparsable is flagged. */
export function parseBody(raw: string): unknown {
  if (raw.trim() === '') return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return INVALID_JSON;
  }
}

/**
 * One JSON line per event on stdout. Anything that looks like a bearer token, JWT or secret is masked
 * before it is written, so a careless field can't leak credentials into logs.
 */
// @ts-nocheck

import { openSync, writeSync } from 'node:fs';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const JWT = /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
const BEARER = /Bearer\s+[A-Za-z0-9\-_.~+/]+=*/gi;
const SENSITIVE_KEYS =
  /^(authorization|proxy-authorization|cookie|set-cookie|access_token|accessToken|assertion|client_assertion|clientAssertion|client_secret|clientSecret|secret|password|privateKey|private_key|token|refresh_token|refreshToken|id_token|idToken)$/i;
/** Deeper than this a value is cut, not copied raw: a token nested deep must not escape the masking. */
const MAX_DEPTH = 6;

export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.replace(JWT, '[redacted-jwt]').replace(BEARER, 'Bearer [redacted]');
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return value;
  if (depth > MAX_DEPTH) return '[nested too deep]';
  if (value instanceof Error) return { name: value.name, message: redact(value.message, depth + 1) };
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = SENSITIVE_KEYS.test(key) ? '[redacted]' : redact(item, depth + 1);
  return out;
}

let sink: (line: string) => void = (line) => process.stdout.write(`${line}\n`);
let minimum: LogLevel = (process.env.LOG_LEVEL as LogLevel | undefined) ?? 'info';
const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/**
 * `ROOM_ACCOUNTS_LOG_FILE`: every line of every level is also appended there (synchronously, so a process
 * killed with -9 loses nothing). `npm test` points all test processes at one file and scans it for secrets.
 */
const logFile = process.env.ROOM_ACCOUNTS_LOG_FILE ? openSync(process.env.ROOM_ACCOUNTS_LOG_FILE, 'a') : undefined;

/** Tests capture the log stream to prove nothing secret is written. */
export function setLogSink(next: (line: string) => void, level: LogLevel = minimum): void {
  sink = next;
  minimum = level;
}

export function log(level: LogLevel, event: string, fields: Record<string, unknown> = {}): void {
  const wanted = order[level] >= order[minimum];
  if (!wanted && logFile === undefined) return;
  const line = JSON.stringify({ time: new Date().toISOString(), level, event, ...(redact(fields) as Record<string, unknown>) });
  if (logFile !== undefined) writeSync(logFile, `${line}\n`);
  if (wanted) sink(line);
}

/**
 * One JSON line per event on stdout. Anything that looks like a bearer token, JWT or secret is masked
 * before it is written, so a careless field can't leak credentials into logs.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const JWT = /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
const BEARER = /Bearer\s+[A-Za-z0-9\-_.~+/]+=*/gi;
const SENSITIVE_KEYS = /^(authorization|access_token|accessToken|assertion|client_secret|clientSecret|password|token|refresh_token|id_token)$/i;

export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.replace(JWT, '[redacted-jwt]').replace(BEARER, 'Bearer [redacted]');
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { name: value.name, message: redact(value.message, depth + 1) };
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = SENSITIVE_KEYS.test(key) ? '[redacted]' : redact(item, depth + 1);
  return out;
}

let sink: (line: string) => void = (line) => process.stdout.write(`${line}\n`);
let minimum: LogLevel = (process.env.LOG_LEVEL as LogLevel | undefined) ?? 'info';
const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Tests capture the log stream to prove nothing secret is written. */
export function setLogSink(next: (line: string) => void, level: LogLevel = minimum): void {
  sink = next;
  minimum = level;
}

export function log(level: LogLevel, event: string, fields: Record<string, unknown> = {}): void {
  if (order[level] < order[minimum]) return;
  sink(JSON.stringify({ time: new Date().toISOString(), level, event, ...(redact(fields) as Record<string, unknown>) }));
}

import { Agent, request } from 'node:https';
import { trustingSecureContext } from '../trust.ts';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface HttpRequest {
  method: HttpMethod;
  url: string;
  headers?: Record<string, string>;
  /** Serialised as JSON when present. */
  body?: unknown;
  /** Cap on the whole-exchange timeout for this request (e.g. the time left before a retry deadline). */
  timeoutMs?: number;
}

export interface HttpResponse {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
  /** Parsed JSON, the raw text when the body is not JSON, or undefined when empty. */
  body: unknown;
}

/** The one way our clients reach Microsoft 365; tests wrap it to count or disturb calls. */
export interface Transport {
  send(request: HttpRequest): Promise<HttpResponse>;
  /** Close idle keep-alive sockets (only those of an agent the transport created). */
  close(): void;
}

/** Failures that a later attempt may not meet; certificate and protocol errors are not among them. */
const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ETIMEDOUT',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
]);

/**
 * The connection broke before a complete response arrived (reset, "socket hang up", refused, timeout, TLS).
 * Carries the target without query string and never any header.
 */
export class NetworkError extends Error {
  override name = 'NetworkError';

  constructor(
    /** The system code: ECONNRESET (also "socket hang up"), ETIMEDOUT, ECONNREFUSED, a TLS code… */
    readonly code: string,
    readonly target: string,
  ) {
    super(`${code} calling ${target}`);
  }

  get transient(): boolean {
    return TRANSIENT_CODES.has(this.code);
  }
}

export interface TransportOptions {
  /** Extra trusted CA certificates in PEM (the emulator's self-signed one, a corporate proxy's). */
  ca?: string | string[];
  /** Sockets per origin; Graph and Exchange each get up to this many keep-alive connections. */
  maxSockets?: number;
  /** Default whole-exchange timeout in ms. */
  timeoutMs?: number;
  /** Use this agent instead of creating one (its owner closes it). */
  agent?: Agent;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_SOCKETS = 32;

/** HTTPS JSON over a keep-alive agent: one instance per process is enough. */
export function createTransport(options: TransportOptions = {}): Transport {
  const ownAgent = !options.agent;
  const agent = options.agent ?? createAgent(options);
  const defaultTimeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    send: (req) => send(agent, req, Math.min(defaultTimeout, req.timeoutMs ?? defaultTimeout)),
    close: () => {
      if (ownAgent) agent.destroy();
    },
  };
}

function createAgent(options: TransportOptions): Agent {
  const extra = options.ca === undefined ? [] : Array.isArray(options.ca) ? options.ca : [options.ca];
  return new Agent({
    keepAlive: true,
    maxSockets: options.maxSockets ?? DEFAULT_MAX_SOCKETS,
    ...(extra.length > 0 ? { secureContext: trustingSecureContext(extra) } : {}),
  });
}

function send(agent: Agent, req: HttpRequest, timeoutMs: number): Promise<HttpResponse> {
  const url = new URL(req.url);
  const target = `${req.method} ${url.origin}${url.pathname}`;
  const payload = req.body === undefined ? undefined : Buffer.from(JSON.stringify(req.body), 'utf8');
  const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
  if (payload) {
    headers['content-type'] ??= 'application/json';
    headers['content-length'] = String(payload.length);
  }

  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (code: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(new NetworkError(code, target));
    };
    const outgoing = request(url, { method: req.method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', (error: NodeJS.ErrnoException) => fail(error.code ?? 'ECONNRESET'));
      // A body cut short ends in 'close' without 'end'.
      res.on('close', () => {
        if (!res.complete) fail('ECONNRESET');
      });
      res.on('end', () => {
        if (settled) return;
        if (!res.complete) return fail('ECONNRESET');
        settled = true;
        clearTimeout(timer);
        resolve({
          status: res.statusCode ?? 0,
          headers: flattenHeaders(res.headers),
          body: parseBody(Buffer.concat(chunks).toString('utf8')),
        });
      });
    });
    const timer = setTimeout(() => {
      fail('ETIMEDOUT');
      outgoing.destroy();
    }, timeoutMs);
    outgoing.on('error', (error: NodeJS.ErrnoException) => fail(error.code ?? 'ECONNRESET'));
    outgoing.end(payload);
  });
}

/** Headers as a `$batch` item carries them (any case), with the lower-case names HttpResponse promises. */
export function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

function flattenHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function parseBody(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

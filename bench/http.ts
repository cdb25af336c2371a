import { Agent, request } from 'node:https';

/** A JSON answer: status and parsed body (or the raw text when it is not JSON). */
export interface JsonReply {
  status: number;
  body: unknown;
}

/** A reply with its (lower-case) headers. */
export interface HttpsReply extends JsonReply {
  headers: Record<string, string>;
}

/** One HTTPS request through `agent`; a string body is sent as is, anything else as JSON. */
export function httpsRequest(
  url: string,
  agent: Agent,
  init: { method: string; headers?: Record<string, string>; body?: unknown },
): Promise<HttpsReply> {
  return new Promise((resolve, reject) => {
    const json = init.body !== undefined && typeof init.body !== 'string';
    const payload = init.body === undefined ? undefined : Buffer.from(json ? JSON.stringify(init.body) : (init.body as string));
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...(json ? { 'content-type': 'application/json' } : {}),
      ...init.headers,
    };
    if (payload) headers['content-length'] = String(payload.length);
    const req = request(url, { method: init.method, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const flat: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers))
          if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
        resolve({ status: res.statusCode ?? 0, headers: flat, body: parse(Buffer.concat(chunks).toString('utf8')) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** JSON over HTTPS to the emulator, trusting its self-signed CA explicitly (no process-wide trust needed). */
export function emulatorClient(baseUrl: string, caCert: string) {
  const agent = new Agent({ keepAlive: true, ca: caCert, maxSockets: 8 });
  const call = (method: string, path: string, body?: unknown): Promise<JsonReply> =>
    httpsRequest(`${baseUrl}${path}`, agent, { method, body });
  return {
    agent,
    call,
    /** A demo persona's SSO token, as the tab gets it. */
    async token(persona: string): Promise<string> {
      const reply = await call('POST', '/demo/token', { persona });
      const token = (reply.body as { access_token?: string }).access_token;
      if (!token) throw new Error(`demo token for ${persona}: ${reply.status} ${JSON.stringify(reply.body)}`);
      return token;
    },
    close: () => agent.destroy(),
  };
}

export type EmulatorClient = ReturnType<typeof emulatorClient>;

/** Our API over plain HTTP on loopback, as a signed-in persona. */
/** Our API as the tab calls it; `token` is asked before each call, since SSO tokens may be short-lived here. */
export function apiClient(baseUrl: string, token: () => Promise<string>) {
  return async (path: string, init: { method?: string; body?: unknown } = {}): Promise<JsonReply> => {
    const res = await fetch(`${baseUrl}${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${await token()}`, ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
    });
    return { status: res.status, body: parse(await res.text()) };
  };
}

export type ApiClient = ReturnType<typeof apiClient>;

function parse(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

import { Agent, request } from 'node:https';

/** A JSON answer: status and parsed body (or the raw text when it is not JSON). */
export interface JsonReply {
  status: number;
  body: unknown;
}

/** JSON over HTTPS to the emulator, trusting its self-signed CA explicitly (no process-wide trust needed). */
export function emulatorClient(baseUrl: string, caCert: string) {
  const agent = new Agent({ keepAlive: true, ca: caCert, maxSockets: 8 });
  const call = (method: string, path: string, body?: unknown): Promise<JsonReply> =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const req = request(
        `${baseUrl}${path}`,
        { method, agent, headers: { accept: 'application/json', ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: parse(Buffer.concat(chunks).toString('utf8')) }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  return {
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
export function apiClient(baseUrl: string, token: string) {
  return async (path: string, init: { method?: string; body?: unknown } = {}): Promise<JsonReply> => {
    const res = await fetch(`${baseUrl}${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${token}`, ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) },
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

import { Agent, request } from 'node:https';
import { trustingSecureContext } from '../trust.ts';

/** An HTTPS agent that also trusts `extraCaCerts` (the emulator's or a corporate proxy's certificate). */
export function trustingAgent(extraCaCerts?: string): Agent {
  if (!extraCaCerts) return new Agent({ keepAlive: true });
  return new Agent({ keepAlive: true, secureContext: trustingSecureContext([extraCaCerts]) });
}

export interface JsonResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** A small HTTPS JSON call for identity endpoints (JWKS, discovery, token); Graph and Exchange use m365/. */
export function httpsJson(
  url: string,
  init: { method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: string; agent: Agent; timeoutMs?: number },
): Promise<JsonResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: init.method ?? 'GET', headers: init.headers, agent: init.agent, timeout: init.timeoutMs ?? 15_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            // Not JSON: keep the text for the caller's error message.
          }
          const headers: Record<string, string> = {};
          for (const [key, value] of Object.entries(res.headers)) if (value !== undefined) headers[key] = String(value);
          resolve({ status: res.statusCode ?? 0, headers, body });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`Timed out calling ${new URL(url).origin}`)));
    req.on('error', reject);
    if (init.body) req.write(init.body);
    req.end();
  });
}

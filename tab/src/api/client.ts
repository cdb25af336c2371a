import { errorEnvelope, type ErrorEnvelope } from '../../../contract/index.ts';

/** A failed API call, carrying our error envelope so pages show its message, never raw JSON. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly envelope: ErrorEnvelope['error'],
  ) {
    super(envelope.message);
  }
}

let currentToken: (() => Promise<string>) | undefined;

/** Where the SSO token comes from: Teams' getAuthToken inside Teams, a demo persona outside. */
export function setTokenProvider(provider: () => Promise<string>): void {
  currentToken = provider;
}

/** The tab's one HTTP client: adds the SSO token and turns every failure into an ApiError. */
export async function apiFetch<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const headers: Record<string, string> = {};
  if (currentToken) headers.authorization = `Bearer ${await currentToken()}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  const text = await res.text();
  const json: unknown = text ? safeJson(text) : undefined;
  if (!res.ok) {
    const parsed = errorEnvelope.safeParse(json);
    throw new ApiError(res.status, parsed.success ? parsed.data.error : { code: 'unknown', message: `The request failed (${res.status}). Try again.`, correlationId: res.headers.get('x-correlation-id') ?? '' });
  }
  return json as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

// Before the contract's schemas are built: the entries import it first; here for code that reaches the client first.
import '../lib/zodJitless.ts';
import type { z } from 'zod';
import { errorEnvelope, type ErrorCode } from '../../../contract/index.ts';

/**
 * Codes the client adds: `network` (never reached our API), `unknown` (an error body that is not our envelope),
 * `invalid_response` (a success body its contract schema refuses: usually a tab older than the API it talks to).
 */
type ClientCode = 'network' | 'unknown' | 'invalid_response';

/** Shown for a success body the contract refuses; reloading fetches the tab that matches the API. */
export const INVALID_RESPONSE_MESSAGE = 'The server sent an answer this version of the tab does not understand. Reload the page.';

/** A failed API call, carrying our error envelope so pages show its message, never raw JSON. */
export class ApiError extends Error {
  override name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: ErrorCode | ClientCode,
    message: string,
    readonly correlationId: string,
    readonly requiredRole?: string,
    readonly issues: { path: string; message: string }[] = [],
  ) {
    super(message);
  }

  /** Whether trying the same call again later may succeed (throttling, outages, our own faults). */
  get retryable(): boolean {
    return ['network', 'unknown', 'rate_limited', 'upstream_unavailable', 'upstream_error', 'internal_error', 'sync_in_progress'].includes(
      this.code,
    );
  }
}

/** Where the SSO token comes from: Teams' getAuthToken inside Teams, a demo persona outside. */
export interface TokenProvider {
  getToken(): Promise<string>;
  /** Forget a cached token after the API refused it, so the next call gets a fresh one. */
  invalidate(): void;
}

type Listener = (error: ApiError) => void;

let provider: TokenProvider | undefined;
const consentListeners = new Set<Listener>();
const signedOutListeners = new Set<Listener>();

export function setTokenProvider(next: TokenProvider | undefined): void {
  provider = next;
}

/** Called when the API or Teams says the user must consent first: the app then shows the consent prompt. */
export function onConsentRequired(listener: Listener): () => void {
  consentListeners.add(listener);
  return () => consentListeners.delete(listener);
}

/** Called when a token is refused even after a fresh one: outside Teams the app signs the persona out. */
export function onSignedOut(listener: Listener): () => void {
  signedOutListeners.add(listener);
  return () => signedOutListeners.delete(listener);
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** Send without a token (health, client config, demo sign-in). */
  anonymous?: boolean;
}

/**
 * The tab's one HTTP client for JSON: adds the SSO token, turns every failure into an ApiError, and parses the
 * answer with its contract schema, so a page only ever gets a body of the shape its types promise.
 */
export async function apiFetch<S extends z.ZodType>(path: string, schema: S, options: RequestOptions = {}): Promise<z.output<S>> {
  const res = await send(path, options, 'application/json');
  const text = await res.text();
  const parsed = schema.safeParse(text ? parseJson(text) : undefined);
  if (parsed.success) return parsed.data;
  const error = new ApiError(res.status, 'invalid_response', INVALID_RESPONSE_MESSAGE, res.headers.get('x-correlation-id') ?? '');
  // Kept for the browser's developer tools, never shown: where the body left the contract.
  error.cause = parsed.error;
  throw error;
}

/** Download a file our API makes (CSV exports) with the bearer token, saving it under the server's file name. */
export async function apiDownload(path: string, fallbackName: string): Promise<{ fileName: string; size: number }> {
  const res = await send(path, {}, 'text/csv');
  const blob = await res.blob();
  const fileName = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return { fileName, size: blob.size };
}

async function send(path: string, options: RequestOptions, accept: string, retried = false): Promise<Response> {
  const headers: Record<string, string> = { accept };
  if (!options.anonymous && provider) headers.authorization = `Bearer ${await tokenOrThrow(provider)}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError(0, 'network', 'Room Accounts could not reach its server. Check your connection and try again.', '');
  }
  if (res.ok) return res;
  const error = await toApiError(res);
  if (error.code === 'invalid_token' && provider && !options.anonymous) {
    provider.invalidate();
    if (!retried) return send(path, options, accept, true);
    signedOutListeners.forEach((listener) => listener(error));
  }
  if (error.code === 'consent_required') consentListeners.forEach((listener) => listener(error));
  throw error;
}

async function tokenOrThrow(current: TokenProvider): Promise<string> {
  try {
    return await current.getToken();
  } catch {
    const error = new ApiError(401, 'consent_required', 'Room Accounts needs your permission to act for you. Grant it, then continue.', '');
    consentListeners.forEach((listener) => listener(error));
    throw error;
  }
}

async function toApiError(res: Response): Promise<ApiError> {
  const headerId = res.headers.get('x-correlation-id') ?? '';
  const parsed = errorEnvelope.safeParse(parseJson(await res.text()));
  const envelope = parsed.success ? parsed.data.error : undefined;
  if (!envelope)
    return new ApiError(
      res.status,
      'unknown',
      `The server answered with an unexpected error (HTTP ${res.status}). Try again in a few minutes.`,
      headerId,
    );
  return new ApiError(
    res.status,
    envelope.code as ErrorCode,
    envelope.message,
    envelope.correlationId || headerId,
    envelope.requiredRole,
    envelope.issues ?? [],
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

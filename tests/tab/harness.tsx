import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { vi } from 'vitest';
import { meResponse, type MeResponse } from '../../contract/index.ts';
import { createSession, SessionContext } from '../../tab/src/features/session/session.ts';

/**
 * Component tests render the real tab components inside Fluent's provider and a real session; the only
 * stand-in is `fetch`, the network boundary, answering with bodies the contract accepts (each is parsed).
 */
export function me(overrides: Partial<MeResponse> = {}): MeResponse {
  return meResponse.parse({
    tenantId: 'tenant-1',
    userId: 'user-1',
    userPrincipalName: 'admin@contoso.example',
    displayName: 'Avery Admin',
    roles: [],
    canWrite: [],
    canEditBaseline: false,
    mode: 'demo',
    cloud: { instance: 'worldwide', note: null },
    ...overrides,
  });
}

export function renderInTab(ui: ReactElement, session: MeResponse = me()) {
  return render(
    <FluentProvider theme={webLightTheme}>
      <SessionContext.Provider value={createSession(session, null)}>{ui}</SessionContext.Provider>
    </FluentProvider>,
  );
}

/** An answer: `body` is sent as JSON, or as is when it is a string (a proxy's HTML page, say). */
type Route = (request: {
  method: string;
  path: string;
  body: unknown;
}) => { status?: number; body: unknown; headers?: Record<string, string> } | undefined;

/** Answer the tab's API calls from `route`; every request is recorded. Unknown paths get our 404 envelope. */
export function serveApi(route: Route): { method: string; path: string; body: unknown }[] {
  const seen: { method: string; path: string; body: unknown }[] = [];
  vi.stubGlobal('fetch', async (input: string, init: RequestInit = {}) => {
    const request = { method: init.method ?? 'GET', path: String(input), body: init.body ? JSON.parse(String(init.body)) : undefined };
    seen.push(request);
    const reply = route(request) ?? {
      status: 404,
      body: { error: { code: 'not_found', message: `No route for ${request.path}`, correlationId: 'test' } },
    };
    const body = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
    return new Response(body, { status: reply.status ?? 200, headers: { 'content-type': 'application/json', ...reply.headers } });
  });
  return seen;
}

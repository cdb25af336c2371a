/** Test vocabulary for the M365 clients: real clients against a started emulator, a recording transport, a scripted gate. */
import type { RunningEmulator } from '../../../emulator/src/index.ts';
import type { Admission, CallInfo, TrafficGate } from '../../../emulator/src/limits/types.ts';
import { BudgetRegistry, type TenantBudget } from '../../../api/src/m365/budget.ts';
import { ExchangeClient, type ExchangeClientOptions } from '../../../api/src/m365/exchangeClient.ts';
import { GraphClient, type GraphClientOptions } from '../../../api/src/m365/graphClient.ts';
import { createTransport, type HttpRequest, type HttpResponse, type Transport } from '../../../api/src/m365/transport.ts';
import { EXCHANGE_SCOPE, GRAPH_SCOPE, oboToken } from '../../helpers/tokens.ts';

export interface RecordedCall {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: unknown;
  status: number | 'network';
}

/** A transport that records every request it sends (for "3 batches", headers, paging) and what came back. */
export function recordingTransport(inner: Transport = createTransport()): Transport & { calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  return {
    calls,
    async send(request: HttpRequest): Promise<HttpResponse> {
      const call: RecordedCall = {
        method: request.method,
        url: new URL(request.url),
        headers: request.headers ?? {},
        body: request.body,
        status: 'network',
      };
      calls.push(call);
      const res = await inner.send(request);
      call.status = res.status;
      return res;
    },
    close: () => inner.close(),
  };
}

/** An OBO token per persona and resource, fetched once through real msal-node. */
export function tokenCache(emulator: RunningEmulator) {
  const cache = new Map<string, Promise<string>>();
  return (persona: string, scope: string) => {
    const key = `${persona} ${scope}`;
    let token = cache.get(key);
    if (!token) {
      token = oboToken(emulator, persona, scope);
      cache.set(key, token);
    }
    return token;
  };
}

export interface ClientKit {
  transport: Transport & { calls: RecordedCall[] };
  budgets: BudgetRegistry;
  token(persona: string, scope: string): Promise<string>;
  graph(persona?: string, options?: Partial<GraphClientOptions>): GraphClient;
  exchange(persona?: string, options?: Partial<ExchangeClientOptions>): ExchangeClient;
}

/** Graph and Exchange clients for any persona, sharing one transport and one budget registry as the API does. */
export function clientKit(emulator: RunningEmulator, budget?: TenantBudget): ClientKit {
  const transport = recordingTransport();
  const budgets = new BudgetRegistry();
  const token = tokenCache(emulator);
  const tenantBudget = () => budget ?? budgets.forTenant(emulator.tenantId);
  return {
    transport,
    budgets,
    token,
    graph: (persona = 'global-admin', options = {}) =>
      new GraphClient({
        baseUrl: emulator.baseUrl,
        getToken: () => token(persona, GRAPH_SCOPE),
        budget: tenantBudget(),
        transport,
        ...options,
      }),
    exchange: (persona = 'global-admin', options = {}) =>
      new ExchangeClient({
        baseUrl: emulator.baseUrl,
        tenantId: emulator.tenantId,
        getToken: () => token(persona, EXCHANGE_SCOPE),
        budget: tenantBudget(),
        transport,
        ...options,
      }),
  };
}

/** A gate that answers each call with what `plan` says (undefined = admit), numbering calls per API. */
export function scriptedGate(
  plan: (call: CallInfo, nth: number) => Exclude<Admission, { kind: 'admit' }> | undefined,
): TrafficGate & { seen: CallInfo[] } {
  const seen: CallInfo[] = [];
  const counts = new Map<string, number>();
  return {
    seen,
    async admit(call) {
      seen.push(call);
      const nth = (counts.get(call.api) ?? 0) + 1;
      counts.set(call.api, nth);
      return plan(call, nth) ?? { kind: 'admit', release: () => {} };
    },
  };
}

/** Fields of an error serialised every way a logger might, to prove a token never leaks. */
export function everythingAbout(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return `${error.message}\n${error.stack ?? ''}\n${JSON.stringify(error)}\n${JSON.stringify({ ...error })}`;
}

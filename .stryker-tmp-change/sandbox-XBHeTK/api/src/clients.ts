// @ts-nocheck
import type { TokenSource } from './auth/onBehalfOf.ts';
import type { Principal } from './auth/principal.ts';
import type { Config } from './config.ts';
import { log } from './log.ts';
import { BudgetRegistry, createTransport, ExchangeBatchPool, ExchangeClient, GraphClient, type Transport } from './m365/index.ts';

/** Graph and Exchange clients acting for one signed-in admin, sharing the process's transport and budgets. */
export interface M365Clients {
  tenantId: string;
  graph: GraphClient;
  exchange: ExchangeClient;
}

export interface ClientFactory {
  /** `priority`: `high` for what a person waits on, `low` for background sync and bulk jobs. */
  forPrincipal(principal: Principal, priority?: 'low' | 'normal' | 'high'): M365Clients;
  close(): void;
}

/**
 * One keep-alive transport (trusting the configured extra CA) and one budget per tenant, for the whole process.
 * Hosts come from the principal's tenant cloud (resolved at sign-in, auth/cloud.ts), else from the config.
 */
export function createClientFactory(config: Config, tokens: TokenSource, budgets = new BudgetRegistry()): ClientFactory {
  const transport: Transport = createTransport({ ca: config.extraCaCerts, maxSockets: 48 });
  // The tasks of a bulk job each get their own clients: one pool lets a user's concurrent cmdlets share `$batch` envelopes.
  const batchPool = new ExchangeBatchPool();
  return {
    forPrincipal(principal, priority = 'normal') {
      const budget = budgets.forTenant(principal.tenantId);
      return {
        tenantId: principal.tenantId,
        graph: new GraphClient({
          baseUrl: principal.cloud?.graph ?? config.endpoints.graph,
          getToken: () => tokens.tokenFor(principal, 'graph'),
          budget,
          transport,
          priority,
          // A malformed item is skipped, not fatal: the log says which one and why, so it can be looked into.
          onInvalidItem: (item) => log('warn', 'graph_invalid_item', { tenantId: principal.tenantId, ...item }),
        }),
        exchange: new ExchangeClient({
          baseUrl: principal.cloud?.exchange ?? config.endpoints.exchange,
          tenantId: principal.tenantId,
          getToken: () => tokens.tokenFor(principal, 'exchange'),
          budget,
          transport,
          batchPool: { pool: batchPool, key: principal.userId },
        }),
      };
    },
    close: () => transport.close(),
  };
}

// @ts-nocheck
import type { ChangeService } from './accounts/changeService.ts';
import type { TokenSource } from './auth/onBehalfOf.ts';
import type { TokenValidator } from './auth/tokenValidator.ts';
import type { Config } from './config.ts';
import type { AccountsView } from './inventory/accountsView.ts';
import type { Inventory } from './inventory/inventory.ts';
import type { JobService } from './jobs/jobService.ts';
import type { SqlClient } from './store/sql.ts';

/** Everything the HTTP layer needs, built once by main.ts (or by a test) and passed to createApp. */
export interface Services {
  config: Config;
  validateToken: TokenValidator;
  tokens: TokenSource;
  db: SqlClient;
  inventory: Inventory;
  accounts: AccountsView;
  changes: ChangeService;
  jobs: JobService;
  /** Demo mode only: mint a persona's SSO token through the emulator. */
  demoSignIn?: (persona: string) => Promise<string>;
  /** The built tab (Vite output) served at `/`. */
  tabDir?: string;
}

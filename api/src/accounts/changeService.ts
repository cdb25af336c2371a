import type { ApplyResponse, DesiredSettings, LicenseChangeResponse, PlanResponse } from '../../../contract/index.ts';
import type { ClientFactory } from '../clients.ts';
import type { AccountsView } from './readSide.ts';
import type { SqlClient } from '../store/sql.ts';
import { applySettings } from './changes/applySettings.ts';
import { changeLicenses } from './changes/changeLicenses.ts';
import { changeLocation } from './changes/changeLocation.ts';
import type { ChangeDeps, JobTaskRun, RequestContext } from './changes/context.ts';
import { previewPlan } from './changes/previewPlan.ts';
import type { LicensePayload } from './plan.ts';

/**
 * Changes to one account, one handler per operation (`changes/`), wired once with the store, the clients and
 * the graded view. Each reads fresh, plans once, applies with the fewest calls (Microsoft 365 decides who may),
 * stores what Microsoft 365 now holds and audits every attempted change.
 */
export class ChangeService {
  private readonly deps: ChangeDeps;

  constructor(db: SqlClient, clients: ClientFactory, view: AccountsView) {
    this.deps = { db, clients, view };
  }

  /** The diff a change would make, from the stored snapshot (no call to Microsoft 365). */
  plan(context: RequestContext, accountId: string, desired: DesiredSettings | 'recommended'): Promise<PlanResponse> {
    return previewPlan(this.deps, context, accountId, desired);
  }

  apply(context: RequestContext, accountId: string, desired: DesiredSettings | 'recommended', job?: JobTaskRun): Promise<ApplyResponse> {
    return applySettings(this.deps, context, accountId, desired, job);
  }

  changeLocation(context: RequestContext, accountId: string, location: NonNullable<DesiredSettings['location']>): Promise<ApplyResponse> {
    return changeLocation(this.deps, context, accountId, location);
  }

  /** Assign or remove Teams Rooms licenses; a license added needs a free seat. */
  changeLicenses(context: RequestContext, accountId: string, request: LicensePayload): Promise<LicenseChangeResponse> {
    return changeLicenses(this.deps, context, accountId, request);
  }
}

import type { ApplyResponse, ChangeResult } from '../../../../contract/index.ts';
import type { M365Clients } from '../../clients.ts';
import { AppError } from '../../errors.ts';
import { inventoryStore } from '../../store/inventoryStore.ts';
import { withMember } from '../../domain/roomLists.ts';
import type { AccountSnapshot } from '../../domain/snapshot.ts';
import { log } from '../../log.ts';
import { applyPlan } from '../apply.ts';
import { snapshotAfterApply, verifyHeld } from '../applyReads.ts';
import type { TenantFacts } from '../checks/types.ts';
import { insufficientRole, isMicrosoftFailure } from '../microsoftErrors.ts';
import { onPremisesReason } from '../onPremises.ts';
import type { Change, Plan } from '../plan.ts';
import { auditResults } from './audit.ts';
import type { ChangeDeps, JobTaskRun, RequestContext } from './context.ts';
import { keepWhatCallerCannotRead, type StoredAccount } from './storedAccount.ts';
import { summarize } from './summary.ts';

/** One apply of one account: the account as stored, as read just now, and the plan made once against that read. */
export interface ApplyRequest {
  clients: M365Clients;
  stored: StoredAccount;
  fresh: AccountSnapshot;
  plan: Plan;
  /** Apply recommended config (its own messages), rather than settings the admin chose. */
  recommended: boolean;
  job?: JobTaskRun;
}

/**
 * What every change handler shares once it has a plan: make it (Microsoft 365 decides who may), store what
 * Microsoft 365 now holds (write-through), audit every attempted change, and answer with the account graded
 * from the snapshot just stored, in memory.
 */
export async function applyAndRecord(deps: ChangeDeps, context: RequestContext, request: ApplyRequest): Promise<ApplyResponse> {
  const { principal } = context;
  const { clients, stored, fresh, plan, job } = request;
  const jobId = job?.jobId;
  // Settings mastered in on-premises AD are refused before any write: Graph would refuse them anyway.
  refuseOnPremises(fresh, plan.changes);
  const confirmed = job ? await job.beforeWrite(plan.changes) : [];
  const outcome = await applyPlan({ clients, snapshot: fresh, plan });
  // Nothing made: Microsoft 365 refused every change it was asked for (403), or our own check stopped them all (409).
  const asked = outcome.results.filter((result) => result.outcome !== 'skipped');
  const stopped = nothingMade(plan.changes, asked, confirmed, outcome.stopped);
  if (stopped) {
    await deps.db.transaction(async (tx) => {
      await auditResults(tx, context, fresh.accountId, outcome.results, jobId);
      await job?.complete(tx, { results: outcome.results, message: stopped.message });
    });
    throw stopped;
  }
  const after =
    outcome.applied.length > 0
      ? await writeThrough(context, fresh, () => snapshotAfterApply(clients, fresh, outcome.applied, stored.tenant.skus))
      : fresh;
  const store = inventoryStore(deps.db);
  // A room joined a list: record it as the next sync would read it (before the snapshot, whose save re-grades the list).
  const joined = outcome.applied.find((change) => change.kind === 'roomList');
  const roomLists = joined && withMember(stored.tenant.roomLists, String(joined.payload.list), String(joined.payload.member));
  if (roomLists) await store.saveRoomLists(principal.tenantId, roomLists);
  if (after) await store.saveSnapshots(principal.tenantId, [after]);
  // Report what Microsoft 365 holds, not what it accepted.
  const results = [...confirmed, ...(after ? verifyHeld(outcome.results, outcome.applied, after) : outcome.results)];
  const message = summarize(results, request.recommended);
  for (const failed of results.filter((result) => result.outcome === 'failed')) {
    log('warn', 'change_failed', {
      correlationId: context.correlationId,
      tenantId: principal.tenantId,
      accountId: fresh.accountId,
      setting: failed.setting,
      message: failed.message,
      jobId,
    });
  }
  await deps.db.transaction(async (tx) => {
    await auditResults(tx, context, fresh.accountId, results, jobId);
    await job?.complete(tx, { results, message });
  });
  const tenant: TenantFacts = roomLists ? { ...stored.tenant, roomLists } : stored.tenant;
  return {
    accountId: fresh.accountId,
    message,
    results,
    account: deps.view.detailOf(asStored(after, stored.snapshot), stored.baseline, tenant),
  };
}

/**
 * The error to answer with when nothing was made and nothing an interrupted attempt made is confirmed: every
 * change Microsoft 365 was asked for refused (403), or every one stopped by our own check (409).
 */
function nothingMade(
  changes: Change[],
  asked: ChangeResult[],
  confirmed: ChangeResult[],
  stopped: Map<string, AppError>,
): AppError | undefined {
  if (changes.length === 0 || confirmed.length > 0 || asked.length === 0) return undefined;
  if (asked.every((result) => result.outcome === 'refused')) return insufficientRole(changes);
  const first = stopped.get((asked[0] as ChangeResult).setting);
  return first && asked.every((result) => stopped.has(result.setting)) ? first : undefined;
}

/**
 * The account as the store now holds it: what was saved, or (when nothing could be read back) the stored
 * snapshot, which then stays until the next refresh. A save that carries no sign-in reads keeps the stored ones.
 */
function asStored(saved: AccountSnapshot | null, stored: AccountSnapshot): AccountSnapshot {
  if (!saved) return stored;
  return saved.signIn || !stored.signIn ? saved : { ...saved, signIn: stored.signIn };
}

/**
 * Write-through after a change. If what changed cannot be read back, the changes were still made and are
 * still audited; the stored snapshot then stays as it was until the next refresh (null: nothing to save).
 */
async function writeThrough(
  context: RequestContext,
  known: AccountSnapshot,
  after: () => Promise<AccountSnapshot | null>,
): Promise<AccountSnapshot | null> {
  try {
    const reread = await after();
    return reread ? keepWhatCallerCannotRead(reread, known) : null;
  } catch (error) {
    if (!isMicrosoftFailure(error)) throw error;
    log('warn', 'apply_read_back_failed', { correlationId: context.correlationId, accountId: known.accountId, error });
    return null;
  }
}

/**
 * Refuse, before any write to Microsoft, an explicit change of a setting that on-premises AD masters for this
 * synced account: Graph would refuse it or the next synchronization would undo it.
 */
function refuseOnPremises(snapshot: AccountSnapshot, changes: Change[]): void {
  const reasons = changes.map((change) => onPremisesReason(change.setting, snapshot)).filter((reason) => reason !== undefined);
  if (reasons.length > 0)
    throw new AppError(409, 'managed_on_premises', `This account is synchronized from on-premises Active Directory. ${reasons.join(' ')}`);
}

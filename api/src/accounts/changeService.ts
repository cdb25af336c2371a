import { MESSAGES, type ApplyResponse, type ChangeResult, type DesiredSettings, type PlanResponse } from '../../../contract/index.ts';
import type { Principal } from '../auth/principal.ts';
import type { ClientFactory } from '../clients.ts';
import { AppError } from '../errors.ts';
import type { AccountsView } from './readSide.ts';
import { inventoryStore } from '../store/inventoryStore.ts';
import { withMember } from '../domain/roomLists.ts';
import type { AccountSnapshot } from '../domain/snapshot.ts';
import { log } from '../log.ts';
import { M365Error } from '../m365/index.ts';
import { appendAudit, type AuditEntryInput } from '../store/audit.ts';
import type { SqlClient } from '../store/sql.ts';
import { applyPlan } from './apply.ts';
import { readForApply, rereadGraph, snapshotAfterApply, verifyHeld } from './applyReads.ts';
import { loadBaseline } from './baselineStore.ts';
import type { Baseline } from './baseline.ts';
import type { TenantFacts } from './checks/types.ts';
import { describeSku } from '../domain/licenseCatalog.ts';
import { onPremisesReason } from './onPremises.ts';
import { leastPrivilegedRole, refusal, rolesShowWrite } from './permissions.ts';
import { planChanges, recommendedSettings, type Change } from './plan.ts';

export interface RequestContext {
  principal: Principal;
  correlationId: string;
}

/**
 * What a bulk-job task adds to an apply, so a task re-run after a crash neither loses nor doubles an audit
 * entry: a durable journal of the writes it is about to make, and completion in the audit's transaction.
 */
export interface JobTaskRun {
  jobId: string;
  /**
   * Called with the plan against the fresh read, before any write: journal the allowed changes durably, and
   * return (as succeeded results) the changes an interrupted earlier attempt journaled that are now in effect.
   */
  beforeWrite(planned: Change[]): Promise<ChangeResult[]>;
  /** Close the task in the same transaction that appends its audit entries. */
  complete(tx: SqlClient, outcome: { results: ChangeResult[]; message: string }): Promise<void>;
}

/** The idempotency key of a job task's audit entry: a re-run of the task records each setting once. */
export function jobAuditKey(jobId: string, accountId: string, setting: string): string {
  return `${jobId}:${accountId}:${setting}`;
}

export type LicenseChangeResponse = ApplyResponse & { seats: { skuId: string; name: string; available: number }[] };

/**
 * Changes to one account, end to end: read fresh, plan, apply with the fewest calls (Microsoft 365 decides who may),
 * store what Microsoft 365 now holds (write-through), and audit every attempted change.
 */
export class ChangeService {
  constructor(
    private readonly db: SqlClient,
    private readonly clients: ClientFactory,
    private readonly view: AccountsView,
  ) {}

  /** The diff a change would make, from the stored snapshot (no call to Microsoft 365). */
  async plan(context: RequestContext, accountId: string, desired: DesiredSettings | 'recommended'): Promise<PlanResponse> {
    const { snapshot, baseline, tenant } = await this.stored(context.principal.tenantId, accountId);
    return { accountId: snapshot.accountId, changes: this.planFor(snapshot, desired, context.principal, baseline, tenant).map(publicChange) };
  }

  async apply(context: RequestContext, accountId: string, desired: DesiredSettings | 'recommended', job?: JobTaskRun): Promise<ApplyResponse> {
    try {
      return await this.applyNow(context, accountId, desired, job);
    } catch (error) {
      throw upstreamFailure(error, desired === 'recommended' ? MESSAGES.apply : MESSAGES.save);
    }
  }

  private async applyNow(context: RequestContext, accountId: string, desired: DesiredSettings | 'recommended', job?: JobTaskRun): Promise<ApplyResponse> {
    const { principal } = context;
    const jobId = job?.jobId;
    const stored = await this.stored(principal.tenantId, accountId);
    // No refusal by roles up front: the token's `wids` misses Exchange role groups and scoped roles, so Microsoft
    // 365 decides. Settings mastered in on-premises AD are refused before any call: Graph would refuse them anyway.
    refuseOnPremises(stored.snapshot, this.planFor(stored.snapshot, desired, principal, stored.baseline, stored.tenant));
    const clients = this.clients.forPrincipal(principal, jobId ? 'low' : 'high');
    const read = await readForApply(clients, stored.snapshot, stored.tenant.skus);
    const fresh = read && keepWhatCallerCannotRead(read, stored.snapshot);
    if (!fresh) throw new AppError(404, 'not_found', 'This resource account no longer exists in Microsoft 365. Refresh the list.');
    refuseOnPremises(fresh, this.planFor(fresh, desired, principal, stored.baseline, stored.tenant));
    const confirmed = job ? await job.beforeWrite(this.planFor(fresh, desired, principal, stored.baseline, stored.tenant)) : [];
    const outcome = await applyPlan({ clients, principal, snapshot: fresh, baseline: stored.baseline, tenant: stored.tenant, desired });
    // Microsoft 365 refused every change it was asked for (settings left to AD were not asked): insufficient_role.
    const asked = outcome.results.filter((result) => result.outcome !== 'skipped');
    if (outcome.changes.length > 0 && confirmed.length === 0 && asked.length > 0 && asked.every((result) => result.outcome === 'refused')) {
      await this.db.transaction(async (tx) => {
        await this.audit(tx, context, fresh, outcome.results, jobId);
        await job?.complete(tx, { results: outcome.results, message: insufficientRole(outcome.changes).message });
      });
      throw insufficientRole(outcome.changes);
    }
    const after = outcome.applied.length > 0 ? await this.writeThrough(context, fresh, () => snapshotAfterApply(clients, fresh, outcome.applied, stored.tenant.skus)) : fresh;
    // A room joined a list: record it as the next sync would read it (before the snapshot, whose save re-grades the list).
    const joined = outcome.applied.find((change) => change.kind === 'roomList');
    const roomLists = joined && withMember(stored.tenant.roomLists, String(joined.payload.list), String(joined.payload.member));
    if (roomLists) await inventoryStore(this.db).saveRoomLists(principal.tenantId, roomLists);
    if (after) await inventoryStore(this.db).saveSnapshots(principal.tenantId, [after]);
    // Report what Microsoft 365 holds, not what it accepted.
    const results = [...confirmed, ...(after ? verifyHeld(outcome.results, outcome.applied, after) : outcome.results)];
    const message = summarize(results, desired === 'recommended');
    for (const failed of results.filter((result) => result.outcome === 'failed')) {
      log('warn', 'change_failed', { correlationId: context.correlationId, tenantId: principal.tenantId, accountId: fresh.accountId, setting: failed.setting, message: failed.message, jobId });
    }
    await this.db.transaction(async (tx) => {
      await this.audit(tx, context, fresh, results, jobId);
      await job?.complete(tx, { results, message });
    });
    return { accountId: fresh.accountId, message, results, account: await this.view.get(principal.tenantId, fresh.accountId) };
  }

  /**
   * Write-through after a change. If what changed cannot be read back, the changes were still made and are
   * still audited; the stored snapshot then stays as it was until the next refresh (null: nothing to save).
   */
  private async writeThrough(context: RequestContext, known: AccountSnapshot, after: () => Promise<AccountSnapshot | null>): Promise<AccountSnapshot | null> {
    try {
      const reread = await after();
      return reread ? keepWhatCallerCannotRead(reread, known) : null;
    } catch (error) {
      if (!(error instanceof M365Error)) throw error;
      log('warn', 'apply_read_back_failed', { correlationId: context.correlationId, accountId: known.accountId, error });
      return null;
    }
  }

  /** Assign or remove Teams Rooms licenses, with a seat check before assigning. */
  async changeLicenses(context: RequestContext, accountId: string, request: { add: string[]; remove: string[] }): Promise<LicenseChangeResponse> {
    try {
      return await this.changeLicensesNow(context, accountId, request);
    } catch (error) {
      throw upstreamFailure(error, MESSAGES.save);
    }
  }

  private async changeLicensesNow(context: RequestContext, accountId: string, request: { add: string[]; remove: string[] }): Promise<LicenseChangeResponse> {
    const { principal } = context;
    const stored = await this.stored(principal.tenantId, accountId);
    const clients = this.clients.forPrincipal(principal, 'high');
    const skus = await clients.graph.listSubscribedSkus();
    for (const skuId of request.add) {
      const sku = skus.find((candidate) => candidate.skuId === skuId);
      const name = describeSku(skuId, sku?.skuPartNumber).name;
      if (!sku || sku.prepaidUnits.enabled - sku.consumedUnits <= 0) {
        throw new AppError(409, 'conflict', `No ${name} licenses are left to assign. Buy more or free one up, then try again.`);
      }
    }
    const change = licenseChange(stored.snapshot, request, rolesShowWrite(principal.roleTemplateIds, 'license'));
    let result: ChangeResult;
    try {
      await clients.graph.assignLicense(stored.snapshot.accountId, { addLicenses: request.add.map((skuId) => ({ skuId, disabledPlans: [] })), removeLicenses: request.remove });
      result = { setting: 'license', from: change.from, to: change.to, outcome: 'succeeded' };
    } catch (error) {
      if (error instanceof M365Error && error.kind === 'forbidden') result = refusedResult(change);
      else result = { setting: 'license', from: change.from, to: change.to, outcome: 'failed', message: error instanceof Error ? error.message : 'The license change failed.' };
    }
    // Audit first: whatever fails after the write, the attempt is on record.
    await this.audit(this.db, context, stored.snapshot, [result], undefined);
    if (result.outcome === 'refused') throw insufficientRole([change]);
    // assignLicense is a Graph write: the Exchange sources stay as stored.
    const after = await this.writeThrough(context, stored.snapshot, () => rereadGraph(clients, stored.snapshot, { user: true, place: false, skus: stored.tenant.skus }));
    if (after) await inventoryStore(this.db).saveSnapshots(principal.tenantId, [after]);
    const latest = await clients.graph.listSubscribedSkus().catch((error: unknown) => {
      if (!(error instanceof M365Error)) throw error;
      return skus;
    });
    return {
      accountId: stored.snapshot.accountId,
      message: result.outcome === 'succeeded' ? MESSAGES.success : `${MESSAGES.save} ${result.message ?? ''}`.trim(),
      results: [result],
      account: await this.view.get(principal.tenantId, stored.snapshot.accountId),
      seats: latest.map((sku) => ({
        skuId: sku.skuId,
        name: describeSku(sku.skuId, sku.skuPartNumber).name,
        enabled: sku.prepaidUnits.enabled,
        consumed: sku.consumedUnits,
        available: Math.max(0, sku.prepaidUnits.enabled - sku.consumedUnits),
      })),
    };
  }

  private planFor(snapshot: AccountSnapshot, desired: DesiredSettings | 'recommended', principal: Principal, baseline: Baseline, tenant: TenantFacts): Change[] {
    if (desired === 'recommended') {
      const recommended = recommendedSettings(snapshot, baseline, tenant);
      return planChanges(snapshot, recommended.settings, principal.roleTemplateIds, recommended.licenseSkuId, tenant.roomLists);
    }
    return planChanges(snapshot, desired, principal.roleTemplateIds, undefined, tenant.roomLists);
  }

  private async stored(tenantId: string, accountId: string) {
    const store = inventoryStore(this.db);
    const [snapshot, state, baseline] = await Promise.all([store.loadSnapshot(tenantId, accountId), store.tenantInventoryState(tenantId), loadBaseline(this.db, tenantId)]);
    if (!snapshot) throw new AppError(404, 'not_found', 'This resource account is not in the inventory. Refresh the list to pick up new accounts.');
    return { snapshot, baseline, tenant: { skus: state.skus, roomLists: state.roomLists, conditionalAccess: state.conditionalAccess } };
  }

  private async audit(db: SqlClient, context: RequestContext, snapshot: AccountSnapshot, results: ChangeResult[], jobId: string | undefined): Promise<void> {
    // A skipped setting (on-premises AD) was not attempted: nothing changed, nothing to audit.
    const attempted = results.filter((result): result is ChangeResult & { outcome: AuditEntryInput['outcome'] } => result.outcome !== 'skipped');
    if (attempted.length === 0) return;
    const entries: AuditEntryInput[] = attempted.map((result) => ({
      tenantId: context.principal.tenantId,
      actorId: context.principal.userId,
      actorUpn: context.principal.userPrincipalName,
      accountId: snapshot.accountId,
      setting: result.setting,
      before: result.from ?? null,
      after: result.to ?? null,
      outcome: result.outcome,
      message: result.message ?? null,
      correlationId: context.correlationId,
      jobId: jobId ?? null,
      idempotencyKey: jobId ? jobAuditKey(jobId, snapshot.accountId, result.setting) : null,
    }));
    await appendAudit(db, entries);
  }
}

/**
 * A fresh read by an admin who may not read some source (e.g. mailbox settings without an Exchange role)
 * keeps the last value others read, so one admin's missing role never erases data from the shared inventory.
 */
function keepWhatCallerCannotRead(fresh: AccountSnapshot, known: AccountSnapshot): AccountSnapshot {
  const sources = { ...fresh.sources };
  for (const key of Object.keys(sources) as (keyof AccountSnapshot['sources'])[]) {
    if (sources[key].status === 'unavailable' && known.sources[key].status === 'ok') (sources as Record<string, unknown>)[key] = known.sources[key];
  }
  return { ...fresh, sources };
}

/**
 * Microsoft 365 still failing after our retries: the seed's message for the action, then Microsoft's words,
 * as 503 (try again later) or 502; the log line of the request carries the detail.
 */
function upstreamFailure(error: unknown, seedMessage: string): unknown {
  if (!(error instanceof M365Error)) return error;
  const transient = error.transient || error.kind === 'throttled' || error.kind === 'unavailable' || error.kind === 'network';
  const detail = `${error.service} ${error.kind} ${error.status} ${error.code}, ${error.attempts} attempt(s)${error.gaveUp ? `, gave up on ${error.gaveUp}` : ''}`;
  return new AppError(transient ? 503 : 502, transient ? 'upstream_unavailable' : 'upstream_error', `${seedMessage} Microsoft 365 did not complete the request: ${error.message}`, {
    logDetail: detail,
  });
}

function licenseChange(snapshot: AccountSnapshot, request: { add: string[]; remove: string[] }, allowed: boolean): Change {
  const held = snapshot.sources.licenses.status === 'ok' ? (snapshot.sources.licenses.data ?? []).map((license) => license.skuId) : [];
  const after = [...held.filter((skuId) => !request.remove.includes(skuId)), ...request.add.filter((skuId) => !held.includes(skuId))];
  return {
    setting: 'license',
    label: 'Licenses',
    group: 'license',
    from: held.map((skuId) => describeSku(skuId).name),
    to: after.map((skuId) => describeSku(skuId).name),
    api: 'POST /users/{id}/assignLicense',
    requiredRole: leastPrivilegedRole('license'),
    allowed,
    kind: 'license',
    payload: {},
  };
}

function refusedResult(change: Change): ChangeResult {
  return { setting: change.setting, from: change.from, to: change.to, outcome: 'refused', requiredRole: change.requiredRole, message: refusal.change(change.kind) };
}

/** Microsoft 365 refused every change: `403 insufficient_role` naming the least-privileged role (permissions.ts words it). */
function insufficientRole(changes: Change[]): AppError {
  const { message, requiredRole } = refusal.answer(changes);
  return new AppError(403, 'insufficient_role', message, { requiredRole });
}

function publicChange(change: Change) {
  const { kind: _kind, payload: _payload, ...rest } = change;
  return rest;
}

/**
 * Refuse, before any call to Microsoft, an explicit change of a setting that on-premises AD masters for this
 * synced account: Graph would refuse it or the next synchronization would undo it.
 */
function refuseOnPremises(snapshot: AccountSnapshot, changes: Change[]): void {
  const reasons = changes.map((change) => onPremisesReason(change.setting, snapshot)).filter((reason) => reason !== undefined);
  if (reasons.length > 0) throw new AppError(409, 'managed_on_premises', `This account is synchronized from on-premises Active Directory. ${reasons.join(' ')}`);
}

/** The seed's success message when everything was saved; otherwise say exactly which part was not. */
function summarize(all: ChangeResult[], recommended: boolean): string {
  const skipped = all.filter((result) => result.outcome === 'skipped');
  // The results carry each one's reason; the message only names them.
  const note = skipped.length > 0 ? ` Not changed by Room Accounts: ${skipped.map((result) => result.setting).join(', ')}.` : '';
  const results = all.filter((result) => result.outcome !== 'skipped');
  if (results.length === 0) return skipped.length > 0 ? `Nothing Room Accounts can change.${note}` : 'Nothing to change: the account already has these settings.';
  if (results.every((result) => result.outcome === 'succeeded')) return `${MESSAGES.success}${note}`;
  const failed = results.filter((result) => result.outcome !== 'succeeded');
  const refusedRoles = [...new Set(failed.filter((result) => result.outcome === 'refused').map((result) => result.requiredRole))];
  const parts = [
    refusedRoles.length > 0 ? `Not changed for lack of a role (${refusedRoles.join(', ')}): ${failed.filter((r) => r.outcome === 'refused').map((r) => r.setting).join(', ')}.` : '',
    failed.some((result) => result.outcome === 'failed') ? `Failed: ${failed.filter((r) => r.outcome === 'failed').map((r) => `${r.setting} (${r.message ?? 'error'})`).join('; ')}.` : '',
  ].filter(Boolean);
  const succeeded = results.filter((result) => result.outcome === 'succeeded').length;
  return `${recommended ? MESSAGES.apply : MESSAGES.save} ${succeeded > 0 ? `${succeeded} change(s) were saved. ` : ''}${parts.join(' ')}${note}`;
}


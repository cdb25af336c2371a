// @ts-nocheck
function stryNS_9fa48() {
  var g = typeof globalThis === 'object' && globalThis && globalThis.Math === Math && globalThis || new Function("return this")();
  var ns = g.__stryker__ || (g.__stryker__ = {});
  if (ns.activeMutant === undefined && g.process && g.process.env && g.process.env.__STRYKER_ACTIVE_MUTANT__) {
    ns.activeMutant = g.process.env.__STRYKER_ACTIVE_MUTANT__;
  }
  function retrieveNS() {
    return ns;
  }
  stryNS_9fa48 = retrieveNS;
  return retrieveNS();
}
stryNS_9fa48();
function stryCov_9fa48() {
  var ns = stryNS_9fa48();
  var cov = ns.mutantCoverage || (ns.mutantCoverage = {
    static: {},
    perTest: {}
  });
  function cover() {
    var c = cov.static;
    if (ns.currentTestId) {
      c = cov.perTest[ns.currentTestId] = cov.perTest[ns.currentTestId] || {};
    }
    var a = arguments;
    for (var i = 0; i < a.length; i++) {
      c[a[i]] = (c[a[i]] || 0) + 1;
    }
  }
  stryCov_9fa48 = cover;
  cover.apply(null, arguments);
}
function stryMutAct_9fa48(id) {
  var ns = stryNS_9fa48();
  function isActive(id) {
    if (ns.activeMutant === id) {
      if (ns.hitCount !== void 0 && ++ns.hitCount > ns.hitLimit) {
        throw new Error('Stryker: Hit count limit reached (' + ns.hitCount + ')');
      }
      return true;
    }
    return false;
  }
  stryMutAct_9fa48 = isActive;
  return isActive(id);
}
import { MESSAGES, type ApplyResponse, type ChangeResult, type DesiredSettings, type PlanResponse } from '../../../contract/index.ts';
import type { Principal } from '../auth/principal.ts';
import type { ClientFactory } from '../clients.ts';
import { AppError } from '../errors.ts';
import type { AccountsView } from '../inventory/accountsView.ts';
import { inventoryStore } from '../inventory/inventoryStore.ts';
import { withMember } from '../inventory/roomLists.ts';
import type { AccountSnapshot } from '../inventory/snapshot.ts';
import { log } from '../log.ts';
import { M365Error } from '../m365/index.ts';
import { appendAudit, type AuditEntryInput } from '../store/audit.ts';
import type { SqlClient } from '../store/sql.ts';
import { applyPlan } from './apply.ts';
import { readForApply, rereadGraph, snapshotAfterApply, verifyHeld } from './applyReads.ts';
import { loadBaseline } from './baselineStore.ts';
import type { Baseline } from './baseline.ts';
import type { TenantFacts } from './checks/types.ts';
import { describeSku } from './licenseCatalog.ts';
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
  complete(tx: SqlClient, outcome: {
    results: ChangeResult[];
    message: string;
  }): Promise<void>;
}

/** The idempotency key of a job task's audit entry: a re-run of the task records each setting once. */
export function jobAuditKey(jobId: string, accountId: string, setting: string): string {
  if (stryMutAct_9fa48("0")) {
    {}
  } else {
    stryCov_9fa48("0");
    return stryMutAct_9fa48("1") ? `` : (stryCov_9fa48("1"), `${jobId}:${accountId}:${setting}`);
  }
}
export type LicenseChangeResponse = ApplyResponse & {
  seats: {
    skuId: string;
    name: string;
    available: number;
  }[];
};

/**
 * Changes to one account, end to end: read fresh, plan, apply with the fewest calls (Microsoft 365 decides who may),
 * store what Microsoft 365 now holds (write-through), and audit every attempted change.
 */
export class ChangeService {
  constructor(private readonly db: SqlClient, private readonly clients: ClientFactory, private readonly view: AccountsView) {}

  /** The diff a change would make, from the stored snapshot (no call to Microsoft 365). */
  async plan(context: RequestContext, accountId: string, desired: DesiredSettings | 'recommended'): Promise<PlanResponse> {
    if (stryMutAct_9fa48("2")) {
      {}
    } else {
      stryCov_9fa48("2");
      const {
        snapshot,
        baseline,
        tenant
      } = await this.stored(context.principal.tenantId, accountId);
      return stryMutAct_9fa48("3") ? {} : (stryCov_9fa48("3"), {
        accountId: snapshot.accountId,
        changes: this.planFor(snapshot, desired, context.principal, baseline, tenant).map(publicChange)
      });
    }
  }
  async apply(context: RequestContext, accountId: string, desired: DesiredSettings | 'recommended', job?: JobTaskRun): Promise<ApplyResponse> {
    if (stryMutAct_9fa48("4")) {
      {}
    } else {
      stryCov_9fa48("4");
      try {
        if (stryMutAct_9fa48("5")) {
          {}
        } else {
          stryCov_9fa48("5");
          return await this.applyNow(context, accountId, desired, job);
        }
      } catch (error) {
        if (stryMutAct_9fa48("6")) {
          {}
        } else {
          stryCov_9fa48("6");
          throw upstreamFailure(error, (stryMutAct_9fa48("9") ? desired !== 'recommended' : stryMutAct_9fa48("8") ? false : stryMutAct_9fa48("7") ? true : (stryCov_9fa48("7", "8", "9"), desired === (stryMutAct_9fa48("10") ? "" : (stryCov_9fa48("10"), 'recommended')))) ? MESSAGES.apply : MESSAGES.save);
        }
      }
    }
  }
  private async applyNow(context: RequestContext, accountId: string, desired: DesiredSettings | 'recommended', job?: JobTaskRun): Promise<ApplyResponse> {
    if (stryMutAct_9fa48("11")) {
      {}
    } else {
      stryCov_9fa48("11");
      const {
        principal
      } = context;
      const jobId = stryMutAct_9fa48("12") ? job.jobId : (stryCov_9fa48("12"), job?.jobId);
      const stored = await this.stored(principal.tenantId, accountId);
      // No refusal by roles up front: the token's `wids` misses Exchange role groups and scoped roles, so Microsoft
      // 365 decides. Settings mastered in on-premises AD are refused before any call: Graph would refuse them anyway.
      refuseOnPremises(stored.snapshot, this.planFor(stored.snapshot, desired, principal, stored.baseline, stored.tenant));
      const clients = this.clients.forPrincipal(principal, jobId ? stryMutAct_9fa48("13") ? "" : (stryCov_9fa48("13"), 'low') : stryMutAct_9fa48("14") ? "" : (stryCov_9fa48("14"), 'high'));
      const read = await readForApply(clients, stored.snapshot, stored.tenant.skus);
      const fresh = stryMutAct_9fa48("17") ? read || keepWhatCallerCannotRead(read, stored.snapshot) : stryMutAct_9fa48("16") ? false : stryMutAct_9fa48("15") ? true : (stryCov_9fa48("15", "16", "17"), read && keepWhatCallerCannotRead(read, stored.snapshot));
      if (stryMutAct_9fa48("20") ? false : stryMutAct_9fa48("19") ? true : stryMutAct_9fa48("18") ? fresh : (stryCov_9fa48("18", "19", "20"), !fresh)) throw new AppError(404, stryMutAct_9fa48("21") ? "" : (stryCov_9fa48("21"), 'not_found'), stryMutAct_9fa48("22") ? "" : (stryCov_9fa48("22"), 'This resource account no longer exists in Microsoft 365. Refresh the list.'));
      refuseOnPremises(fresh, this.planFor(fresh, desired, principal, stored.baseline, stored.tenant));
      const confirmed = job ? await job.beforeWrite(this.planFor(fresh, desired, principal, stored.baseline, stored.tenant)) : stryMutAct_9fa48("23") ? ["Stryker was here"] : (stryCov_9fa48("23"), []);
      const outcome = await applyPlan(stryMutAct_9fa48("24") ? {} : (stryCov_9fa48("24"), {
        clients,
        principal,
        snapshot: fresh,
        baseline: stored.baseline,
        tenant: stored.tenant,
        desired
      }));
      // Microsoft 365 refused every change it was asked for (settings left to AD were not asked): insufficient_role.
      const asked = stryMutAct_9fa48("25") ? outcome.results : (stryCov_9fa48("25"), outcome.results.filter(stryMutAct_9fa48("26") ? () => undefined : (stryCov_9fa48("26"), result => stryMutAct_9fa48("29") ? result.outcome === 'skipped' : stryMutAct_9fa48("28") ? false : stryMutAct_9fa48("27") ? true : (stryCov_9fa48("27", "28", "29"), result.outcome !== (stryMutAct_9fa48("30") ? "" : (stryCov_9fa48("30"), 'skipped'))))));
      if (stryMutAct_9fa48("33") ? outcome.changes.length > 0 && confirmed.length === 0 && asked.length > 0 || asked.every(result => result.outcome === 'refused') : stryMutAct_9fa48("32") ? false : stryMutAct_9fa48("31") ? true : (stryCov_9fa48("31", "32", "33"), (stryMutAct_9fa48("35") ? outcome.changes.length > 0 && confirmed.length === 0 || asked.length > 0 : stryMutAct_9fa48("34") ? true : (stryCov_9fa48("34", "35"), (stryMutAct_9fa48("37") ? outcome.changes.length > 0 || confirmed.length === 0 : stryMutAct_9fa48("36") ? true : (stryCov_9fa48("36", "37"), (stryMutAct_9fa48("40") ? outcome.changes.length <= 0 : stryMutAct_9fa48("39") ? outcome.changes.length >= 0 : stryMutAct_9fa48("38") ? true : (stryCov_9fa48("38", "39", "40"), outcome.changes.length > 0)) && (stryMutAct_9fa48("42") ? confirmed.length !== 0 : stryMutAct_9fa48("41") ? true : (stryCov_9fa48("41", "42"), confirmed.length === 0)))) && (stryMutAct_9fa48("45") ? asked.length <= 0 : stryMutAct_9fa48("44") ? asked.length >= 0 : stryMutAct_9fa48("43") ? true : (stryCov_9fa48("43", "44", "45"), asked.length > 0)))) && (stryMutAct_9fa48("46") ? asked.some(result => result.outcome === 'refused') : (stryCov_9fa48("46"), asked.every(stryMutAct_9fa48("47") ? () => undefined : (stryCov_9fa48("47"), result => stryMutAct_9fa48("50") ? result.outcome !== 'refused' : stryMutAct_9fa48("49") ? false : stryMutAct_9fa48("48") ? true : (stryCov_9fa48("48", "49", "50"), result.outcome === (stryMutAct_9fa48("51") ? "" : (stryCov_9fa48("51"), 'refused'))))))))) {
        if (stryMutAct_9fa48("52")) {
          {}
        } else {
          stryCov_9fa48("52");
          await this.db.transaction(async tx => {
            if (stryMutAct_9fa48("53")) {
              {}
            } else {
              stryCov_9fa48("53");
              await this.audit(tx, context, fresh, outcome.results, jobId);
              await (stryMutAct_9fa48("54") ? job.complete(tx, {
                results: outcome.results,
                message: insufficientRole(outcome.changes).message
              }) : (stryCov_9fa48("54"), job?.complete(tx, stryMutAct_9fa48("55") ? {} : (stryCov_9fa48("55"), {
                results: outcome.results,
                message: insufficientRole(outcome.changes).message
              }))));
            }
          });
          throw insufficientRole(outcome.changes);
        }
      }
      const after = (stryMutAct_9fa48("59") ? outcome.applied.length <= 0 : stryMutAct_9fa48("58") ? outcome.applied.length >= 0 : stryMutAct_9fa48("57") ? false : stryMutAct_9fa48("56") ? true : (stryCov_9fa48("56", "57", "58", "59"), outcome.applied.length > 0)) ? await this.writeThrough(context, fresh, stryMutAct_9fa48("60") ? () => undefined : (stryCov_9fa48("60"), () => snapshotAfterApply(clients, fresh, outcome.applied, stored.tenant.skus))) : fresh;
      // A room joined a list: record it as the next sync would read it (before the snapshot, whose save re-grades the list).
      const joined = outcome.applied.find(stryMutAct_9fa48("61") ? () => undefined : (stryCov_9fa48("61"), change => stryMutAct_9fa48("64") ? change.kind !== 'roomList' : stryMutAct_9fa48("63") ? false : stryMutAct_9fa48("62") ? true : (stryCov_9fa48("62", "63", "64"), change.kind === (stryMutAct_9fa48("65") ? "" : (stryCov_9fa48("65"), 'roomList')))));
      const roomLists = stryMutAct_9fa48("68") ? joined || withMember(stored.tenant.roomLists, String(joined.payload.list), String(joined.payload.member)) : stryMutAct_9fa48("67") ? false : stryMutAct_9fa48("66") ? true : (stryCov_9fa48("66", "67", "68"), joined && withMember(stored.tenant.roomLists, String(joined.payload.list), String(joined.payload.member)));
      if (stryMutAct_9fa48("70") ? false : stryMutAct_9fa48("69") ? true : (stryCov_9fa48("69", "70"), roomLists)) await inventoryStore(this.db).saveRoomLists(principal.tenantId, roomLists);
      if (stryMutAct_9fa48("72") ? false : stryMutAct_9fa48("71") ? true : (stryCov_9fa48("71", "72"), after)) await inventoryStore(this.db).saveSnapshots(principal.tenantId, stryMutAct_9fa48("73") ? [] : (stryCov_9fa48("73"), [after]));
      // Report what Microsoft 365 holds, not what it accepted.
      const results = stryMutAct_9fa48("74") ? [] : (stryCov_9fa48("74"), [...confirmed, ...(after ? verifyHeld(outcome.results, outcome.applied, after) : outcome.results)]);
      const message = summarize(results, stryMutAct_9fa48("77") ? desired !== 'recommended' : stryMutAct_9fa48("76") ? false : stryMutAct_9fa48("75") ? true : (stryCov_9fa48("75", "76", "77"), desired === (stryMutAct_9fa48("78") ? "" : (stryCov_9fa48("78"), 'recommended'))));
      for (const failed of stryMutAct_9fa48("79") ? results : (stryCov_9fa48("79"), results.filter(stryMutAct_9fa48("80") ? () => undefined : (stryCov_9fa48("80"), result => stryMutAct_9fa48("83") ? result.outcome !== 'failed' : stryMutAct_9fa48("82") ? false : stryMutAct_9fa48("81") ? true : (stryCov_9fa48("81", "82", "83"), result.outcome === (stryMutAct_9fa48("84") ? "" : (stryCov_9fa48("84"), 'failed'))))))) {
        if (stryMutAct_9fa48("85")) {
          {}
        } else {
          stryCov_9fa48("85");
          log(stryMutAct_9fa48("86") ? "" : (stryCov_9fa48("86"), 'warn'), stryMutAct_9fa48("87") ? "" : (stryCov_9fa48("87"), 'change_failed'), stryMutAct_9fa48("88") ? {} : (stryCov_9fa48("88"), {
            correlationId: context.correlationId,
            tenantId: principal.tenantId,
            accountId: fresh.accountId,
            setting: failed.setting,
            message: failed.message,
            jobId
          }));
        }
      }
      await this.db.transaction(async tx => {
        if (stryMutAct_9fa48("89")) {
          {}
        } else {
          stryCov_9fa48("89");
          await this.audit(tx, context, fresh, results, jobId);
          await (stryMutAct_9fa48("90") ? job.complete(tx, {
            results,
            message
          }) : (stryCov_9fa48("90"), job?.complete(tx, stryMutAct_9fa48("91") ? {} : (stryCov_9fa48("91"), {
            results,
            message
          }))));
        }
      });
      return stryMutAct_9fa48("92") ? {} : (stryCov_9fa48("92"), {
        accountId: fresh.accountId,
        message,
        results,
        account: await this.view.get(principal.tenantId, fresh.accountId)
      });
    }
  }

  /**
   * Write-through after a change. If what changed cannot be read back, the changes were still made and are
   * still audited; the stored snapshot then stays as it was until the next refresh (null: nothing to save).
   */
  private async writeThrough(context: RequestContext, known: AccountSnapshot, after: () => Promise<AccountSnapshot | null>): Promise<AccountSnapshot | null> {
    if (stryMutAct_9fa48("93")) {
      {}
    } else {
      stryCov_9fa48("93");
      try {
        if (stryMutAct_9fa48("94")) {
          {}
        } else {
          stryCov_9fa48("94");
          const reread = await after();
          return reread ? keepWhatCallerCannotRead(reread, known) : null;
        }
      } catch (error) {
        if (stryMutAct_9fa48("95")) {
          {}
        } else {
          stryCov_9fa48("95");
          if (stryMutAct_9fa48("98") ? false : stryMutAct_9fa48("97") ? true : stryMutAct_9fa48("96") ? error instanceof M365Error : (stryCov_9fa48("96", "97", "98"), !(error instanceof M365Error))) throw error;
          log(stryMutAct_9fa48("99") ? "" : (stryCov_9fa48("99"), 'warn'), stryMutAct_9fa48("100") ? "" : (stryCov_9fa48("100"), 'apply_read_back_failed'), stryMutAct_9fa48("101") ? {} : (stryCov_9fa48("101"), {
            correlationId: context.correlationId,
            accountId: known.accountId,
            error
          }));
          return null;
        }
      }
    }
  }

  /** Assign or remove Teams Rooms licenses, with a seat check before assigning. */
  async changeLicenses(context: RequestContext, accountId: string, request: {
    add: string[];
    remove: string[];
  }): Promise<LicenseChangeResponse> {
    if (stryMutAct_9fa48("102")) {
      {}
    } else {
      stryCov_9fa48("102");
      try {
        if (stryMutAct_9fa48("103")) {
          {}
        } else {
          stryCov_9fa48("103");
          return await this.changeLicensesNow(context, accountId, request);
        }
      } catch (error) {
        if (stryMutAct_9fa48("104")) {
          {}
        } else {
          stryCov_9fa48("104");
          throw upstreamFailure(error, MESSAGES.save);
        }
      }
    }
  }
  private async changeLicensesNow(context: RequestContext, accountId: string, request: {
    add: string[];
    remove: string[];
  }): Promise<LicenseChangeResponse> {
    if (stryMutAct_9fa48("105")) {
      {}
    } else {
      stryCov_9fa48("105");
      const {
        principal
      } = context;
      const stored = await this.stored(principal.tenantId, accountId);
      const clients = this.clients.forPrincipal(principal, stryMutAct_9fa48("106") ? "" : (stryCov_9fa48("106"), 'high'));
      const skus = await clients.graph.listSubscribedSkus();
      for (const skuId of request.add) {
        if (stryMutAct_9fa48("107")) {
          {}
        } else {
          stryCov_9fa48("107");
          const sku = skus.find(stryMutAct_9fa48("108") ? () => undefined : (stryCov_9fa48("108"), candidate => stryMutAct_9fa48("111") ? candidate.skuId !== skuId : stryMutAct_9fa48("110") ? false : stryMutAct_9fa48("109") ? true : (stryCov_9fa48("109", "110", "111"), candidate.skuId === skuId)));
          const name = describeSku(skuId, stryMutAct_9fa48("112") ? sku.skuPartNumber : (stryCov_9fa48("112"), sku?.skuPartNumber)).name;
          if (stryMutAct_9fa48("115") ? !sku && sku.prepaidUnits.enabled - sku.consumedUnits <= 0 : stryMutAct_9fa48("114") ? false : stryMutAct_9fa48("113") ? true : (stryCov_9fa48("113", "114", "115"), (stryMutAct_9fa48("116") ? sku : (stryCov_9fa48("116"), !sku)) || (stryMutAct_9fa48("119") ? sku.prepaidUnits.enabled - sku.consumedUnits > 0 : stryMutAct_9fa48("118") ? sku.prepaidUnits.enabled - sku.consumedUnits < 0 : stryMutAct_9fa48("117") ? false : (stryCov_9fa48("117", "118", "119"), (stryMutAct_9fa48("120") ? sku.prepaidUnits.enabled + sku.consumedUnits : (stryCov_9fa48("120"), sku.prepaidUnits.enabled - sku.consumedUnits)) <= 0)))) {
            if (stryMutAct_9fa48("121")) {
              {}
            } else {
              stryCov_9fa48("121");
              throw new AppError(409, stryMutAct_9fa48("122") ? "" : (stryCov_9fa48("122"), 'conflict'), stryMutAct_9fa48("123") ? `` : (stryCov_9fa48("123"), `No ${name} licenses are left to assign. Buy more or free one up, then try again.`));
            }
          }
        }
      }
      const change = licenseChange(stored.snapshot, request, rolesShowWrite(principal.roleTemplateIds, stryMutAct_9fa48("124") ? "" : (stryCov_9fa48("124"), 'license')));
      let result: ChangeResult;
      try {
        if (stryMutAct_9fa48("125")) {
          {}
        } else {
          stryCov_9fa48("125");
          await clients.graph.assignLicense(stored.snapshot.accountId, stryMutAct_9fa48("126") ? {} : (stryCov_9fa48("126"), {
            addLicenses: request.add.map(stryMutAct_9fa48("127") ? () => undefined : (stryCov_9fa48("127"), skuId => stryMutAct_9fa48("128") ? {} : (stryCov_9fa48("128"), {
              skuId,
              disabledPlans: stryMutAct_9fa48("129") ? ["Stryker was here"] : (stryCov_9fa48("129"), [])
            }))),
            removeLicenses: request.remove
          }));
          result = stryMutAct_9fa48("130") ? {} : (stryCov_9fa48("130"), {
            setting: stryMutAct_9fa48("131") ? "" : (stryCov_9fa48("131"), 'license'),
            from: change.from,
            to: change.to,
            outcome: stryMutAct_9fa48("132") ? "" : (stryCov_9fa48("132"), 'succeeded')
          });
        }
      } catch (error) {
        if (stryMutAct_9fa48("133")) {
          {}
        } else {
          stryCov_9fa48("133");
          if (stryMutAct_9fa48("136") ? error instanceof M365Error || error.kind === 'forbidden' : stryMutAct_9fa48("135") ? false : stryMutAct_9fa48("134") ? true : (stryCov_9fa48("134", "135", "136"), error instanceof M365Error && (stryMutAct_9fa48("138") ? error.kind !== 'forbidden' : stryMutAct_9fa48("137") ? true : (stryCov_9fa48("137", "138"), error.kind === (stryMutAct_9fa48("139") ? "" : (stryCov_9fa48("139"), 'forbidden')))))) result = refusedResult(change);else result = stryMutAct_9fa48("140") ? {} : (stryCov_9fa48("140"), {
            setting: stryMutAct_9fa48("141") ? "" : (stryCov_9fa48("141"), 'license'),
            from: change.from,
            to: change.to,
            outcome: stryMutAct_9fa48("142") ? "" : (stryCov_9fa48("142"), 'failed'),
            message: error instanceof Error ? error.message : stryMutAct_9fa48("143") ? "" : (stryCov_9fa48("143"), 'The license change failed.')
          });
        }
      }
      // Audit first: whatever fails after the write, the attempt is on record.
      await this.audit(this.db, context, stored.snapshot, stryMutAct_9fa48("144") ? [] : (stryCov_9fa48("144"), [result]), undefined);
      if (stryMutAct_9fa48("147") ? result.outcome !== 'refused' : stryMutAct_9fa48("146") ? false : stryMutAct_9fa48("145") ? true : (stryCov_9fa48("145", "146", "147"), result.outcome === (stryMutAct_9fa48("148") ? "" : (stryCov_9fa48("148"), 'refused')))) throw insufficientRole(stryMutAct_9fa48("149") ? [] : (stryCov_9fa48("149"), [change]));
      // assignLicense is a Graph write: the Exchange sources stay as stored.
      const after = await this.writeThrough(context, stored.snapshot, stryMutAct_9fa48("150") ? () => undefined : (stryCov_9fa48("150"), () => rereadGraph(clients, stored.snapshot, stryMutAct_9fa48("151") ? {} : (stryCov_9fa48("151"), {
        user: stryMutAct_9fa48("152") ? false : (stryCov_9fa48("152"), true),
        place: stryMutAct_9fa48("153") ? true : (stryCov_9fa48("153"), false),
        skus: stored.tenant.skus
      }))));
      if (stryMutAct_9fa48("155") ? false : stryMutAct_9fa48("154") ? true : (stryCov_9fa48("154", "155"), after)) await inventoryStore(this.db).saveSnapshots(principal.tenantId, stryMutAct_9fa48("156") ? [] : (stryCov_9fa48("156"), [after]));
      const latest = await clients.graph.listSubscribedSkus().catch((error: unknown) => {
        if (stryMutAct_9fa48("157")) {
          {}
        } else {
          stryCov_9fa48("157");
          if (stryMutAct_9fa48("160") ? false : stryMutAct_9fa48("159") ? true : stryMutAct_9fa48("158") ? error instanceof M365Error : (stryCov_9fa48("158", "159", "160"), !(error instanceof M365Error))) throw error;
          return skus;
        }
      });
      return stryMutAct_9fa48("161") ? {} : (stryCov_9fa48("161"), {
        accountId: stored.snapshot.accountId,
        message: (stryMutAct_9fa48("164") ? result.outcome !== 'succeeded' : stryMutAct_9fa48("163") ? false : stryMutAct_9fa48("162") ? true : (stryCov_9fa48("162", "163", "164"), result.outcome === (stryMutAct_9fa48("165") ? "" : (stryCov_9fa48("165"), 'succeeded')))) ? MESSAGES.success : stryMutAct_9fa48("166") ? `${MESSAGES.save} ${result.message ?? ''}` : (stryCov_9fa48("166"), (stryMutAct_9fa48("167") ? `` : (stryCov_9fa48("167"), `${MESSAGES.save} ${stryMutAct_9fa48("168") ? result.message && '' : (stryCov_9fa48("168"), result.message ?? (stryMutAct_9fa48("169") ? "Stryker was here!" : (stryCov_9fa48("169"), '')))}`)).trim()),
        results: stryMutAct_9fa48("170") ? [] : (stryCov_9fa48("170"), [result]),
        account: await this.view.get(principal.tenantId, stored.snapshot.accountId),
        seats: latest.map(stryMutAct_9fa48("171") ? () => undefined : (stryCov_9fa48("171"), sku => stryMutAct_9fa48("172") ? {} : (stryCov_9fa48("172"), {
          skuId: sku.skuId,
          name: describeSku(sku.skuId, sku.skuPartNumber).name,
          enabled: sku.prepaidUnits.enabled,
          consumed: sku.consumedUnits,
          available: stryMutAct_9fa48("173") ? Math.min(0, sku.prepaidUnits.enabled - sku.consumedUnits) : (stryCov_9fa48("173"), Math.max(0, stryMutAct_9fa48("174") ? sku.prepaidUnits.enabled + sku.consumedUnits : (stryCov_9fa48("174"), sku.prepaidUnits.enabled - sku.consumedUnits)))
        })))
      });
    }
  }
  private planFor(snapshot: AccountSnapshot, desired: DesiredSettings | 'recommended', principal: Principal, baseline: Baseline, tenant: TenantFacts): Change[] {
    if (stryMutAct_9fa48("175")) {
      {}
    } else {
      stryCov_9fa48("175");
      if (stryMutAct_9fa48("178") ? desired !== 'recommended' : stryMutAct_9fa48("177") ? false : stryMutAct_9fa48("176") ? true : (stryCov_9fa48("176", "177", "178"), desired === (stryMutAct_9fa48("179") ? "" : (stryCov_9fa48("179"), 'recommended')))) {
        if (stryMutAct_9fa48("180")) {
          {}
        } else {
          stryCov_9fa48("180");
          const recommended = recommendedSettings(snapshot, baseline, tenant);
          return planChanges(snapshot, recommended.settings, principal.roleTemplateIds, recommended.licenseSkuId, tenant.roomLists);
        }
      }
      return planChanges(snapshot, desired, principal.roleTemplateIds, undefined, tenant.roomLists);
    }
  }
  private async stored(tenantId: string, accountId: string) {
    if (stryMutAct_9fa48("181")) {
      {}
    } else {
      stryCov_9fa48("181");
      const store = inventoryStore(this.db);
      const [snapshot, state, baseline] = await Promise.all(stryMutAct_9fa48("182") ? [] : (stryCov_9fa48("182"), [store.loadSnapshot(tenantId, accountId), store.tenantInventoryState(tenantId), loadBaseline(this.db, tenantId)]));
      if (stryMutAct_9fa48("185") ? false : stryMutAct_9fa48("184") ? true : stryMutAct_9fa48("183") ? snapshot : (stryCov_9fa48("183", "184", "185"), !snapshot)) throw new AppError(404, stryMutAct_9fa48("186") ? "" : (stryCov_9fa48("186"), 'not_found'), stryMutAct_9fa48("187") ? "" : (stryCov_9fa48("187"), 'This resource account is not in the inventory. Refresh the list to pick up new accounts.'));
      return stryMutAct_9fa48("188") ? {} : (stryCov_9fa48("188"), {
        snapshot,
        baseline,
        tenant: stryMutAct_9fa48("189") ? {} : (stryCov_9fa48("189"), {
          skus: state.skus,
          roomLists: state.roomLists
        })
      });
    }
  }
  private async audit(db: SqlClient, context: RequestContext, snapshot: AccountSnapshot, results: ChangeResult[], jobId: string | undefined): Promise<void> {
    if (stryMutAct_9fa48("190")) {
      {}
    } else {
      stryCov_9fa48("190");
      // A skipped setting (on-premises AD) was not attempted: nothing changed, nothing to audit.
      const attempted = stryMutAct_9fa48("191") ? results : (stryCov_9fa48("191"), results.filter(stryMutAct_9fa48("192") ? () => undefined : (stryCov_9fa48("192"), (result): result is ChangeResult & {
        outcome: AuditEntryInput['outcome'];
      } => stryMutAct_9fa48("195") ? result.outcome === 'skipped' : stryMutAct_9fa48("194") ? false : stryMutAct_9fa48("193") ? true : (stryCov_9fa48("193", "194", "195"), result.outcome !== (stryMutAct_9fa48("196") ? "" : (stryCov_9fa48("196"), 'skipped'))))));
      if (stryMutAct_9fa48("199") ? attempted.length !== 0 : stryMutAct_9fa48("198") ? false : stryMutAct_9fa48("197") ? true : (stryCov_9fa48("197", "198", "199"), attempted.length === 0)) return;
      const entries: AuditEntryInput[] = attempted.map(stryMutAct_9fa48("200") ? () => undefined : (stryCov_9fa48("200"), result => stryMutAct_9fa48("201") ? {} : (stryCov_9fa48("201"), {
        tenantId: context.principal.tenantId,
        actorId: context.principal.userId,
        actorUpn: context.principal.userPrincipalName,
        accountId: snapshot.accountId,
        setting: result.setting,
        before: stryMutAct_9fa48("202") ? result.from && null : (stryCov_9fa48("202"), result.from ?? null),
        after: stryMutAct_9fa48("203") ? result.to && null : (stryCov_9fa48("203"), result.to ?? null),
        outcome: result.outcome,
        message: stryMutAct_9fa48("204") ? result.message && null : (stryCov_9fa48("204"), result.message ?? null),
        correlationId: context.correlationId,
        jobId: stryMutAct_9fa48("205") ? jobId && null : (stryCov_9fa48("205"), jobId ?? null),
        idempotencyKey: jobId ? jobAuditKey(jobId, snapshot.accountId, result.setting) : null
      })));
      await appendAudit(db, entries);
    }
  }
}

/**
 * A fresh read by an admin who may not read some source (e.g. mailbox settings without an Exchange role)
 * keeps the last value others read, so one admin's missing role never erases data from the shared inventory.
 */
function keepWhatCallerCannotRead(fresh: AccountSnapshot, known: AccountSnapshot): AccountSnapshot {
  if (stryMutAct_9fa48("206")) {
    {}
  } else {
    stryCov_9fa48("206");
    const sources = stryMutAct_9fa48("207") ? {} : (stryCov_9fa48("207"), {
      ...fresh.sources
    });
    for (const key of Object.keys(sources) as (keyof AccountSnapshot['sources'])[]) {
      if (stryMutAct_9fa48("208")) {
        {}
      } else {
        stryCov_9fa48("208");
        if (stryMutAct_9fa48("211") ? sources[key].status === 'unavailable' || known.sources[key].status === 'ok' : stryMutAct_9fa48("210") ? false : stryMutAct_9fa48("209") ? true : (stryCov_9fa48("209", "210", "211"), (stryMutAct_9fa48("213") ? sources[key].status !== 'unavailable' : stryMutAct_9fa48("212") ? true : (stryCov_9fa48("212", "213"), sources[key].status === (stryMutAct_9fa48("214") ? "" : (stryCov_9fa48("214"), 'unavailable')))) && (stryMutAct_9fa48("216") ? known.sources[key].status !== 'ok' : stryMutAct_9fa48("215") ? true : (stryCov_9fa48("215", "216"), known.sources[key].status === (stryMutAct_9fa48("217") ? "" : (stryCov_9fa48("217"), 'ok')))))) (sources as Record<string, unknown>)[key] = known.sources[key];
      }
    }
    return stryMutAct_9fa48("218") ? {} : (stryCov_9fa48("218"), {
      ...fresh,
      sources
    });
  }
}

/**
 * Microsoft 365 still failing after our retries: the seed's message for the action, then Microsoft's words,
 * as 503 (try again later) or 502; the log line of the request carries the detail.
 */
function upstreamFailure(error: unknown, seedMessage: string): unknown {
  if (stryMutAct_9fa48("219")) {
    {}
  } else {
    stryCov_9fa48("219");
    if (stryMutAct_9fa48("222") ? false : stryMutAct_9fa48("221") ? true : stryMutAct_9fa48("220") ? error instanceof M365Error : (stryCov_9fa48("220", "221", "222"), !(error instanceof M365Error))) return error;
    const transient = stryMutAct_9fa48("225") ? (error.transient || error.kind === 'throttled' || error.kind === 'unavailable') && error.kind === 'network' : stryMutAct_9fa48("224") ? false : stryMutAct_9fa48("223") ? true : (stryCov_9fa48("223", "224", "225"), (stryMutAct_9fa48("227") ? (error.transient || error.kind === 'throttled') && error.kind === 'unavailable' : stryMutAct_9fa48("226") ? false : (stryCov_9fa48("226", "227"), (stryMutAct_9fa48("229") ? error.transient && error.kind === 'throttled' : stryMutAct_9fa48("228") ? false : (stryCov_9fa48("228", "229"), error.transient || (stryMutAct_9fa48("231") ? error.kind !== 'throttled' : stryMutAct_9fa48("230") ? false : (stryCov_9fa48("230", "231"), error.kind === (stryMutAct_9fa48("232") ? "" : (stryCov_9fa48("232"), 'throttled')))))) || (stryMutAct_9fa48("234") ? error.kind !== 'unavailable' : stryMutAct_9fa48("233") ? false : (stryCov_9fa48("233", "234"), error.kind === (stryMutAct_9fa48("235") ? "" : (stryCov_9fa48("235"), 'unavailable')))))) || (stryMutAct_9fa48("237") ? error.kind !== 'network' : stryMutAct_9fa48("236") ? false : (stryCov_9fa48("236", "237"), error.kind === (stryMutAct_9fa48("238") ? "" : (stryCov_9fa48("238"), 'network')))));
    const detail = stryMutAct_9fa48("239") ? `` : (stryCov_9fa48("239"), `${error.service} ${error.kind} ${error.status} ${error.code}, ${error.attempts} attempt(s)${error.gaveUp ? stryMutAct_9fa48("240") ? `` : (stryCov_9fa48("240"), `, gave up on ${error.gaveUp}`) : stryMutAct_9fa48("241") ? "Stryker was here!" : (stryCov_9fa48("241"), '')}`);
    return new AppError(transient ? 503 : 502, transient ? stryMutAct_9fa48("242") ? "" : (stryCov_9fa48("242"), 'upstream_unavailable') : stryMutAct_9fa48("243") ? "" : (stryCov_9fa48("243"), 'upstream_error'), stryMutAct_9fa48("244") ? `` : (stryCov_9fa48("244"), `${seedMessage} Microsoft 365 did not complete the request: ${error.message}`), stryMutAct_9fa48("245") ? {} : (stryCov_9fa48("245"), {
      logDetail: detail
    }));
  }
}
function licenseChange(snapshot: AccountSnapshot, request: {
  add: string[];
  remove: string[];
}, allowed: boolean): Change {
  if (stryMutAct_9fa48("246")) {
    {}
  } else {
    stryCov_9fa48("246");
    const held = (stryMutAct_9fa48("249") ? snapshot.sources.licenses.status !== 'ok' : stryMutAct_9fa48("248") ? false : stryMutAct_9fa48("247") ? true : (stryCov_9fa48("247", "248", "249"), snapshot.sources.licenses.status === (stryMutAct_9fa48("250") ? "" : (stryCov_9fa48("250"), 'ok')))) ? (stryMutAct_9fa48("251") ? snapshot.sources.licenses.data && [] : (stryCov_9fa48("251"), snapshot.sources.licenses.data ?? (stryMutAct_9fa48("252") ? ["Stryker was here"] : (stryCov_9fa48("252"), [])))).map(stryMutAct_9fa48("253") ? () => undefined : (stryCov_9fa48("253"), license => license.skuId)) : stryMutAct_9fa48("254") ? ["Stryker was here"] : (stryCov_9fa48("254"), []);
    const after = stryMutAct_9fa48("255") ? [] : (stryCov_9fa48("255"), [...(stryMutAct_9fa48("256") ? held : (stryCov_9fa48("256"), held.filter(stryMutAct_9fa48("257") ? () => undefined : (stryCov_9fa48("257"), skuId => stryMutAct_9fa48("258") ? request.remove.includes(skuId) : (stryCov_9fa48("258"), !request.remove.includes(skuId)))))), ...(stryMutAct_9fa48("259") ? request.add : (stryCov_9fa48("259"), request.add.filter(stryMutAct_9fa48("260") ? () => undefined : (stryCov_9fa48("260"), skuId => stryMutAct_9fa48("261") ? held.includes(skuId) : (stryCov_9fa48("261"), !held.includes(skuId))))))]);
    return stryMutAct_9fa48("262") ? {} : (stryCov_9fa48("262"), {
      setting: stryMutAct_9fa48("263") ? "" : (stryCov_9fa48("263"), 'license'),
      label: stryMutAct_9fa48("264") ? "" : (stryCov_9fa48("264"), 'Licenses'),
      group: stryMutAct_9fa48("265") ? "" : (stryCov_9fa48("265"), 'license'),
      from: held.map(stryMutAct_9fa48("266") ? () => undefined : (stryCov_9fa48("266"), skuId => describeSku(skuId).name)),
      to: after.map(stryMutAct_9fa48("267") ? () => undefined : (stryCov_9fa48("267"), skuId => describeSku(skuId).name)),
      api: stryMutAct_9fa48("268") ? "" : (stryCov_9fa48("268"), 'POST /users/{id}/assignLicense'),
      requiredRole: leastPrivilegedRole(stryMutAct_9fa48("269") ? "" : (stryCov_9fa48("269"), 'license')),
      allowed,
      kind: stryMutAct_9fa48("270") ? "" : (stryCov_9fa48("270"), 'license'),
      payload: {}
    });
  }
}
function refusedResult(change: Change): ChangeResult {
  if (stryMutAct_9fa48("271")) {
    {}
  } else {
    stryCov_9fa48("271");
    return stryMutAct_9fa48("272") ? {} : (stryCov_9fa48("272"), {
      setting: change.setting,
      from: change.from,
      to: change.to,
      outcome: stryMutAct_9fa48("273") ? "" : (stryCov_9fa48("273"), 'refused'),
      requiredRole: change.requiredRole,
      message: refusal.change(change.kind)
    });
  }
}

/** Microsoft 365 refused every change: `403 insufficient_role` naming the least-privileged role (permissions.ts words it). */
function insufficientRole(changes: Change[]): AppError {
  if (stryMutAct_9fa48("274")) {
    {}
  } else {
    stryCov_9fa48("274");
    const {
      message,
      requiredRole
    } = refusal.answer(changes);
    return new AppError(403, stryMutAct_9fa48("275") ? "" : (stryCov_9fa48("275"), 'insufficient_role'), message, stryMutAct_9fa48("276") ? {} : (stryCov_9fa48("276"), {
      requiredRole
    }));
  }
}
function publicChange(change: Change) {
  if (stryMutAct_9fa48("277")) {
    {}
  } else {
    stryCov_9fa48("277");
    const {
      kind: _kind,
      payload: _payload,
      ...rest
    } = change;
    return rest;
  }
}

/**
 * Refuse, before any call to Microsoft, an explicit change of a setting that on-premises AD masters for this
 * synced account: Graph would refuse it or the next synchronization would undo it.
 */
function refuseOnPremises(snapshot: AccountSnapshot, changes: Change[]): void {
  if (stryMutAct_9fa48("278")) {
    {}
  } else {
    stryCov_9fa48("278");
    const reasons = stryMutAct_9fa48("279") ? changes.map(change => onPremisesReason(change.setting, snapshot)) : (stryCov_9fa48("279"), changes.map(stryMutAct_9fa48("280") ? () => undefined : (stryCov_9fa48("280"), change => onPremisesReason(change.setting, snapshot))).filter(stryMutAct_9fa48("281") ? () => undefined : (stryCov_9fa48("281"), reason => stryMutAct_9fa48("284") ? reason === undefined : stryMutAct_9fa48("283") ? false : stryMutAct_9fa48("282") ? true : (stryCov_9fa48("282", "283", "284"), reason !== undefined))));
    if (stryMutAct_9fa48("288") ? reasons.length <= 0 : stryMutAct_9fa48("287") ? reasons.length >= 0 : stryMutAct_9fa48("286") ? false : stryMutAct_9fa48("285") ? true : (stryCov_9fa48("285", "286", "287", "288"), reasons.length > 0)) throw new AppError(409, stryMutAct_9fa48("289") ? "" : (stryCov_9fa48("289"), 'managed_on_premises'), stryMutAct_9fa48("290") ? `` : (stryCov_9fa48("290"), `This account is synchronized from on-premises Active Directory. ${reasons.join(stryMutAct_9fa48("291") ? "" : (stryCov_9fa48("291"), ' '))}`));
  }
}

/** The seed's success message when everything was saved; otherwise say exactly which part was not. */
function summarize(all: ChangeResult[], recommended: boolean): string {
  if (stryMutAct_9fa48("292")) {
    {}
  } else {
    stryCov_9fa48("292");
    const skipped = stryMutAct_9fa48("293") ? all : (stryCov_9fa48("293"), all.filter(stryMutAct_9fa48("294") ? () => undefined : (stryCov_9fa48("294"), result => stryMutAct_9fa48("297") ? result.outcome !== 'skipped' : stryMutAct_9fa48("296") ? false : stryMutAct_9fa48("295") ? true : (stryCov_9fa48("295", "296", "297"), result.outcome === (stryMutAct_9fa48("298") ? "" : (stryCov_9fa48("298"), 'skipped'))))));
    // The results carry each one's reason; the message only names them.
    const note = (stryMutAct_9fa48("302") ? skipped.length <= 0 : stryMutAct_9fa48("301") ? skipped.length >= 0 : stryMutAct_9fa48("300") ? false : stryMutAct_9fa48("299") ? true : (stryCov_9fa48("299", "300", "301", "302"), skipped.length > 0)) ? stryMutAct_9fa48("303") ? `` : (stryCov_9fa48("303"), ` Not changed by Room Accounts: ${skipped.map(stryMutAct_9fa48("304") ? () => undefined : (stryCov_9fa48("304"), result => result.setting)).join(stryMutAct_9fa48("305") ? "" : (stryCov_9fa48("305"), ', '))}.`) : stryMutAct_9fa48("306") ? "Stryker was here!" : (stryCov_9fa48("306"), '');
    const results = stryMutAct_9fa48("307") ? all : (stryCov_9fa48("307"), all.filter(stryMutAct_9fa48("308") ? () => undefined : (stryCov_9fa48("308"), result => stryMutAct_9fa48("311") ? result.outcome === 'skipped' : stryMutAct_9fa48("310") ? false : stryMutAct_9fa48("309") ? true : (stryCov_9fa48("309", "310", "311"), result.outcome !== (stryMutAct_9fa48("312") ? "" : (stryCov_9fa48("312"), 'skipped'))))));
    if (stryMutAct_9fa48("315") ? results.length !== 0 : stryMutAct_9fa48("314") ? false : stryMutAct_9fa48("313") ? true : (stryCov_9fa48("313", "314", "315"), results.length === 0)) return (stryMutAct_9fa48("319") ? skipped.length <= 0 : stryMutAct_9fa48("318") ? skipped.length >= 0 : stryMutAct_9fa48("317") ? false : stryMutAct_9fa48("316") ? true : (stryCov_9fa48("316", "317", "318", "319"), skipped.length > 0)) ? stryMutAct_9fa48("320") ? `` : (stryCov_9fa48("320"), `Nothing Room Accounts can change.${note}`) : stryMutAct_9fa48("321") ? "" : (stryCov_9fa48("321"), 'Nothing to change: the account already has these settings.');
    if (stryMutAct_9fa48("324") ? results.some(result => result.outcome === 'succeeded') : stryMutAct_9fa48("323") ? false : stryMutAct_9fa48("322") ? true : (stryCov_9fa48("322", "323", "324"), results.every(stryMutAct_9fa48("325") ? () => undefined : (stryCov_9fa48("325"), result => stryMutAct_9fa48("328") ? result.outcome !== 'succeeded' : stryMutAct_9fa48("327") ? false : stryMutAct_9fa48("326") ? true : (stryCov_9fa48("326", "327", "328"), result.outcome === (stryMutAct_9fa48("329") ? "" : (stryCov_9fa48("329"), 'succeeded'))))))) return stryMutAct_9fa48("330") ? `` : (stryCov_9fa48("330"), `${MESSAGES.success}${note}`);
    const failed = stryMutAct_9fa48("331") ? results : (stryCov_9fa48("331"), results.filter(stryMutAct_9fa48("332") ? () => undefined : (stryCov_9fa48("332"), result => stryMutAct_9fa48("335") ? result.outcome === 'succeeded' : stryMutAct_9fa48("334") ? false : stryMutAct_9fa48("333") ? true : (stryCov_9fa48("333", "334", "335"), result.outcome !== (stryMutAct_9fa48("336") ? "" : (stryCov_9fa48("336"), 'succeeded'))))));
    const refusedRoles = stryMutAct_9fa48("337") ? [] : (stryCov_9fa48("337"), [...new Set(stryMutAct_9fa48("338") ? failed.map(result => result.requiredRole) : (stryCov_9fa48("338"), failed.filter(stryMutAct_9fa48("339") ? () => undefined : (stryCov_9fa48("339"), result => stryMutAct_9fa48("342") ? result.outcome !== 'refused' : stryMutAct_9fa48("341") ? false : stryMutAct_9fa48("340") ? true : (stryCov_9fa48("340", "341", "342"), result.outcome === (stryMutAct_9fa48("343") ? "" : (stryCov_9fa48("343"), 'refused'))))).map(stryMutAct_9fa48("344") ? () => undefined : (stryCov_9fa48("344"), result => result.requiredRole))))]);
    const parts = stryMutAct_9fa48("345") ? [refusedRoles.length > 0 ? `Not changed for lack of a role (${refusedRoles.join(', ')}): ${failed.filter(r => r.outcome === 'refused').map(r => r.setting).join(', ')}.` : '', failed.some(result => result.outcome === 'failed') ? `Failed: ${failed.filter(r => r.outcome === 'failed').map(r => `${r.setting} (${r.message ?? 'error'})`).join('; ')}.` : ''] : (stryCov_9fa48("345"), (stryMutAct_9fa48("346") ? [] : (stryCov_9fa48("346"), [(stryMutAct_9fa48("350") ? refusedRoles.length <= 0 : stryMutAct_9fa48("349") ? refusedRoles.length >= 0 : stryMutAct_9fa48("348") ? false : stryMutAct_9fa48("347") ? true : (stryCov_9fa48("347", "348", "349", "350"), refusedRoles.length > 0)) ? stryMutAct_9fa48("351") ? `` : (stryCov_9fa48("351"), `Not changed for lack of a role (${refusedRoles.join(stryMutAct_9fa48("352") ? "" : (stryCov_9fa48("352"), ', '))}): ${stryMutAct_9fa48("353") ? failed.map(r => r.setting).join(', ') : (stryCov_9fa48("353"), failed.filter(stryMutAct_9fa48("354") ? () => undefined : (stryCov_9fa48("354"), r => stryMutAct_9fa48("357") ? r.outcome !== 'refused' : stryMutAct_9fa48("356") ? false : stryMutAct_9fa48("355") ? true : (stryCov_9fa48("355", "356", "357"), r.outcome === (stryMutAct_9fa48("358") ? "" : (stryCov_9fa48("358"), 'refused'))))).map(stryMutAct_9fa48("359") ? () => undefined : (stryCov_9fa48("359"), r => r.setting)).join(stryMutAct_9fa48("360") ? "" : (stryCov_9fa48("360"), ', ')))}.`) : stryMutAct_9fa48("361") ? "Stryker was here!" : (stryCov_9fa48("361"), ''), (stryMutAct_9fa48("362") ? failed.every(result => result.outcome === 'failed') : (stryCov_9fa48("362"), failed.some(stryMutAct_9fa48("363") ? () => undefined : (stryCov_9fa48("363"), result => stryMutAct_9fa48("366") ? result.outcome !== 'failed' : stryMutAct_9fa48("365") ? false : stryMutAct_9fa48("364") ? true : (stryCov_9fa48("364", "365", "366"), result.outcome === (stryMutAct_9fa48("367") ? "" : (stryCov_9fa48("367"), 'failed'))))))) ? stryMutAct_9fa48("368") ? `` : (stryCov_9fa48("368"), `Failed: ${stryMutAct_9fa48("369") ? failed.map(r => `${r.setting} (${r.message ?? 'error'})`).join('; ') : (stryCov_9fa48("369"), failed.filter(stryMutAct_9fa48("370") ? () => undefined : (stryCov_9fa48("370"), r => stryMutAct_9fa48("373") ? r.outcome !== 'failed' : stryMutAct_9fa48("372") ? false : stryMutAct_9fa48("371") ? true : (stryCov_9fa48("371", "372", "373"), r.outcome === (stryMutAct_9fa48("374") ? "" : (stryCov_9fa48("374"), 'failed'))))).map(stryMutAct_9fa48("375") ? () => undefined : (stryCov_9fa48("375"), r => stryMutAct_9fa48("376") ? `` : (stryCov_9fa48("376"), `${r.setting} (${stryMutAct_9fa48("377") ? r.message && 'error' : (stryCov_9fa48("377"), r.message ?? (stryMutAct_9fa48("378") ? "" : (stryCov_9fa48("378"), 'error')))})`))).join(stryMutAct_9fa48("379") ? "" : (stryCov_9fa48("379"), '; ')))}.`) : stryMutAct_9fa48("380") ? "Stryker was here!" : (stryCov_9fa48("380"), '')])).filter(Boolean));
    const succeeded = stryMutAct_9fa48("381") ? results.length : (stryCov_9fa48("381"), results.filter(stryMutAct_9fa48("382") ? () => undefined : (stryCov_9fa48("382"), result => stryMutAct_9fa48("385") ? result.outcome !== 'succeeded' : stryMutAct_9fa48("384") ? false : stryMutAct_9fa48("383") ? true : (stryCov_9fa48("383", "384", "385"), result.outcome === (stryMutAct_9fa48("386") ? "" : (stryCov_9fa48("386"), 'succeeded'))))).length);
    return stryMutAct_9fa48("387") ? `` : (stryCov_9fa48("387"), `${recommended ? MESSAGES.apply : MESSAGES.save} ${(stryMutAct_9fa48("391") ? succeeded <= 0 : stryMutAct_9fa48("390") ? succeeded >= 0 : stryMutAct_9fa48("389") ? false : stryMutAct_9fa48("388") ? true : (stryCov_9fa48("388", "389", "390", "391"), succeeded > 0)) ? stryMutAct_9fa48("392") ? `` : (stryCov_9fa48("392"), `${succeeded} change(s) were saved. `) : stryMutAct_9fa48("393") ? "Stryker was here!" : (stryCov_9fa48("393"), '')}${parts.join(stryMutAct_9fa48("394") ? "" : (stryCov_9fa48("394"), ' '))}${note}`);
  }
}
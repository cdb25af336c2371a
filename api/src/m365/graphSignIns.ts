// Evidence: docs/microsoft-365.md#graph-ca-policies, #graph-security-defaults, #graph-groups-transitive,
// #graph-role-assignments, #graph-sign-in-activity, #graph-sign-ins
import { batchItemError, type BatchResult } from './graphBatch.ts';
import type { GraphClient } from './graphClient.ts';
import type { M365Error } from './errors.ts';
import type { CallOptions } from './resilientCall.ts';
import {
  conditionalAccessPolicy,
  directoryObjectId,
  graphGroup,
  roleAssignment,
  roleDefinition,
  securityDefaultsPolicy,
  signInLogEntry,
  userSignInActivity,
  type GraphConditionalAccessPolicy,
  type SignInLogEntry,
} from './schemas.ts';

/** Sign-in log reads per `$batch` envelope: within the budget's bucket for the reports limit (budget.ts). */
export const REPORTS_PER_ENVELOPE = 4;

/** One per-account `$batch` read: its value, or the error Microsoft answered for that account alone. */
export type PerAccount<T> = { ok: true; value: T } | { ok: false; error: M365Error };

export interface SignInActivityRead {
  lastSignInDateTime: string | null;
  lastNonInteractiveSignInDateTime: string | null;
  lastSuccessfulSignInDateTime: string | null;
}

/**
 * The Graph reads behind sign-in health and Conditional Access readiness (issue 14), typed over GraphClient's
 * paging and `$batch`. Each is read-only; none is needed for the list itself, so callers degrade on failure.
 */
export class GraphSignIns {
  constructor(private readonly graph: GraphClient) {}

  /** Every CA policy of the tenant (Policy.Read.All), following `@odata.nextLink` if Graph ever pages them. */
  async conditionalAccessPolicies(call?: CallOptions): Promise<GraphConditionalAccessPolicy[]> {
    return this.graph.collectionOf('/identity/conditionalAccess/policies', conditionalAccessPolicy, 'conditionalAccessPolicies', call);
  }

  async securityDefaultsEnabled(call?: CallOptions): Promise<boolean> {
    return (
      await this.graph.objectOf('/policies/identitySecurityDefaultsEnforcementPolicy', securityDefaultsPolicy, 'securityDefaults', call)
    ).isEnabled;
  }

  async groupName(id: string, call?: CallOptions): Promise<string | null> {
    return (
      (await this.graph.objectOf(`/groups/${encodeURIComponent(id)}?$select=id,displayName`, graphGroup, 'group', call)).displayName ?? null
    );
  }

  /** The ids of every user among a group's transitive members (nested groups flattened by Graph), 999 a page. */
  async groupUserIds(id: string, call?: CallOptions): Promise<string[]> {
    const members = await this.graph.collectionOf(
      `/groups/${encodeURIComponent(id)}/transitiveMembers/microsoft.graph.user?$select=id&$top=999`,
      directoryObjectId,
      'groupMembers',
      call,
    );
    return members.map((member) => member.id);
  }

  /** The principals (users or role-assignable groups) assigned a directory role, by its role template id. */
  async rolePrincipalIds(roleTemplateId: string, call?: CallOptions): Promise<string[]> {
    const filter = encodeURIComponent(`roleDefinitionId eq '${roleTemplateId.replace(/'/g, "''")}'`);
    const assignments = await this.graph.collectionOf(
      `/roleManagement/directory/roleAssignments?$filter=${filter}`,
      roleAssignment,
      'roleAssignments',
      call,
    );
    return assignments.map((assignment) => assignment.principalId);
  }

  async roleName(roleTemplateId: string, call?: CallOptions): Promise<string | null> {
    return (
      (
        await this.graph.objectOf(
          `/roleManagement/directory/roleDefinitions/${encodeURIComponent(roleTemplateId)}`,
          roleDefinition,
          'roleDefinition',
          call,
        )
      ).displayName ?? null
    );
  }

  /**
   * `signInActivity` of the users in `wanted`, from one listing of every user in pages of 120 (Graph's cap with
   * this property). Per-user reads would cost one request each against a limit of 10 a minute; a page of 120
   * costs one too (docs/microsoft-365.md#graph-sign-in-activity). A user with no activity has none: never.
   *
   * `wanted` may still be coming: a sync starts this listing before it knows its accounts, because the listing is
   * bound by its own limit and takes longest. Until then pages are kept (ids and four dates each, at most what
   * 10 pages a minute bring in the meantime); if `wanted` rejects, the listing stops with that reason.
   * `onKept` hears each wanted user's activity as soon as it is kept, so work that needs it can start before the
   * listing ends.
   */
  async signInActivities(
    wanted: ReadonlySet<string> | Promise<ReadonlySet<string>>,
    call?: CallOptions,
    onKept?: (entries: readonly [string, SignInActivityRead][]) => void,
  ): Promise<Map<string, SignInActivityRead>> {
    let known: ReadonlySet<string> | undefined = wanted instanceof Set ? wanted : undefined;
    if (known?.size === 0) return new Map();
    let refused: { reason: unknown } | undefined;
    const read = new Map<string, SignInActivityRead>();
    const early: [string, SignInActivityRead][] = [];
    const keep = (ids: ReadonlySet<string>, entries: Iterable<[string, SignInActivityRead]>) => {
      const kept: [string, SignInActivityRead][] = [];
      for (const [id, activity] of entries) {
        if (!ids.has(id)) continue;
        read.set(id, activity);
        kept.push([id, activity]);
      }
      if (kept.length > 0) onKept?.(kept);
    };
    if (!known)
      void Promise.resolve(wanted).then(
        (ids) => {
          known = ids;
          // What was read before the ids came is kept at once, not when the next page (6 s later) arrives.
          keep(ids, early.splice(0));
        },
        (reason: unknown) => (refused = { reason }),
      );
    for await (const page of this.graph.pagesOf('/users?$select=id,signInActivity&$top=120', userSignInActivity, 'signInActivity', call)) {
      if (refused) throw refused.reason;
      const entries = page.map((user): [string, SignInActivityRead] => [
        user.id,
        {
          lastSignInDateTime: user.signInActivity?.lastSignInDateTime ?? null,
          lastNonInteractiveSignInDateTime: user.signInActivity?.lastNonInteractiveSignInDateTime ?? null,
          lastSuccessfulSignInDateTime: user.signInActivity?.lastSuccessfulSignInDateTime ?? null,
        },
      ]);
      if (!known) {
        early.push(...entries);
        continue;
      }
      // No account wanted: the rest of the listing would spend the tenant's signInActivity budget for nothing.
      if (known.size === 0) return read;
      keep(known, entries);
    }
    // The listing may end before the ids come: the handler above keeps what was read once they do (or throws).
    await wanted;
    return read;
  }

  /**
   * Each account's most recent failed sign-ins (`/auditLogs/signIns`, newest first, `top` of them) through `$batch`.
   * `since` bounds the search (the log keeps 30 days on P1; shorter asks cost the service less).
   */
  async failedSignIns(
    ids: readonly string[],
    options: { top: number; since?: string },
    call?: CallOptions,
  ): Promise<Map<string, PerAccount<SignInLogEntry[]>>> {
    const requests = ids.map((id, index) => {
      const clauses = [`userId eq '${id.replace(/'/g, "''")}'`, 'status/errorCode ne 0'];
      if (options.since) clauses.push(`createdDateTime ge ${options.since}`);
      return {
        id: String(index),
        method: 'GET' as const,
        url: `/auditLogs/signIns?$filter=${encodeURIComponent(clauses.join(' and '))}&$top=${options.top}`,
      };
    });
    // Each `$batch` item counts against the reports limit (5 per 10 s): envelopes no larger than our bucket of it,
    // one after the other, so the budget paces them instead of the service answering 429s.
    const results: BatchResult[] = [];
    for (let start = 0; start < requests.length; start += REPORTS_PER_ENVELOPE)
      results.push(...(await this.graph.batch(requests.slice(start, start + REPORTS_PER_ENVELOPE), call)));
    const read = new Map<string, PerAccount<SignInLogEntry[]>>();
    results.forEach((result, index) => {
      const id = ids[index] as string;
      if (result.status < 200 || result.status >= 300) return void read.set(id, { ok: false, error: batchItemError(result) });
      const body = result.body as { value?: unknown } | null;
      const values = Array.isArray(body?.value) ? body.value : [];
      const entries = values
        .map((value) => this.graph.validItem(signInLogEntry, value, 'signIns'))
        .filter((entry): entry is SignInLogEntry => entry !== null);
      // Newest first whatever order the service used; the first `top` are what the Sign-in tab shows.
      read.set(id, { ok: true, value: entries.sort((a, b) => b.createdDateTime.localeCompare(a.createdDateTime)).slice(0, options.top) });
    });
    return read;
  }
}

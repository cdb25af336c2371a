import { cpus } from 'node:os';
import { cpuBetween, postgresCpuBetween, postgresCpuMs } from './cpu.ts';
import { againstFloor, bounded, type Figure } from './figures.ts';
import {
  exchangeEnvelopesFor,
  exchangeRequestsFor,
  floorOf,
  graphResourceUnits,
  made,
  madeMatching,
  placesRounds,
  type Floor,
  type JobCalls,
} from './floor.ts';
import type { EmulatorStats } from './emulator.ts';
import { currentSync, sleep, syncAndWait, type BenchStack } from './stack.ts';

/** The tenant facts a floor needs, from `GET /emulator/tenants`. */
export interface TenantCounts {
  users: number;
  roomMailboxes: number;
  resourceAccounts: number;
}

export async function tenantCounts(stack: BenchStack): Promise<TenantCounts> {
  const reply = await stack.tenant.client.call('GET', '/emulator/tenants');
  const [first] = (reply.body as { value: { counts: TenantCounts }[] }).value;
  if (!first) throw new Error('the emulator has no tenant');
  return first.counts;
}

/** Exchange returns 1,000 mailboxes per page: the room mailbox list is that many chained calls. */
const exchangeListPages = (counts: TenantCounts) => Math.max(1, Math.ceil(counts.roomMailboxes / 1000));

/** The Graph reads the list needs: users pages (chained), places (999 per page by `$skip`, 4 at a time after the first), skus, delta. */
function graphListCalls(stats: EmulatorStats): JobCalls {
  return {
    graphChain: Math.max(made(stats, 'GET /users'), placesRounds(made(stats, 'GET /places/microsoft.graph.room'))),
    exchangeChain: 0,
    graphResourceUnits: graphResourceUnits(stats),
    graphWrites: 0,
    exchangeCmdlets: 0,
    exchangeWrites: 0,
    graphSignInActivity: signInActivityCalls(stats),
    graphReports: made(stats, 'GET /auditLogs/signIns'),
  };
}

/** Sign-in health's reads (issue 14): the signInActivity pages and every other call it adds to a sync. */
function signInActivityCalls(stats: EmulatorStats): number {
  return madeMatching(stats, /\$select=signInActivity$/);
}

function signInNote(stats: EmulatorStats): string {
  const others = madeMatching(stats, /conditionalAccess|identitySecurityDefaults|^GET \/groups|roleManagement/);
  return `sign-in health added ${signInActivityCalls(stats)} signInActivity pages, ${made(stats, 'GET /auditLogs/signIns')} sign-in log reads and ${others} policy, group and role reads`;
}

/**
 * A sync's calls: the Graph list reads plus every Exchange cmdlet, the room mailbox list chained, every other
 * cmdlet packed in `$batch` envelopes of 10 (the fewest requests the service allows).
 */
function syncCalls(stats: EmulatorStats, counts: TenantCounts): JobCalls {
  const exchangeChain = exchangeListPages(counts);
  const exchangeCmdlets = madeMatching(stats, /^InvokeCommand /);
  return {
    ...graphListCalls(stats),
    exchangeChain,
    exchangeCmdlets,
    exchangeRequests: exchangeRequestsFor(exchangeCmdlets, exchangeChain),
    exchangeEnvelopes: exchangeEnvelopesFor(exchangeCmdlets, exchangeChain),
  };
}

/** The `$batch` envelopes the emulator admitted, for the notes. */
function envelopes(stats: EmulatorStats): string {
  return `${made(stats, 'POST $batch (exchange)')} $batch envelopes`;
}

export interface FullSyncResult {
  seconds: number;
  /**
   * Until every account was listed and its mailbox settings read: the sync's end, or the moment its phase said
   * only sign-in health was left (the signInActivity listing, held to Graph's 10 pages a minute).
   */
  directorySeconds: number;
  floor: Floor;
  fullSync: Figure;
  throttledShare: Figure;
}

/** Get Data on a fresh store: the whole sync, mailbox settings included, against the floor of its calls. */
export async function benchFullSync(stack: BenchStack, maxRatio: number): Promise<FullSyncResult> {
  const counts = await tenantCounts(stack);
  await stack.tenant.resetStats();
  const { seconds, phaseSeconds, phaseTotals } = await syncAndWait(stack, 'full', 250);
  const directorySeconds = phaseSeconds.signIns ?? seconds;
  const stats = await stack.tenant.stats();
  const floor = floorOf(syncCalls(stats, counts), counts.users, stack.k, stack.profile);
  const share = stats.totals.calls > 0 ? (100 * stats.totals.throttled) / stats.totals.calls : 0;
  const calls = `${stats.totals.calls} calls (${made(stats, 'InvokeCommand Get-CalendarProcessing')} Get-CalendarProcessing in ${envelopes(stats)})`;
  const lastPhase =
    phaseSeconds.signIns === undefined
      ? 'sign-in health was read before the mailbox settings ended'
      : `every mailbox read after ${directorySeconds.toFixed(1)} s, then sign-in health alone`;
  return {
    seconds,
    directorySeconds,
    floor,
    fullSync: againstFloor(seconds, floor.seconds, maxRatio, {
      k: stack.k,
      note: `${stack.profile} budget; ${counts.resourceAccounts} accounts, ${calls}; floor set by ${floor.binding}; ${phaseTotals.mailboxSettings ?? 0} mailbox settings read; ${lastPhase}; ${signInNote(stats)}; ${renewals(stats)}`,
    }),
    throttledShare: bounded(share, '%', '≤', 1, {
      k: stack.k,
      note: `${stack.profile} budget: ${stats.totals.throttled} of ${stats.totals.calls} calls (envelopes and their items) answered 429 during the full sync`,
    }),
  };
}

/**
 * Get Data from an empty store until the whole list is usable: every users page and the places have been read,
 * listed and stored (the sync has left its `users` phase) and `GET /api/accounts` answers with them, polling as
 * the tab would. Rows show from the first users page on (see `benchFirstRowsInTab`); this is the end of the
 * listing. Rooms that only Exchange can name (unlicensed and hidden from Places) come with the room mailbox list,
 * paced by the Exchange budget, and are counted in the note, not waited for: the floor is that of the Graph reads
 * made by then. The sync is abandoned afterwards (the caller closes the stack).
 */
export async function benchUsableList(stack: BenchStack, pollMs: number): Promise<Figure> {
  const counts = await tenantCounts(stack);
  await stack.tenant.resetStats();
  // The emulator and the API each run in their own process: their CPU shows when CPU, not a limit, set the pace.
  const [emulatorBefore, apiBefore] = await Promise.all([stack.tenant.cpu(), stack.api.cpu()]);
  const postgresBefore = postgresCpuMs();
  const started = performance.now();
  const reply = await stack.call('/api/sync', { method: 'POST', body: { kind: 'full' } });
  if (reply.status !== 202) throw new Error(`starting Get Data: ${reply.status}`);
  let firstRowsSeconds: number | undefined;
  for (;;) {
    // The sync's phase first: a list read after it left `users` holds every account the Graph reads named.
    const sync = await currentSync(stack);
    if (sync && sync.status === 'failed') throw new Error(`Get Data failed: ${JSON.stringify(sync.error)}`);
    const listed = sync !== null && (sync.status !== 'running' || sync.phase !== 'users');
    const list = await stack.call('/api/accounts?pageSize=100&sort=displayName');
    const body = list.body as {
      total: number;
      items: { displayName: string; userPrincipalName: string; location: string | null; licenses: unknown[] }[];
    };
    if (list.status === 200 && body.total > 0) firstRowsSeconds ??= (performance.now() - started) / 1000;
    if (list.status === 200 && body.total > 0 && listed) {
      const seconds = (performance.now() - started) / 1000;
      const [emulatorAfter, apiAfter] = await Promise.all([stack.tenant.cpu(), stack.api.cpu()]);
      const postgresAfter = postgresCpuMs();
      const stats = await stack.tenant.stats();
      const floor = floorOf(graphListCalls(stats), counts.users, stack.k);
      const located = body.items.filter((item) => item.location).length;
      const licensed = body.items.filter((item) => item.licenses.length > 0).length;
      return againstFloor(seconds, floor.seconds, 1.2, {
        k: stack.k,
        note: `${body.total} of ${counts.resourceAccounts} accounts listed once the Graph reads were in (the rest wait for Exchange's room mailbox list); first rows after ${(firstRowsSeconds ?? seconds).toFixed(2)} s; first page: ${located}/100 with a location, ${licensed}/100 licensed; floor = ${floor.binding} of the Graph reads (${made(stats, 'GET /users')} users pages, ${made(stats, 'GET /places/microsoft.graph.room')} places pages); split over the ${seconds.toFixed(2)} s: our API ${cpuBetween(apiBefore, apiAfter, seconds)}; the emulator (its own process) ${cpuBetween(emulatorBefore, emulatorAfter, seconds)}; PostgreSQL ${postgresCpuBetween(postgresBefore, postgresAfter, seconds)}; ${cpus().length} cores`,
      });
    }
    await sleep(pollMs);
  }
}

/** Changes "made outside the app" to 1 % of the accounts, through the emulator's control API (all visible in Entra). */
export async function changeOnePercent(stack: BenchStack): Promise<number> {
  const ids = await accountIds(stack, '');
  const targets = ids.filter((_, index) => index % 100 === 0);
  const changes = [
    { officeLocation: 'Moved by the facilities team' },
    { accountEnabled: false },
    { passwordPolicies: 'None' },
    { usageLocation: 'FR' },
  ];
  const tid = stack.tenant.emulator.tenantId;
  for (const [index, id] of targets.entries()) {
    const reply = await stack.tenant.client.call('PATCH', `/emulator/tenants/${tid}/users/${id}`, changes[index % changes.length]);
    if (reply.status !== 200) throw new Error(`changing ${id}: ${reply.status} ${JSON.stringify(reply.body)}`);
  }
  return targets.length;
}

/** Refresh after `changeOnePercent`: its time as a share of the full sync's. */
export async function benchRefresh(stack: BenchStack, fullSyncSeconds: number, changed: number): Promise<Figure> {
  const counts = await tenantCounts(stack);
  await stack.tenant.resetStats();
  const { seconds, progress } = await syncAndWait(stack, 'refresh', 50);
  const stats = await stack.tenant.stats();
  const floor = floorOf(syncCalls(stats, counts), counts.users, stack.k, stack.profile);
  const share = (100 * seconds) / fullSyncSeconds;
  return {
    ...bounded(share, '% of full sync', '≤', 5, { k: stack.k }),
    floor: Math.round(floor.seconds * 100) / 100,
    ratio: Math.round((seconds / floor.seconds) * 1000) / 1000,
    note: `${changed} accounts changed in Entra; refresh took ${seconds.toFixed(2)} s (floor of its own ${stats.totals.calls} calls ${floor.seconds.toFixed(2)} s, ${floor.binding}); ${progress.total} mailbox settings re-read`,
  };
}

/** Ids of the accounts with a status (all when empty), in the list's order. */
export async function accountIds(stack: BenchStack, status: string, limit = Number.POSITIVE_INFINITY): Promise<string[]> {
  const ids: string[] = [];
  for (let page = 1; ids.length < limit; page += 1) {
    const reply = await stack.call(`/api/accounts?pageSize=500&page=${page}&sort=displayName${status ? `&status=${status}` : ''}`);
    const body = reply.body as { items: { id: string }[]; total: number };
    ids.push(...body.items.map((item) => item.id));
    if (body.items.length < 500) break;
  }
  return ids.slice(0, limit);
}

/**
 * Bulk "apply recommended" over `count` Needs Action accounts, start to finish. Its floor counts what the
 * job must send: every write it made (Set-*, PATCH, assignLicense) and one fresh Get-CalendarProcessing per
 * account (a plan is made against a fresh read), users read through `$batch`.
 */
export async function benchBulkApply(stack: BenchStack, count: number): Promise<Figure> {
  const counts = await tenantCounts(stack);
  const ids = await accountIds(stack, 'needsAction', count);
  await stack.tenant.resetStats();
  const started = performance.now();
  const reply = await stack.call('/api/jobs/apply-recommended', { method: 'POST', body: { accountIds: ids } });
  if (reply.status !== 202) throw new Error(`starting the bulk apply: ${reply.status} ${JSON.stringify(reply.body)}`);
  const { jobId } = reply.body as { jobId: string };
  let job: { status: string; counts: Record<string, number> };
  for (;;) {
    job = (await stack.call(`/api/jobs/${jobId}`)).body as typeof job;
    if (!['queued', 'running'].includes(job.status)) break;
    await sleep(100);
  }
  const seconds = (performance.now() - started) / 1000;
  const stats = await stack.tenant.stats();
  const exchangeWrites = madeMatching(stats, /^InvokeCommand Set-/);
  const freshReads = Math.min(ids.length, made(stats, 'InvokeCommand Get-CalendarProcessing'));
  const graphWrites = made(stats, 'PATCH /users/{id}') + made(stats, 'POST /users/{id}/assignLicense');
  const calls: JobCalls = {
    graphChain: 1,
    exchangeChain: 0,
    graphResourceUnits: ids.length + graphWrites,
    graphWrites,
    exchangeCmdlets: freshReads + exchangeWrites,
    exchangeWrites,
    exchangeRequests: exchangeRequestsFor(freshReads + exchangeWrites, 0),
    exchangeEnvelopes: exchangeEnvelopesFor(freshReads + exchangeWrites, 0),
  };
  const floor = floorOf(calls, counts.users, stack.k, stack.profile);
  const exchangeMade = madeMatching(stats, /^InvokeCommand /);
  return againstFloor(seconds, floor.seconds, 1.2, {
    k: stack.k,
    note: `${stack.profile} budget; ${ids.length} accounts (${JSON.stringify(job.counts)}); ${envelopes(stats)}; ${renewals(stats)}; writes: ${exchangeWrites} Exchange Set-*, ${graphWrites} Graph, ${made(stats, 'PATCH /places/{id}')} places; Exchange cmdlets made ${exchangeMade} vs ${calls.exchangeCmdlets} counted in the floor; floor set by ${floor.binding}`,
  });
}

/** How often the run renewed its admin's grant: proof it outlived the SSO token it started with. */
function renewals(stats: EmulatorStats): string {
  const grants = stats.tokens?.grants ?? {};
  return `the admin's grant renewed ${grants.refresh_token ?? 0} times (${grants.obo ?? 0} on-behalf-of exchanges)`;
}

import autocannon from 'autocannon';
import { bounded, type Figure } from './figures.ts';
import type { BenchStack } from './stack.ts';

/** Latency percentile of a sorted sample. */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

/** `connections` clients sending back to back for `seconds`, cycling through `paths`; p95 from every response. */
async function hammer(stack: BenchStack, paths: string[], connections: number, seconds: number) {
  const times: number[] = [];
  let failed = 0;
  const token = await stack.token();
  const result = await new Promise<{ requests: { total: number; average: number }; non2xx: number; errors: number }>((resolve, reject) => {
    const instance = autocannon(
      {
        url: stack.api.baseUrl,
        connections,
        duration: seconds,
        headers: { authorization: `Bearer ${token}` },
        requests: paths.map((path) => ({ method: 'GET', path })),
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on('response', (_client, status, _bytes, ms) => {
      times.push(ms);
      if (status !== 200) failed += 1;
    });
  });
  times.sort((a, b) => a - b);
  return {
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    total: times.length,
    rps: result.requests.average,
    failed: failed + result.errors,
  };
}

/** The list queries a tab sends: a page of 100, sorted and filtered, varied so no single answer is all that is asked. */
async function listPaths(stack: BenchStack): Promise<string[]> {
  const summary = (await stack.call('/api/summary')).body as { buildings: string[] };
  const building = encodeURIComponent(summary.buildings[0] ?? 'none');
  return [
    '/api/accounts?page=1&pageSize=100&sort=displayName&order=asc&status=needsAction',
    '/api/accounts?page=2&pageSize=100&sort=location&order=asc&status=needsAction,notAvailable',
    '/api/accounts?page=1&pageSize=100&sort=userPrincipalName&order=desc&license=Microsoft_Teams_Rooms_Pro',
    `/api/accounts?page=1&pageSize=100&sort=status&order=asc&building=${building}`,
    '/api/accounts?page=1&pageSize=100&sort=displayName&order=desc&search=sea',
    '/api/accounts?page=5&pageSize=100&sort=displayName&order=asc&status=noActionNeeded',
  ];
}

/** GET /api/accounts and GET /api/summary under 50 concurrent clients on loopback. */
export async function benchLoad(
  stack: BenchStack,
  seconds: number,
  connections = 50,
): Promise<{ listP95Ms: Figure; summaryP95Ms: Figure; requestsPerSecond: number }> {
  const paths = await listPaths(stack);
  // An empty list answers in no time: measuring one would say nothing about a tenant's (it happened once, with
  // `--only` leaving the sync out).
  const listed = (await stack.call('/api/accounts?pageSize=1')).body as { total?: number };
  if (!listed.total) throw new Error('the tenant lists no accounts: sync it before measuring the list');
  // Warm-up: the first request after a sync builds the graded view; a tab's first load pays that, not every request.
  for (const path of [...paths, '/api/summary']) await stack.call(path);
  const list = await hammer(stack, paths, connections, seconds);
  const summary = await hammer(stack, ['/api/summary'], connections, seconds);
  const describe = (run: typeof list) =>
    `${listed.total} accounts listed; ${connections} clients for ${seconds} s: ${run.total} requests (${Math.round(run.rps)}/s), p50 ${run.p50.toFixed(1)} ms, p99 ${run.p99.toFixed(1)} ms${run.failed ? `, ${run.failed} failed` : ''}`;
  return {
    listP95Ms: bounded(list.p95, 'ms', '≤', 25, { note: describe(list) }),
    summaryP95Ms: bounded(summary.p95, 'ms', '≤', 25, { note: describe(summary) }),
    requestsPerSecond: Math.max(list.rps, summary.rps),
  };
}

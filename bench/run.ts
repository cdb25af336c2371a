/**
 * `npm run bench [-- --json] [-- --quick]`: issue 8's benchmarks in one process tree. The emulator runs in this
 * process, our API in child processes (bench/apiProcess.ts), Chromium headless. Each time is compared with its
 * throttle floor (bench/floor.ts) at the same time scale k. Progress goes to stderr; the result to stdout.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { generateTls } from '../emulator/src/tls.ts';
import { startBenchTenant } from './emulator.ts';
import { bounded, FIGURE_KEYS, formatTable, missing, type Figure, type FigureKey, type Figures } from './figures.ts';
import { benchLoad } from './load.ts';
import { benchPgliteMemory, readLikeATab, rssFigure } from './memory.ts';
import { timeSequentialBaseline } from './sequential.ts';
import { startStack, syncAndWait } from './stack.ts';
import { benchBulkApply, benchFullSync, benchRefresh, benchUsableList, changeOnePercent } from './syncBench.ts';
import { benchFirstRowsInTab, benchTabBrowser, benchTabSize } from './tab.ts';

/** Sizes and time scales of a run. */
interface Plan {
  rooms: number;
  /** Time scale of the sync, refresh, bulk and baseline runs: rates × k, latencies ÷ k. */
  k: number;
  /** Time scale of the usable-list run, whose floor is a few seconds: 1 keeps our own CPU time in proportion. */
  usableK: number;
  bulkAccounts: number;
  loadSeconds: number;
  /** Mailboxes whose calendar processing the sequential baseline reads before extrapolating. */
  baselineSample: number;
  /** SSO and access token lifetime (emulated seconds) of the main stack: its sync and bulk rows outlive them. */
  tokenSeconds: number;
  /**
   * Time scale of the `generous` runs (sync, bulk, sequential baseline): that budget lets the sync run at ~90
   * cmdlets/s, so a smaller k keeps our own CPU in proportion to the time the budget allows.
   */
  generousK: number;
  /** Mailboxes the sequential baseline reads under `generous` before extrapolating. */
  generousBaselineSample: number;
}

// tokenSeconds: SSO and access tokens live this long (emulated), far less than the sync and bulk rows take.
const FULL: Plan = {
  rooms: 10_000,
  k: 10,
  usableK: 1,
  bulkAccounts: 1_000,
  loadSeconds: 10,
  baselineSample: 1_000,
  tokenSeconds: 300,
  generousK: 2,
  generousBaselineSample: 300,
};
const QUICK: Plan = {
  rooms: 150,
  k: 20,
  usableK: 1,
  bulkAccounts: 20,
  loadSeconds: 1,
  baselineSample: 30,
  tokenSeconds: 10,
  generousK: 20,
  generousBaselineSample: 30,
};

const FLAGS = ['--json', '--quick', '--keep'];
const args = new Set(process.argv.slice(2).filter((arg) => !arg.startsWith('--only=')));
/** `--only=fullSync,fullSyncGenerous`: measure only the steps that give these figures (the rest: "not measured"). */
const only = new Set(
  process.argv
    .slice(2)
    .filter((arg) => arg.startsWith('--only='))
    .flatMap((arg) => arg.slice('--only='.length).split(','))
    .filter(Boolean),
);
const unknown = [...args].filter((arg) => !FLAGS.includes(arg));
if (unknown.length > 0) {
  process.stderr.write(
    `Unknown option ${unknown.join(' ')}.\nUsage: npm run bench [-- --json] [-- --quick] [-- --keep] [-- --only=key,key]\n  --json   one JSON object on stdout\n  --quick  small sizes, under a minute\n  --keep   keep the API logs and data\n  --only   measure only these figures (JSON keys)\n`,
  );
  process.exit(2);
}
/** Whether any of these figures is to be measured. */
const wanted = (keys: readonly string[]) => only.size === 0 || keys.some((key) => only.has(key));
const plan = args.has('--quick') ? QUICK : FULL;
const json = args.has('--json');
const progress = (line: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

const TARGETS: Record<FigureKey, [unit: string, target: string]> = {
  usableList: ['s', '≤ 1.2× floor'],
  firstRowsOverFloorS: ['s', '≤ 0.5 s'],
  fullSync: ['s', '≤ 1.1× floor'],
  fullSyncGenerous: ['s', '≤ 1.2× floor'],
  sequentialSpeedup: ['×', '≥ 20 ×'],
  refresh: ['% of full sync', '≤ 5 % of full sync'],
  bulkApply: ['s', '≤ 1.2× floor'],
  bulkApplyGenerous: ['s', '≤ 1.2× floor'],
  listP95Ms: ['ms', '≤ 25 ms'],
  summaryP95Ms: ['ms', '≤ 25 ms'],
  apiRssMbPostgres: ['MB', '≤ 250 MB'],
  apiRssMbPglite: ['MB', '≤ 450 MB'],
  throttledShare: ['%', '≤ 1 %'],
  throttledShareGenerous: ['%', '≤ 1 %'],
  tabJsGzipKb: ['KB', '≤ 350 KB'],
  tabFirstRowsMs: ['ms', '≤ 1000 ms'],
  tabLongestTaskMs: ['ms', '≤ 50 ms'],
};

async function runBenchmarks(): Promise<Partial<Figures>> {
  const figures: Partial<Figures> = {};
  const dir = mkdtempSync(join(tmpdir(), 'room-accounts-bench-'));
  const tls = await generateTls();
  /** Run one step; a failure becomes a missing figure with the reason, and the run goes on. */
  const step = async (keys: FigureKey[], name: string, run: () => Promise<Partial<Figures>>) => {
    if (!wanted(keys)) return;
    progress(`${name}…`);
    const started = performance.now();
    try {
      Object.assign(figures, await run());
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      progress(`${name} failed: ${reason}`);
      for (const key of keys) figures[key] ??= missing(TARGETS[key][0], TARGETS[key][1], `not measured: ${reason}`);
    }
    progress(`${name} done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  };

  await step(['tabJsGzipKb'], 'tab bundle size', async () => ({ tabJsGzipKb: benchTabSize() }));

  await step(['usableList'], `usable list, ${plan.rooms} rooms at k=${plan.usableK}`, async () => {
    const stack = await startStack({ rooms: plan.rooms, k: plan.usableK, store: 'postgres', tls, dir, name: 'usable' });
    try {
      return { usableList: await benchUsableList(stack, 50) };
    } finally {
      await stack.close(true);
    }
  });

  await step(['firstRowsOverFloorS'], `first 100 rows in the tab after Get Data, ${plan.rooms} rooms at k=${plan.usableK}`, async () => {
    const stack = await startStack({ rooms: plan.rooms, k: plan.usableK, store: 'postgres', tls, dir, name: 'first-rows' });
    try {
      return { firstRowsOverFloorS: await benchFirstRowsInTab(stack) };
    } finally {
      await stack.close(true);
    }
  });

  let fullSyncSeconds = Number.NaN;
  const mainKeys = [
    'fullSync',
    'throttledShare',
    'apiRssMbPostgres',
    'listP95Ms',
    'summaryP95Ms',
    'tabFirstRowsMs',
    'tabLongestTaskMs',
    'refresh',
    'bulkApply',
  ];
  const main = !wanted(mainKeys)
    ? undefined
    : await startStack({
        rooms: plan.rooms,
        k: plan.k,
        store: 'postgres',
        tls,
        dir,
        name: 'main',
        tokenLifetimeSeconds: plan.tokenSeconds,
      }).catch((error: unknown) => {
        progress(`the API for the main run did not start: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
      });
  if (main) {
    try {
      await step(['fullSync', 'throttledShare'], `full sync, ${plan.rooms} rooms at k=${plan.k}`, async () => {
        const result = await benchFullSync(main, 1.1);
        fullSyncSeconds = result.seconds;
        return { fullSync: result.fullSync, throttledShare: result.throttledShare };
      });
      // The rows below read, load and change a synced tenant: with `--only` leaving the sync out, it still runs
      // (unmeasured), else they would measure an empty list.
      if (!wanted(['fullSync', 'throttledShare'])) {
        progress(`full sync of ${plan.rooms} rooms for the rows that follow (not measured)…`);
        await syncAndWait(main, 'full', 250);
      }
      await step(
        ['apiRssMbPostgres', 'listP95Ms', 'summaryP95Ms'],
        'memory after sync, then the API under 50 concurrent clients',
        async () => {
          await readLikeATab(main);
          const rss = await rssFigure(main, 250, `PostgreSQL, from start through the full sync of ${plan.rooms} rooms and the tab's reads`);
          const { listP95Ms, summaryP95Ms, requestsPerSecond } = await benchLoad(main, plan.loadSeconds);
          const after = await main.api.memory();
          rss.note += `; the load test then took the peak to ${Math.round(after.peakRssMb)} MB (V8 lets garbage grow at ${Math.round(requestsPerSecond)} requests/s)`;
          return { listP95Ms, summaryP95Ms, apiRssMbPostgres: rss };
        },
      );
      await step(['tabFirstRowsMs', 'tabLongestTaskMs'], 'tab in headless Chromium', () => benchTabBrowser(main));
      await step(['refresh'], 'refresh after 1 % changed', async () => {
        const changed = await changeOnePercent(main);
        return { refresh: await benchRefresh(main, fullSyncSeconds, changed) };
      });
      await step(['bulkApply'], `bulk apply, ${plan.bulkAccounts} Needs Action accounts`, async () => ({
        bulkApply: await benchBulkApply(main, plan.bulkAccounts),
      }));
    } finally {
      await main.close();
    }
  }

  // The generous budget (issue 16): the same sync and bulk apply against a tenant announcing a cmdlet budget
  // 20× the legacy one, which our API is never told about; then the one-call-at-a-time baseline against it.
  let generousSyncSeconds = Number.NaN;
  let generousDirectorySeconds = Number.NaN;
  const generous = !wanted(['fullSyncGenerous', 'throttledShareGenerous', 'bulkApplyGenerous', 'sequentialSpeedup'])
    ? undefined
    : await startStack({
        rooms: plan.rooms,
        k: plan.generousK,
        profile: 'generous',
        store: 'postgres',
        tls,
        dir,
        name: 'generous',
        tokenLifetimeSeconds: plan.tokenSeconds,
      }).catch((error: unknown) => {
        progress(`the API for the generous run did not start: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
      });
  if (generous) {
    try {
      await step(
        ['fullSyncGenerous', 'throttledShareGenerous'],
        `full sync under the generous budget, ${plan.rooms} rooms at k=${plan.generousK}`,
        async () => {
          const result = await benchFullSync(generous, 1.2);
          generousSyncSeconds = result.seconds;
          generousDirectorySeconds = result.directorySeconds;
          return { fullSyncGenerous: result.fullSync, throttledShareGenerous: result.throttledShare };
        },
      );
      if (!wanted(['fullSyncGenerous', 'throttledShareGenerous']) && wanted(['bulkApplyGenerous'])) {
        progress(`full sync of ${plan.rooms} rooms under the generous budget for the bulk apply (not measured)…`);
        await syncAndWait(generous, 'full', 250);
      }
      await step(['bulkApplyGenerous'], `bulk apply under the generous budget, ${plan.bulkAccounts} Needs Action accounts`, async () => ({
        bulkApplyGenerous: await benchBulkApply(generous, plan.bulkAccounts),
      }));
    } finally {
      await generous.close();
    }
  }

  await step(['sequentialSpeedup'], `sequential baseline under the generous budget at k=${plan.generousK}`, async () => {
    if (Number.isNaN(generousSyncSeconds)) throw new Error('the generous full sync it compares with was not measured');
    const tenant = await startBenchTenant({ rooms: plan.rooms, profile: 'generous', timeScale: plan.generousK, tls, dir });
    try {
      const baseline = await timeSequentialBaseline(tenant, plan.generousBaselineSample);
      // The baseline reads what a sync read before sign-in health (directory, places, mailboxes, calendar
      // processing): it is compared with the sync's time to the same point. Sign-in health is held to Graph's
      // signInActivity limit (10 pages a minute) whoever reads it, so neither batching nor pacing changes it.
      const speedup = baseline.seconds / generousDirectorySeconds;
      const figure: Figure = bounded(speedup, '×', '≥', 20, {
        k: plan.generousK,
        note: `generous budget: baseline ${baseline.seconds.toFixed(1)} s vs the full sync's ${generousDirectorySeconds.toFixed(1)} s until every account was listed and its mailbox settings read (the whole sync, sign-in health included, took ${generousSyncSeconds.toFixed(1)} s: ${(baseline.seconds / generousSyncSeconds).toFixed(1)}×): one call at a time on the same endpoint, no $batch; it listed everything, then read ${baseline.sampled} of ${baseline.mailboxes} mailboxes' calendar processing (${baseline.measuredSeconds.toFixed(1)} s measured) and is extrapolated linearly; ${baseline.calls} calls, ${baseline.throttled} throttled`,
      });
      return { sequentialSpeedup: figure };
    } finally {
      await tenant.close();
    }
  });

  await step(['apiRssMbPglite'], `PGlite memory, ${plan.rooms} rooms`, async () => ({
    apiRssMbPglite: await benchPgliteMemory({ rooms: plan.rooms, tls, dir }),
  }));

  if (!args.has('--keep')) rmSync(dir, { recursive: true, force: true });
  else progress(`logs and data kept in ${dir}`);
  return figures;
}

const started = performance.now();
progress(
  `${args.has('--quick') ? 'quick' : 'full'} run: ${plan.rooms} rooms, time scale k=${plan.k} (usable list at k=${plan.usableK}, generous budget at k=${plan.generousK})`,
);
const measured = await runBenchmarks();
const figures = Object.fromEntries(
  FIGURE_KEYS.map((key) => [key, measured[key] ?? missing(TARGETS[key][0], TARGETS[key][1], 'not measured')]),
) as Figures;
const machine = `${cpus().length} CPU (${cpus()[0]?.model.trim() ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GB RAM, Node ${process.version}`;
if (json) {
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
} else {
  process.stdout.write(`Room Accounts benchmarks — ${machine}\n`);
  process.stdout.write(
    `${plan.rooms} rooms; emulator profile realistic at time scale k=${plan.k} (usable list at k=${plan.usableK}), generous at k=${plan.generousK}: rates × k, latencies ÷ k; sync and bulk rows with SSO and access tokens living ${plan.tokenSeconds} s\n\n`,
  );
  process.stdout.write(`${formatTable(figures)}\n`);
}
progress(`finished in ${((performance.now() - started) / 1000).toFixed(0)} s on ${machine}`);
process.exit(0);

import type { TlsMaterial } from '../emulator/src/tls.ts';
import { bounded, type Figure } from './figures.ts';
import { startStack, syncAndWait, type BenchStack } from './stack.ts';

/** Peak RSS of a stack's API process, as its figure. */
export async function rssFigure(stack: BenchStack, limitMb: number, note: string): Promise<Figure> {
  const memory = await stack.api.memory();
  return bounded(memory.peakRssMb, 'MB', '≤', limitMb, {
    note: `${note}; now ${Math.round(memory.rssMb)} MB RSS, ${Math.round(memory.heapUsedMb)} MB JS heap`,
  });
}

/**
 * The API on embedded PGlite, after a full sync of `rooms` rooms and the tab's reads. The emulator runs without
 * limits or latency here (and our budget at 100× its rates): memory depends on the data, not on time.
 */
export async function benchPgliteMemory(options: { rooms: number; tls: TlsMaterial; dir: string }): Promise<Figure> {
  const stack = await startStack({
    rooms: options.rooms,
    k: 100,
    profile: 'none',
    store: 'pglite',
    tls: options.tls,
    dir: options.dir,
    name: 'pglite',
    initializeFirst: true,
  });
  try {
    await syncAndWait(stack, 'full', 250);
    await readLikeATab(stack);
    const first = `the very first start, which creates the data directory (initdb in a worker thread), peaked at ${Math.round(stack.initPeakRssMb ?? 0)} MB`;
    return await rssFigure(
      stack,
      450,
      `embedded PGlite on an existing data directory, ${options.rooms} rooms synced, then the tab's reads; ${first}`,
    );
  } finally {
    await stack.close();
  }
}

/** The reads a tab makes after a sync: summary, the first pages sorted and filtered, one account. */
export async function readLikeATab(stack: BenchStack): Promise<void> {
  await stack.call('/api/summary');
  const first = await stack.call('/api/accounts?pageSize=100&sort=displayName');
  await stack.call('/api/accounts?pageSize=100&sort=location&status=needsAction');
  const id = (first.body as { items: { id: string }[] }).items[0]?.id;
  if (id) await stack.call(`/api/accounts/${encodeURIComponent(id)}`);
  const csv = await fetch(`${stack.api.baseUrl}/api/accounts/export.csv`, { headers: { authorization: `Bearer ${await stack.token()}` } });
  await csv.arrayBuffer();
}

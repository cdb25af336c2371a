// @ts-nocheck
import { Worker } from 'node:worker_threads';

/**
 * initdb leaves about 450 MB of WASM heap behind in the process that ran it (RSS ≈ 790 MB instead of
 * ≈ 330 MB), so a fresh data directory is created in a worker thread whose memory goes away with it.
 */
const INITDB_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
import(workerData.pglite)
  .then(async ({ PGlite }) => {
    const db = await PGlite.create({ dataDir: workerData.dataDir, startParams: workerData.startParams });
    await db.close();
  })
  .then(
    () => parentPort.postMessage({ ok: true }),
    (error) => parentPort.postMessage({ ok: false, message: String((error && error.stack) || error) }),
  );
`;

export async function initDataDirInWorker(dataDir: string, startParams: string[]): Promise<void> {
  const worker = new Worker(INITDB_WORKER, {
    eval: true,
    workerData: { pglite: import.meta.resolve('@electric-sql/pglite'), dataDir, startParams },
  });
  try {
    const outcome = await new Promise<{ ok: boolean; message?: string }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`PGlite initdb worker exited with code ${code}`)));
    });
    if (!outcome.ok) throw new Error(`Could not create the embedded database in ${dataDir}: ${outcome.message}`);
  } finally {
    await worker.terminate();
  }
}

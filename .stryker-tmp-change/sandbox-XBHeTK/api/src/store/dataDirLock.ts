// @ts-nocheck
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Data directories this process holds, to tell our own live lock from one left by an earlier run with our pid. */
const held = new Set<string>();

/**
 * PGlite does not lock its data directory: two processes on one directory silently lose each other's
 * writes. A `<dataDir>.lock` file holding the owner's pid refuses a second opener; a lock whose process is
 * gone is taken over. Returns the release function.
 */
export function lockDataDir(dataDir: string): () => void {
  const lockFile = `${dataDir}.lock`;
  mkdirSync(dirname(lockFile), { recursive: true });
  if (!tryCreate(lockFile)) {
    const owner = Number.parseInt(readFileSync(lockFile, 'utf8'), 10);
    if (isRunning(owner) && (owner !== process.pid || held.has(dataDir))) {
      throw new Error(
        `The embedded database ${dataDir} is in use by process ${owner}. Stop that process, or set DATABASE_URL so several API instances share one PostgreSQL.`,
      );
    }
    rmSync(lockFile, { force: true });
    if (!tryCreate(lockFile)) throw new Error(`Another process is opening the embedded database ${dataDir}; try again.`);
  }
  held.add(dataDir);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    held.delete(dataDir);
    rmSync(lockFile, { force: true });
  };
}

function tryCreate(lockFile: string): boolean {
  try {
    writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** CPU a process used since it started (user + system) and the time its event loop was busy, in ms. */
export interface CpuReading {
  cpuMs: number;
  busyMs: number;
}

/** This process's CPU and event-loop busy time so far (the emulator and API children report it over IPC). */
export function cpuReading(): CpuReading {
  const { user, system } = process.cpuUsage();
  return { cpuMs: (user + system) / 1000, busyMs: performance.eventLoopUtilization().active };
}

/** What a process used between two readings, as "X s CPU (Y % of the wall time), loop busy Z %". */
export function cpuBetween(before: CpuReading, after: CpuReading, wallSeconds: number): string {
  const cpu = (after.cpuMs - before.cpuMs) / 1000;
  const busy = (after.busyMs - before.busyMs) / 1000;
  return `${cpu.toFixed(2)} s CPU (${Math.round((cpu / wallSeconds) * 100)} % of one core), event loop busy ${Math.round((busy / wallSeconds) * 100)} %`;
}

/** Clock ticks per second of /proc's CPU times (USER_HZ: 100 on Linux). */
const TICKS_PER_SECOND = 100;

/**
 * CPU used so far by every process named `postgres` on this machine (the server and its backends), in ms, from
 * /proc; undefined where /proc cannot tell (another OS, or a server elsewhere). The bench's PostgreSQL serves only
 * the bench while it runs, so a difference of two readings is the share of the third process on the cores.
 */
export function postgresCpuMs(): number | undefined {
  try {
    let ticks = 0;
    let found = false;
    for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
      let stat: string;
      try {
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        continue; // the process ended meanwhile
      }
      // `pid (comm) state …`: comm may hold spaces, so the fields are counted after its closing parenthesis.
      const close = stat.lastIndexOf(')');
      if (stat.slice(stat.indexOf('(') + 1, close) !== 'postgres') continue;
      const fields = stat.slice(close + 2).split(' ');
      // utime and stime are fields 14 and 15 of the line, 12 and 13 after comm.
      ticks += Number(fields[11]) + Number(fields[12]);
      found = true;
    }
    return found ? (ticks / TICKS_PER_SECOND) * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** PostgreSQL's CPU between two readings, as "X s CPU (Y % of one core)", or that it could not be read. */
export function postgresCpuBetween(before: number | undefined, after: number | undefined, wallSeconds: number): string {
  if (before === undefined || after === undefined) return 'not readable here';
  const cpu = (after - before) / 1000;
  return `${cpu.toFixed(2)} s CPU (${Math.round((cpu / wallSeconds) * 100)} % of one core)`;
}

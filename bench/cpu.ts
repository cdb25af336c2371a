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

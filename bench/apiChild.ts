import { spawn, type ChildProcess } from 'node:child_process';
import { openSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { API_NODE_FLAGS, bundleForNode } from '../scripts/buildApi.ts';
import type { ApiProcessSpec, ApiReply, ApiRequest } from './apiProcess.ts';
import { childReplies } from './childReplies.ts';
import type { CpuReading } from './cpu.ts';

export interface ApiChild {
  baseUrl: string;
  /** Peak (kernel high-water mark) and current RSS of the API process, in MB. */
  memory(): Promise<{ peakRssMb: number; rssMb: number; heapUsedMb: number }>;
  /** The API process's CPU and event-loop busy time since it started. */
  cpu(): Promise<CpuReading>;
  stop(): Promise<void>;
  /** End the process at once, abandoning a sync in progress. */
  kill(): Promise<void>;
}

const BUNDLE = 'dist/bench/apiProcess.js';
let bundled: Promise<string> | undefined;

/**
 * The API child runs from a bundle on plain Node, as `npm start` runs the API (scripts/buildApi.ts): under
 * tsx its RSS would carry about 85 MB of transpiled sources and source maps that production does not.
 */
function apiProcessBundle(): Promise<string> {
  bundled ??= bundleForNode('bench/apiProcess.ts', BUNDLE).then(() => fileURLToPath(new URL(`../${BUNDLE}`, import.meta.url)));
  return bundled;
}

/** Start `bench/apiProcess.ts` as a child process; its log lines go to `<dir>/<name>.log`. */
export async function startApiChild(spec: ApiProcessSpec, dir: string, name: string): Promise<ApiChild> {
  const log = openSync(join(dir, `${name}.log`), 'a');
  // The flags `npm start` runs the API with; BENCH_API_NODE_ARGS replaces them (e.g. `--prof` to profile it).
  const nodeArgs = process.env.BENCH_API_NODE_ARGS?.split(' ').filter(Boolean) ?? API_NODE_FLAGS;
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, await apiProcessBundle()], {
    stdio: ['ignore', log, log, 'ipc'],
    env: { ...process.env, BENCH_API: JSON.stringify(spec) },
  });
  const next = childReplies<ApiReply>(child, 'API process', `; see ${name}.log`);
  const ask = <K extends ApiReply['kind']>(request: ApiRequest, kind: K) => {
    const reply = next(kind);
    child.send(request);
    return reply;
  };
  const ready = await next('ready');
  return {
    baseUrl: `http://127.0.0.1:${ready.port}`,
    memory: async () => {
      const { peakRssMb, rssMb, heapUsedMb } = await ask({ kind: 'memory' }, 'memory');
      return { peakRssMb, rssMb, heapUsedMb };
    },
    cpu: async () => {
      const { cpuMs, busyMs } = await ask({ kind: 'cpu' }, 'cpu');
      return { cpuMs, busyMs };
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.send({ kind: 'stop' } satisfies ApiRequest);
      }),
    kill: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        // Asked to exit first (a profiler writes its file on exit); killed if it does not within 5 s.
        const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(killer);
          resolve();
        });
        child.send({ kind: 'exit' } satisfies ApiRequest);
      }),
  };
}

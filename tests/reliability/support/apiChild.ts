import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { RunningEmulator } from '../../../emulator/src/index.ts';

const ENTRY = new URL('./apiProcess.ts', import.meta.url).pathname;
const ROOT = new URL('../../../', import.meta.url).pathname;

/** An API running as a child process (tests/reliability/support/apiProcess.ts). */
export interface ApiChild {
  pid: number;
  baseUrl: string;
  /** Every JSON log line it has written so far. */
  logs: Record<string, unknown>[];
  /** Resolves when the process has exited, however it ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** `kill -9`: no shutdown, no flush, no goodbye. */
  crash(): Promise<void>;
  /** SIGTERM: the API closes its server, worker and store, then exits. */
  stop(): Promise<void>;
}

/** The environment that points an API child at an emulator running in this (test) process. */
export function emulatorEnv(emulator: RunningEmulator): Record<string, string> {
  const caFile = process.env.EMULATOR_TLS_CERT_FILE;
  if (!caFile) throw new Error('Run tests through `npm test` (tests/run.ts), which sets up the emulator certificate.');
  return {
    EMULATOR_URL: emulator.baseUrl,
    EMULATOR_TENANT_ID: emulator.tenantId,
    EMULATOR_CLIENT_ID: emulator.clientId,
    EMULATOR_CLIENT_SECRET: emulator.clientSecret,
    EMULATOR_CA_FILE: caFile,
  };
}

/** PostgreSQL at `url`, working in `schema` (which must exist): how a child joins a test's isolated schema. */
export function schemaUrl(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('options', `-c search_path=${schema}`);
  return parsed.toString();
}

/** Start an API child and wait until it listens. */
export async function spawnApi(env: Record<string, string>, options: { timeoutMs?: number } = {}): Promise<ApiChild> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  // Nothing of the child keeps this process alive; when this process ends, the child's stdin closes and it exits.
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr] as unknown as { unref(): void }[]) stream.unref();
  const logs: Record<string, unknown>[] = [];
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = `${stderr}${chunk.toString('utf8')}`.slice(-4_000);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const listening = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`API child did not start within ${options.timeoutMs ?? 90_000} ms: ${stderr}`)),
      options.timeoutMs ?? 90_000,
    );
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`API child exited (${code ?? signal}) before listening: ${stderr}`));
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      logs.push(entry);
      if (entry.event === 'api_ready') {
        clearTimeout(timer);
        resolve(Number(entry.port));
      }
    });
  });
  let port: number;
  try {
    port = await listening;
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    pid: child.pid as number,
    baseUrl: `http://127.0.0.1:${port}`,
    logs,
    exited,
    async crash() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

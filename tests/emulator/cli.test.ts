import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;
const cli = ['--import', 'tsx', join(root, 'emulator/src/cli.ts')];

/** GET a JSON document, trusting only the given CA (not the one `npm test` installed). */
function getJson(url: string, ca: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    get(url, { ca }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve(JSON.parse(text)));
    }).on('error', reject);
  });
}

describe('emulator CLI', () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill('SIGTERM');
  });

  it('prints one JSON line first, then a summary, and serves with the CA it wrote', async () => {
    const caFile = join(mkdtempSync(join(tmpdir(), 'emulator-cli-')), 'ca.pem');
    child = spawn(
      process.execPath,
      [
        ...cli,
        '--port',
        '0',
        '--rooms',
        '40',
        '--seed',
        '4',
        '--tenants',
        '2',
        '--profile',
        'realistic',
        '--rate-429',
        '0.05',
        '--access-token-lifetime',
        '120',
        '--ca-file',
        caFile,
      ],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const lines = createInterface({ input: child.stdout! });
    const received: string[] = [];
    const summaryRead = new Promise<void>((resolve, reject) => {
      child?.once('exit', (code) => reject(new Error(`the CLI exited with ${code} before its summary`)));
      lines.on('line', (line) => {
        received.push(line);
        if (line.startsWith('Control API:')) resolve();
      });
    });
    await summaryRead;
    const first = JSON.parse(received[0] ?? '') as Record<string, unknown>;
    for (const key of ['baseUrl', 'tenantId', 'clientId', 'clientSecret', 'caCertFile']) assert.ok(first[key], `first line has ${key}`);
    assert.equal(first.caCertFile, caFile);
    assert.equal((first.tenantIds as string[]).length, 2);
    const summary = received.slice(1).join('\n');
    assert.match(summary, /Tenant .+ \([a-z0-9]+\.onmicrosoft\.com, WW\)/);
    assert.match(summary, /compliant \d+/);
    assert.match(summary, /global-admin\s+grace\.global@/);
    assert.match(summary, /Traffic profile: realistic \(rate429=0\.05, accessTokenLifetimeSeconds=120\)/);

    const ca = readFileSync(caFile, 'utf8');
    const tenants = (await getJson(`${first.baseUrl}/emulator/tenants`, ca)) as {
      value: { id: string; counts: { roomMailboxes: number } }[];
    };
    assert.equal(tenants.value[0]?.id, first.tenantId);
    assert.equal(tenants.value[0]?.counts.roomMailboxes, 40);
    const profile = (await getJson(`${first.baseUrl}/emulator/profile`, ca)) as {
      profile: string;
      knobs: { rate429: number; seed: number; accessTokenLifetimeSeconds: number; refreshTokenLifetimeSeconds: number };
    };
    assert.equal(profile.profile, 'realistic');
    assert.equal(profile.knobs.rate429, 0.05);
    assert.equal(profile.knobs.seed, 4, 'the traffic seed follows --seed');
    assert.equal(profile.knobs.accessTokenLifetimeSeconds, 120);
    assert.equal(profile.knobs.refreshTokenLifetimeSeconds, 7_776_000, "Entra's 90 days by default");

    const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    child = undefined;
  });

  it('prints usage for --help', () => {
    const result = spawnSync(process.execPath, [...cli, '--help'], { cwd: root, encoding: 'utf8' });
    assert.equal(result.status, 0);
    assert.match(result.stdout, /^Usage: npm run emulator/);
    assert.match(result.stdout, /--profile P/);
    assert.match(result.stdout, /--rate-429/);
    assert.match(result.stdout, /--sso-token-lifetime/);
    assert.match(result.stdout, /--refresh-token-lifetime/);
  });

  it('rejects bad flags with a clear message and exit code 2', () => {
    for (const [args, message] of [
      [['--colour', 'blue'], /Unknown option '--colour'/],
      [['--profile', 'turbo'], /--profile must be one of none, realistic, generous, chaos/],
      [['--rooms', 'many'], /--rooms must be a whole number/],
      [['--rate-429', '1.5'], /--rate-429 '1.5' is invalid/],
      [['--region', 'MARS'], /--region must be one of/],
      [['--refresh-token-lifetime', '0'], /--refresh-token-lifetime '0' is invalid/],
    ] as const) {
      const result = spawnSync(process.execPath, [...cli, ...args], { cwd: root, encoding: 'utf8' });
      assert.equal(result.status, 2, args.join(' '));
      assert.match(result.stderr, message);
      assert.equal(result.stdout, '');
    }
  });
});

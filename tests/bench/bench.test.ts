import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { FIGURE_KEYS } from '../../bench/figures.ts';

const root = new URL('../..', import.meta.url).pathname;
/** The figures whose target is a multiple of a throttle floor. */
const AGAINST_FLOOR = ['usableList', 'fullSync', 'bulkApply'];

/** `npm run bench -- --quick --json`: it runs, and its JSON has every figure with every field. No timing is asserted. */
describe('benchmarks (quick run)', () => {
  it('prints one JSON object with every figure of issue 8', { timeout: 300_000 }, async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'bench/run.ts'), '--quick', '--json'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 0, stderr);
    const figures = JSON.parse(stdout) as Record<string, Record<string, unknown>>;
    assert.deepEqual(Object.keys(figures).sort(), [...FIGURE_KEYS].sort());
    for (const key of FIGURE_KEYS) {
      const figure = figures[key];
      assert.ok(figure, key);
      for (const field of ['value', 'unit', 'target']) assert.ok(field in figure, `${key}.${field}`);
      // A figure this machine cannot take (no Chromium, say) is null and says why.
      assert.ok(
        typeof figure.value === 'number' || (figure.value === null && typeof figure.note === 'string'),
        `${key}: ${JSON.stringify(figure)}`,
      );
      if (AGAINST_FLOOR.includes(key))
        for (const field of ['floor', 'ratio']) assert.equal(typeof figure[field], 'number', `${key}.${field}`);
    }
  });
});

import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'vitest';

const root = new URL('../../api/src/accounts/', import.meta.url).pathname;
const modules = (readdirSync(root, { recursive: true }) as string[]).filter((file) => file.endsWith('.ts')).sort();

/**
 * Every module of api/src/accounts/ loads and exports something. A module whose top level throws (a broken
 * label table, catalog or registry) makes every test file importing it fail before it declares a test; Vitest
 * reports that as a file error with no tests, which the mutation run (StrykerJS) does not count as a kill.
 * Importing inside a test turns such a failure into a failed test (docs/mutation.md).
 */
describe('api/src/accounts modules', () => {
  it('there are modules to load', () => {
    assert.ok(modules.length > 20, relative(process.cwd(), root));
  });

  for (const file of modules) {
    it(`${file} loads and exports`, async () => {
      const loaded = (await import(join(root, file))) as Record<string, unknown>;
      // types.ts and readSide.ts declare types only: nothing of them is left at run time.
      assert.ok(Object.keys(loaded).length > 0 || file.endsWith('types.ts') || file.endsWith('readSide.ts'), file);
    });
  }
});

// @ts-nocheck
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { PNG } from 'pngjs';
import { iconProblems } from '../../scripts/appPackage/iconRules.ts';
import { drawColorIcon, drawOutlineIcon } from '../../scripts/appPackage/icons.ts';
import { ROOT } from './support.ts';

const committed = (name: string) => readFileSync(join(ROOT, 'appPackage', name));

describe('package: icons', () => {
  it('color.png is 192×192 and outline.png is 32×32, white on transparent', () => {
    assert.deepEqual(iconProblems(committed('color.png'), committed('outline.png')), []);
    const color = PNG.sync.read(committed('color.png'));
    assert.equal(`${color.width}×${color.height}`, '192×192');
  });

  it('the committed icons are what scripts/icons.ts draws', () => {
    assert.ok(PNG.sync.read(committed('color.png')).data.equals(PNG.sync.read(drawColorIcon()).data));
    assert.ok(PNG.sync.read(committed('outline.png')).data.equals(PNG.sync.read(drawOutlineIcon()).data));
  });

  it('flags wrong sizes, coloured outline pixels and an opaque outline', () => {
    const outline = PNG.sync.read(drawOutlineIcon());
    const visible = outline.data.findIndex((value, index) => index % 4 === 3 && value > 0) - 3;
    outline.data[visible] = 0;
    const coloured = PNG.sync.write(outline);
    assert.match(iconProblems(drawColorIcon(), coloured).join('\n'), /not white/);

    const opaque = new PNG({ width: 32, height: 32 });
    opaque.data.fill(255);
    assert.match(iconProblems(drawColorIcon(), PNG.sync.write(opaque)).join('\n'), /no transparent pixels/);
    assert.match(iconProblems(drawOutlineIcon(), drawOutlineIcon()).join('\n'), /color\.png is 32×32/);
  });
});

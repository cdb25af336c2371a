// @ts-nocheck
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { benchTabSize } from '../../bench/tab.ts';

const TAB = new URL('../../dist/tab/', import.meta.url).pathname;

/** Issue 15: the summary charts load on demand, so the first load stays within its 350 KB gzip budget. */
// `npm test` builds the tab first; run alone without dist/tab, the file is reported as skipped.
describe.skipIf(!existsSync(join(TAB, 'index.html')))('tab first-load budget', () => {
  it('index.html loads no charting code, and what it loads is within 350 KB gzip', () => {
    const html = readFileSync(join(TAB, 'index.html'), 'utf8');
    const charts = readdirSync(join(TAB, 'assets')).filter((name) => name.startsWith('SummaryCharts-'));
    assert.equal(charts.length, 1, 'the summary charts are a chunk of their own');
    assert.ok(!html.includes(charts[0] as string), 'the charts chunk is not loaded first');
    const figure = benchTabSize(TAB);
    assert.ok(figure.met, `${String(figure.value)} KB: ${figure.note}`);
  });
});

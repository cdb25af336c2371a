/** The keys of `npm run bench -- --json`, in the order of issue 8's table. */
export const FIGURE_KEYS = [
  'usableList',
  'firstRowsOverFloorS',
  'fullSync',
  'fullSyncGenerous',
  'sequentialSpeedup',
  'refresh',
  'bulkApply',
  'bulkApplyGenerous',
  'listP95Ms',
  'summaryP95Ms',
  'apiRssMbPostgres',
  'apiRssMbPglite',
  'throttledShare',
  'throttledShareGenerous',
  'tabJsGzipKb',
  'tabFirstRowsMs',
  'tabLongestTaskMs',
] as const;

export type FigureKey = (typeof FIGURE_KEYS)[number];

/** One measured figure. `ratio` is value / floor where a floor applies; `met` compares with the target. */
export interface Figure {
  value: number | null;
  unit: string;
  /** The target as issue 8 states it. */
  target: string;
  floor?: number;
  ratio?: number;
  met: boolean | null;
  /** The emulator's time scale during the measurement (rates × k, latencies ÷ k). */
  k?: number;
  /** How it was measured, what bounds it, or why it is missing. */
  note?: string;
}

export type Figures = Record<FigureKey, Figure>;

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** A time against its floor: met when value / floor ≤ `maxRatio`. */
export function againstFloor(seconds: number, floor: number, maxRatio: number, extra: Partial<Figure> = {}): Figure {
  const ratio = floor > 0 ? seconds / floor : Number.POSITIVE_INFINITY;
  return {
    value: round(seconds, 2),
    unit: 's',
    target: `≤ ${maxRatio}× floor`,
    floor: round(floor, 2),
    ratio: round(ratio, 3),
    met: ratio <= maxRatio,
    ...extra,
  };
}

/** A plain value with an upper (`≤`) or lower (`≥`) bound. */
export function bounded(value: number, unit: string, bound: '≤' | '≥', limit: number, extra: Partial<Figure> = {}): Figure {
  return {
    value: round(value, 2),
    unit,
    target: `${bound} ${limit} ${unit}`.trim(),
    met: bound === '≤' ? value <= limit : value >= limit,
    ...extra,
  };
}

/** A figure that could not be taken, with the reason. */
export function missing(unit: string, target: string, note: string): Figure {
  return { value: null, unit, target, met: null, note };
}

/** The readable table `npm run bench` prints. */
export function formatTable(figures: Partial<Figures>): string {
  const rows = FIGURE_KEYS.filter((key) => figures[key]).map((key) => {
    const figure = figures[key] as Figure;
    return [
      key,
      figure.value === null ? '—' : `${figure.value} ${figure.unit}`,
      figure.floor === undefined ? '' : `${figure.floor} s`,
      figure.ratio === undefined ? '' : `${figure.ratio}×`,
      figure.target,
      figure.met === null ? 'n/a' : figure.met ? 'met' : 'MISSED',
      figure.k === undefined ? '' : `k=${figure.k}`,
    ];
  });
  const header = ['figure', 'value', 'floor', 'ratio', 'target', '', 'scale'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  const notes = FIGURE_KEYS.filter((key) => figures[key]?.note).map((key) => `  ${key}: ${figures[key]?.note}`);
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line), '', 'Notes:', ...notes].join('\n');
}

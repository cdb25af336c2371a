import {
  DataVizPalette,
  DonutChart,
  getColorFromToken,
  HorizontalBarChart,
  VerticalStackedBarChart,
  type ChartProps,
  type VerticalStackedChartProps,
} from '@fluentui/react-charts';
import { Button, makeStyles, Text, tokens } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { SummaryResponse } from '../../../../../contract/index.ts';
import { freeSeats } from '../../../../../contract/seats.ts';
import { STATUS_LABEL } from '../../../components/StatusBadge.tsx';
import type { StatusFilter } from '../listFilter.ts';

/**
 * The summary as pictures (issue 15): statuses as a donut, statuses per building as stacked bars (a segment
 * filters the list), and Teams Rooms seats used against bought per SKU. Loaded on demand (React.lazy in
 * AccountsPage) so the charting library stays out of the first load. Each chart has a table alternative for
 * screen readers, and the per-building table's counts are buttons: the keyboard way to filter by a segment.
 */

type Counted = 'noActionNeeded' | 'needsAction' | 'notAvailable' | 'ungraded';
const SERIES: { key: Counted; label: string; filter: StatusFilter; color: string }[] = [
  { key: 'noActionNeeded', label: STATUS_LABEL.noActionNeeded, filter: 'noActionNeeded', color: DataVizPalette.success },
  { key: 'needsAction', label: STATUS_LABEL.needsAction, filter: 'needsAction', color: DataVizPalette.error },
  { key: 'notAvailable', label: STATUS_LABEL.notAvailable, filter: 'notAvailable', color: DataVizPalette.warning },
  { key: 'ungraded', label: 'Not graded', filter: 'unknown', color: DataVizPalette.disabled },
];

const useStyles = makeStyles({
  row: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(300px, 1fr))', gap: tokens.spacingHorizontalM },
  figure: {
    margin: 0,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
    display: 'grid',
    gap: tokens.spacingVerticalS,
    minWidth: 0,
  },
  // Visually hidden, read by screen readers (the chart's SVG is a picture; the table carries the numbers).
  hidden: { position: 'absolute', width: '1px', height: '1px', overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap' },
  // Shown when focused from the keyboard, so the filter buttons inside are usable without a mouse.
  reveal: { ':focus-within': { position: 'static', width: 'auto', height: 'auto', clip: 'auto', whiteSpace: 'normal' } },
});

interface Props {
  summary: SummaryResponse;
  /** Filter the list on one status in one building (a bar segment or its table cell). */
  onFilter(filter: { status: StatusFilter[]; building: string[] }): void;
}

const CHARTS = 3;

/**
 * How many of the charts may draw yet: one more at each idle turn of the browser. Drawn together, the three
 * charts' first render was one 64–69 ms task (bench, 10,100 rooms), which a user scrolling the list just after it
 * loads feels as a stuck frame; the section and its tables (the numbers) first, then one chart at a time, each is
 * a short task.
 */
function useChartsDrawn(): number {
  const [drawn, setDrawn] = useState(0);
  useEffect(() => {
    if (drawn >= CHARTS) return;
    const next = () => setDrawn((count) => count + 1);
    if (typeof window.requestIdleCallback === 'function') {
      const id = window.requestIdleCallback(next, { timeout: 200 });
      return () => window.cancelIdleCallback(id);
    }
    const id = window.setTimeout(next, 0);
    return () => window.clearTimeout(id);
  }, [drawn]);
  return drawn;
}

export default function SummaryCharts({ summary, onFilter }: Props) {
  const styles = useStyles();
  const drawn = useChartsDrawn();
  // The charts draw palette tokens ('semantic.success') as given: unresolved they came out black. Resolve them
  // for the theme the app root shows (Teams' theme, or ?theme= outside Teams).
  const theme = document.querySelector<HTMLElement>('[data-testid=app-root]')?.dataset.theme;
  const paint = (token: string) => getColorFromToken(token, theme === 'dark' || theme === 'contrast');
  const statuses: ChartProps = {
    chartTitle: 'Accounts by status',
    chartData: SERIES.filter((series) => summary.byStatus[series.key] > 0).map((series) => ({
      legend: series.label,
      data: summary.byStatus[series.key],
      color: paint(series.color),
    })),
  };
  const buildings: VerticalStackedChartProps[] = summary.byBuilding.map((row) => ({
    xAxisPoint: row.building === 'none' ? 'No building' : row.building,
    chartData: SERIES.map((series) => ({
      legend: series.label,
      data: row[series.key],
      color: paint(series.color),
      xAxisCalloutData: row.building,
    })),
  }));
  const seats = summary.seats.filter((seat) => seat.isTeamsRooms);
  // A SKU with no seats and none used has no fraction to draw (0/0 made the chart's rects NaN% wide): it stays
  // in the table below, not in the bars.
  const seatBars: ChartProps[] = seats
    .filter((seat) => Math.max(seat.enabled, seat.consumed) > 0)
    .map((seat) => ({
      chartTitle: seat.name,
      // The chart sizes each segment as its share of the segments' sum, so "used" needs its "free" partner: with
      // used alone, 0 used gave 0/0 and NaN-wide rects.
      chartData: [
        {
          legend: 'Used',
          horizontalBarChartdata: { x: seat.consumed, y: Math.max(seat.enabled, seat.consumed) },
          color: paint(seat.consumed > seat.enabled ? DataVizPalette.error : DataVizPalette.color1),
        },
        {
          legend: 'Free',
          horizontalBarChartdata: { x: freeSeats(seat), y: Math.max(seat.enabled, seat.consumed) },
          color: paint(DataVizPalette.disabled),
        },
      ],
    }));
  const filterSegment = (building: string, status: StatusFilter) => onFilter({ status: [status], building: [building] });

  return (
    <section className={styles.row} aria-label="Summary charts" aria-busy={drawn < CHARTS} data-testid="summary-charts">
      <figure className={styles.figure} data-testid="chart-statuses">
        <Text as="h2" weight="semibold" id="chart-statuses-title">
          Accounts by status
        </Text>
        {/* The charts throw on empty data (a tenant before its first Get Data): say so instead. */}
        {drawn < 1 ? null : summary.total > 0 ? (
          <DonutChart data={statuses} innerRadius={45} height={200} valueInsideDonut={summary.total} hideLegend={false} />
        ) : (
          <Text>No accounts yet.</Text>
        )}
        <table className={styles.hidden} aria-labelledby="chart-statuses-title" data-testid="table-statuses">
          <thead>
            <tr>
              <th scope="col">Status</th>
              <th scope="col">Accounts</th>
            </tr>
          </thead>
          <tbody>
            {SERIES.map((series) => (
              <tr key={series.key}>
                <th scope="row">{series.label}</th>
                <td>{summary.byStatus[series.key]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </figure>
      <figure className={styles.figure} data-testid="chart-buildings">
        <Text as="h2" weight="semibold" id="chart-buildings-title">
          Status by building
        </Text>
        {drawn < 2 ? null : buildings.length === 0 ? (
          <Text>No accounts with a building yet.</Text>
        ) : (
          <VerticalStackedBarChart
            data={buildings}
            height={220}
            chartTitle="Status by building"
            onBarClick={(_event, data) => {
              // A segment (isCalloutForStack off) carries its building in xAxisCalloutData and its status as legend.
              const point = data as { legend?: string; xAxisCalloutData?: string };
              const series = SERIES.find((item) => item.label === point.legend);
              if (series && point.xAxisCalloutData) filterSegment(point.xAxisCalloutData, series.filter);
            }}
          />
        )}
        <table className={`${styles.hidden} ${styles.reveal}`} aria-labelledby="chart-buildings-title" data-testid="table-buildings">
          <thead>
            <tr>
              <th scope="col">Building</th>
              {SERIES.map((series) => (
                <th key={series.key} scope="col">
                  {series.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {summary.byBuilding.map((row) => (
              <tr key={row.building}>
                <th scope="row">{row.building === 'none' ? 'No building' : row.building}</th>
                {SERIES.map((series) => (
                  <td key={series.key}>
                    <Button
                      appearance="transparent"
                      size="small"
                      aria-label={`Show ${row[series.key]} ${series.label} in ${row.building}`}
                      onClick={() => filterSegment(row.building, series.filter)}
                    >
                      {String(row[series.key])}
                    </Button>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </figure>
      <figure className={styles.figure} data-testid="chart-seats">
        <Text as="h2" weight="semibold" id="chart-seats-title">
          Teams Rooms seats used
        </Text>
        {drawn < 3 ? null : seatBars.length > 0 ? (
          <HorizontalBarChart data={seatBars} chartDataMode="fraction" barHeight={12} />
        ) : (
          <Text>No Teams Rooms seats bought.</Text>
        )}
        <table className={styles.hidden} aria-labelledby="chart-seats-title" data-testid="table-seats">
          <thead>
            <tr>
              <th scope="col">License</th>
              <th scope="col">Used</th>
              <th scope="col">Bought</th>
              <th scope="col">Free</th>
            </tr>
          </thead>
          <tbody>
            {seats.map((seat) => (
              <tr key={seat.skuId}>
                <th scope="row">{seat.name}</th>
                <td>{seat.consumed}</td>
                <td>{seat.enabled}</td>
                <td>{seat.available}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </figure>
    </section>
  );
}

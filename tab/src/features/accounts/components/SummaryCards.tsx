import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import type { SummaryResponse } from '../../../../../contract/index.ts';
import type { StatusFilter } from '../listFilter.ts';

const useStyles = makeStyles({
  row: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(150px, 1fr))', gap: tokens.spacingHorizontalM },
  card: {
    display: 'grid',
    gap: tokens.spacingVerticalXXS,
    alignContent: 'start',
    textAlign: 'start',
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
    boxShadow: tokens.shadow2,
    fontFamily: tokens.fontFamilyBase,
  },
  button: {
    cursor: 'pointer',
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
    ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` },
  },
  active: { border: `${tokens.strokeWidthThick} solid ${tokens.colorBrandStroke1}` },
  value: { fontSize: tokens.fontSizeHero700, lineHeight: tokens.lineHeightHero700, fontWeight: tokens.fontWeightSemibold },
  label: { fontSize: tokens.fontSizeBase300 },
});

interface Props {
  summary: SummaryResponse;
  /** The single status the list is filtered on, or null for all. */
  active: StatusFilter | null;
  onSelect(status: StatusFilter | null): void;
  /** Whether the list is filtered on the rooms not signed in recently (stale and never). */
  signInActive: boolean;
  /** Filter the list on those rooms (true), or stop (false). */
  onSignInSelect(active: boolean): void;
}

/** The counts above the list; the status cards double as filters. Seats per license are a chart (SummaryCharts). */
export function SummaryCards({ summary, active, onSelect, signInActive, onSignInSelect }: Props) {
  const styles = useStyles();
  const filterCards: { status: StatusFilter | null; label: string; value: number }[] = [
    { status: null, label: 'All accounts', value: summary.total },
    { status: 'noActionNeeded', label: 'No Action Needed', value: summary.byStatus.noActionNeeded },
    { status: 'needsAction', label: 'Needs Action', value: summary.byStatus.needsAction },
    { status: 'notAvailable', label: 'N/A', value: summary.byStatus.notAvailable },
    ...(summary.byStatus.ungraded > 0 ? [{ status: 'unknown' as const, label: 'Not graded', value: summary.byStatus.ungraded }] : []),
  ];
  return (
    <section className={styles.row} aria-label="Summary">
      {filterCards.map((card) => (
        <button
          key={card.label}
          type="button"
          className={mergeClasses(styles.card, styles.button, active === card.status && styles.active)}
          aria-pressed={active === card.status}
          data-testid={`card-${card.status ?? 'all'}`}
          onClick={() => onSelect(card.status)}
        >
          <span className={styles.value}>{card.value}</span>
          <span className={styles.label}>{card.label}</span>
        </button>
      ))}
      {/* Absent from an API that predates sign-in health: no card rather than a made-up zero. */}
      {summary.notSignedInRecently !== undefined && (
        <button
          type="button"
          className={mergeClasses(styles.card, styles.button, signInActive && styles.active)}
          aria-pressed={signInActive}
          data-testid="card-not-signed-in"
          onClick={() => onSignInSelect(!signInActive)}
        >
          <span className={styles.value}>{summary.notSignedInRecently}</span>
          <span className={styles.label}>
            {summary.signInWithinDays === undefined
              ? 'Not signed in recently'
              : `Not signed in within ${summary.signInWithinDays} day${summary.signInWithinDays === 1 ? '' : 's'}`}
          </span>
        </button>
      )}
      <div className={styles.card} data-testid="card-warnings">
        <span className={styles.value}>{summary.warnings}</span>
        <span className={styles.label}>Warnings</span>
      </div>
    </section>
  );
}

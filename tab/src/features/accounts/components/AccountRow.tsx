import { Badge, createCustomFocusIndicatorStyle, makeStyles, mergeClasses, shorthands, tokens } from '@fluentui/react-components';
import { Checkmark12Filled, Warning12Filled } from '@fluentui/react-icons';
import { memo } from 'react';
import type { AccountListItem } from '../../../../../contract/index.ts';
import { StatusBadge } from '../../../components/StatusBadge.tsx';
import { formatRelative, formatTime } from '../../../lib/format.ts';

export const ROW_HEIGHT = 44;
export const COLUMNS = '44px minmax(200px, 2fr) minmax(220px, 2fr) minmax(160px, 1.5fr) 150px 200px minmax(160px, 1.5fr) 200px';

/**
 * A wheel turn brings a screenful of new rows into the virtualized list, all mounted in one task. Fluent's TableRow,
 * TableCell, Checkbox and Link run several hooks each (focus tracking, slots, style merging), which made that task
 * longer than 50 ms; here they are plain elements with the same styles (Fluent's medium Table with no native elements).
 * The list calls this hook once and hands the classes to its rows: every component mounting with a makeStyles hook
 * walks all of that hook's CSS rules to insert them.
 */
export const useRowClasses = makeStyles({
  row: {
    position: 'absolute',
    top: 0,
    left: 0,
    right: 0,
    height: `${ROW_HEIGHT}px`,
    display: 'grid',
    gridTemplateColumns: COLUMNS,
    alignItems: 'center',
    boxSizing: 'border-box',
    color: tokens.colorNeutralForeground1,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    ':hover': { backgroundColor: tokens.colorSubtleBackgroundHover, color: tokens.colorNeutralForeground1Hover },
    ':active': { backgroundColor: tokens.colorSubtleBackgroundPressed, color: tokens.colorNeutralForeground1Pressed },
    '@media (forced-colors: active)': { ':hover': { color: 'Highlight', borderBottomColor: 'Highlight' } },
  },
  cell: {
    position: 'relative',
    display: 'flex',
    alignItems: 'center',
    minWidth: '0px',
    minHeight: `${ROW_HEIGHT}px`,
    padding: `0px ${tokens.spacingHorizontalS}`,
  },
  text: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  signIn: { gap: tokens.spacingHorizontalXS },
  // The status text token, not a palette colour: it keeps its contrast in the light, dark and high-contrast themes.
  stale: { color: tokens.colorStatusWarningForeground3, display: 'inline-flex', alignItems: 'center', gap: tokens.spacingHorizontalXXS },
  muted: { color: tokens.colorNeutralForeground3 },
  // Fluent's Link (an anchor with href).
  link: {
    backgroundColor: 'transparent',
    boxSizing: 'border-box',
    color: tokens.colorBrandForegroundLink,
    cursor: 'pointer',
    display: 'inline',
    fontFamily: tokens.fontFamilyBase,
    fontSize: 'inherit',
    fontWeight: tokens.fontWeightRegular,
    margin: '0',
    padding: '0',
    overflow: 'inherit',
    textAlign: 'left',
    textDecorationLine: 'none',
    textDecorationThickness: tokens.strokeWidthThin,
    textOverflow: 'inherit',
    userSelect: 'text',
    ':focus-visible': { outlineStyle: 'none' },
    ':hover': { textDecorationLine: 'underline', color: tokens.colorBrandForegroundLinkHover },
    ':active': { textDecorationLine: 'underline', color: tokens.colorBrandForegroundLinkPressed },
    // FluentProvider marks the keyboard-focused element, whatever renders it.
    ...createCustomFocusIndicatorStyle({
      textDecorationColor: tokens.colorStrokeFocus2,
      textDecorationLine: 'underline',
      textDecorationStyle: 'double',
      outlineStyle: 'none',
    }),
  },
  // Fluent's Checkbox (medium, no label): a transparent native input over a drawn indicator.
  checkbox: {
    position: 'relative',
    display: 'inline-flex',
    cursor: 'pointer',
    maxWidth: 'fit-content',
    verticalAlign: 'middle',
    color: tokens.colorNeutralForeground3,
    ':hover': { color: tokens.colorNeutralForeground2, '--row-checkbox-border': tokens.colorNeutralStrokeAccessibleHover },
    ':active': { color: tokens.colorNeutralForeground1, '--row-checkbox-border': tokens.colorNeutralStrokeAccessiblePressed },
    // Fluent's focus ring, drawn when the input has keyboard focus.
    ':has(> input[data-fui-focus-visible])::after': {
      content: '""',
      position: 'absolute',
      pointerEvents: 'none',
      zIndex: 1,
      border: `2px solid ${tokens.colorStrokeFocus2}`,
      borderRadius: tokens.borderRadiusMedium,
      inset: '-2px',
    },
    '@media (forced-colors: active)': { ':has(> input[data-fui-focus-visible])::after': shorthands.borderColor('Highlight') },
  },
  checked: {
    color: tokens.colorNeutralForeground1,
    '--row-checkbox-background': tokens.colorCompoundBrandBackground,
    '--row-checkbox-color': tokens.colorNeutralForegroundInverted,
    '--row-checkbox-border': tokens.colorCompoundBrandBackground,
    ':hover': {
      '--row-checkbox-background': tokens.colorCompoundBrandBackgroundHover,
      '--row-checkbox-border': tokens.colorCompoundBrandBackgroundHover,
    },
    ':active': {
      '--row-checkbox-background': tokens.colorCompoundBrandBackgroundPressed,
      '--row-checkbox-border': tokens.colorCompoundBrandBackgroundPressed,
    },
  },
  input: {
    boxSizing: 'border-box',
    cursor: 'inherit',
    height: '100%',
    margin: 0,
    opacity: 0,
    position: 'absolute',
    top: 0,
    left: 0,
    width: `calc(16px + 2 * ${tokens.spacingHorizontalS})`,
    ':focus': { outlineStyle: 'none' },
    ':focus-visible': { outlineStyle: 'none' },
  },
  indicator: {
    alignSelf: 'flex-start',
    boxSizing: 'border-box',
    flexShrink: 0,
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    overflow: 'hidden',
    color: 'var(--row-checkbox-color)',
    backgroundColor: 'var(--row-checkbox-background)',
    ...shorthands.borderColor(`var(--row-checkbox-border, ${tokens.colorNeutralStrokeAccessible})`),
    ...shorthands.borderStyle('solid'),
    ...shorthands.borderWidth(tokens.strokeWidthThin),
    borderRadius: tokens.borderRadiusSmall,
    margin: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`,
    fill: 'currentColor',
    pointerEvents: 'none',
    fontSize: '12px',
    height: '16px',
    width: '16px',
  },
});

export type RowClasses = ReturnType<typeof useRowClasses>;

interface Props {
  classes: RowClasses;
  index: number;
  /** Offset from the top of the list, in pixels. */
  start: number;
  row: AccountListItem;
  checked: boolean;
  /** Stable (useCallback): rows are memoized and re-render only when their own props change. */
  onSelect(ids: string[], selected: boolean): void;
  locale: string;
}

/** One account of the list; memoized, so scrolling renders only the rows coming into view. */
export const AccountRow = memo(function AccountRow({ classes: styles, index, start, row, checked, onSelect, locale }: Props) {
  const text = mergeClasses(styles.cell, styles.text);
  const licenses = row.licenses.map((license) => license.name).join(', ') || 'None';
  return (
    <div
      role="row"
      className={styles.row}
      style={{ transform: `translateY(${start}px)` }}
      aria-rowindex={index + 2}
      data-testid="account-row"
      data-account-id={row.id}
    >
      <div role="cell" className={styles.cell}>
        <span className={mergeClasses(styles.checkbox, checked && styles.checked)}>
          <input
            type="checkbox"
            className={styles.input}
            aria-label={`Select ${row.displayName}`}
            checked={checked}
            onChange={(event) => onSelect([row.id], event.currentTarget.checked)}
          />
          <div aria-hidden="true" className={styles.indicator}>
            {checked && <Checkmark12Filled />}
          </div>
        </span>
      </div>
      <div role="cell" className={text}>
        <a className={styles.link} href={`#/accounts/${encodeURIComponent(row.id)}`} data-testid="account-link">
          {row.displayName}
        </a>
      </div>
      <div role="cell" className={text} data-col="upn">
        {row.userPrincipalName}
      </div>
      <div role="cell" className={text}>
        {row.location ?? '—'}
      </div>
      <div role="cell" className={styles.cell}>
        <StatusBadge status={row.status} />
      </div>
      <div role="cell" className={mergeClasses(styles.cell, styles.signIn)} data-col="sign-in">
        <SignInCell classes={styles} signIn={row.signIn} locale={locale} />
      </div>
      <div role="cell" className={text} title={licenses}>
        {licenses}
      </div>
      <div role="cell" className={text}>
        {formatTime(row.lastReadAt, locale)}
      </div>
    </div>
  );
});

/**
 * The Sign-in column: how long ago the last successful sign-in was, in the warning colour (with an icon, not colour
 * alone) when older than the baseline's N days or never, and a badge when an enabled Conditional Access policy blocks it.
 */
function SignInCell({ classes: styles, signIn, locale }: { classes: RowClasses; signIn: AccountListItem['signIn']; locale: string }) {
  if (!signIn) return <span className={styles.muted}>—</span>;
  const when = signIn.lastSuccessfulSignIn ? formatTime(signIn.lastSuccessfulSignIn, locale) : undefined;
  let text;
  switch (signIn.state) {
    case 'recent':
      text = <span title={when}>{formatRelative(signIn.lastSuccessfulSignIn, locale)}</span>;
      break;
    case 'stale':
    case 'never':
      text = (
        <span className={styles.stale} title={when ?? 'No successful sign-in recorded'} data-sign-in-state={signIn.state}>
          <Warning12Filled aria-hidden />
          {signIn.state === 'never' || !signIn.lastSuccessfulSignIn ? 'Never' : formatRelative(signIn.lastSuccessfulSignIn, locale)}
        </span>
      );
      break;
    case 'unknown':
      text = (
        <span className={styles.muted} title="The sign-in activity could not be read">
          Unknown
        </span>
      );
      break;
  }
  return (
    <>
      <span className={styles.text}>{text}</span>
      {signIn.blockingPolicies > 0 && (
        <Badge
          appearance="tint"
          color="danger"
          size="small"
          title={`Blocked by ${signIn.blockingPolicies} Conditional Access polic${signIn.blockingPolicies === 1 ? 'y' : 'ies'}`}
          data-testid="blocked-by-ca"
        >
          Blocked by CA
        </Badge>
      )}
    </>
  );
}

/** A row whose page is still on its way. */
export const LoadingRow = memo(function LoadingRow({
  classes: styles,
  index,
  start,
}: {
  classes: RowClasses;
  index: number;
  start: number;
}) {
  return (
    <div
      role="row"
      className={styles.row}
      style={{ transform: `translateY(${start}px)` }}
      aria-rowindex={index + 2}
      data-testid="account-row-loading"
    >
      <div role="cell" className={styles.cell} />
      <div role="cell" className={styles.cell} aria-busy>
        Loading…
      </div>
      <div role="cell" className={styles.cell} />
      <div role="cell" className={styles.cell} />
      <div role="cell" className={styles.cell} />
      <div role="cell" className={styles.cell} />
      <div role="cell" className={styles.cell} />
      <div role="cell" className={styles.cell} />
    </div>
  );
});

import { makeStyles, tokens } from '@fluentui/react-components';
import { CheckmarkCircle16Filled, DismissCircle16Filled, QuestionCircle16Regular, Warning16Filled } from '@fluentui/react-icons';
import type { CheckOutcomeDto } from '../../../contract/index.ts';

const useStyles = makeStyles({
  pass: { color: tokens.colorPaletteGreenForeground1 },
  fail: { color: tokens.colorPaletteRedForeground1 },
  warn: { color: tokens.colorPaletteMarigoldForeground1 },
  unknown: { color: tokens.colorNeutralForeground3 },
  mark: { display: 'inline-flex', alignItems: 'center', gap: tokens.spacingHorizontalXS },
});

export type Mark = 'pass' | 'fail' | 'warn' | 'unknown';

/** A failed required check fails the account; a failed recommended one only warns. */
export function markOf(check: Pick<CheckOutcomeDto, 'result' | 'severity'>): Mark {
  if (check.result === 'pass') return 'pass';
  if (check.result === 'unknown' || check.severity === 'ignored') return 'unknown';
  return check.severity === 'required' ? 'fail' : 'warn';
}

const LABEL: Record<Mark, string> = { pass: 'Pass', fail: 'Fail', warn: 'Warning', unknown: 'Not checked' };

export function CheckMark({ mark }: { mark: Mark }) {
  const styles = useStyles();
  const Icon =
    mark === 'pass'
      ? CheckmarkCircle16Filled
      : mark === 'fail'
        ? DismissCircle16Filled
        : mark === 'warn'
          ? Warning16Filled
          : QuestionCircle16Regular;
  return (
    <span className={`${styles.mark} ${styles[mark]}`} data-mark={mark} role="img" aria-label={LABEL[mark]}>
      <Icon aria-hidden />
    </span>
  );
}

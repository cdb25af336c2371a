import { Button, Caption1, Dropdown, Input, makeStyles, Option, Switch, Text, Tooltip, tokens } from '@fluentui/react-components';
import { Info16Regular } from '@fluentui/react-icons';
import type { CheckOutcomeDto } from '../../../../../contract/index.ts';
import { CheckMark, markOf } from '../../../components/CheckMark.tsx';
import { RoleGate } from '../../../components/RoleGate.tsx';
import { formatValue } from '../../../lib/format.ts';
import type { SettingSpec } from '../settings.ts';

const useStyles = makeStyles({
  row: {
    display: 'grid',
    gridTemplateColumns: '24px minmax(180px, 1.4fr) minmax(110px, 1fr) minmax(110px, 1fr) minmax(190px, 1.2fr)',
    gap: tokens.spacingHorizontalS,
    alignItems: 'center',
    padding: `${tokens.spacingVerticalS} 0`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke3}`,
  },
  label: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXXS },
  tip: { display: 'grid', gap: tokens.spacingVerticalXS, maxWidth: '360px' },
  code: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, overflowWrap: 'anywhere' },
  value: { overflowWrap: 'anywhere' },
  control: { minWidth: 0, maxWidth: '100%' },
});

interface Props {
  check: CheckOutcomeDto;
  spec: SettingSpec | undefined;
  value: unknown;
  /** Whether the sign-in's roles show one for this change (a hint: the control stays enabled either way). */
  allowed: boolean;
  /** What else Microsoft 365 accepts for the change, for the hint. */
  also?: string;
  /** Why there is no control, when the setting is changed elsewhere or not at all. */
  elsewhere?: string;
  /** The command that changes it there (e.g. AD PowerShell for an account synchronized from on-premises). */
  elsewhereCommand?: string;
  onChange(value: unknown): void;
}

/** One graded setting: mark, label with hover text, current and expected value, and the control that changes it. */
export function SettingRow({ check, spec, value, allowed, also, elsewhere, elsewhereCommand, onChange }: Props) {
  const styles = useStyles();
  const tip = (
    <div className={styles.tip}>
      <span>{check.description}</span>
      <span className={styles.code}>{check.powershell}</span>
    </div>
  );
  return (
    <div className={styles.row} role="row" data-testid="setting-row" data-check={check.id} data-mark={markOf(check)}>
      <span role="cell">
        <CheckMark mark={markOf(check)} />
      </span>
      <span role="rowheader" className={styles.label}>
        <Text>{check.label}</Text>
        <Tooltip content={tip} relationship="description" withArrow>
          <Button
            appearance="transparent"
            size="small"
            icon={<Info16Regular />}
            aria-label={`About ${check.label}`}
            data-testid="setting-info"
          />
        </Tooltip>
      </span>
      <span role="cell" className={styles.value}>
        <Caption1 block>Current</Caption1>
        <Text data-testid="setting-current">{formatValue(check.actual)}</Text>
      </span>
      <span role="cell" className={styles.value}>
        <Caption1 block>Expected</Caption1>
        <Text>{formatValue(check.expected)}</Text>
        {check.note && <Caption1 block>{check.note}</Caption1>}
      </span>
      <span role="cell">
        {spec ? (
          <RoleGate allowed={allowed} role={check.changeRole} also={also}>
            <SettingControl spec={spec} label={check.label} value={value} disabled={false} onChange={onChange} className={styles.control} />
          </RoleGate>
        ) : (
          <span data-testid="setting-elsewhere">
            <Caption1 block>{elsewhere}</Caption1>
            {elsewhereCommand && (
              <Caption1 block className={styles.code}>
                {elsewhereCommand}
              </Caption1>
            )}
          </span>
        )}
      </span>
    </div>
  );
}

function SettingControl({
  spec,
  label,
  value,
  disabled,
  onChange,
  className,
}: {
  spec: SettingSpec;
  label: string;
  value: unknown;
  disabled: boolean;
  onChange(value: unknown): void;
  className: string;
}) {
  switch (spec.control) {
    case 'switch':
      return (
        <Switch
          label={label}
          checked={value === true}
          disabled={disabled}
          onChange={(_e, data) => onChange(data.checked)}
          data-field={spec.field}
        />
      );
    case 'choice':
      return (
        <Dropdown
          className={className}
          aria-label={label}
          value={String(value ?? '')}
          selectedOptions={[String(value ?? '')]}
          disabled={disabled}
          onOptionSelect={(_e, data) => onChange(data.optionValue)}
          data-field={spec.field}
        >
          {(spec.options ?? []).map((option) => (
            <Option key={option} value={option}>
              {option}
            </Option>
          ))}
        </Dropdown>
      );
    case 'number':
      return (
        <Input
          className={className}
          type="number"
          aria-label={label}
          value={value === null || value === undefined ? '' : String(value)}
          disabled={disabled}
          onChange={(_e, data) => onChange(data.value === '' ? null : Number(data.value))}
          data-field={spec.field}
        />
      );
    case 'text':
      return (
        <Input
          className={className}
          aria-label={label}
          value={String(value ?? '')}
          disabled={disabled}
          onChange={(_e, data) => onChange(data.value)}
          data-field={spec.field}
        />
      );
  }
}

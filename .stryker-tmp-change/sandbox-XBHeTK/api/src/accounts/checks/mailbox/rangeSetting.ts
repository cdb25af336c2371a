// @ts-nocheck
import { ROLE } from '../../../auth/roles.ts';
import type { Baseline } from '../../baseline.ts';
import { readSource, verdict } from '../read.ts';
import type { CheckDefinition } from '../types.ts';

/** A numeric Set-CalendarProcessing parameter that must lie within the baseline's bounds (a warning). */
export function rangeSetting(spec: {
  id: string;
  parameter: 'BookingWindowInDays' | 'MaximumDurationInMinutes';
  bounds: (baseline: Baseline) => { min: number; max: number; recommended: number };
  label: string;
  why: string;
}): CheckDefinition {
  return {
    id: spec.id,
    group: 'mailbox',
    label: spec.label,
    setting: spec.parameter,
    description: spec.why,
    powershell: `Set-CalendarProcessing -Identity <upn> -${spec.parameter} <value>`,
    severity: 'recommended',
    changeRole: ROLE.exchangeRecipientAdmin,
    expected: (baseline) => spec.bounds(baseline),
    evaluate(snapshot, { baseline }) {
      const read = readSource(snapshot, 'calendarProcessing');
      if ('unknown' in read) return read.unknown;
      const actual = read.data[spec.parameter];
      const { min, max } = spec.bounds(baseline);
      return verdict(typeof actual === 'number' && actual >= min && actual <= max, actual ?? null);
    },
    fix: (_snapshot, { baseline }) => ({ kind: 'calendarProcessing', setting: spec.parameter, to: spec.bounds(baseline).recommended }),
  };
}

import { ROLE } from '../../../auth/roles.ts';
import type { BaselineValues } from '../../../../../contract/index.ts';
import { readSource, verdict } from '../read.ts';
import type { CheckDefinition, Severity } from '../types.ts';

type Parameter = keyof BaselineValues['calendarProcessing'];

/**
 * A Set-CalendarProcessing parameter whose value must equal the baseline's. Reads and writes need an
 * Exchange role; Exchange Recipient Administrator is the least privileged that can write (Mail Recipients).
 */
export function calendarSetting(spec: { parameter: Parameter; label: string; why: string; severity?: Severity }): CheckDefinition {
  return {
    id: spec.parameter.charAt(0).toLowerCase() + spec.parameter.slice(1),
    group: 'mailbox',
    label: spec.label,
    setting: spec.parameter,
    description: spec.why,
    powershell: `Set-CalendarProcessing -Identity <upn> -${spec.parameter} <value>`,
    severity: spec.severity ?? 'required',
    changeRole: ROLE.exchangeRecipientAdmin,
    expected: (baseline) => baseline.calendarProcessing[spec.parameter],
    evaluate(snapshot, { baseline }) {
      const read = readSource(snapshot, 'calendarProcessing');
      if ('unknown' in read) return read.unknown;
      const actual = read.data[spec.parameter];
      return verdict(actual === baseline.calendarProcessing[spec.parameter], actual ?? null);
    },
    fix: (_snapshot, { baseline }) => ({
      kind: 'calendarProcessing',
      setting: spec.parameter,
      to: baseline.calendarProcessing[spec.parameter],
    }),
  };
}

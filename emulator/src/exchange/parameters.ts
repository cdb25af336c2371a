import { cmdletErrors } from './errors.ts';

/**
 * Cmdlet parameters as PowerShell binds them from InvokeCommand's JSON: names match case-insensitively, values
 * are coerced the way the binder coerces them ("True" and 1 bind to a Boolean, "180" to an Int32), and a value
 * that cannot be coerced fails with the binder's own message.
 */

/** Converts one raw JSON argument, or throws the binder's error for the parameter `name`. */
export interface Parameter<T> {
  convert(name: string, raw: unknown): T;
  /** The .NET type an identity parameter names (a mailbox, a recipient, a group). */
  identityType?: string;
}

export type ParameterTable = Record<string, Parameter<unknown>>;

/** The parameters a call supplied, converted; an absent key means the parameter was not given. */
export type BoundParameters<T extends ParameterTable> = { [K in keyof T]?: T[K] extends Parameter<infer V> ? V : never };

export const INT32_MAX = 2_147_483_647;
export const INT32_MIN = -2_147_483_648;

/** How PowerShell names a value in "Cannot convert value ..." messages. */
export function psDisplay(raw: unknown): string {
  if (raw === null || raw === undefined) return '';
  if (Array.isArray(raw)) return 'System.Object[]';
  if (typeof raw === 'object') return 'System.Collections.Hashtable';
  if (typeof raw === 'boolean') return raw ? 'True' : 'False';
  return String(raw);
}

/** A [bool] (or switch) parameter. Strings other than True/False/$true/$false are refused, as the binder does. */
export const bool: Parameter<boolean> = {
  convert(name, raw) {
    if (typeof raw === 'boolean') return raw;
    if (typeof raw === 'number' && Number.isFinite(raw)) return raw !== 0;
    if (typeof raw === 'string') {
      const word = raw.trim().toLowerCase().replace(/^\$/, '');
      if (word === 'true') return true;
      if (word === 'false') return false;
    }
    const shown = typeof raw === 'string' ? 'System.String' : psDisplay(raw);
    throw cmdletErrors.transformation(
      name,
      `Cannot convert value "${shown}" to type "System.Boolean". Boolean parameters accept only Boolean values and numbers, such as $True, $False, 1 or 0.`,
    );
  },
};

/** A [string] parameter; an empty string or $null clears the property. */
export const text: Parameter<string | null> = {
  convert(name, raw) {
    if (raw === null || raw === '') return null;
    if (typeof raw === 'string') return raw;
    if (typeof raw === 'number' || typeof raw === 'boolean') return psDisplay(raw);
    if (Array.isArray(raw) && raw.every((item) => typeof item !== 'object' || item === null)) return raw.map(psDisplay).join(' ');
    throw cmdletErrors.transformation(name, `Cannot convert value "${psDisplay(raw)}" to type "System.String".`);
  },
};

/** An -Identity parameter: mandatory text that may not be null or empty. */
export function identity(typeName: string): Parameter<string> {
  return {
    identityType: typeName,
    convert(name, raw) {
      if (raw === null || raw === undefined) throw cmdletErrors.nullArgument(name);
      if (typeof raw === 'object')
        throw cmdletErrors.transformation(name, `Cannot convert value "${psDisplay(raw)}" to type "${typeName}".`);
      const value = String(raw).trim();
      if (!value) throw cmdletErrors.emptyArgument(name);
      return value;
    },
  };
}

/** An Int32 parameter with a [ValidateRange]; `nullable` lets $null clear the property. */
export function int(range: { min: number; max: number }): Parameter<number>;
export function int(range: { min: number; max: number; nullable: true }): Parameter<number | null>;
export function int(range: { min: number; max: number; nullable?: boolean }): Parameter<number | null> {
  return {
    convert(name, raw) {
      if (raw === null && range.nullable) return null;
      if (raw === null || raw === undefined) throw cmdletErrors.nullArgument(name);
      const value = toInt32(name, raw);
      if (value > range.max) throw cmdletErrors.aboveRange(name, value, range.max);
      if (value < range.min) throw cmdletErrors.belowRange(name, value, range.min);
      return value;
    },
  };
}

function toInt32(name: string, raw: unknown): number {
  const fail = (detail: string) =>
    cmdletErrors.transformation(name, `Cannot convert value "${psDisplay(raw)}" to type "System.Int32". Error: "${detail}"`);
  let number: number;
  if (typeof raw === 'number') number = raw;
  else if (typeof raw === 'boolean') number = raw ? 1 : 0;
  else if (typeof raw === 'string' && /^\s*[+-]?\d+(\.\d+)?\s*$/.test(raw)) number = Number(raw);
  else throw fail('Input string was not in a correct format.');
  if (!Number.isFinite(number)) throw fail('Input string was not in a correct format.');
  // .NET converts fractional numbers to Int32 with banker's rounding.
  const rounded = Math.abs(number % 1) === 0.5 ? 2 * Math.round(number / 2) : Math.round(number);
  if (rounded > INT32_MAX || rounded < INT32_MIN) throw fail('Value was either too large or too small for an Int32.');
  return rounded;
}

/** An enum parameter: names match case-insensitively and come back in their canonical spelling. */
export function enumeration<T extends string>(typeName: string, values: readonly T[]): Parameter<T> {
  return {
    convert(name, raw) {
      if (raw === null || raw === undefined) throw cmdletErrors.transformation(name, `Cannot convert null to type "${typeName}".`);
      const match = typeof raw === 'string' ? values.find((value) => value.toLowerCase() === raw.trim().toLowerCase()) : undefined;
      if (match) return match;
      throw cmdletErrors.transformation(name, unknownEnumerator(raw, typeName, values));
    },
  };
}

/** A parameter taking several enum values: a JSON array, or one comma-separated string (a [Flags] enum). */
export function enumerationList<T extends string>(typeName: string, values: readonly T[]): Parameter<T[]> {
  return {
    convert(name, raw) {
      const items = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : [raw];
      return items.map((item) => {
        const match = typeof item === 'string' ? values.find((value) => value.toLowerCase() === item.trim().toLowerCase()) : undefined;
        if (!match) throw cmdletErrors.transformation(name, unknownEnumerator(item, `${typeName}[]`, values));
        return match;
      });
    },
  };
}

function unknownEnumerator(raw: unknown, typeName: string, values: readonly string[]): string {
  const shown = psDisplay(raw);
  return `Cannot convert value "${shown}" to type "${typeName}". Error: "Unable to match the identifier name ${shown} to a valid enumerator name. Specify one of the following enumerator names and try again: ${values.join(', ')}"`;
}

/** A multi-valued property: a new list replaces the old one; `{"@odata.type":"#Exchange.GenericHashTable","Add":…,"Remove":…}` edits it. */
export type MultiValue = { kind: 'replace'; values: string[] } | { kind: 'update'; add: string[]; remove: string[] };

export function multiValue(typeName: string): Parameter<MultiValue> {
  return {
    convert(name, raw) {
      const fail = () => cmdletErrors.transformation(name, `Cannot convert value "${psDisplay(raw)}" to type "${typeName}".`);
      const strings = (value: unknown): string[] => {
        if (value === null || value === undefined) return [];
        const items = Array.isArray(value) ? value : [value];
        if (items.some((item) => item === null || typeof item === 'object')) throw fail();
        return items.map(psDisplay).filter((item) => item.trim() !== '');
      };
      if (raw === null || Array.isArray(raw) || typeof raw !== 'object') return { kind: 'replace', values: strings(raw) };
      const update: MultiValue = { kind: 'update', add: [], remove: [] };
      for (const [key, value] of Object.entries(raw)) {
        const lower = key.toLowerCase();
        if (lower === '@odata.type') continue;
        if (lower === 'add') update.add.push(...strings(value));
        else if (lower === 'remove') update.remove.push(...strings(value));
        else throw fail();
      }
      return update;
    },
  };
}

/** Apply a multi-valued edit. `normalize` resolves each entry (and may throw, e.g. for an unknown recipient). */
export function applyMultiValue(current: readonly string[], change: MultiValue, normalize: (value: string) => string): string[] {
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  const unique = (values: string[]) => values.filter((value, index) => values.findIndex((other) => same(other, value)) === index);
  if (change.kind === 'replace') return unique(change.values.map(normalize));
  const removed = change.remove.map(normalize);
  const kept = current.filter((value) => !removed.some((gone) => same(gone, value)));
  return unique([...kept, ...change.add.map(normalize)]);
}

/** -ResultSize: "Unlimited" (Infinity) or a positive number. */
export const resultSize: Parameter<number> = {
  convert(name, raw) {
    if (typeof raw === 'string' && raw.trim().toLowerCase() === 'unlimited') return Number.POSITIVE_INFINITY;
    if (typeof raw === 'number' || (typeof raw === 'string' && /^\s*\d+\s*$/.test(raw))) {
      const value = Number(raw);
      if (!Number.isInteger(value) || value > 4_294_967_295) throw badResultSize(name, raw);
      if (value < 1) throw cmdletErrors.belowRange(name, value, 1);
      return value;
    }
    throw badResultSize(name, raw);
  },
};

function badResultSize(name: string, raw: unknown) {
  return cmdletErrors.transformation(
    name,
    `Cannot convert value "${psDisplay(raw)}" to type "Microsoft.Exchange.Data.Unlimited\`1[System.UInt32]". Error: "Input string was not in a correct format."`,
  );
}

/**
 * Bind the raw `Parameters` object to a cmdlet's table: unknown or repeated names first, then missing mandatory
 * ones, then each value's conversion, so the first error reported is the one PowerShell would report.
 */
export function bindParameters<T extends ParameterTable>(
  table: T,
  raw: Record<string, unknown>,
  mandatory: readonly string[],
): BoundParameters<T> {
  const canonical = new Map(Object.keys(table).map((key) => [key.toLowerCase(), key]));
  const given: [string, unknown][] = [];
  for (const [key, value] of Object.entries(raw)) {
    const name = canonical.get(key.toLowerCase());
    if (!name) throw cmdletErrors.unknownParameter(key);
    if (given.some(([seen]) => seen === name)) throw cmdletErrors.duplicateParameter(name);
    given.push([name, value]);
  }
  const missing = mandatory.filter((name) => !given.some(([seen]) => seen === name));
  if (missing.length > 0) throw cmdletErrors.missingMandatory(missing);
  const bound: Record<string, unknown> = {};
  for (const [name, value] of given) bound[name] = (table[name] as Parameter<unknown>).convert(name, value);
  return bound as BoundParameters<T>;
}

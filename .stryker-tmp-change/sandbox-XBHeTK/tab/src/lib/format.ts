/** Show a setting's value to an admin: booleans as On/Off, empty as a dash, ranges and lists readably. */
// @ts-nocheck

export function formatValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'On' : 'Off';
  if (Array.isArray(value)) return value.length === 0 ? 'None' : value.map(formatValue).join(', ');
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if ('min' in record && 'max' in record && 'recommended' in record) return `${String(record.recommended)} (allowed ${String(record.min)}–${String(record.max)})`;
    return Object.entries(record)
      .map(([key, item]) => `${key}: ${formatValue(item)}`)
      .join(', ');
  }
  return String(value);
}

/**
 * One formatter per locale: `Date.toLocaleString` builds a new one on every call, and the account list formats a
 * timestamp for every row that scrolls into view (building them was most of the list's scripting time).
 */
const timeFormats = new Map<string | undefined, Intl.DateTimeFormat>();

/** A timestamp in the user's locale (Teams' locale inside Teams). */
export function formatTime(iso: string | null | undefined, locale?: string): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  let format = timeFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    timeFormats.set(locale, format);
  }
  return format.format(date);
}

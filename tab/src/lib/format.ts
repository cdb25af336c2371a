/** Show a setting's value to an admin: booleans as On/Off, empty as a dash, ranges and lists readably. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'On' : 'Off';
  if (Array.isArray(value)) return value.length === 0 ? 'None' : value.map(formatValue).join(', ');
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if ('min' in record && 'max' in record && 'recommended' in record)
      return `${String(record.recommended)} (allowed ${String(record.min)}–${String(record.max)})`;
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

/** One relative-time formatter per locale, for the same reason as timeFormats: the list formats one per visible row. */
const relativeFormats = new Map<string | undefined, Intl.RelativeTimeFormat>();

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * How long ago a timestamp was, in the user's locale ("2 days ago", "3 hours ago"). Days are counted in whole
 * 24-hour periods, as the sign-in check counts them, so "9 days ago" matches a stale room of a 7-day baseline.
 */
export function formatRelative(iso: string | null | undefined, locale?: string, now = Date.now()): string {
  if (!iso) return '—';
  const time = new Date(iso).getTime();
  if (Number.isNaN(time)) return iso;
  let format = relativeFormats.get(locale);
  if (!format) {
    format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
    relativeFormats.set(locale, format);
  }
  const elapsed = Math.max(0, now - time);
  if (elapsed >= DAY) return format.format(-Math.floor(elapsed / DAY), 'day');
  if (elapsed >= HOUR) return format.format(-Math.floor(elapsed / HOUR), 'hour');
  if (elapsed >= MINUTE) return format.format(-Math.floor(elapsed / MINUTE), 'minute');
  // "now", not "this minute"; a clock a little ahead of the server's lands here too.
  return format.format(0, 'second');
}

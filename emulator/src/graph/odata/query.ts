import { graphErrors } from '../errors.ts';

export type SystemQueryOption =
  'select' | 'filter' | 'top' | 'skip' | 'count' | 'orderby' | 'skiptoken' | 'deltatoken' | 'expand' | 'search';

const SYSTEM_OPTIONS: ReadonlySet<string> = new Set<SystemQueryOption>([
  'select',
  'filter',
  'top',
  'skip',
  'count',
  'orderby',
  'skiptoken',
  'deltatoken',
  'expand',
  'search',
]);

interface Pair {
  /** As sent, still encoded: nextLinks repeat it verbatim. */
  raw: string;
  option?: SystemQueryOption;
  value: string;
}

/**
 * OData system query options of one request. Graph v1.0 accepts them with or without `$` and in any case;
 * the raw pairs are kept so paging links carry the caller's query unchanged.
 */
export class QueryOptions {
  private readonly pairs: Pair[];
  private readonly values = new Map<SystemQueryOption, string>();

  constructor(rawQuery: string) {
    this.pairs = rawQuery
      .split('&')
      .filter(Boolean)
      .map((raw) => {
        const eq = raw.indexOf('=');
        const name = decode(eq < 0 ? raw : raw.slice(0, eq))
          .toLowerCase()
          .replace(/^\$/, '');
        const value = eq < 0 ? '' : decode(raw.slice(eq + 1));
        return SYSTEM_OPTIONS.has(name) ? { raw, option: name as SystemQueryOption, value } : { raw, value };
      });
    for (const pair of this.pairs) {
      if (!pair.option) continue;
      if (this.values.has(pair.option)) {
        throw graphErrors.badRequest(`Query option '$${pair.option}' was specified more than once, but it must be specified at most once.`);
      }
      this.values.set(pair.option, pair.value);
    }
  }

  get(option: SystemQueryOption): string | undefined {
    return this.values.get(option);
  }

  has(option: SystemQueryOption): boolean {
    return this.values.has(option);
  }

  /** `$count=true` (OData also accepts `false`, which means no count). */
  get countRequested(): boolean {
    const value = this.values.get('count');
    if (value === undefined || value.toLowerCase() === 'false') return false;
    if (value.toLowerCase() === 'true') return true;
    throw graphErrors.badRequest(
      `Invalid value '${value}' for $count query option found. The $count query option requires a Boolean value.`,
    );
  }

  /** The caller's query with `option` set to `value` (replacing any earlier value), for `@odata.nextLink`. */
  with(option: SystemQueryOption, value: string): string {
    const kept = this.pairs.filter((pair) => pair.option !== option).map((pair) => pair.raw);
    return [...kept, `$${option}=${encodeURIComponent(value)}`].join('&');
  }

  /** Refuse options a resource does not take, before doing any work. */
  reject(options: readonly SystemQueryOption[], refusal: (option: SystemQueryOption) => Error): void {
    for (const option of options) if (this.values.has(option)) throw refusal(option);
  }
}

/** `$top` within `1..max`; Graph's wording for directory pages. */
export function parsePageSize(value: string | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const size = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isInteger(size) || size < 1 || size > max) {
    throw graphErrors.unsupportedQuery(`Invalid page size specified: '${value}'. Must be between 1 and ${max} inclusive.`);
  }
  return size;
}

/** `ConsistencyLevel: eventual`, which opens Entra's advanced query engine. */
export function isEventual(headers: Record<string, string>): boolean {
  return (headers.consistencylevel ?? '').trim().toLowerCase() === 'eventual';
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    throw graphErrors.badRequest(`The query parameter '${text}' is not correctly encoded.`);
  }
}

/**
 * Places stores `countryOrRegion` as free text (a name such as "United Kingdom" or a code such as "GB"),
 * while Graph's `usageLocation` takes an ISO 3166-1 alpha-2 code. The names come from the ICU data that
 * Node ships (`Intl.DisplayNames`), so every region is known without a table of our own.
 */
const ALIASES: Record<string, string> = {
  // Common ways of writing a country that are neither an ICU English name (long or short) nor a code.
  usa: 'US',
  'united states of america': 'US',
  'great britain': 'GB',
  britain: 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  'northern ireland': 'GB',
  'czech republic': 'CZ',
  holland: 'NL',
  turkey: 'TR',
  'ivory coast': 'CI',
};

/** Groupings ICU names that are not countries, so a user can't be located there. */
const NOT_COUNTRIES = new Set(['EU', 'EZ', 'UN', 'QO', 'ZZ']);

const LONG_NAMES = new Intl.DisplayNames(['en'], { type: 'region', style: 'long', fallback: 'none' });
const SHORT_NAMES = new Intl.DisplayNames(['en'], { type: 'region', style: 'short', fallback: 'none' });

let byName: Map<string, string> | undefined;

/** English region names, long ("Hong Kong SAR China") and short ("Hong Kong"), in lower case, to their code; built once. */
function regionNames(): Map<string, string> {
  if (byName) return byName;
  byName = new Map();
  for (let a = 65; a <= 90; a += 1) {
    for (let b = 65; b <= 90; b += 1) {
      const code = String.fromCharCode(a, b);
      if (canonicalRegion(code) !== code) continue;
      for (const name of [SHORT_NAMES.of(code), LONG_NAMES.of(code)]) if (name) byName.set(name.toLowerCase(), code);
    }
  }
  return byName;
}

/**
 * The canonical code ICU gives a two-letter region, or null when it is no country. Canonicalising matters:
 * "UK" is a reserved alias that ICU rewrites to "GB", and Graph only takes "GB".
 */
function canonicalRegion(code: string): string | null {
  const region = new Intl.Locale(`und-${code}`).region ?? null;
  return region && !NOT_COUNTRIES.has(region) && LONG_NAMES.of(region) ? region : null;
}

/** ISO 3166-1 alpha-2 for a place's country as an admin typed it, or null when we cannot tell. */
export function toCountryCode(country: string | null): string | null {
  if (!country) return null;
  const text = country.trim().toLowerCase();
  const alias = ALIASES[text];
  if (alias) return alias;
  if (/^[a-z]{2}$/.test(text)) return canonicalRegion(text.toUpperCase());
  return regionNames().get(text) ?? null;
}

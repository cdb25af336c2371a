/**
 * Places stores `countryOrRegion` as free text (a name such as "United Kingdom" or a code such as "GB"),
 * while Graph's `usageLocation` takes an ISO 3166-1 alpha-2 code. The names come from the ICU data that
 * Node ships (`Intl.DisplayNames`), so every region is known without a table of our own.
 */
const ALIASES: Record<string, string> = {
  // Common ways of writing a country that are neither its ICU English name nor its code.
  usa: 'US',
  'united states of america': 'US',
  uk: 'GB',
  'great britain': 'GB',
  britain: 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  'northern ireland': 'GB',
  'south korea': 'KR',
  'czech republic': 'CZ',
  holland: 'NL',
  turkey: 'TR',
  'ivory coast': 'CI',
};

/** Groupings ICU names that are not countries, so a user can't be located there. */
const NOT_COUNTRIES = new Set(['EU', 'EZ', 'UN', 'QO', 'ZZ']);

let byName: Map<string, string> | undefined;

/** English region names (lower case) to their code, built once from ICU. */
function regionNames(): Map<string, string> {
  if (byName) return byName;
  // Long names ("Hong Kong SAR China") and short ones ("Hong Kong"); a short name that is a code ("UK") is
  // left to the code path.
  const styles = (['long', 'short'] as const).map((style) => new Intl.DisplayNames(['en'], { type: 'region', style, fallback: 'none' }));
  byName = new Map();
  for (let a = 65; a <= 90; a += 1) {
    for (let b = 65; b <= 90; b += 1) {
      const code = String.fromCharCode(a, b);
      const canonical = canonicalRegion(code);
      if (canonical !== code) continue;
      for (const names of styles) {
        const name = names.of(code);
        if (name && !/^[A-Z]{2}$/.test(name) && !byName.has(name.toLowerCase())) byName.set(name.toLowerCase(), code);
      }
    }
  }
  return byName;
}

/**
 * The canonical code ICU gives a two-letter region, or null when it is no region at all.
 * Canonicalising matters: "UK" is a reserved alias that ICU rewrites to "GB", and Graph only takes "GB".
 */
function canonicalRegion(code: string): string | null {
  try {
    const [locale] = Intl.getCanonicalLocales(`und-${code}`);
    const region = locale ? new Intl.Locale(locale).region : undefined;
    if (!region || !/^[A-Z]{2}$/.test(region) || NOT_COUNTRIES.has(region)) return null;
    const name = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' }).of(region);
    return name && name !== region ? region : null;
  } catch {
    return null;
  }
}

/** ISO 3166-1 alpha-2 for a place's country as an admin typed it, or null when we cannot tell. */
export function toCountryCode(country: string | null): string | null {
  if (!country) return null;
  const text = country.trim();
  const alias = ALIASES[text.toLowerCase()];
  if (alias) return alias;
  if (/^[A-Za-z]{2}$/.test(text)) return canonicalRegion(text.toUpperCase());
  return regionNames().get(text.toLowerCase()) ?? null;
}

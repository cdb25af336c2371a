/**
 * Exchange's CountryInfo: Set-Place accepts an ISO 3166-1 two-letter code or the country's friendly name, and
 * Get-Place shows the friendly name. Names come from the runtime's ICU data, so the table is complete.
 */
// @ts-nocheck


const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
let byName: Map<string, string> | undefined;

/** The friendly name for a code or name (any case), or undefined when it is no country. */
export function countryName(input: string): string | undefined {
  const value = input.trim();
  if (/^[a-z]{2}$/i.test(value)) return countryByCode(value.toUpperCase());
  byName ??= allCountries();
  return byName.get(value.toLowerCase());
}

function countryByCode(code: string): string | undefined {
  // Q*, X* and ZZ are private-use or unknown; EU, EZ and UN are groups, not countries.
  if (/^(Q|X)/.test(code) || ['ZZ', 'EU', 'EZ', 'UN'].includes(code)) return undefined;
  return regionNames.of(code);
}

function allCountries(): Map<string, string> {
  const names = new Map<string, string>();
  for (let first = 65; first <= 90; first += 1) {
    for (let second = 65; second <= 90; second += 1) {
      const name = countryByCode(String.fromCharCode(first, second));
      if (name) names.set(name.toLowerCase(), name);
    }
  }
  return names;
}

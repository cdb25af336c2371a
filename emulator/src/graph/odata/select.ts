import { graphErrors } from '../errors.ts';

/**
 * `$select=a,b`: the canonical property names, or undefined when absent. Names are case-insensitive
 * as in Graph; an unknown one is refused with Graph's parser message.
 */
export function parseSelect(value: string | undefined, known: readonly string[], typeName: string): string[] | undefined {
  if (value === undefined) return undefined;
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (names.length === 0) return undefined;
  const selected: string[] = [];
  for (const name of names) {
    const canonical = known.find((property) => property.toLowerCase() === name.toLowerCase());
    if (!canonical) {
      throw graphErrors.badRequest(
        `Parsing OData Select and Expand failed: Could not find a property named '${name}' on type '${typeName}'.`,
      );
    }
    if (!selected.includes(canonical)) selected.push(canonical);
  }
  return selected;
}

/** Keep only `properties` of a full resource, in the requested order. */
export function project(full: Record<string, unknown>, properties: readonly string[]): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const property of properties) result[property] = full[property] ?? null;
  return result;
}

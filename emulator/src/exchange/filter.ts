import { cmdletErrors } from './errors.ts';

/**
 * The OPATH subset of `-Filter` that scripts use to list rooms (`{RecipientTypeDetails -eq 'RoomMailbox'}`):
 * comparisons with -eq, -ne, -like, -notlike, combined with -and, -or, -not and parentheses. Properties are the
 * output object's, matched case-insensitively; values compare case-insensitively, as Exchange compares them.
 */

type Token = { kind: 'open' | 'close' | 'operator' | 'string' | 'word'; text: string; at: number };
type Predicate = (object: Record<string, unknown>) => boolean;

const COMPARISONS = new Set(['eq', 'ne', 'like', 'notlike']);

export function compileFilter(filter: string): Predicate {
  const tokens = tokenize(filter);
  let index = 0;
  const fail = (at: number) => cmdletErrors.invalidFilter(filter, at);
  const peek = () => tokens[index];
  const isOperator = (name: string) => peek()?.kind === 'operator' && peek()?.text === name;

  const parseOr = (): Predicate => {
    const parts = [parseAnd()];
    while (isOperator('or')) {
      index += 1;
      parts.push(parseAnd());
    }
    return (object) => parts.some((part) => part(object));
  };
  const parseAnd = (): Predicate => {
    const parts = [parseUnary()];
    while (isOperator('and')) {
      index += 1;
      parts.push(parseUnary());
    }
    return (object) => parts.every((part) => part(object));
  };
  const parseUnary = (): Predicate => {
    const token = peek();
    if (!token) throw fail(filter.length);
    if (token.kind === 'operator' && token.text === 'not') {
      index += 1;
      const inner = parseUnary();
      return (object) => !inner(object);
    }
    if (token.kind === 'open') {
      index += 1;
      const inner = parseOr();
      if (peek()?.kind !== 'close') throw fail(peek()?.at ?? filter.length);
      index += 1;
      return inner;
    }
    return parseComparison();
  };
  const parseComparison = (): Predicate => {
    const property = tokens[index];
    const operator = tokens[index + 1];
    const operand = tokens[index + 2];
    if (property?.kind !== 'word') throw fail(property?.at ?? filter.length);
    if (operator?.kind !== 'operator' || !COMPARISONS.has(operator.text)) throw fail(operator?.at ?? filter.length);
    if (operand?.kind !== 'word' && operand?.kind !== 'string') throw fail(operand?.at ?? filter.length);
    index += 3;
    const expected = operand.kind === 'string' ? operand.text : literal(operand.text);
    const matches = (actual: string | null) =>
      operator.text === 'eq' || operator.text === 'ne' ? equals(actual, expected) : like(actual, expected);
    const negate = operator.text === 'ne' || operator.text === 'notlike';
    return (object) => {
      const key = Object.keys(object).find((name) => name.toLowerCase() === property.text.toLowerCase());
      if (!key) throw fail(property.at);
      return comparable(object[key]).some(matches) !== negate;
    };
  };

  const predicate = parseOr();
  if (index < tokens.length) throw fail(tokens[index]?.at ?? filter.length);
  return predicate;
}

function tokenize(filter: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s*(?:([({])|([)}])|-(eq|ne|like|notlike|and|or|not)(?![\w-])|'((?:[^']|'')*)'|"((?:[^"]|"")*)"|([^\s(){}'"]+))/giy;
  let match: RegExpExecArray | null;
  while (pattern.lastIndex < filter.length && (match = pattern.exec(filter))) {
    const at = match.index + (match[0].length - match[0].trimStart().length);
    if (match[1]) tokens.push({ kind: 'open', text: match[1], at });
    else if (match[2]) tokens.push({ kind: 'close', text: match[2], at });
    else if (match[3]) tokens.push({ kind: 'operator', text: match[3].toLowerCase(), at });
    else if (match[4] !== undefined) tokens.push({ kind: 'string', text: match[4].replaceAll("''", "'"), at });
    else if (match[5] !== undefined) tokens.push({ kind: 'string', text: match[5].replaceAll('""', '"'), at });
    else if (match[6]) tokens.push({ kind: 'word', text: match[6], at });
  }
  if (pattern.lastIndex < filter.length && filter.slice(pattern.lastIndex).trim())
    throw cmdletErrors.invalidFilter(filter, pattern.lastIndex);
  return tokens;
}

function literal(word: string): string | null {
  const lower = word.toLowerCase();
  if (lower === '$null') return null;
  if (lower === '$true') return 'true';
  if (lower === '$false') return 'false';
  return word;
}

function comparable(value: unknown): (string | null)[] {
  const items = Array.isArray(value) ? value : [value];
  if (items.length === 0) return [null];
  return items.map((item) => (item === null || item === undefined ? null : String(item)));
}

function equals(actual: string | null, expected: string | null): boolean {
  if (actual === null || expected === null) return actual === expected;
  return actual.toLowerCase() === expected.toLowerCase();
}

function like(actual: string | null, pattern: string | null): boolean {
  if (actual === null || pattern === null) return actual === pattern;
  const source = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*');
  return new RegExp(`^${source}$`, 'i').test(actual);
}

/**
 * A small OData `$filter` parser: `eq ne gt ge lt le`, `and or not`, parentheses, `in (...)`,
 * `startswith`/`endswith`, lambdas (`assignedLicenses/any(x:x/skuId eq <guid>)`) and `/$count`.
 * It only builds the tree; `filter.ts` checks it against a resource's properties and evaluates it.
 */

export type Literal =
  | { type: 'string'; value: string }
  | { type: 'number'; value: number }
  | { type: 'boolean'; value: boolean }
  | { type: 'guid'; value: string }
  | { type: 'datetime'; value: string }
  | { type: 'null' };

export type Operand = { kind: 'path'; segments: string[] } | { kind: 'count'; segments: string[] } | { kind: 'literal'; literal: Literal };

export type ComparisonOperator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

export type FilterNode =
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; operand: FilterNode }
  | { kind: 'compare'; operator: ComparisonOperator; left: Operand; right: Operand }
  | { kind: 'in'; left: Operand; values: Literal[] }
  | { kind: 'function'; name: 'startswith' | 'endswith'; target: Operand; value: Literal }
  | { kind: 'lambda'; quantifier: 'any' | 'all'; collection: string[]; variable?: string; predicate?: FilterNode };

/** Why a filter was refused, before any Graph wording is put on it. */
export class FilterSyntaxError extends Error {
  constructor(readonly position: number) {
    super(`Syntax error at position ${position}`);
  }
}

/** A well-formed call of an OData function the directory does not evaluate (contains, tolower, ...). */
export class UnsupportedFunctionError extends Error {
  constructor(readonly functionName: string) {
    super(`Unsupported function ${functionName}`);
  }
}

/** A call of a name that is no OData function at all. */
export class UnknownFunctionError extends Error {
  constructor(readonly functionName: string) {
    super(`Unknown function ${functionName}`);
  }
}

type Token =
  | { type: 'word'; text: string; position: number }
  | { type: 'literal'; literal: Literal; position: number }
  | { type: 'punct'; text: '(' | ')' | ',' | ':' | '/'; position: number }
  | { type: 'end'; position: number };

const COMPARISONS: ReadonlySet<string> = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const OTHER_ODATA_FUNCTIONS = new Set([
  'contains',
  'substringof',
  'tolower',
  'toupper',
  'trim',
  'length',
  'indexof',
  'substring',
  'concat',
  'year',
  'month',
  'day',
  'hour',
  'minute',
  'second',
  'round',
  'floor',
  'ceiling',
  'matchespattern',
]);
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![\w-])/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})/;
const NUMBER = /^-?\d+(\.\d+)?(?![\w-])/;
const WORD = /^[A-Za-z_$][\w.$]*/;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < text.length) {
    const rest = text.slice(index);
    const char = text.charAt(index);
    if (/\s/.test(char)) {
      index += 1;
      continue;
    }
    if (char === "'") {
      let value = '';
      let cursor = index + 1;
      for (;;) {
        if (cursor >= text.length) throw new FilterSyntaxError(index);
        if (text.charAt(cursor) === "'") {
          if (text.charAt(cursor + 1) === "'") {
            value += "'";
            cursor += 2;
            continue;
          }
          break;
        }
        value += text.charAt(cursor);
        cursor += 1;
      }
      tokens.push({ type: 'literal', literal: { type: 'string', value }, position: index });
      index = cursor + 1;
      continue;
    }
    if ('(),:/'.includes(char)) {
      tokens.push({ type: 'punct', text: char as '(' | ')' | ',' | ':' | '/', position: index });
      index += 1;
      continue;
    }
    const guid = GUID.exec(rest);
    if (guid) {
      tokens.push({ type: 'literal', literal: { type: 'guid', value: guid[0].toLowerCase() }, position: index });
      index += guid[0].length;
      continue;
    }
    const datetime = DATETIME.exec(rest);
    if (datetime) {
      tokens.push({ type: 'literal', literal: { type: 'datetime', value: datetime[0] }, position: index });
      index += datetime[0].length;
      continue;
    }
    const number = NUMBER.exec(rest);
    if (number) {
      tokens.push({ type: 'literal', literal: { type: 'number', value: Number(number[0]) }, position: index });
      index += number[0].length;
      continue;
    }
    const word = WORD.exec(rest);
    if (word) {
      const lower = word[0].toLowerCase();
      if (lower === 'true' || lower === 'false')
        tokens.push({ type: 'literal', literal: { type: 'boolean', value: lower === 'true' }, position: index });
      else if (lower === 'null') tokens.push({ type: 'literal', literal: { type: 'null' }, position: index });
      else tokens.push({ type: 'word', text: word[0], position: index });
      index += word[0].length;
      continue;
    }
    throw new FilterSyntaxError(index);
  }
  tokens.push({ type: 'end', position: text.length });
  return tokens;
}

/** Parse a `$filter` expression; throws `FilterSyntaxError`, `UnsupportedFunctionError` or `UnknownFunctionError`. */
export function parseFilter(text: string): FilterNode {
  const tokens = tokenize(text);
  let cursor = 0;
  const peek = (offset = 0): Token => tokens[Math.min(cursor + offset, tokens.length - 1)] as Token;
  const next = (): Token => {
    const token = peek();
    cursor += 1;
    return token;
  };
  const isWord = (token: Token, word: string) => token.type === 'word' && token.text.toLowerCase() === word;
  const isPunct = (token: Token, punct: string) => token.type === 'punct' && token.text === punct;
  const expect = (punct: string) => {
    const token = next();
    if (!isPunct(token, punct)) throw new FilterSyntaxError(token.position);
  };

  function parseOr(): FilterNode {
    let left = parseAnd();
    while (isWord(peek(), 'or')) {
      next();
      left = { kind: 'or', left, right: parseAnd() };
    }
    return left;
  }

  function parseAnd(): FilterNode {
    let left = parseUnary();
    while (isWord(peek(), 'and')) {
      next();
      left = { kind: 'and', left, right: parseUnary() };
    }
    return left;
  }

  function parseUnary(): FilterNode {
    if (isWord(peek(), 'not')) {
      next();
      return { kind: 'not', operand: parseUnary() };
    }
    return parsePrimary();
  }

  function parsePrimary(): FilterNode {
    const token = peek();
    if (isPunct(token, '(')) {
      next();
      const inner = parseOr();
      expect(')');
      return inner;
    }
    if (token.type === 'word' && isPunct(peek(1), '(')) return parseFunction();
    const left = parseOperand();
    if (left.kind === 'lambda') return left.node;
    const operator = next();
    if (operator.type !== 'word') throw new FilterSyntaxError(operator.position);
    const name = operator.text.toLowerCase();
    if (name === 'in') return { kind: 'in', left, values: parseLiteralList() };
    if (!COMPARISONS.has(name)) throw new FilterSyntaxError(operator.position);
    const right = parseOperand();
    if (right.kind === 'lambda') throw new FilterSyntaxError(operator.position);
    return { kind: 'compare', operator: name as ComparisonOperator, left, right };
  }

  function parseFunction(): FilterNode {
    const nameToken = next() as Extract<Token, { type: 'word' }>;
    const name = nameToken.text.toLowerCase();
    if (name !== 'startswith' && name !== 'endswith') {
      if (OTHER_ODATA_FUNCTIONS.has(name)) throw new UnsupportedFunctionError(nameToken.text);
      throw new UnknownFunctionError(nameToken.text);
    }
    expect('(');
    const target = parseOperand();
    if (target.kind === 'lambda') throw new FilterSyntaxError(nameToken.position);
    expect(',');
    const valueToken = next();
    if (valueToken.type !== 'literal') throw new FilterSyntaxError(valueToken.position);
    expect(')');
    return { kind: 'function', name, target, value: valueToken.literal };
  }

  function parseLiteralList(): Literal[] {
    expect('(');
    const values: Literal[] = [];
    for (;;) {
      const token = next();
      if (token.type !== 'literal') throw new FilterSyntaxError(token.position);
      values.push(token.literal);
      const separator = next();
      if (isPunct(separator, ')')) return values;
      if (!isPunct(separator, ',')) throw new FilterSyntaxError(separator.position);
    }
  }

  function parseOperand(): Operand | { kind: 'lambda'; node: FilterNode } {
    const token = next();
    if (token.type === 'literal') return { kind: 'literal', literal: token.literal };
    if (token.type !== 'word') throw new FilterSyntaxError(token.position);
    const segments = [token.text];
    while (isPunct(peek(), '/')) {
      next();
      const segment = next();
      if (segment.type !== 'word') throw new FilterSyntaxError(segment.position);
      const lower = segment.text.toLowerCase();
      if ((lower === 'any' || lower === 'all') && isPunct(peek(), '(')) {
        return { kind: 'lambda', node: parseLambda(lower, segments) };
      }
      if (lower === '$count') return { kind: 'count', segments };
      segments.push(segment.text);
    }
    return { kind: 'path', segments };
  }

  function parseLambda(quantifier: 'any' | 'all', collection: string[]): FilterNode {
    expect('(');
    if (isPunct(peek(), ')') && quantifier === 'any') {
      next();
      return { kind: 'lambda', quantifier, collection };
    }
    const variable = next();
    if (variable.type !== 'word') throw new FilterSyntaxError(variable.position);
    expect(':');
    const predicate = parseOr();
    expect(')');
    return { kind: 'lambda', quantifier, collection, variable: variable.text, predicate };
  }

  const tree = parseOr();
  const rest = peek();
  if (rest.type !== 'end') throw new FilterSyntaxError(rest.position);
  return tree;
}

import { GraphError, graphErrors } from '../errors.ts';
import {
  FilterSyntaxError,
  parseFilter,
  UnknownFunctionError,
  UnsupportedFunctionError,
  type ComparisonOperator,
  type FilterNode,
  type Literal,
  type Operand,
} from './filterSyntax.ts';

export type ScalarType = 'string' | 'boolean' | 'number' | 'datetime' | 'guid';

export interface ComplexType {
  name: string;
  properties: Record<string, FieldSpec>;
}

export type FieldType = ScalarType | ComplexType | { collection: ScalarType | ComplexType };

export interface FieldSpec {
  type: FieldType;
  /** Graph refuses `$filter` on some properties (passwordPolicies, passwordProfile); default true. */
  filterable?: boolean;
}

/** The properties a resource exposes to `$filter`, with Graph's type and resource names for messages. */
export interface EntitySchema {
  /** `microsoft.graph.user` */
  typeName: string;
  /** `User`, as directory errors name resources. */
  resourceName: string;
  properties: Record<string, FieldSpec>;
}

export interface CompiledFilter {
  test(entity: Record<string, unknown>): boolean;
  /** Operators only the advanced query engine evaluates (`ne`, `not`, `endsWith`, `$count`). */
  advancedOperators: string[];
}

type Env = ReadonlyMap<string, unknown>;
type Predicate = (entity: Record<string, unknown>, env: Env) => boolean;
type Getter = (entity: Record<string, unknown>, env: Env) => unknown;

const EDM: Record<ScalarType | Literal['type'], string> = {
  string: 'Edm.String',
  boolean: 'Edm.Boolean',
  number: 'Edm.Int32',
  datetime: 'Edm.DateTimeOffset',
  guid: 'Edm.Guid',
  null: 'null',
};

const OPERATOR_KIND: Record<ComparisonOperator, string> = {
  eq: 'Equal',
  ne: 'NotEqual',
  gt: 'GreaterThan',
  ge: 'GreaterThanOrEqual',
  lt: 'LessThan',
  le: 'LessThanOrEqual',
};

/** Parse, type-check and compile a `$filter` for one resource; every refusal is Graph's 400. */
export function compileFilter(text: string, schema: EntitySchema): CompiledFilter {
  let tree: FilterNode;
  try {
    tree = parseFilter(text);
  } catch (error) {
    if (error instanceof FilterSyntaxError) throw invalidClause(`Syntax error at position ${error.position} in '${text}'.`);
    if (error instanceof UnsupportedFunctionError) {
      const name = error.functionName;
      throw graphErrors.unsupportedQuery(`Unsupported property filter clause operator '${name.charAt(0).toUpperCase()}${name.slice(1)}'.`);
    }
    if (error instanceof UnknownFunctionError) {
      throw invalidClause(
        `An unknown function with name '${error.functionName}' was found. This may also be a function import or a key lookup on a navigation property, which is not allowed.`,
      );
    }
    throw error;
  }
  const advancedOperators: string[] = [];
  const predicate = new FilterCompiler(schema, advancedOperators).node(tree, new Map());
  return { test: (entity) => predicate(entity, new Map()), advancedOperators };
}

function invalidClause(detail: string): GraphError {
  return graphErrors.badRequest(`Invalid filter clause: ${detail}`);
}

class FilterCompiler {
  constructor(
    private readonly schema: EntitySchema,
    private readonly advanced: string[],
  ) {}

  node(node: FilterNode, scope: ReadonlyMap<string, FieldType>): Predicate {
    switch (node.kind) {
      case 'and': {
        const left = this.node(node.left, scope);
        const right = this.node(node.right, scope);
        return (entity, env) => left(entity, env) && right(entity, env);
      }
      case 'or': {
        const left = this.node(node.left, scope);
        const right = this.node(node.right, scope);
        return (entity, env) => left(entity, env) || right(entity, env);
      }
      case 'not': {
        this.advanced.push('not');
        const operand = this.node(node.operand, scope);
        return (entity, env) => !operand(entity, env);
      }
      case 'compare':
        return this.comparison(node.operator, node.left, node.right, scope);
      case 'in': {
        const left = this.scalarPath(node.left, scope);
        for (const literal of node.values) this.checkLiteral(left.type, literal, 'eq');
        const values = node.values.map(literalValue);
        return (entity, env) => values.some((value) => compare('eq', left.type, left.get(entity, env), value));
      }
      case 'function': {
        if (node.name === 'endswith') this.advanced.push('endsWith');
        const target = this.scalarPath(node.target, scope);
        if (target.type !== 'string') throw this.notFilterable(target.name);
        if (node.value.type !== 'string') throw incompatible('Edm.String', EDM[node.value.type], 'Equal');
        const needle = node.value.value.toLowerCase();
        return (entity, env) => {
          const value = target.get(entity, env);
          if (typeof value !== 'string') return false;
          return node.name === 'startswith' ? value.toLowerCase().startsWith(needle) : value.toLowerCase().endsWith(needle);
        };
      }
      case 'lambda':
        return this.lambda(node, scope);
    }
  }

  private comparison(operator: ComparisonOperator, left: Operand, right: Operand, scope: ReadonlyMap<string, FieldType>): Predicate {
    if (operator === 'ne') this.advanced.push('ne');
    if (left.kind === 'literal' && right.kind !== 'literal') return this.comparison(mirror(operator), right, left, scope);
    if (right.kind !== 'literal') throw invalidClause('Only comparisons of a property with a constant value are supported.');
    if (left.kind === 'count') {
      this.advanced.push('$count');
      const collection = this.path(left.segments, scope);
      if (typeof collection.type !== 'object' || !('collection' in collection.type)) throw this.notFilterable(collection.name);
      if (right.literal.type !== 'number') throw incompatible('Edm.Int32', EDM[right.literal.type], OPERATOR_KIND[operator]);
      const expected = right.literal.value;
      return (entity, env) => {
        const items = collection.get(entity, env);
        return compare(operator, 'number', Array.isArray(items) ? items.length : 0, expected);
      };
    }
    const target = this.scalarPath(left, scope);
    this.checkLiteral(target.type, right.literal, operator);
    const expected = literalValue(right.literal);
    return (entity, env) => compare(operator, target.type, target.get(entity, env), expected);
  }

  private lambda(node: Extract<FilterNode, { kind: 'lambda' }>, scope: ReadonlyMap<string, FieldType>): Predicate {
    const collection = this.path(node.collection, scope);
    if (typeof collection.type !== 'object' || !('collection' in collection.type)) throw this.notFilterable(collection.name);
    const items = (entity: Record<string, unknown>, env: Env) => {
      const value = collection.get(entity, env);
      return Array.isArray(value) ? (value as unknown[]) : [];
    };
    const { variable, predicate } = node;
    if (!variable || !predicate) return (entity, env) => items(entity, env).length > 0;
    const inner = this.node(predicate, new Map([...scope, [variable, collection.type.collection]]));
    const test = (entity: Record<string, unknown>, env: Env, item: unknown) => inner(entity, new Map([...env, [variable, item]]));
    return node.quantifier === 'any'
      ? (entity, env) => items(entity, env).some((item) => test(entity, env, item))
      : (entity, env) => items(entity, env).every((item) => test(entity, env, item));
  }

  private scalarPath(operand: Operand, scope: ReadonlyMap<string, FieldType>): { type: ScalarType; get: Getter; name: string } {
    if (operand.kind !== 'path') throw invalidClause('Only comparisons of a property with a constant value are supported.');
    const resolved = this.path(operand.segments, scope);
    if (typeof resolved.type !== 'string') throw this.notFilterable(resolved.name);
    return { type: resolved.type, get: resolved.get, name: resolved.name };
  }

  /** Resolve `a/b/c` against the entity or a lambda variable; property names are case-insensitive, as in Graph. */
  private path(segments: string[], scope: ReadonlyMap<string, FieldType>): { type: FieldType; get: Getter; name: string } {
    const [first, ...rest] = segments as [string, ...string[]];
    let type: FieldType;
    let get: Getter;
    let owner: { name: string; properties: Record<string, FieldSpec> } = { name: this.schema.typeName, properties: this.schema.properties };
    const variableType = scope.get(first);
    if (variableType !== undefined) {
      type = variableType;
      get = (_entity, env) => env.get(first);
    } else {
      const [name, spec] = this.property(owner, first);
      if (spec.filterable === false) throw this.notFilterable(name);
      type = spec.type;
      get = (entity) => entity[name];
    }
    for (const segment of rest) {
      if (typeof type !== 'object' || 'collection' in type)
        throw invalidClause(`Could not find a property named '${segment}' on type '${owner.name}'.`);
      owner = type;
      const [name, spec] = this.property(owner, segment);
      const parent = get;
      type = spec.type;
      get = (entity, env) => {
        const value = parent(entity, env);
        return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
      };
    }
    return { type, get, name: segments.join('/') };
  }

  private property(owner: { name: string; properties: Record<string, FieldSpec> }, segment: string): [string, FieldSpec] {
    const lower = segment.toLowerCase();
    const match = Object.entries(owner.properties).find(([name]) => name.toLowerCase() === lower);
    if (!match) throw invalidClause(`Could not find a property named '${segment}' on type '${owner.name}'.`);
    return match;
  }

  private checkLiteral(type: ScalarType, literal: Literal, operator: ComparisonOperator): void {
    if (literal.type === 'null' || literal.type === type) return;
    throw incompatible(EDM[type], EDM[literal.type], OPERATOR_KIND[operator]);
  }

  private notFilterable(property: string): GraphError {
    return graphErrors.unsupportedQuery(
      `Unsupported or invalid query filter clause specified for property '${property}' of resource '${this.schema.resourceName}'.`,
    );
  }
}

function incompatible(left: string, right: string, kind: string): GraphError {
  return invalidClause(
    `A binary operator with incompatible types was detected. Found operand types '${left}' and '${right}' for operator kind '${kind}'.`,
  );
}

function mirror(operator: ComparisonOperator): ComparisonOperator {
  const mirrored: Record<ComparisonOperator, ComparisonOperator> = { eq: 'eq', ne: 'ne', gt: 'lt', ge: 'le', lt: 'gt', le: 'ge' };
  return mirrored[operator];
}

function literalValue(literal: Literal): unknown {
  return literal.type === 'null' ? null : literal.value;
}

/** Directory comparisons: strings and guids ignore case, dates compare as instants, null equals only null. */
function compare(operator: ComparisonOperator, type: ScalarType, actual: unknown, expected: unknown): boolean {
  if (actual === null || actual === undefined || expected === null) {
    const same = (actual ?? null) === expected;
    if (operator === 'eq') return same;
    if (operator === 'ne') return !same;
    return false;
  }
  const normalize = (value: unknown): string | number | boolean => {
    if (type === 'string' || type === 'guid') return String(value).toLowerCase();
    if (type === 'datetime') return Date.parse(String(value));
    return value as number | boolean;
  };
  const a = normalize(actual);
  const b = normalize(expected);
  switch (operator) {
    case 'eq':
      return a === b;
    case 'ne':
      return a !== b;
    case 'gt':
      return a > b;
    case 'ge':
      return a >= b;
    case 'lt':
      return a < b;
    case 'le':
      return a <= b;
  }
}

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, it } from 'vitest';
import fc from 'fast-check';
import type { z } from 'zod';
import {
  accountListQuery,
  applyJobRequest,
  auditQuery,
  baselineValues,
  demoTokenRequest,
  desiredSettings,
  licenseChangeRequest,
  planRequest,
  syncStartRequest,
} from '../../contract/index.ts';
import { setLogSink } from '../../api/src/log.ts';
import { SKU } from '../../emulator/src/index.ts';
import { startDemoStack, type DemoStack } from '../helpers/api.ts';
import { apiRoutes, routeName } from '../helpers/apiRoutes.ts';
import { signWithTenantKey, validClaims } from '../helpers/forgedTokens.ts';
import { diffStore, dumpStore, type StoreDump } from '../helpers/storeDump.ts';

const SOAK = process.env.RELIABILITY_SCALE === 'soak';
/** Issue 7 §3: at least 10,000 cases under soak, a sample in `npm test`. */
const RUNS = SOAK ? 10_000 : 200;
/** A fresh signed-in identity every few cases, so the per-user write rate limit never answers in validation's place. */
const CASES_PER_IDENTITY = 10;
/** No account or job has these ids, so even an input the generators failed to break could change nothing. */
const NO_SUCH_ACCOUNT = 'no-such-room@fuzz.example';
const NO_SUCH_JOB = '00000000-0000-4000-8000-00000000f022';
const POLLUTION_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__'];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** What each route reads: a template of a valid input per part, broken one way per case. */
interface RouteInputs {
  param?: 'account' | 'job';
  body?: Json;
  query?: Record<string, string>;
}

const ACCOUNT_QUERY = {
  page: '1',
  pageSize: '50',
  search: 'SEA',
  sort: 'displayName',
  order: 'asc',
  status: 'needsAction',
  license: 'Pro',
  building: 'B1',
};
const AUDIT_QUERY = { accountId: 'a', actor: 'grace', from: '2024-01-01T00:00:00Z', to: '2030-01-01T00:00:00Z', limit: '50' };
const DESIRED: Json = {
  accountEnabled: true,
  passwordNeverExpires: true,
  forceChangePasswordNextSignIn: false,
  usageLocation: 'US',
  calendarProcessing: { AutomateProcessing: 'AutoAccept', AllowConflicts: false, AdditionalResponse: 'Booked.', BookingWindowInDays: 180 },
  location: { building: 'B1', floorNumber: 3, capacity: 8, city: 'Seattle', isWheelChairAccessible: true },
};

/** Every `/api` route and what it reads; a route missing here fails the suite, so new routes get fuzzed. */
const INPUTS: Record<string, RouteInputs> = {
  'GET /api/health': {},
  'GET /api/client-config': {},
  'GET /api/openapi.json': {},
  'POST /api/demo/token': { body: { persona: 'global-reader' } },
  'GET /api/me': {},
  'POST /api/sync': { body: { kind: 'refresh' } },
  'GET /api/sync/current': {},
  'GET /api/accounts': { query: ACCOUNT_QUERY },
  'GET /api/accounts/export.csv': {
    query: { search: 'SEA', sort: 'displayName', order: 'asc', status: 'needsAction', license: 'Pro', building: 'B1' },
  },
  'GET /api/accounts/:id': { param: 'account' },
  'GET /api/summary': {},
  'POST /api/accounts/:id/plan': { param: 'account', body: { settings: DESIRED } },
  'PATCH /api/accounts/:id': { param: 'account', body: DESIRED },
  'POST /api/accounts/:id/apply-recommended': { param: 'account' },
  'PATCH /api/accounts/:id/location': { param: 'account', body: (DESIRED as { location: Json }).location },
  'PUT /api/accounts/:id/licenses': { param: 'account', body: { add: [SKU.roomsPro.skuId], remove: [SKU.roomsBasic.skuId] } },
  'GET /api/baseline': {},
  /** Filled in with the tenant's current values at run time. */
  'PUT /api/baseline': { body: {} },
  'GET /api/audit': { query: AUDIT_QUERY },
  'GET /api/audit/export.csv': { query: { accountId: 'a', actor: 'grace', from: '2024-01-01T00:00:00Z', to: '2030-01-01T00:00:00Z' } },
  'POST /api/jobs/apply-recommended': { body: { filter: { status: 'needsAction' } } },
  'GET /api/jobs/:id': { param: 'job' },
  'POST /api/jobs/:id/cancel': { param: 'job' },
  'POST /api/jobs/:id/take-over': { param: 'job' },
};

interface FuzzCase {
  route: string;
  method: string;
  path: string;
  query: string;
  body?: string;
  contentType?: string;
  /** `4xx`: the input is invalid by construction. `any`: the route reads nothing we broke (e.g. a query on /api/me). */
  expect: '4xx' | 'any';
  what: string;
}

// ---- Poisons -------------------------------------------------------------------------------------------

const nonBlank = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 4 }).filter((text) => /^\S/u.test(text) && /\S$/u.test(text));
/** Longer than any string field of the contract allows (8,000 code points, as zod counts), with no blanks for `trim()` to eat. */
const hugeString = fc
  .tuple(nonBlank, fc.integer({ min: 10_001, max: 70_000 }))
  .map(([unit, length]) => unit.repeat(Math.ceil(length / [...unit].length)));
const specialString = fc.constantFrom(
  '\u0000',
  '\uD800',
  '\uDFFF\uD800',
  '\u202Eevil',
  '\uFEFF',
  '𝕏𝕏𝕏',
  'e\u0301\u0301\u0301',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '${jndi:ldap://x/a}',
  '../../../../etc/passwd',
  '%00',
  '\r\nX-Injected: 1',
  '=cmd|"/c calc"!A1',
);
const unicodeString = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 40 }), specialString);
const anyJson: fc.Arbitrary<Json> = fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>;
const badNumber = fc.oneof(
  fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }).filter((n) => !Number.isInteger(n)),
  fc.constantFrom(1e300, -1e300, 2 ** 53 + 2, -(2 ** 53) - 2),
);

function typeOf(value: Json): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

/** A value of another JSON type than `template` (never null: some fields are nullable). */
function wrongType(template: Json): fc.Arbitrary<Json> {
  const byType: Record<string, fc.Arbitrary<Json>> = {
    number: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })),
    string: fc.oneof(unicodeString, hugeString),
    boolean: fc.boolean(),
    array: fc.array(anyJson, { maxLength: 4 }),
    object: fc.dictionary(fc.oneof(unicodeString, fc.constantFrom(...POLLUTION_KEYS)), anyJson, { maxKeys: 4 }),
  };
  return fc.oneof(
    ...Object.entries(byType)
      .filter(([type]) => type !== typeOf(template))
      .map(([, arbitrary]) => arbitrary),
  );
}

/** A structure nested far deeper than any request needs, as JSON text. */
const deepJson = fc
  .tuple(fc.integer({ min: 64, max: 50_000 }), fc.constantFrom('array', 'object', 'proto'))
  .map(([depth, shape]) =>
    shape === 'array'
      ? `${'['.repeat(depth)}${']'.repeat(depth)}`
      : `${`{"${shape === 'proto' ? '__proto__' : 'a'}":`.repeat(depth)}1${'}'.repeat(depth)}`,
  );

/** Replace the value at one path of `template` with `replacement` (JSON text), returning the whole body as text. */
function spliceJson(template: Json, path: (string | number)[], replacement: string): string {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(template))
    return `[${template.map((item, index) => (index === head ? spliceJson(item, rest, replacement) : JSON.stringify(item))).join(',')}]`;
  const entries = Object.entries(template as Record<string, Json>).map(
    ([key, value]) => `${JSON.stringify(key)}:${key === head ? spliceJson(value, rest, replacement) : JSON.stringify(value)}`,
  );
  return `{${entries.join(',')}}`;
}

/** Every path into a template, with the value there. */
function pathsOf(value: Json, path: (string | number)[] = []): { path: (string | number)[]; value: Json }[] {
  const children = Array.isArray(value)
    ? value.flatMap((item, index) => pathsOf(item, [...path, index]))
    : value !== null && typeof value === 'object'
      ? Object.entries(value).flatMap(([key, item]) => pathsOf(item, [...path, key]))
      : [];
  return [{ path, value }, ...children];
}

/** Put a poison at one of `spots` (none when there are no such spots). */
function atSpots(
  template: Json,
  spots: { path: (string | number)[]; value: Json }[],
  poison: fc.Arbitrary<Json>,
  what: string,
): fc.Arbitrary<{ text: string; what: string }>[] {
  if (spots.length === 0) return [];
  return [
    fc.constantFrom(...spots).chain((spot) =>
      poison.map((value) => ({
        text: spliceJson(template, spot.path, JSON.stringify(value)),
        what: `${what} at ${spot.path.join('.')}`,
      })),
    ),
  ];
}

/** One way to make a valid body invalid: at some path, a wrong type, a huge string, a bad number, a foreign or polluting key, or deep nesting. */
function brokenBody(template: Json): fc.Arbitrary<{ text: string; what: string }> {
  const spots = pathsOf(template);
  const objects = spots.filter((spot) => typeOf(spot.value) === 'object');
  return fc.oneof(
    fc.constantFrom(...spots).chain((spot) =>
      wrongType(spot.value).map((value) => ({
        text: spliceJson(template, spot.path, JSON.stringify(value)),
        what: `wrong type at ${spot.path.join('.') || 'body'}`,
      })),
    ),
    ...atSpots(
      template,
      spots.filter((spot) => typeof spot.value === 'string'),
      hugeString,
      'huge string',
    ),
    ...atSpots(
      template,
      spots.filter((spot) => typeof spot.value === 'number'),
      badNumber,
      'bad number',
    ),
    fc
      .tuple(
        fc.constantFrom(...objects),
        fc.oneof(
          fc.constantFrom(...POLLUTION_KEYS),
          unicodeString.filter((key) => key.length > 0),
          hugeString,
        ),
        fc.oneof(anyJson, fc.constantFrom('required', 'ignored', true, 1)),
      )
      .map(([spot, key, value]) => {
        const inner = Object.entries(spot.value as Record<string, Json>).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`);
        const polluted = `{${[...inner, `${JSON.stringify(key)}:${JSON.stringify(value)}`].join(',')}}`;
        return {
          text: spliceJson(template, spot.path, polluted),
          what: `extra key ${JSON.stringify(key).slice(0, 40)} at ${spot.path.join('.') || 'body'}`,
        };
      }),
    fc
      .tuple(fc.constantFrom(...spots), deepJson)
      .map(([spot, deep]) => ({ text: spliceJson(template, spot.path, deep), what: `deep nesting at ${spot.path.join('.') || 'body'}` })),
    anyJson
      .filter((value) => typeOf(value) !== 'object')
      .map((value) => ({ text: JSON.stringify(value), what: 'a body that is not an object' })),
    fc
      .tuple(fc.nat(), fc.constantFrom('', '{', '}', ',', '"', '\\u12', '\u0000', 'NaN', '\uFEFF'))
      .map(([cut, junk]) => {
        const text = JSON.stringify(template);
        const at = cut % text.length;
        return { text: `${text.slice(0, at)}${junk}`, what: 'malformed JSON' };
      })
      .filter(({ text }) => /[^\s\uFEFF]/.test(text) && !parses(text)),
  );
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

// ---- Params and queries ------------------------------------------------------------------------------

/** Percent-encode a string's UTF-8 bytes (lone surrogates become U+FFFD, as a browser would send them). */
const encodeSegment = (text: string) => [...Buffer.from(text, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');

function brokenId(kind: 'account' | 'job'): fc.Arbitrary<{ segment: string; what: string }> {
  return fc.oneof(
    // Past the 200 characters an id may have, yet short enough for Node's 16 KB header limit once percent-encoded.
    hugeString.map((id) => ({ segment: encodeSegment(id.slice(0, 700)), what: 'huge id' })),
    unicodeString
      .filter((id) => id.length > 0)
      .map((id) => ({ segment: encodeSegment(kind === 'job' ? `x${id}` : `${id}-${NO_SUCH_ACCOUNT}`), what: 'unicode id' })),
    fc
      .constantFrom('%', '%E0%A4%A', '%FF', '%C0%AF', '%2e%2e%2fhealth', '%00')
      .map((segment) => ({ segment, what: `raw segment ${segment}` })),
    fc.uuid().map((id) => ({ segment: kind === 'job' ? id : encodeSegment(`${id}@fuzz.example`), what: 'unknown id' })),
  );
}

const queryValue = fc.oneof(
  unicodeString,
  hugeString.map((text) => text.slice(0, 1_500)),
);
/** One broken query parameter (the rest valid): wrong value, repeated, nested, unknown or polluting key, deep brackets. */
function brokenQuery(template: Record<string, string>): fc.Arbitrary<{ query: URLSearchParams; what: string }> {
  const keys = Object.keys(template);
  const withValid = (extra: [string, string][]) => {
    const query = new URLSearchParams(template);
    for (const [key, value] of extra) query.append(key, value);
    return query;
  };
  const invalidValue = (key: string): fc.Arbitrary<string> => {
    const numeric = ['page', 'pageSize', 'limit'].includes(key);
    // Comma-separated lists split on commas, so their huge values must have none to stay too long.
    const options: fc.Arbitrary<string>[] = [hugeString.filter((text) => !text.includes(',')).map((text) => text.slice(0, 1_500))];
    if (numeric) options.push(fc.constantFrom('0', '-1', '1.5', 'abc', '1e9', 'NaN', 'Infinity', '', ' '));
    if (['sort', 'order', 'status'].includes(key))
      options.push(
        unicodeString
          .filter(
            (text) =>
              !/^(displayName|userPrincipalName|location|lastReadAt|asc|desc|needsAction|noActionNeeded|notAvailable|unknown|[\s,]*)$/.test(
                text,
              ),
          )
          .map((text) => `x${text}`),
      );
    if (['from', 'to'].includes(key)) options.push(unicodeString.map((text) => `2024-13-${text}`));
    if (key === 'cursor') options.push(unicodeString.map((text) => `!${text}`));
    return fc.oneof(...options);
  };
  return fc.oneof(
    fc.constantFrom(...keys).chain((key) =>
      invalidValue(key).map((value) => {
        const query = new URLSearchParams(template);
        query.set(key, value);
        return { query, what: `bad ${key}` };
      }),
    ),
    fc
      .tuple(fc.constantFrom(...keys.filter((key) => !['status', 'license', 'building'].includes(key))), queryValue)
      .map(([key, value]) => ({ query: withValid([[key, value]]), what: `repeated ${key}` })),
    fc.tuple(fc.constantFrom(...keys), unicodeString, queryValue).map(([key, sub, value]) => {
      const query = new URLSearchParams(template);
      query.delete(key);
      query.append(`${key}[${sub || 'x'}]`, value);
      return { query, what: `nested ${key}` };
    }),
    fc
      .tuple(
        fc.oneof(
          fc.constantFrom(...POLLUTION_KEYS.map((key) => `${key}[polluted]`), 'constructor[prototype][polluted]', '__proto__[isAdmin]'),
          unicodeString.filter((key) => key.length > 0).map((key) => `x${key}`),
        ),
        queryValue,
      )
      .map(([key, value]) => ({
        query: withValid([[key, value]]),
        what: `unknown key ${key.slice(0, 30)}`,
      })),
    fc
      .integer({ min: 6, max: 40 })
      .map((depth) => ({ query: withValid([[`a${'[b]'.repeat(depth)}`, '1']]), what: `deep brackets ${depth}` })),
  );
}

/** A query on a route that reads none: ignored, so any answer but a 5xx is right. */
const strayQuery = fc
  .tuple(
    fc.oneof(
      fc.constantFrom(...POLLUTION_KEYS, 'constructor[prototype][polluted]'),
      unicodeString.filter((key) => key.length > 0),
    ),
    queryValue,
  )
  .map(([key, value]) => new URLSearchParams([[key, value]]));

function caseFor(route: string, inputs: RouteInputs): fc.Arbitrary<FuzzCase> {
  const [method = 'GET', pattern = ''] = route.split(' ');
  const base = (path: string, query = '', what = ''): FuzzCase => ({ route, method, path, query, expect: '4xx', what });
  const validId = inputs.param === 'job' ? NO_SUCH_JOB : encodeSegment(NO_SUCH_ACCOUNT);
  const withId = (segment: string) => pattern.replace(':id', segment);
  const options: { arbitrary: fc.Arbitrary<FuzzCase>; weight: number }[] = [];
  if (inputs.param) {
    const body = inputs.body === undefined ? undefined : JSON.stringify(inputs.body);
    options.push({
      weight: 2,
      arbitrary: brokenId(inputs.param).map(({ segment, what }) => ({
        ...base(withId(segment), '', what),
        body,
        contentType: body ? 'application/json' : undefined,
      })),
    });
  }
  if (inputs.body !== undefined) {
    options.push({
      weight: 4,
      arbitrary: brokenBody(inputs.body).map(({ text, what }) => ({
        ...base(withId(validId), '', what),
        body: text,
        contentType: 'application/json',
      })),
    });
    options.push({
      weight: 1,
      arbitrary: fc
        .constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data; boundary=x')
        .map((contentType) => ({
          ...base(withId(validId), '', `content-type ${contentType}`),
          body: JSON.stringify(inputs.body),
          contentType,
        })),
    });
  }
  if (inputs.query)
    options.push({ weight: 4, arbitrary: brokenQuery(inputs.query).map(({ query, what }) => base(pattern, query.toString(), what)) });
  if (options.length === 0)
    options.push({
      weight: 1,
      arbitrary: strayQuery.map((query) => ({ ...base(pattern, query.toString(), 'stray query'), expect: 'any' as const })),
    });
  return fc.oneof(...options);
}

// ---- The suite ---------------------------------------------------------------------------------------

/**
 * Issue 7 §3: property-based fuzzing of every `/api` route's body, params and query. Every broken input
 * gets a 4xx in our envelope with a clear message (never a 5xx, never a stack trace), and the store's
 * content and Microsoft 365 stay exactly as they were.
 */
describe(`reliability: input fuzzing of every /api route (${RUNS} cases)`, () => {
  let stack: DemoStack;
  let routes: string[];
  let baselineTemplate: Json;
  let storeBefore: StoreDump;
  let writesBefore: number;
  const failures: string[] = [];

  beforeAll(async () => {
    stack = await startDemoStack({ emulator: { tenants: [{ seed: 13, rooms: 20 }], timeScale: 20 }, worker: false });
    assert.equal((await stack.sync('global-admin', 'full')).status, 'succeeded');
    // One real change, so the audit log, baselines and snapshots all hold rows the fuzzing must not touch.
    const { values } = (await stack.call('global-admin', '/api/baseline')).body;
    baselineTemplate = values as Json;
    assert.equal((await stack.call('global-admin', '/api/baseline', { method: 'PUT', body: values })).status, 200);
    routes = apiRoutes(stack.api.services).map(routeName);
    storeBefore = await dumpStore(stack.api.services.db);
    writesBefore = (await emulatorWrites()).totals.writes;
    setLogSink(() => undefined);
  });
  afterAll(async () => {
    setLogSink((line) => process.stdout.write(`${line}\n`));
    await stack.close();
  });

  const emulatorWrites = async () =>
    (await (await fetch(`${stack.emulator.baseUrl}/emulator/stats`)).json()) as { totals: { writes: number } };

  it('knows what every route reads, and starts from inputs the contract accepts', () => {
    assert.deepEqual(
      routes.filter((route) => !(route in INPUTS)),
      [],
      'add the new route to INPUTS',
    );
    // A template must be valid, or breaking one part of it proves nothing about that part.
    const schemas: Record<string, z.ZodType> = {
      'POST /api/demo/token': demoTokenRequest,
      'POST /api/sync': syncStartRequest,
      'GET /api/accounts': accountListQuery,
      'GET /api/accounts/export.csv': accountListQuery,
      'POST /api/accounts/:id/plan': planRequest,
      'PATCH /api/accounts/:id': desiredSettings,
      'PATCH /api/accounts/:id/location': desiredSettings.shape.location.unwrap(),
      'PUT /api/accounts/:id/licenses': licenseChangeRequest,
      'GET /api/audit': auditQuery,
      'GET /api/audit/export.csv': auditQuery,
      'POST /api/jobs/apply-recommended': applyJobRequest,
      'PUT /api/baseline': baselineValues,
    };
    for (const [route, schema] of Object.entries(schemas)) {
      const input = route === 'PUT /api/baseline' ? baselineTemplate : (INPUTS[route]?.body ?? INPUTS[route]?.query);
      const parsed = schema.safeParse(input);
      assert.ok(parsed.success, `${route}: ${JSON.stringify(parsed.error?.issues)}`);
    }
  });

  it('every broken input gets a clear 4xx, never a 5xx; the store and Microsoft 365 are unchanged', async () => {
    let identity = '';
    let served = 0;
    const statuses = new Map<number, number>();
    const fingerprint = async () =>
      JSON.stringify(
        (
          await stack.api.services.db.query(
            'select (select coalesce(sum(data_version), 0) from tenant_state) as v, (select count(*) from audit_log) as a, (select count(*) from baselines) as b, (select count(*) from jobs) as j, (select count(*) from sync_runs) as s, (select count(*) from account_snapshots) as n',
          )
        ).rows,
      );
    let last = await fingerprint();
    const inputs: Record<string, RouteInputs> = { ...INPUTS, 'PUT /api/baseline': { body: baselineTemplate } };
    // Routes that read nothing get a stray query now and then; the rest of the cases go where there is input to break.
    const arbitrary = fc.oneof(
      ...routes.map((route) => ({
        arbitrary: caseFor(route, inputs[route] ?? {}),
        weight: Object.keys(inputs[route] ?? {}).length > 0 ? 4 : 1,
      })),
    );

    await fc
      .assert(
        fc.asyncProperty(arbitrary, async (fuzz) => {
          if (served % CASES_PER_IDENTITY === 0)
            identity = await signWithTenantKey(stack.emulator, { ...validClaims(stack.emulator), oid: randomUUID() });
          served += 1;
          const res = await fetch(`${stack.baseUrl}${fuzz.path}${fuzz.query ? `?${fuzz.query}` : ''}`, {
            method: fuzz.method,
            headers: { authorization: `Bearer ${identity}`, ...(fuzz.contentType ? { 'content-type': fuzz.contentType } : {}) },
            body: fuzz.body,
          });
          const text = await res.text();
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          const label = `${fuzz.method} ${fuzz.path.slice(0, 120)}${fuzz.query ? `?${fuzz.query.slice(0, 120)}` : ''} [${fuzz.what}] (body ${fuzz.body?.length ?? 0} chars: ${fuzz.body?.slice(0, 120) ?? ''}) → ${res.status} ${text.slice(0, 300)}`;
          const problem = judge(fuzz, res.status, res.headers.get('content-type') ?? '', text);
          if (problem) failures.push(`${problem}: ${label}`);
          const now = await fingerprint();
          const storeUnchanged = now === last;
          if (!storeUnchanged) failures.push(`the store changed: ${label}`);
          last = now;
          return problem === undefined && storeUnchanged;
        }),
        { numRuns: RUNS, endOnFailure: true },
      )
      .catch((error: Error) => failures.push(error.message.split('\n').slice(0, 2).join(' ').slice(0, 300)));

    assert.deepEqual(failures.slice(0, 10), []);
    const polluted = Object.keys(Object.prototype).concat(['polluted', 'isAdmin'].filter((key) => key in {}));
    assert.deepEqual(polluted, [], 'Object.prototype was polluted');
    assert.deepEqual(diffStore(storeBefore, await dumpStore(stack.api.services.db)), [], 'the store content changed');
    assert.equal((await emulatorWrites()).totals.writes, writesBefore, 'Microsoft 365 was written');
    assert.equal(served, RUNS);
    console.log(`fuzz: ${served} cases, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
  });
});

/** Why an answer is wrong, or undefined when it is right. */
function judge(fuzz: FuzzCase, status: number, contentType: string, text: string): string | undefined {
  if (status >= 500) return `a ${status}`;
  if (fuzz.expect === '4xx' && (status < 400 || status >= 500)) return `expected a 4xx, got ${status}`;
  if (status < 400) return undefined;
  if (!contentType.startsWith('application/json')) return `a ${status} that is not our JSON envelope (${contentType})`;
  let body: { error?: { code?: unknown; message?: unknown; correlationId?: unknown } };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    return 'an error body that is not JSON';
  }
  const message = body.error?.message;
  if (typeof body.error?.code !== 'string' || typeof message !== 'string' || typeof body.error.correlationId !== 'string')
    return 'an error body without code, message and correlationId';
  if (message.length < 10 || message.length > 600) return `an error message of ${message.length} characters`;
  if (/\n\s+at |node_modules|\.[cm]?[jt]s:\d+|file:\/\/|TypeError|RangeError|SyntaxError|Cannot read/.test(text))
    return 'an error body with internals (stack, paths or a JS error)';
  return undefined;
}

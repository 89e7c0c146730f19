// Differential test of request validation: mock/validation.ts (ajv, compiled from the contract)
// against the hand-written engine it replaced (oracle/handWrittenValidation.ts). For a broad set of
// valid and invalid bodies, path and query parameters — every field of every request schema set to
// values at, below and past its keywords, fast-check bodies from harness/arbitraries, under caps and
// under the faults that bend validation — both must answer the same: accepted, or the same status,
// code and message.

import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { contract, type OperationIndex } from '../../contract';
import { bodyCase, materialise } from '../../harness/arbitraries/bodies';
import { ApiError } from '../../mock/app';
import { defaultConfig, type MockConfig } from '../../mock/config';
import { faultCatalogue } from '../../mock/faults/catalogue';
import { F } from '../../mock/faults/http';
import { FaultSwitch } from '../../mock/faults/switch';
import * as ajvBased from '../../mock/validation';
import * as handWritten from './oracle/handWrittenValidation';
import { expect, test } from './helpers';

type Engine = typeof ajvBased;
type Env = { config: MockConfig; faults: FaultSwitch };
type Answer = 'accepted' | { status: number; code: string; message: string } | { failure: ajvBased.Failure };

const OPERATIONS = Object.values(contract.operations);

function envOf(faults: readonly string[] = [], caps: Record<string, number> = {}): Env {
  return { config: { ...defaultConfig(), caps }, faults: new FaultSwitch(faultCatalogue, faults) };
}

/** Every environment that changes what validation does: caps, and the faults that bend it. */
const ENVS: readonly (readonly [string, Env])[] = [
  ['default', envOf()],
  [
    'caps',
    envOf([], { importMaxRows: 3, importMinRows: 2, idempotencyKeyMaxLength: 20, idempotencyKeyMinLength: 12, webhookUrlMaxLength: 30 }),
  ],
  [F.titleCapOffByOne, envOf([F.titleCapOffByOne])],
  [F.invalidPartnerIdAccepted, envOf([F.invalidPartnerIdAccepted])],
  [F.limitUnchecked, envOf([F.limitUnchecked])],
];

function answer(run: () => unknown): Answer {
  try {
    const failure = run();
    return failure ? { failure: failure as ajvBased.Failure } : 'accepted';
  } catch (e) {
    if (e instanceof ApiError) return { status: e.status, code: e.code, message: e.message };
    throw e;
  }
}

/** Both answers equal; the description is built only when they are not (bodies can be large). */
function same([a, b]: readonly unknown[], what: () => string): void {
  if (!isDeepStrictEqual(a, b)) expect(a, what()).toEqual(b);
}

/** Request-body schemas and the item schemas handlers check row by row. */
function bodySchemas(): string[] {
  const names = new Set<string>();
  for (const op of OPERATIONS) if (op.requestBody) names.add(op.requestBody.schema);
  for (const name of [...names])
    for (const r of contract.fieldRules[name] ?? []) if (r.itemsSchema && contract.fieldRules[r.itemsSchema]) names.add(r.itemsSchema);
  return [...names].sort();
}

const ASTRAL = '\u{1F600}';

/** Values around every keyword a field carries, plus a spread of wrong types and formats. */
function valuesFor(schema: string, field: string): unknown[] {
  const r = contract.fieldRules[schema]!.find((x) => x.name === field)!;
  const lengths = [0, 1, 2, r.minLength, r.maxLength, 12, 20, 30, 64, 200]
    .flatMap((n) => (n === null ? [] : [n - 1, n, n + 1, n + 2]))
    .filter((n) => n >= 0);
  const counts = [0, 1, 2, 3, r.minItems, r.maxItems]
    .flatMap((n) => (n === null ? [] : [n - 1, n, n + 1]))
    .filter((n) => n >= 0 && n <= 1100);
  const strings = lengths.flatMap((n) => ['a'.repeat(n), ASTRAL.repeat(n), `A-${'9'.repeat(Math.max(0, n - 2))}`]);
  const numbers = [r.minimum, r.maximum].flatMap((n) => (n === null ? [] : [n - 1, n - 0.5, n, n + 0.5, n + 1]));
  return [
    undefined,
    null,
    '',
    ' ',
    true,
    false,
    0,
    -1,
    1,
    1.5,
    1e12,
    {},
    { a: 1 },
    [],
    ['x'],
    [1, 2],
    ...strings,
    ...numbers,
    ...(r.enum ?? []),
    ...(r.enum ?? []).map((e) => `${String(e)}x`),
    '2024-02-29',
    '2023-02-29',
    '2024-13-01',
    '2024-01-01T10:00:00Z',
    '2024-01-01T10:00:00+25:00',
    '9999-12-31T23:59:59-01:00',
    '2024-01-01T23:59:60Z',
    'not-a-date',
    'UTC',
    'Europe/Paris',
    'America/Argentina/Buenos_Aires',
    'Mars/Olympus',
    'Etc/GMT+5',
    '../etc',
    'utc',
    'a@b.co',
    'not an email',
    'https://example.com/hook',
    'ftp://x',
    'http://',
    'mailto:x@y.z',
    'https://a%zz.example/',
    'https://[::1/x',
    'https://x.linkedin.com/in/%zz',
    'ev-1',
    '-leading',
    'UPPER',
    'with space',
    'tab\tx',
    'ünïcode',
    'a'.repeat(128),
    'a'.repeat(129),
    ...counts.map((n) => Array.from({ length: n }, (_, i) => ({ attendee_id: `at-${i}`, email: `a${i}@x.io` }))),
    ...counts.map((n) => Array.from({ length: n }, (_, i) => `id-${i}`)),
  ];
}

/** Valid values for the partner-ID fields the body arbitraries leave to the caller. */
function partnerIds(schema: string): Record<string, string> {
  return Object.fromEntries(
    contract.fieldRules[schema]!.filter((r) => r.pattern === contract.patterns.partnerId).map((r, i) => [r.name, `pid-${i}`]),
  );
}

/** Bodies: a valid base with one field set to each value, and with two fields set at once. */
function bodiesFor(schema: string): Record<string, unknown>[] {
  const rules = contract.fieldRules[schema]!;
  const [base] = fc.sample(
    bodyCase(schema, { maxFailing: 1 }).filter((bc) => bc.fields.every((f) => !f.fails)),
    { numRuns: 1, seed: 7 },
  );
  const valid = base ? materialise(base, partnerIds(schema)) : {};
  const out: Record<string, unknown>[] = [{}, valid];
  for (const r of rules) {
    for (const v of valuesFor(schema, r.name)) {
      const one = { ...valid, [r.name]: v };
      if (v === undefined) delete one[r.name];
      out.push(one);
    }
  }
  for (let i = 0; i + 1 < rules.length; i++) {
    const a = rules[i]!;
    const b = rules[i + 1]!;
    for (const [va, vb] of [
      [null, 1],
      ['', 'x'.repeat(300)],
      [5, null],
      ['2024-02-01', '2024-01-01'],
      ['2024-01-01T10:00:00Z', '2024-01-01T09:00:00Z'],
    ] as const) {
      out.push({ ...valid, [a.name]: va, [b.name]: vb });
      out.push({ ...valid, [b.name]: va, [a.name]: vb });
    }
  }
  return out;
}

function compareBodies(schema: string, bodies: readonly Record<string, unknown>[], engines: readonly [Engine, Engine]): number {
  let n = 0;
  const ops = OPERATIONS.filter((o) => o.requestBody?.schema === schema);
  for (const [name, env] of ENVS) {
    for (const body of bodies) {
      for (const op of ops) {
        same(
          engines.map((e) => answer(() => e.validateBody(op, body, env))),
          () => `${name} ${op.operationId} ${JSON.stringify(body)}`,
        );
        n++;
      }
      same(
        engines.map((e) => answer(() => e.firstFailure(schema, body, env))),
        () => `${name} firstFailure(${schema}) ${JSON.stringify(body)}`,
      );
      n++;
    }
  }
  return n;
}

test.describe('request validation: the ajv validators answer as the hand-written engine did', () => {
  const engines = [ajvBased, handWritten as unknown as Engine] as const;

  for (const schema of bodySchemas()) {
    test(`${schema}: every field at and across its keywords, alone and in pairs`, () => {
      expect(compareBodies(schema, bodiesFor(schema), engines)).toBeGreaterThan(100);
    });
  }

  test('fast-check bodies of every request schema (harness/arbitraries)', () => {
    test.setTimeout(60_000);
    for (const schema of bodySchemas()) {
      const globals = fc.readConfigureGlobal();
      fc.configureGlobal({ ...globals, baseSize: 'medium' });
      try {
        const result = fc.check(
          fc.property(bodyCase(schema, { maxFailing: 3 }), (bc) => {
            compareBodies(schema, [materialise(bc, partnerIds(schema))], engines);
          }),
          { numRuns: 150, seed: 23, plugins: [fc.interruptAfterTimeLimit(8_000, { failOnInterrupt: true })] },
        );
        expect(result.failed, fc.defaultReportMessage(result) ?? schema).toBe(false);
      } finally {
        fc.configureGlobal(globals);
      }
    }
  });

  test('the corpus reaches every kind of answer the validator gives', () => {
    const seen = new Set<string>();
    const env = ENVS[0]![1];
    for (const schema of bodySchemas()) {
      for (const body of bodiesFor(schema)) {
        const a = answer(() => ajvBased.firstFailure(schema, body, env));
        if (typeof a === 'object' && 'failure' in a) seen.add(a.failure.message.replace(/^\S+ /, ''));
      }
    }
    for (const op of OPERATIONS)
      for (const [params, search] of paramCases(op)) {
        const a = answer(() => ajvBased.validateParams(op, params, () => new URLSearchParams(search), env));
        if (typeof a === 'object' && 'message' in a) seen.add(a.message.replace(/^\S+ /, ''));
      }
    const kinds = [
      /^is required$/,
      /^must be of type /,
      /^must be one of /,
      /^must be at most \d+ characters$/,
      /^must be at least \d+ characters$/,
      /^has an invalid format$/,
      /^must be a valid date$/,
      /^must be a valid date-time$/,
      /^must be a valid email$/,
      /^must be a valid uri$/,
      /^must be a valid iana-timezone$/,
      /^must be ≥ /,
      /^must be ≤ /,
      /^must have at least \d+ item/,
      /^must have at most \d+ item/,
      /^must not be before /,
      /^least one of .* must be a non-empty string$/,
      /^must be given at most once$/,
    ];
    for (const kind of kinds)
      expect(
        [...seen].some((m) => kind.test(m)),
        `${kind} among ${[...seen].join(' | ')}`,
      ).toBe(true);
  });

  test('path and query parameters of every operation, repeated and missing ones included', () => {
    let n = 0;
    for (const [name, env] of ENVS) {
      for (const op of OPERATIONS) {
        const queryNames = op.parameters.filter((p) => p.in === 'query').map((p) => p.name);
        for (const [params, search] of paramCases(op)) {
          same(
            engines.map((e) => answer(() => e.validateParams(op as OperationIndex, params, () => new URLSearchParams(search), env))),
            () => `${name} ${op.operationId} ${JSON.stringify(params)} ?${search}`,
          );
          const query = new URLSearchParams(search);
          for (const q of queryNames)
            same(
              [ajvBased.queryValue(op, query, q), handWritten.queryValue(op, query, q)],
              () => `${op.operationId} queryValue ${q} ?${search}`,
            );
          n++;
        }
      }
    }
    expect(n).toBeGreaterThan(1000);
  });
});

const RAW_PARAMS = [
  '',
  ' ',
  '0',
  '1',
  '-1',
  '01',
  '1.5',
  '1e2',
  '100',
  '101',
  '200',
  '201',
  'abc',
  'true',
  'false',
  'null',
  'ev-1',
  '-x',
  'A',
  'a'.repeat(128),
  'a'.repeat(129),
  `a${ASTRAL}`,
  'person',
  'unknown_kind',
  'x y',
  '%20',
];

/** Path parameters set to each raw value; each query parameter alone, repeated, and beside another's bad value. */
function paramCases(op: OperationIndex): [Record<string, string>, string][] {
  const pathNames = op.parameters.filter((p) => p.in === 'path').map((p) => p.name);
  const queryNames = op.parameters.filter((p) => p.in === 'query').map((p) => p.name);
  const cases: [Record<string, string>, string][] = [];
  const validPath = Object.fromEntries(pathNames.map((p) => [p, 'ev-1']));
  for (const p of pathNames) for (const raw of RAW_PARAMS) cases.push([{ ...validPath, [p]: raw }, '']);
  for (const q of queryNames) {
    for (const raw of RAW_PARAMS) cases.push([validPath, `${q}=${encodeURIComponent(raw)}`]);
    cases.push([validPath, `${q}=1&${q}=2`]);
    for (const other of queryNames) if (other !== q) cases.push([validPath, `${q}=-5&${other}=${'z'.repeat(300)}`]);
  }
  cases.push([validPath, ''], [{}, 'limit=0']);
  return cases;
}

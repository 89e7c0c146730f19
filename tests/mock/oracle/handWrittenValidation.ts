// The hand-written request validator that mock/validation.ts was before it ran on ajv, kept
// unchanged but for its import paths (and the format checks, moved to mock/formats.ts) as the
// oracle of tests/mock/validation-differential.spec.ts: the mock's answers to invalid requests must
// stay byte-identical. Never used by the mock.

// The generic validator, driven by the contract: `contract.fieldRules` for request bodies and the
// operations' parameter schemas for path and query values. The first failing field in schema
// property order gives its `x-meshi-error-code`. Beside the single-field keywords (formats from
// ajv-formats) it applies what the contract carries beyond JSON Schema: x-meshi-format (an IANA
// timezone, checked with Intl) and each schema's cross-field rules (contract.schemaRules: `a >= b`,
// at least one of some fields, an empty string counting as absent).
//
// The HTTP layer runs validateParams and validateBody (or a route's own body check) before every
// handler (check order: after INVALID_JSON, before 404 resource and 409). Nested items (e.g. import rows) are not descended
// into: `firstFailure(schemaName, value)` checks one object against a component's rules for
// handlers that validate items themselves.
//
// Configurable caps (config.caps) override the keywords the contract limits are derived from
// (importMaxRows → attendees.maxItems, idempotencyKeyMaxLength → idempotency_key.maxLength, …).

import type { FieldRule, JsonSchema, LengthKeyword, OperationIndex, ParameterIndex, SchemaRules } from '../../../contract/types';
import type { MockConfig } from '../../../mock/config';
import { contract as C, requestRule } from '../../../contract';
import { apiError } from '../../../mock/contract';
import { formatValid, isIanaTimeZone } from '../../../mock/formats';
import { F } from '../../../mock/faults/http';
import type { FaultSwitch } from '../../../mock/faults/switch';

export interface ValidationEnv {
  readonly config: MockConfig;
  readonly faults: FaultSwitch;
}

export interface Failure {
  readonly field: string;
  readonly code: string;
  readonly message: string;
}

interface Check {
  readonly name: string;
  readonly required: boolean;
  readonly types: readonly string[];
  readonly minLength: number | null;
  readonly maxLength: number | null;
  readonly pattern: RegExp | null;
  readonly isPartnerId: boolean;
  readonly format: string | null;
  /** The check of the field's x-meshi-format, or null. */
  readonly meshiFormat: { readonly name: string; readonly test: (s: string) => boolean } | null;
  readonly enum: readonly unknown[] | null;
  readonly minItems: number | null;
  readonly maxItems: number | null;
  readonly minimum: number | null;
  readonly maximum: number | null;
  readonly errorCode: string;
  /** Contract limit names whose cap overrides a keyword of this field (contract.limitKeywords). */
  readonly caps: readonly (readonly [LengthKeyword, string])[];
}

/** The formats the contract names with x-meshi-format (JSON Schema has no name for them). */
const MESHI_FORMATS: Readonly<Record<string, (s: string) => boolean>> = { 'iana-timezone': (s) => isIanaTimeZone(s) };

const PARTNER_ID_SOURCE = C.patterns.partnerId ?? null;
/** Fallback code when a contract field has no x-meshi-error-code (should not happen). */
const FALLBACK_CODE = 'INVALID_JSON';

function compile(rule: {
  name: string;
  required: boolean;
  types: readonly string[];
  minLength: number | null;
  maxLength: number | null;
  pattern: string | null;
  format: string | null;
  meshiFormat?: string | null;
  enum: readonly unknown[] | null;
  minItems: number | null;
  maxItems: number | null;
  minimum: number | null;
  maximum: number | null;
  errorCode: string | null;
}): Check {
  const meshiFormat = rule.meshiFormat ?? null;
  const meshiTest = meshiFormat === null ? null : MESHI_FORMATS[meshiFormat];
  if (meshiTest === undefined) throw new Error(`the mock cannot check x-meshi-format ${meshiFormat} (field ${rule.name})`);
  return {
    name: rule.name,
    required: rule.required,
    types: rule.types,
    minLength: rule.minLength,
    maxLength: rule.maxLength,
    pattern: rule.pattern === null ? null : new RegExp(rule.pattern, 'u'),
    isPartnerId: rule.pattern !== null && rule.pattern === PARTNER_ID_SOURCE,
    format: rule.format,
    meshiFormat: meshiTest === null ? null : { name: meshiFormat!, test: meshiTest },
    enum: rule.enum,
    minItems: rule.minItems,
    maxItems: rule.maxItems,
    minimum: rule.minimum,
    maximum: rule.maximum,
    errorCode: rule.errorCode ?? FALLBACK_CODE,
    caps: Object.entries(C.limitKeywords)
      .filter(([, k]) => k.field === rule.name && rule[k.keyword] !== null)
      .map(([limit, k]) => [k.keyword, limit] as const),
  };
}

function num(v: unknown): number | null {
  return typeof v === 'number' ? v : null;
}

function typesOf(schema: JsonSchema): string[] {
  const t = schema.type;
  return t === undefined ? [] : Array.isArray(t) ? (t as string[]) : [t as string];
}

function paramRule(p: ParameterIndex): Check {
  const s = p.schema;
  return compile({
    name: p.name,
    required: p.required,
    types: typesOf(s),
    minLength: num(s.minLength),
    maxLength: num(s.maxLength),
    pattern: typeof s.pattern === 'string' ? s.pattern : null,
    format: typeof s.format === 'string' ? s.format : null,
    enum: Array.isArray(s.enum) ? (s.enum as unknown[]) : null,
    minItems: null,
    maxItems: null,
    minimum: num(s.minimum),
    maximum: num(s.maximum),
    errorCode: p.errorCode,
  });
}

const schemaChecks = new Map<string, readonly Check[]>();

function checksOf(schemaName: string): readonly Check[] {
  let checks = schemaChecks.get(schemaName);
  if (!checks) {
    const rules: readonly FieldRule[] | undefined = C.fieldRules[schemaName];
    if (!rules) throw new Error(`contract has no field rules for ${schemaName}`);
    checks = rules.map(compile);
    schemaChecks.set(schemaName, checks);
  }
  return checks;
}

interface ParamChecks {
  readonly path: readonly Check[];
  readonly query: readonly Check[];
}
const paramChecks = new Map<string, ParamChecks>();

function paramsOf(op: OperationIndex): ParamChecks {
  let checks = paramChecks.get(op.operationId);
  if (!checks) {
    checks = {
      path: op.parameters.filter((p) => p.in === 'path').map(paramRule),
      query: op.parameters.filter((p) => p.in === 'query').map(paramRule),
    };
    paramChecks.set(op.operationId, checks);
  }
  return checks;
}

// ---------------------------------------------------------------------------------------------
// Single values

/** Length in Unicode code points (what JSON Schema counts). */
function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

function typeMatches(types: readonly string[], v: unknown): boolean {
  if (types.length === 0) return true;
  for (const t of types) {
    switch (t) {
      case 'string':
        if (typeof v === 'string') return true;
        break;
      case 'integer':
        if (typeof v === 'number' && Number.isInteger(v)) return true;
        break;
      case 'number':
        if (typeof v === 'number' && Number.isFinite(v)) return true;
        break;
      case 'boolean':
        if (typeof v === 'boolean') return true;
        break;
      case 'null':
        if (v === null) return true;
        break;
      case 'array':
        if (Array.isArray(v)) return true;
        break;
      case 'object':
        if (v !== null && typeof v === 'object' && !Array.isArray(v)) return true;
        break;
    }
  }
  return false;
}

function effective(check: Check, kw: LengthKeyword, env: ValidationEnv): number | null {
  let v = check[kw];
  for (const [k, limit] of check.caps) {
    if (k !== kw) continue;
    const cap = env.config.caps[limit];
    if (typeof cap === 'number') v = cap;
  }
  return v;
}

/** Why `v` fails `check`, or null when it passes. `v` is never undefined here. */
/** Operations whose partner ID checks the invalid-partner-id-accepted fault switches off (ID-01's surface). */
const ID_FAULT_SURFACE = new Set(['createEvent', 'getIdMapping']);

function failure(check: Check, v: unknown, env: ValidationEnv, bump: number, operationId?: string): string | null {
  if (!typeMatches(check.types, v)) return `must be of type ${check.types.join(' or ')}`;
  if (v === null) return null;
  if (check.enum !== null && !check.enum.includes(v)) return `must be one of ${check.enum.map((e) => JSON.stringify(e)).join(', ')}`;
  if (typeof v === 'string') {
    const skipId =
      check.isPartnerId && operationId !== undefined && ID_FAULT_SURFACE.has(operationId) && env.faults.isOn(F.invalidPartnerIdAccepted);
    const max = effective(check, 'maxLength', env);
    if (max !== null && !skipId && v.length > max + bump && codePoints(v) > max + bump) return `must be at most ${max} characters`;
    const min = effective(check, 'minLength', env);
    if (min !== null && !skipId && codePoints(v) < min) return `must be at least ${min} characters`;
    if (check.pattern !== null && !skipId && !check.pattern.test(v)) return 'has an invalid format';
    if (check.format !== null && !formatValid(check.format, v)) return `must be a valid ${check.format}`;
    if (check.meshiFormat !== null && !check.meshiFormat.test(v)) return `must be a valid ${check.meshiFormat.name}`;
  } else if (typeof v === 'number') {
    if (check.minimum !== null && v < check.minimum) return `must be ≥ ${check.minimum}`;
    if (check.maximum !== null && v > check.maximum) return `must be ≤ ${check.maximum}`;
  } else if (Array.isArray(v)) {
    const min = effective(check, 'minItems', env);
    const max = effective(check, 'maxItems', env);
    if (min !== null && v.length < min) return `must have at least ${min} item(s)`;
    if (max !== null && v.length > max) return `must have at most ${max} item(s)`;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Cross-field rules of a schema (contract.schemaRules), run after the fields' own checks.

const NO_RULES: SchemaRules = { notBefore: [], atLeastOneOf: null };

/** A field's value as a point in time when it is a valid value of its format, else NaN. */
function instant(check: Check | undefined, v: unknown): number {
  return check?.format && typeof v === 'string' && formatValid(check.format, v) ? Date.parse(v) : NaN;
}

/** The first failing field of `value` against a component schema's rules, or null. */
export function firstFailure(
  schemaName: string,
  value: Readonly<Record<string, unknown>>,
  env: ValidationEnv,
  options: { operationId?: string } = {},
): Failure | null {
  const checks = checksOf(schemaName);
  const rules = C.schemaRules[schemaName] ?? NO_RULES;
  const titleBump = options.operationId === 'createEvent' && env.faults.isOn(F.titleCapOffByOne);
  for (const check of checks) {
    const v = value[check.name];
    if (v === undefined) {
      if (check.required) return { field: check.name, code: check.errorCode, message: `${check.name} is required` };
      continue;
    }
    const why = failure(check, v, env, titleBump && check.name === 'title' ? 1 : 0, options.operationId);
    if (why !== null) return { field: check.name, code: check.errorCode, message: `${check.name} ${why}` };
    for (const r of rules.notBefore) {
      if (r.field !== check.name) continue;
      const other = checks.find((c) => c.name === r.other);
      if (instant(check, v) < instant(other, value[r.other]))
        return { field: check.name, code: r.errorCode, message: `${check.name} must not be before ${r.other}` };
    }
  }
  const one = rules.atLeastOneOf;
  if (one && !one.fields.some((f) => isPresent(value[f]))) {
    return { field: one.fields[0]!, code: one.errorCode, message: `At least one of ${one.fields.join(', ')} must be a non-empty string` };
  }
  return null;
}

/** Present = not undefined, not null, not the empty string. */
export function isPresent(v: unknown): boolean {
  return v !== undefined && v !== null && v !== '';
}

/** Validates a request body against its operation's schema; throws the ApiError of the first failing field. */
export function validateBody(op: OperationIndex, body: Readonly<Record<string, unknown>>, env: ValidationEnv): void {
  if (!op.requestBody) return;
  const f = firstFailure(op.requestBody.schema, body, env, { operationId: op.operationId });
  if (f) throw apiError(f.code, f.message);
}

function parseQueryValue(check: Check, raw: string): unknown {
  if (check.types.includes('integer')) return /^-?\d+$/.test(raw) ? Number(raw) : raw;
  if (check.types.includes('number')) return raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  if (check.types.includes('boolean')) return raw === 'true' ? true : raw === 'false' ? false : raw;
  return raw;
}

/** x-meshi-request-rules: a declared query parameter given twice is refused (with its own code unless the rule names one). */
const REPEATED = requestRule('repeatedQueryParameter');

/** Validates decoded path parameters, then query parameters, in contract order. */
export function validateParams(
  op: OperationIndex,
  params: Readonly<Record<string, string>>,
  queryOf: () => URLSearchParams,
  env: ValidationEnv,
): void {
  const checks = paramsOf(op);
  for (const check of checks.path) {
    const v = params[check.name];
    const why = v === undefined ? 'is required' : failure(check, v, env, 0, op.operationId);
    if (why !== null) throw apiError(check.errorCode, `${check.name} ${why}`);
  }
  if (checks.query.length === 0) return;
  const query = queryOf();
  for (const check of checks.query) {
    const raw = query.get(check.name);
    if (check.name === 'limit' && env.faults.isOn(F.limitUnchecked)) continue;
    if (raw !== null && query.getAll(check.name).length > 1)
      throw apiError(REPEATED.errorCode ?? check.errorCode, `${check.name} must be given at most once`);
    if (raw === null) {
      if (check.required) throw apiError(check.errorCode, `${check.name} is required`);
      continue;
    }
    const why = failure(check, parseQueryValue(check, raw), env, 0);
    if (why !== null) throw apiError(check.errorCode, `${check.name} ${why}`);
  }
}

/** A query parameter's value parsed per its schema (integer/number/boolean), or its schema default. */
export function queryValue(op: OperationIndex, query: URLSearchParams, name: string): unknown {
  const check = paramsOf(op).query.find((c) => c.name === name);
  const p = op.parameters.find((x) => x.in === 'query' && x.name === name);
  const raw = query.get(name);
  if (raw === null || !check) return p?.schema.default ?? null;
  return parseQueryValue(check, raw);
}

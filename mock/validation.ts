// Request validation on ajv: validators compiled from the contract's request schemas
// (`contract.requestSchemas`) and the operations' parameter schemas, with the mock's caps written
// into the schema before compiling (importMaxRows → attendees.maxItems, idempotencyKeyMaxLength →
// idempotency_key.maxLength, …). Of all the errors, the first in schema property order (then in
// KEYWORDS order) is answered, with its field's `x-meshi-error-code` found through the error's
// schema path. What JSON Schema cannot say is a custom keyword: x-meshi-format (an IANA time zone,
// checked with Intl) and the schema's cross-field rules (contract.schemaRules: `a >= b`, at least
// one of some fields, an empty string counting as absent).
//
// The HTTP layer runs validateParams and validateBody (or a route's own body check) before every
// handler (check order: after INVALID_JSON, before 404 resource and 409). Only a body's own fields
// are judged, not what is nested in them (import rows): `firstFailure(schemaName, value)` checks one
// object against a component's rules for handlers that validate items themselves.

import Ajv2020 from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { FieldRule, JsonSchema, OperationIndex, ParameterIndex, SchemaRules } from '../contract/types';
import type { MockConfig } from './config';
import { contract as C, requestRule } from '../contract';
import { apiError } from './contract';
import { formatValid, isIanaTimeZone } from './formats';
import { D } from './faults/domain';
import { F } from './faults/http';
import type { FaultSwitch } from './faults/switch';

export interface ValidationEnv {
  readonly config: MockConfig;
  readonly faults: FaultSwitch;
}

export interface Failure {
  readonly field: string;
  readonly code: string;
  readonly message: string;
}

/** A field as the answer needs it: its name, JSON types, error code and pattern. */
interface Field {
  readonly name: string;
  readonly required: boolean;
  readonly types: readonly string[];
  readonly errorCode: string;
  readonly pattern: string | null;
}

/** Fallback code when a contract field has no x-meshi-error-code (should not happen). */
const FALLBACK_CODE = 'INVALID_JSON';
const PARTNER_ID_SOURCE = C.patterns.partnerId ?? null;
/** Operations whose partner ID checks the invalid-partner-id-accepted fault switches off (ID-01's surface). */
const ID_FAULT_SURFACE = new Set(['createEvent', 'getIdMapping']);
const CROSS_FIELD = 'x-meshi-schema-rules';
const MESHI_FORMAT = 'x-meshi-format';

/** Which error of one field is answered first: the hand-written engine's order, kept. */
const KEYWORDS = [
  'required',
  'type',
  'enum',
  'maxLength',
  'minLength',
  'pattern',
  'format',
  MESHI_FORMAT,
  'minimum',
  'maximum',
  'minItems',
  'maxItems',
  CROSS_FIELD,
];
const RANK = new Map(KEYWORDS.map((k, i) => [k, i]));

/** The formats the contract names with x-meshi-format (JSON Schema has no name for them). */
const MESHI_FORMATS: Readonly<Record<string, (s: string) => boolean>> = { 'iana-timezone': (s) => isIanaTimeZone(s) };

// ---------------------------------------------------------------------------------------------
// Single values

/** Length in Unicode code points (what JSON Schema counts). */
function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Present = not undefined, not null, not the empty string. */
export function isPresent(v: unknown): boolean {
  return v !== undefined && v !== null && v !== '';
}

// ---------------------------------------------------------------------------------------------
// The compiler: one ajv, the contract's formats and two custom keywords.

/** The cross-field rules of a schema with the formats their comparisons read. */
interface CrossFieldRules {
  readonly notBefore: readonly {
    readonly field: string;
    readonly other: string;
    readonly errorCode: string;
    readonly formats: readonly [string | null, string | null];
  }[];
  readonly atLeastOneOf: SchemaRules['atLeastOneOf'];
}

/** A field's value as a point in time when it is a valid value of its format, else NaN. */
function instant(format: string | null, v: unknown): number {
  return format && typeof v === 'string' && formatValid(format, v) ? Date.parse(v) : NaN;
}

function crossFieldErrors(rules: CrossFieldRules, data: Readonly<Record<string, unknown>>): Partial<ErrorObject>[] {
  const errors: Partial<ErrorObject>[] = [];
  for (const r of rules.notBefore) {
    const v = data[r.field];
    if (v !== undefined && instant(r.formats[0], v) < instant(r.formats[1], data[r.other])) {
      errors.push({
        keyword: CROSS_FIELD,
        params: { field: r.field, code: r.errorCode, message: `${r.field} must not be before ${r.other}` },
      });
    }
  }
  const one = rules.atLeastOneOf;
  if (one && !one.fields.some((f) => isPresent(data[f]))) {
    errors.push({
      keyword: CROSS_FIELD,
      params: {
        field: null,
        code: one.errorCode,
        message: `At least one of ${one.fields.join(', ')} must be a non-empty string`,
        first: one.fields[0],
      },
    });
  }
  return errors;
}

const ajv = new Ajv2020({ allErrors: true, strict: false, verbose: true, validateFormats: true });
ajv.addKeyword({
  keyword: MESHI_FORMAT,
  type: 'string',
  schemaType: 'string',
  validate: (name: string, data: string) => MESHI_FORMATS[name]!(data),
});
ajv.addKeyword({
  keyword: CROSS_FIELD,
  type: 'object',
  schemaType: 'object',
  errors: true,
  validate: function cross(rules: CrossFieldRules, data: Readonly<Record<string, unknown>>): boolean {
    const errors = crossFieldErrors(rules, data);
    (cross as unknown as { errors: Partial<ErrorObject>[] }).errors = errors;
    return errors.length === 0;
  },
});

const formatsAdded = new Set<string>();

/** Registers every format and checks every x-meshi-format a schema names. */
function prepare(schema: unknown, where: string): void {
  if (Array.isArray(schema)) return schema.forEach((s) => prepare(s, where));
  if (!schema || typeof schema !== 'object') return;
  const s = schema as JsonSchema;
  if (typeof s.format === 'string' && !formatsAdded.has(s.format)) {
    const format = s.format;
    ajv.addFormat(format, { type: 'string', validate: (v: string) => formatValid(format, v) });
    formatsAdded.add(format);
  }
  const meshi = s[MESHI_FORMAT];
  if (meshi !== undefined && (typeof meshi !== 'string' || !MESHI_FORMATS[meshi]))
    throw new Error(`the mock cannot check x-meshi-format ${String(meshi)} (${where})`);
  for (const v of Object.values(s)) prepare(v, where);
}

/** The limits whose cap overrides a keyword of one of these fields (contract.limitKeywords). */
function capsOf(fields: readonly string[]): readonly (readonly [string, { readonly field: string; readonly keyword: string }])[] {
  return Object.entries(C.limitKeywords).filter(([, k]) => fields.includes(k.field));
}

/** A copy of an object schema with the caps written into its (and its allOf parts') field keywords. */
function capped(schema: JsonSchema, caps: ReturnType<typeof capsOf>, config: MockConfig): JsonSchema {
  const withCaps = (part: JsonSchema): JsonSchema => {
    const properties = part.properties as Record<string, JsonSchema> | undefined;
    if (!properties) return part;
    const out: Record<string, JsonSchema> = { ...properties };
    for (const [limit, { field, keyword }] of caps) {
      const cap = config.caps[limit];
      if (typeof cap === 'number' && out[field] && typeof out[field]![keyword] === 'number') out[field] = { ...out[field], [keyword]: cap };
    }
    return { ...part, properties: out };
  };
  const top = withCaps(schema);
  return Array.isArray(schema.allOf) ? { ...top, allOf: (schema.allOf as JsonSchema[]).map(withCaps) } : top;
}

const compiled = new Map<string, ValidateFunction>();

/** The validator of `key` (a schema, or an operation's path or query parameters), compiled once per state of the caps that touch it. */
function validatorOf(key: string, caps: ReturnType<typeof capsOf>, config: MockConfig, schemaOf: () => JsonSchema): ValidateFunction {
  const k = `${key}|${caps.map(([limit]) => String(config.caps[limit] ?? '')).join(',')}`;
  let v = compiled.get(k);
  if (!v) {
    const schema = schemaOf();
    prepare(schema, key);
    v = ajv.compile(schema);
    compiled.set(k, v);
  }
  return v;
}

// ---------------------------------------------------------------------------------------------
// Errors to the one answered

/** The field (by name) an error is about, and its keyword, when it is one this engine answers. */
function subjectOf(e: ErrorObject): { field: string; keyword: string } | null {
  if (e.keyword === 'required' && /^#(?:\/allOf\/\d+)?\/required$/.test(e.schemaPath))
    return { field: String(e.params.missingProperty), keyword: 'required' };
  if (e.keyword === CROSS_FIELD) return { field: String(e.params.field ?? ''), keyword: CROSS_FIELD };
  const m = /^#(?:\/allOf\/\d+)?\/properties\/([^/]+)\/([^/]+)$/.exec(e.schemaPath);
  if (!m || m[2] !== e.keyword || e.instancePath !== `/${m[1]}` || !RANK.has(e.keyword)) return null;
  return { field: m[1]!, keyword: e.keyword };
}

function messageOf(field: Field, e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return 'is required';
    case 'type':
      return `must be of type ${field.types.join(' or ')}`;
    case 'enum':
      return `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'maxLength':
      return `must be at most ${p.limit} characters`;
    case 'minLength':
      return `must be at least ${p.limit} characters`;
    case 'pattern':
      return 'has an invalid format';
    case 'format':
      return `must be a valid ${p.format}`;
    case MESHI_FORMAT:
      return `must be a valid ${e.schema}`;
    case 'minimum':
      return `must be ≥ ${p.limit}`;
    case 'maximum':
      return `must be ≤ ${p.limit}`;
    case 'minItems':
      return `must have at least ${p.limit} item(s)`;
    default:
      return `must have at most ${p.limit} item(s)`;
  }
}

/** What the faults that bend validation let through. */
interface Leniency {
  /** invalid-partner-id-accepted: partner-ID fields skip their length and pattern. */
  readonly partnerIds: boolean;
  /** title-cap-off-by-one: title may be one character longer. */
  readonly titleBump: boolean;
  /** update-event-fields-unchecked: PUT /events skips description's length and start_date's format. */
  readonly updateEventFields: boolean;
  /** idem-empty-key-accepted: an empty idempotency_key passes its length and pattern. */
  readonly emptyIdempotencyKey: boolean;
  /** kind-cap-off-by-one: the id-map kind may be one character longer. */
  readonly kindBump: boolean;
}

const STRICT: Leniency = { partnerIds: false, titleBump: false, updateEventFields: false, emptyIdempotencyKey: false, kindBump: false };

function leniencyOf(env: ValidationEnv, operationId: string | undefined): Leniency {
  if (!env.faults.any) return STRICT;
  // Only the run-creating request schemas have an idempotency_key (the import validates without an operationId).
  const emptyIdempotencyKey = env.faults.isOn(D.idemEmptyKeyAccepted);
  if (operationId === undefined) return { ...STRICT, emptyIdempotencyKey };
  return {
    partnerIds: ID_FAULT_SURFACE.has(operationId) && env.faults.isOn(F.invalidPartnerIdAccepted),
    titleBump: operationId === 'createEvent' && env.faults.isOn(F.titleCapOffByOne),
    updateEventFields: operationId === 'updateEvent' && env.faults.isOn(F.updateEventFieldsUnchecked),
    emptyIdempotencyKey,
    kindBump: operationId === 'getIdMapping' && env.faults.isOn(F.kindCapOffByOne),
  };
}

function waived(field: Field, e: ErrorObject, lenient: Leniency): boolean {
  if (
    lenient.partnerIds &&
    field.pattern !== null &&
    field.pattern === PARTNER_ID_SOURCE &&
    ['maxLength', 'minLength', 'pattern'].includes(e.keyword)
  )
    return true;
  if (
    lenient.emptyIdempotencyKey &&
    field.name === 'idempotency_key' &&
    e.data === '' &&
    (e.keyword === 'minLength' || e.keyword === 'pattern')
  )
    return true;
  if (
    lenient.updateEventFields &&
    (field.name === 'description' || field.name === 'start_date') &&
    e.keyword !== 'type' &&
    e.keyword !== 'required'
  )
    return true;
  if (lenient.kindBump && field.name === 'kind' && (e.keyword === 'maxLength' || e.keyword === 'pattern'))
    return kindOneOver(field, String(e.data));
  return (
    lenient.titleBump && field.name === 'title' && e.keyword === 'maxLength' && codePoints(String(e.data)) <= Number(e.params.limit) + 1
  );
}

/** kind-cap-off-by-one: a kind one character over the cap that would be well-formed without its next-to-last character. */
function kindOneOver(field: Field, kind: string): boolean {
  const max = C.limits.partnerKindMaxLength;
  if (max === undefined || field.pattern === null || codePoints(kind) !== max + 1) return false;
  return new RegExp(field.pattern, 'u').test(kind.slice(0, -2) + kind.slice(-1));
}

/** The faults that refuse a value of exactly its maxLength (a < where <= belongs), per operation; null: every capped field. */
const AT_CAP_REFUSED: readonly { readonly operationId: string; readonly field: string | null; readonly fault: string }[] = [
  { operationId: 'createEvent', field: 'event_id', fault: F.partnerIdCapOffByOne },
  { operationId: 'getIdMapping', field: 'partner_id', fault: F.idMapPartnerIdCapOffByOne },
  { operationId: 'upsertEventContext', field: null, fault: F.contextCapOffByOne },
];

/** The failure an at-cap fault makes of a value the schema accepts, or null. */
function atCapFailure(
  fields: readonly Field[],
  maxLengthOf: (name: string) => number | null,
  data: Readonly<Record<string, unknown>>,
  env: ValidationEnv,
  operationId: string | undefined,
): Failure | null {
  if (!env.faults.any || operationId === undefined) return null;
  const faults = AT_CAP_REFUSED.filter((r) => r.operationId === operationId && env.faults.isOn(r.fault));
  for (const field of fields) {
    const max = maxLengthOf(field.name);
    const v = data[field.name];
    if (max === null || typeof v !== 'string' || codePoints(v) !== max || !faults.some((r) => r.field === null || r.field === field.name))
      continue;
    return { field: field.name, code: field.errorCode, message: `${field.name} must have fewer than ${max} characters` };
  }
  return null;
}

/** start-date-wrong-code: POST /events reports a start_date failure with end_date's code. */
function misreported(schemaName: string, f: Failure, env: ValidationEnv, operationId: string | undefined): Failure {
  if (operationId !== 'createEvent' || f.field !== 'start_date' || !env.faults.isOn(F.startDateWrongCode)) return f;
  const endCode = C.fieldRules[schemaName]!.find((r) => r.name === 'end_date')?.errorCode;
  return endCode ? { ...f, code: endCode } : f;
}

/** Per field index, its first error as a Failure, plus the schema-wide one (index fields.length). */
function failures(
  fields: readonly Field[],
  errors: readonly ErrorObject[] | null | undefined,
  data: Readonly<Record<string, unknown>>,
  lenient: Leniency,
): (Failure | undefined)[] {
  const best: { rank: number; failure: Failure }[] = [];
  for (const e of errors ?? []) {
    const subject = subjectOf(e);
    if (!subject) continue;
    let index = fields.findIndex((f) => f.name === subject.field);
    let failure: Failure;
    if (subject.keyword === CROSS_FIELD) {
      const p = e.params as { field: string | null; code: string; message: string; first?: string };
      if (p.field === null) index = fields.length;
      failure = { field: p.field ?? p.first!, code: p.code, message: p.message };
    } else {
      const field = fields[index];
      if (!field || (subject.keyword === 'required' && !field.required)) continue;
      if (data[field.name] === null && subject.keyword !== 'type') continue;
      if (waived(field, e, lenient)) continue;
      failure = { field: field.name, code: field.errorCode, message: `${field.name} ${messageOf(field, e)}` };
    }
    if (index < 0) continue;
    const rank = RANK.get(subject.keyword)!;
    if (!best[index] || rank < best[index]!.rank) best[index] = { rank, failure };
  }
  return Array.from({ length: fields.length + 1 }, (_, i) => best[i]?.failure);
}

// ---------------------------------------------------------------------------------------------
// Bodies

function bodyFields(rules: readonly FieldRule[]): Field[] {
  return rules.map((r) => ({
    name: r.name,
    required: r.required,
    types: r.types,
    errorCode: r.errorCode ?? FALLBACK_CODE,
    pattern: r.pattern,
  }));
}

const bodyFieldsOf = new Map<string, { fields: readonly Field[]; caps: ReturnType<typeof capsOf> }>();

function bodyShape(schemaName: string) {
  let shape = bodyFieldsOf.get(schemaName);
  if (!shape) {
    const rules: readonly FieldRule[] | undefined = C.fieldRules[schemaName];
    if (!rules || !C.requestSchemas[schemaName]) throw new Error(`contract has no request schema ${schemaName}`);
    shape = { fields: bodyFields(rules), caps: capsOf(rules.map((r) => r.name)) };
    bodyFieldsOf.set(schemaName, shape);
  }
  return shape;
}

/** The request schema as compiled: caps written in, the cross-field rules as one keyword, no anyOf (that rule is the keyword's). */
function bodySchema(schemaName: string, config: MockConfig): JsonSchema {
  const { anyOf: _rule, ...schema } = C.requestSchemas[schemaName]!;
  const rules = C.schemaRules[schemaName];
  const formatOf = (name: string) => C.fieldRules[schemaName]!.find((r) => r.name === name)?.format ?? null;
  const cross: CrossFieldRules | null = rules
    ? {
        notBefore: rules.notBefore.map((r) => ({
          field: r.field,
          other: r.other,
          errorCode: r.errorCode,
          formats: [formatOf(r.field), formatOf(r.other)] as const,
        })),
        atLeastOneOf: rules.atLeastOneOf,
      }
    : null;
  const compiled = capped(schema, bodyShape(schemaName).caps, config);
  return cross ? { ...compiled, [CROSS_FIELD]: cross } : compiled;
}

/** The first failing field of `value` against a component schema's rules, or null. */
export function firstFailure(
  schemaName: string,
  value: Readonly<Record<string, unknown>>,
  env: ValidationEnv,
  options: { operationId?: string } = {},
): Failure | null {
  const shape = bodyShape(schemaName);
  const validate = validatorOf(schemaName, shape.caps, env.config, () => bodySchema(schemaName, env.config));
  const maxLengthOf = (name: string) => C.fieldRules[schemaName]!.find((r) => r.name === name)?.maxLength ?? null;
  const failure = validate(value)
    ? null
    : (failures(shape.fields, validate.errors, value, leniencyOf(env, options.operationId)).find((f) => f !== undefined) ?? null);
  if (failure) return misreported(schemaName, failure, env, options.operationId);
  return atCapFailure(shape.fields, maxLengthOf, value, env, options.operationId);
}

/** Validates a request body against its operation's schema; throws the ApiError of the first failing field. */
export function validateBody(op: OperationIndex, body: Readonly<Record<string, unknown>>, env: ValidationEnv): void {
  if (!op.requestBody) return;
  const f = firstFailure(op.requestBody.schema, body, env, { operationId: op.operationId });
  if (f) throw apiError(f.code, f.message);
}

// ---------------------------------------------------------------------------------------------
// Parameters

function typesOf(schema: JsonSchema): string[] {
  const t = schema.type;
  return t === undefined ? [] : Array.isArray(t) ? (t as string[]) : [t as string];
}

function paramField(p: ParameterIndex): Field {
  return {
    name: p.name,
    required: p.required,
    types: typesOf(p.schema),
    errorCode: p.errorCode ?? FALLBACK_CODE,
    pattern: typeof p.schema.pattern === 'string' ? p.schema.pattern : null,
  };
}

interface ParamGroup {
  readonly key: string;
  readonly params: readonly ParameterIndex[];
  readonly fields: readonly Field[];
  readonly caps: ReturnType<typeof capsOf>;
}

const paramGroups = new Map<string, ParamGroup>();

function groupOf(op: OperationIndex, where: 'path' | 'query'): ParamGroup {
  const key = `${op.operationId}:${where}`;
  let group = paramGroups.get(key);
  if (!group) {
    const params = op.parameters.filter((p) => p.in === where);
    group = { key, params, fields: params.map(paramField), caps: capsOf(params.map((p) => p.name)) };
    paramGroups.set(key, group);
  }
  return group;
}

function paramsSchema(group: ParamGroup, config: MockConfig): JsonSchema {
  const schema = {
    type: 'object',
    properties: Object.fromEntries(group.params.map((p) => [p.name, p.schema])),
    required: group.params.filter((p) => p.required).map((p) => p.name),
  };
  return capped(schema, group.caps, config);
}

/** Per parameter of the group, its first failure (or undefined). */
function paramFailures(
  group: ParamGroup,
  values: Readonly<Record<string, unknown>>,
  env: ValidationEnv,
  operationId: string | undefined,
): (Failure | undefined)[] {
  const validate = validatorOf(group.key, group.caps, env.config, () => paramsSchema(group, env.config));
  if (validate(values)) return [];
  return failures(group.fields, validate.errors, values, leniencyOf(env, operationId));
}

function parseQueryValue(types: readonly string[], raw: string): unknown {
  if (types.includes('integer')) return /^-?\d+$/.test(raw) ? Number(raw) : raw;
  if (types.includes('number')) return raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  if (types.includes('boolean')) return raw === 'true' ? true : raw === 'false' ? false : raw;
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
  const path = groupOf(op, 'path');
  const maxLengthOf = (name: string) => {
    const m = path.params.find((p) => p.name === name)?.schema.maxLength;
    return typeof m === 'number' ? m : null;
  };
  const pathFailure =
    paramFailures(path, params, env, op.operationId).find((f) => f !== undefined) ??
    atCapFailure(path.fields, maxLengthOf, params, env, op.operationId);
  if (pathFailure) throw apiError(pathFailure.code, pathFailure.message);
  const query = groupOf(op, 'query');
  if (query.params.length === 0) return;
  const q = queryOf();
  const skipLimit = env.faults.isOn(F.limitUnchecked);
  const values: Record<string, unknown> = {};
  for (const f of query.fields) {
    const raw = q.get(f.name);
    if (raw !== null && !(skipLimit && f.name === 'limit')) values[f.name] = parseQueryValue(f.types, raw);
  }
  const found = paramFailures(query, values, env, undefined);
  query.fields.forEach((f, i) => {
    if (skipLimit && f.name === 'limit') return;
    if (q.get(f.name) !== null && q.getAll(f.name).length > 1)
      throw apiError(REPEATED.errorCode ?? f.errorCode, `${f.name} must be given at most once`);
    const failure = found[i];
    if (failure) throw apiError(failure.code, failure.message);
  });
}

/** A query parameter's value parsed per its schema (integer/number/boolean), or its schema default. */
export function queryValue(op: OperationIndex, query: URLSearchParams, name: string): unknown {
  const p = op.parameters.find((x) => x.in === 'query' && x.name === name);
  const raw = query.get(name);
  if (raw === null || !p) return p?.schema.default ?? null;
  return parseQueryValue(typesOf(p.schema), raw);
}

// Builds the contract index (generated/contract.ts) from the OpenAPI document: one function per
// concept of the document (servers, operations and their parameters, bodies and responses, generic
// responses, error codes, request rules, component schemas and their field and cross-field rules,
// limits, enums). Nothing here names a Meshi schema, field or operation: where a limit lives is said
// by the contract's x-meshi-limits (a number, or a JSON pointer to the schema keyword that holds it),
// and the enums the index lists are found by their markers (x-meshi-terminal, x-meshi-known-kinds,
// x-meshi-index).
import type {
  ContractIndex,
  ErrorCodeIndex,
  FieldRule,
  HttpMethod,
  JsonSchema,
  LengthKeyword,
  OperationIndex,
  ParameterIndex,
  RequestRuleIndex,
  ResponseIndex,
  SchemaRules,
} from '../../contract/types';
import { HTTP_METHODS } from '../../contract/types';
import { camel, deepDeref, fail, nodesWith, provenanceOf, refName, shallowDeref, valueAt, type Obj } from './openapi';

const METHODS = HTTP_METHODS.map((m) => m.toLowerCase() as Lowercase<HttpMethod>);

function pathRegex(template: string): string {
  let out = '^';
  for (const piece of template.split(/(\{[^}]+\})/)) {
    if (!piece) continue;
    const m = /^\{([^}]+)\}$/.exec(piece);
    out += m ? `(?<${m[1]}>[^/]+)` : piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return `${out}$`;
}

/** Error codes listed in an error response schema: `code.enum` at the top level or inside allOf. */
function codesOf(schema: Obj | undefined): string[] {
  if (!schema) return [];
  const found = new Set<string>();
  const visit = (s: Obj | undefined) => {
    if (!s || typeof s !== 'object') return;
    const e = s.properties?.code?.enum;
    if (Array.isArray(e)) e.forEach((c) => found.add(String(c)));
    for (const sub of s.allOf ?? []) visit(sub);
  };
  visit(schema);
  return [...found];
}

export function headerKey(name: string): string {
  return `header:${name}`;
}

export function responseIndex(doc: Obj, raw: Obj, status: number, validator: string | null, where: string): ResponseIndex {
  const res = shallowDeref(doc, raw);
  const headers: Record<string, { required: boolean; validator: string }> = {};
  for (const [name, h] of Object.entries<Obj>(res.headers ?? {})) {
    const header = shallowDeref(doc, h);
    headers[name.toLowerCase()] = { required: header.required === true, validator: headerKey(name) };
  }
  const schema = res.content?.['application/json']?.schema;
  return {
    status,
    provenance: provenanceOf(res, where),
    doc: res['x-meshi-doc'] ?? null,
    codes: codesOf(schema ? deepDeref(doc, schema) : undefined),
    headers,
    validator: schema ? validator : null,
  };
}

function numberOrNull(v: unknown): number | null {
  return typeof v === 'number' ? v : null;
}

function fieldRule(doc: Obj, name: string, prop: Obj, required: boolean, where: string): FieldRule {
  const own = prop;
  const s = shallowDeref(doc, prop);
  const items = s.items ? shallowDeref(doc, s.items) : null;
  const types = s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type];
  return {
    name,
    required,
    types,
    minLength: numberOrNull(s.minLength),
    maxLength: numberOrNull(s.maxLength),
    pattern: typeof s.pattern === 'string' ? s.pattern : null,
    format: typeof s.format === 'string' ? s.format : null,
    enum: Array.isArray(s.enum) ? s.enum : null,
    minItems: numberOrNull(s.minItems),
    maxItems: numberOrNull(s.maxItems),
    minimum: numberOrNull(s.minimum),
    maximum: numberOrNull(s.maximum),
    errorCode: own['x-meshi-error-code'] ?? s['x-meshi-error-code'] ?? null,
    provenance: provenanceOf(own['x-meshi-provenance'] ? own : s, where),
    meshiFormat: typeof (own['x-meshi-format'] ?? s['x-meshi-format']) === 'string' ? (own['x-meshi-format'] ?? s['x-meshi-format']) : null,
    itemsSchema: refName(own) && s.type === 'object' ? refName(own) : items && refName(s.items) ? refName(s.items) : null,
  };
}

const NOT_BEFORE = /^(\w+) >= (\w+)$/;

/** The cross-field rules of a component schema, or null when it has none. */
function schemaRulesOf(s: Obj, where: string): SchemaRules | null {
  const notBefore = (s['x-meshi-rules'] ?? []).map((r: Obj) => {
    const m = NOT_BEFORE.exec(String(r.rule));
    if (!m || typeof r['x-meshi-error-code'] !== 'string')
      throw new Error(`${where}: x-meshi-rules entry ${JSON.stringify(r.rule)} is not "<field> >= <field>" with an x-meshi-error-code`);
    return { field: m[1]!, other: m[2]!, errorCode: r['x-meshi-error-code'], provenance: provenanceOf(r, `${where} x-meshi-rules`) };
  });
  let atLeastOneOf: SchemaRules['atLeastOneOf'] = null;
  if (Array.isArray(s.anyOf)) {
    const fields: string[] = s.anyOf.map((branch: Obj) =>
      Array.isArray(branch.required) && branch.required.length === 1 ? String(branch.required[0]) : '',
    );
    if (fields.includes('') || typeof s['x-meshi-error-code'] !== 'string')
      throw new Error(`${where}: anyOf must list one required field per branch, with a schema x-meshi-error-code`);
    atLeastOneOf = { fields, errorCode: s['x-meshi-error-code'] };
  }
  return notBefore.length || atLeastOneOf ? { notBefore, atLeastOneOf } : null;
}

// ---------------------------------------------------------------------------------------------
// Servers and the alias

function serversOf(doc: Obj): Pick<ContractIndex, 'servers' | 'basePath'> {
  const servers = (doc.servers ?? []).map((s: Obj) => ({ url: String(s.url), description: String(s.description ?? '') }));
  const first = servers.find((s: { url: string }) => /^https:/.test(s.url))?.url;
  if (!first) throw new Error('no https server in the contract');
  return { servers, basePath: new URL(first).pathname.replace(/\/$/, '') };
}

function aliasOf(doc: Obj): Pick<ContractIndex, 'aliasBasePath' | 'aliasHeaders'> {
  const alias = doc['x-meshi-alias'];
  if (!alias?.base_path) throw new Error('x-meshi-alias.base_path missing');
  return {
    aliasBasePath: String(alias.base_path).replace(/\/$/, ''),
    aliasHeaders: {
      deprecation: String(alias.deprecation_headers?.headers?.Deprecation?.value ?? fail('alias Deprecation value')),
      linkRel: /rel="([^"]+)"/.exec(String(alias.deprecation_headers?.headers?.Link?.value))?.[1] ?? fail('alias Link rel'),
      provenance: provenanceOf(alias.deprecation_headers ?? {}, 'x-meshi-alias.deprecation_headers'),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Operations

function parameterIndex(doc: Obj, raw: Obj, where: string): ParameterIndex {
  const p = shallowDeref(doc, raw);
  const schema = deepDeref(doc, p.schema ?? {});
  return {
    name: p.name,
    in: p.in,
    required: p.required === true,
    schema,
    errorCode: p['x-meshi-error-code'] ?? schema['x-meshi-error-code'] ?? null,
    provenance: provenanceOf(p['x-meshi-provenance'] ? p : schema, `${where} param ${p.name}`),
  };
}

/** The JSON request body of an operation: its schema name and the raw schema. */
function requestBodyOf(doc: Obj, op: Obj, id: string): { index: NonNullable<OperationIndex['requestBody']>; schema: Obj } | null {
  if (!op.requestBody) return null;
  const rb = shallowDeref(doc, op.requestBody);
  const schema = rb.content?.['application/json']?.schema;
  if (!schema) throw new Error(`${id}: request body must be application/json`);
  return { index: { required: rb.required === true, schema: refName(schema) ?? `${id}Request`, validator: `${id}:request` }, schema };
}

function responsesOf(doc: Obj, op: Obj, id: string): { responses: Record<string, ResponseIndex>; successStatus: number } {
  const responses: Record<string, ResponseIndex> = {};
  let successStatus = 0;
  for (const [status, raw] of Object.entries<Obj>(op.responses ?? {})) {
    const code = Number(status);
    if (!Number.isInteger(code)) throw new Error(`${id}: response key ${status} is not a status`);
    responses[status] = responseIndex(doc, raw, code, `${id}:${status}`, `${id} ${status}`);
    if (code >= 200 && code < 300 && !successStatus) successStatus = code;
  }
  return { responses, successStatus };
}

function operationIndex(
  doc: Obj,
  path: string,
  item: Obj,
  method: Lowercase<HttpMethod>,
  body: ReturnType<typeof requestBodyOf>,
): OperationIndex {
  const op: Obj = item[method];
  const id: string = op.operationId;
  const { responses, successStatus } = responsesOf(doc, op, id);
  const scope = op['x-meshi-scope'];
  if (scope !== 'partner:read' && scope !== 'partner:write') throw new Error(`${id}: x-meshi-scope missing`);
  return {
    operationId: id,
    method: method.toUpperCase() as HttpMethod,
    path,
    pathRegex: pathRegex(path),
    scope,
    provenance: provenanceOf(op, id),
    doc: op['x-meshi-doc'] ?? null,
    runCreating: op['x-meshi-run-creating'] === true,
    successGuarantee: typeof op['x-meshi-success-guarantee'] === 'string' ? op['x-meshi-success-guarantee'] : null,
    successStatus,
    requestBody: body?.index ?? null,
    parameters: [...(item.parameters ?? []), ...(op.parameters ?? [])].map((raw: Obj) => parameterIndex(doc, raw, id)),
    responses,
  };
}

/** Every operation, and the raw request-body schema of each that takes one. */
function operationsOf(doc: Obj): { operations: Record<string, OperationIndex>; bodies: Map<string, Obj> } {
  const operations: Record<string, OperationIndex> = {};
  const bodies = new Map<string, Obj>();
  for (const [path, rawItem] of Object.entries<Obj>(doc.paths ?? {})) {
    const item = shallowDeref(doc, rawItem);
    for (const m of METHODS) {
      const op: Obj | undefined = item[m];
      if (!op) continue;
      if (!op.operationId) throw new Error(`${m.toUpperCase()} ${path}: operationId missing`);
      const body = requestBodyOf(doc, op, op.operationId);
      operations[op.operationId] = operationIndex(doc, path, item, m, body);
      if (body && !bodies.has(body.index.schema)) bodies.set(body.index.schema, body.schema);
    }
  }
  return { operations, bodies };
}

// ---------------------------------------------------------------------------------------------
// Root extensions: generic responses, error codes, request rules

function genericResponsesOf(doc: Obj): Record<string, ResponseIndex> {
  const out: Record<string, ResponseIndex> = {};
  for (const [name, raw] of Object.entries<Obj>(doc['x-meshi-generic-responses'] ?? {})) {
    const status = Number(shallowDeref(doc, raw)['x-meshi-status']);
    if (!Number.isInteger(status)) throw new Error(`generic response ${name}: x-meshi-status missing`);
    out[name] = responseIndex(doc, raw, status, `generic:${name}`, `generic ${name}`);
  }
  return out;
}

function errorCodesOf(doc: Obj): Record<string, ErrorCodeIndex> {
  const out: Record<string, ErrorCodeIndex> = {};
  for (const [code, e] of Object.entries<Obj>(doc['x-meshi-error-codes'] ?? {})) {
    out[code] = {
      status: Number(e.status),
      provenance: provenanceOf(e, `error code ${code}`),
      statusProvenance: e.status_provenance
        ? provenanceOf({ provenance: e.status_provenance }, `error code ${code} status_provenance`)
        : provenanceOf(e, `error code ${code}`),
      doc: e.doc ?? null,
      runErrorOnly: e.run_error_only === true,
      meaning: String(e.meaning ?? ''),
    };
  }
  return out;
}

function requestRulesOf(doc: Obj, errorCodes: Readonly<Record<string, ErrorCodeIndex>>): Record<string, RequestRuleIndex> {
  const out: Record<string, RequestRuleIndex> = {};
  for (const [name, r] of Object.entries<Obj>(doc['x-meshi-request-rules'] ?? {})) {
    const errorCode = typeof r.error_code === 'string' ? r.error_code : null;
    if (errorCode !== null && !errorCodes[errorCode]) throw new Error(`x-meshi-request-rules.${name}: unknown error_code ${errorCode}`);
    out[camel(name)] = { provenance: provenanceOf(r, `x-meshi-request-rules.${name}`), errorCode, note: String(r.note ?? '') };
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Component schemas: patterns, field rules, cross-field rules, request schemas

function componentSchemas(doc: Obj): [string, Obj][] {
  return Object.entries<Obj>(doc.components?.schemas ?? {}).map(([name, raw]) => [name, shallowDeref(doc, raw)]);
}

function allSchemaRules(doc: Obj): Record<string, SchemaRules> {
  const out: Record<string, SchemaRules> = {};
  for (const [name, s] of componentSchemas(doc)) {
    const rules = schemaRulesOf(s, name);
    if (rules) out[name] = rules;
  }
  return out;
}

/** The regex source of every component schema that has one, by camel-cased name. */
function patternsOf(doc: Obj): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, s] of componentSchemas(doc)) if (typeof s.pattern === 'string') out[camel(name)] = s.pattern;
  return out;
}

/** Field rules of every object schema: properties of allOf members first (in order), then the schema's own. */
function fieldRulesOf(doc: Obj): Record<string, FieldRule[]> {
  const out: Record<string, FieldRule[]> = {};
  for (const [name, s] of componentSchemas(doc)) {
    const parts = [...(s.allOf ?? []).map((p: Obj) => shallowDeref(doc, p)), s];
    if (!parts.some((p) => p.properties)) continue;
    const required = new Set<string>(parts.flatMap((p) => p.required ?? []));
    const props = new Map<string, Obj>();
    for (const p of parts) for (const [prop, v] of Object.entries<Obj>(p.properties ?? {})) props.set(prop, v);
    out[name] = [...props].map(([prop, p]) => fieldRule(doc, prop, p, required.has(prop), `${name}.${prop}`));
  }
  return out;
}

/** Request-body schemas and the item schemas of their fields, whole: the mock compiles its request validators from them. */
function requestSchemasOf(
  doc: Obj,
  bodies: ReadonlyMap<string, Obj>,
  fieldRules: Readonly<Record<string, readonly FieldRule[]>>,
): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {};
  const schemas: Obj = doc.components?.schemas ?? {};
  const add = (name: string, raw: Obj | undefined) => {
    if (out[name] || !raw) return;
    out[name] = deepDeref(doc, raw);
    for (const r of fieldRules[name] ?? []) if (r.itemsSchema) add(r.itemsSchema, schemas[r.itemsSchema]);
  };
  for (const [name, raw] of bodies) add(name, raw);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Limits and enums

const LENGTH_KEYWORD = /\/properties\/([^/]+)\/(minLength|maxLength|minItems|maxItems)$/;

/**
 * x-meshi-limits: every numeric value by camel-cased name (`value` takes the entry's name, other
 * parts `<entry>_<part>`). A value that is a JSON pointer is read where it points; a pointer to a
 * property's length keyword also makes the limit a keyword limit (a cap of it overrides that
 * keyword on every field of that name).
 */
function limitsOf(doc: Obj): Pick<ContractIndex, 'limits' | 'limitKeywords'> {
  const limits: Record<string, number> = {};
  const limitKeywords: Record<string, { field: string; keyword: LengthKeyword }> = {};
  for (const [key, entry] of Object.entries<Obj>(doc['x-meshi-limits'] ?? {})) {
    for (const [sub, v] of Object.entries(entry)) {
      const name = sub === 'value' ? camel(key) : camel(`${key}_${sub}`);
      const pointer = typeof v === 'string' && v.startsWith('#/') ? v : null;
      const value = pointer ? valueAt(doc, pointer) : v;
      if (typeof value !== 'number') {
        if (pointer) throw new Error(`x-meshi-limits.${key}.${sub}: ${pointer} is not a number`);
        continue;
      }
      limits[name] = value;
      const m = pointer ? LENGTH_KEYWORD.exec(pointer) : null;
      if (m) limitKeywords[name] = { field: m[1]!, keyword: m[2] as LengthKeyword };
    }
  }
  return { limits, limitKeywords };
}

/** The one component node carrying a marker keyword. */
function markedNode(doc: Obj, keyword: string, value?: string): Obj {
  const found = nodesWith(doc, keyword).filter(([, n]) => value === undefined || n[keyword] === value);
  if (found.length !== 1)
    throw new Error(`contract must have exactly one node with ${keyword}${value ? `: ${value}` : ''}, found ${found.length}`);
  return found[0]![1];
}

function enumsOf(doc: Obj): Pick<ContractIndex, 'runStatuses' | 'terminalRunStatuses' | 'runKinds' | 'idMapKinds'> {
  const status = markedNode(doc, 'x-meshi-terminal');
  const idMapKinds = markedNode(doc, 'x-meshi-known-kinds')['x-meshi-known-kinds'];
  if (!Array.isArray(idMapKinds)) throw new Error('x-meshi-known-kinds must be a list');
  return {
    runStatuses: status.enum ?? fail('an enum beside x-meshi-terminal'),
    terminalRunStatuses: status['x-meshi-terminal'],
    runKinds: markedNode(doc, 'x-meshi-index', 'run_kinds').enum ?? fail('an enum beside x-meshi-index: run_kinds'),
    idMapKinds,
  };
}

// ---------------------------------------------------------------------------------------------

export function buildContractIndex(doc: Obj): ContractIndex {
  const { servers, basePath } = serversOf(doc);
  const { aliasBasePath, aliasHeaders } = aliasOf(doc);
  const { operations, bodies } = operationsOf(doc);
  const errorCodes = errorCodesOf(doc);
  const fieldRules = fieldRulesOf(doc);
  const { limits, limitKeywords } = limitsOf(doc);
  const { runStatuses, terminalRunStatuses, runKinds, idMapKinds } = enumsOf(doc);
  return {
    title: String(doc.info?.title ?? ''),
    version: String(doc.info?.version ?? ''),
    basePath,
    aliasBasePath,
    servers,
    operations,
    genericResponses: genericResponsesOf(doc),
    errorCodes,
    patterns: patternsOf(doc),
    fieldRules,
    requestSchemas: requestSchemasOf(doc, bodies, fieldRules),
    limits,
    schemaRules: allSchemaRules(doc),
    limitKeywords,
    requestRules: requestRulesOf(doc, errorCodes),
    runStatuses,
    terminalRunStatuses,
    runKinds,
    idMapKinds,
    aliasHeaders,
  };
}

// Builds the contract index (generated/contract.ts) from the OpenAPI document.
import type {
  ContractIndex,
  ErrorCodeIndex,
  FieldRule,
  HttpMethod,
  JsonSchema,
  LengthKeyword,
  OperationIndex,
  ParameterIndex,
  Provenance,
  RequestRuleIndex,
  ResponseIndex,
  SchemaRules,
} from '../../contract/types';

type Obj = Record<string, any>;

const METHODS = ['get', 'post', 'put'] as const;

export function resolveRef(doc: Obj, ref: string): Obj {
  if (!ref.startsWith('#/')) throw new Error(`only local $ref supported: ${ref}`);
  let node: any = doc;
  for (const part of ref.slice(2).split('/')) {
    node = node?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    if (node === undefined) throw new Error(`unresolved $ref ${ref}`);
  }
  return node;
}

/** Follows a chain of $ref at the top of a node, merging sibling keywords over the target. */
export function shallowDeref(doc: Obj, node: Obj): Obj {
  let current = node;
  const seen = new Set<string>();
  while (current && typeof current.$ref === 'string') {
    if (seen.has(current.$ref)) throw new Error(`cyclic $ref ${current.$ref}`);
    seen.add(current.$ref);
    const { $ref, ...siblings } = current;
    current = { ...resolveRef(doc, $ref), ...siblings };
  }
  return current;
}

/** Fully dereferenced copy (the contract has no recursive schemas). */
export function deepDeref(doc: Obj, node: unknown, depth = 0): any {
  if (depth > 64) throw new Error('schema nesting too deep (cycle?)');
  if (Array.isArray(node)) return node.map((n) => deepDeref(doc, n, depth + 1));
  if (node && typeof node === 'object') {
    const base = shallowDeref(doc, node as Obj);
    const out: Obj = {};
    for (const [k, v] of Object.entries(base)) out[k] = deepDeref(doc, v, depth + 1);
    return out;
  }
  return node;
}

export function refName(node: Obj | undefined): string | null {
  const ref = node?.$ref;
  return typeof ref === 'string' ? ref.split('/').pop()! : null;
}

export function camel(key: string): string {
  return key.replace(/[-_]+([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase()).replace(/^[A-Z]/, (c) => c.toLowerCase());
}

function provenanceOf(node: Obj, where: string): Provenance {
  const p = node['x-meshi-provenance'] ?? node.provenance;
  if (p !== 'documented' && p !== 'observed' && p !== 'provisional') throw new Error(`${where}: x-meshi-provenance missing or invalid`);
  return p;
}

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
    if (!m || typeof r['x-meshi-error-code'] !== 'string') throw new Error(`${where}: x-meshi-rules entry ${JSON.stringify(r.rule)} is not "<field> >= <field>" with an x-meshi-error-code`);
    return { field: m[1]!, other: m[2]!, errorCode: r['x-meshi-error-code'], provenance: provenanceOf(r, `${where} x-meshi-rules`) };
  });
  let atLeastOneOf: SchemaRules['atLeastOneOf'] = null;
  if (Array.isArray(s.anyOf)) {
    const fields: string[] = s.anyOf.map((branch: Obj) => (Array.isArray(branch.required) && branch.required.length === 1 ? String(branch.required[0]) : ''));
    if (fields.includes('') || typeof s['x-meshi-error-code'] !== 'string') throw new Error(`${where}: anyOf must list one required field per branch, with a schema x-meshi-error-code`);
    atLeastOneOf = { fields, errorCode: s['x-meshi-error-code'] };
  }
  return notBefore.length || atLeastOneOf ? { notBefore, atLeastOneOf } : null;
}

function maxFromPattern(pattern: string): number | null {
  const m = /\{0,(\d+)\}\$$/.exec(pattern);
  return m ? Number(m[1]) + 1 : null;
}

export function buildContractIndex(doc: Obj): ContractIndex {
  const servers = (doc.servers ?? []).map((s: Obj) => ({ url: String(s.url), description: String(s.description ?? '') }));
  const first = servers.find((s: { url: string }) => /^https:/.test(s.url))?.url;
  if (!first) throw new Error('no https server in the contract');
  const basePath = new URL(first).pathname.replace(/\/$/, '');
  const alias = doc['x-meshi-alias'];
  if (!alias?.base_path) throw new Error('x-meshi-alias.base_path missing');

  const operations: Record<string, OperationIndex> = {};
  for (const [path, rawItem] of Object.entries<Obj>(doc.paths ?? {})) {
    const item = shallowDeref(doc, rawItem);
    for (const m of METHODS) {
      const op: Obj | undefined = item[m];
      if (!op) continue;
      const id: string = op.operationId;
      if (!id) throw new Error(`${m.toUpperCase()} ${path}: operationId missing`);
      const where = `${id}`;
      const params: ParameterIndex[] = [];
      for (const rawParam of [...(item.parameters ?? []), ...(op.parameters ?? [])]) {
        const p = shallowDeref(doc, rawParam);
        const schema = deepDeref(doc, p.schema ?? {});
        params.push({
          name: p.name,
          in: p.in,
          required: p.required === true,
          schema,
          errorCode: p['x-meshi-error-code'] ?? schema['x-meshi-error-code'] ?? null,
          provenance: provenanceOf(p['x-meshi-provenance'] ? p : schema, `${where} param ${p.name}`),
        });
      }
      let requestBody: OperationIndex['requestBody'] = null;
      if (op.requestBody) {
        const rb = shallowDeref(doc, op.requestBody);
        const schema = rb.content?.['application/json']?.schema;
        if (!schema) throw new Error(`${where}: request body must be application/json`);
        requestBody = { required: rb.required === true, schema: refName(schema) ?? `${id}Request`, validator: `${id}:request` };
      }
      const responses: Record<string, ResponseIndex> = {};
      let successStatus = 0;
      for (const [status, raw] of Object.entries<Obj>(op.responses ?? {})) {
        const code = Number(status);
        if (!Number.isInteger(code)) throw new Error(`${where}: response key ${status} is not a status`);
        responses[status] = responseIndex(doc, raw, code, `${id}:${status}`, `${where} ${status}`);
        if (code >= 200 && code < 300 && !successStatus) successStatus = code;
      }
      const scope = op['x-meshi-scope'];
      if (scope !== 'partner:read' && scope !== 'partner:write') throw new Error(`${where}: x-meshi-scope missing`);
      operations[id] = {
        operationId: id,
        method: m.toUpperCase() as HttpMethod,
        path,
        pathRegex: pathRegex(path),
        scope,
        provenance: provenanceOf(op, where),
        doc: op['x-meshi-doc'] ?? null,
        runCreating: op['x-meshi-run-creating'] === true,
        successGuarantee: typeof op['x-meshi-success-guarantee'] === 'string' ? op['x-meshi-success-guarantee'] : null,
        successStatus,
        requestBody,
        parameters: params,
        responses,
      };
    }
  }

  const genericResponses: Record<string, ResponseIndex> = {};
  for (const [name, raw] of Object.entries<Obj>(doc['x-meshi-generic-responses'] ?? {})) {
    const res = shallowDeref(doc, raw);
    const status = Number(res['x-meshi-status']);
    if (!Number.isInteger(status)) throw new Error(`generic response ${name}: x-meshi-status missing`);
    genericResponses[name] = responseIndex(doc, raw, status, `generic:${name}`, `generic ${name}`);
  }

  const errorCodes: Record<string, ErrorCodeIndex> = {};
  for (const [code, e] of Object.entries<Obj>(doc['x-meshi-error-codes'] ?? {})) {
    errorCodes[code] = {
      status: Number(e.status),
      provenance: provenanceOf(e, `error code ${code}`),
      statusProvenance: e.status_provenance ? provenanceOf({ provenance: e.status_provenance }, `error code ${code} status_provenance`) : provenanceOf(e, `error code ${code}`),
      doc: e.doc ?? null,
      runErrorOnly: e.run_error_only === true,
      meaning: String(e.meaning ?? ''),
    };
  }

  const requestRules: Record<string, RequestRuleIndex> = {};
  for (const [name, r] of Object.entries<Obj>(doc['x-meshi-request-rules'] ?? {})) {
    const errorCode = typeof r.error_code === 'string' ? r.error_code : null;
    if (errorCode !== null && !errorCodes[errorCode]) throw new Error(`x-meshi-request-rules.${name}: unknown error_code ${errorCode}`);
    requestRules[camel(name)] = { provenance: provenanceOf(r, `x-meshi-request-rules.${name}`), errorCode, note: String(r.note ?? '') };
  }

  const schemas: Obj = doc.components?.schemas ?? {};
  const schemaRules: Record<string, SchemaRules> = {};
  for (const [name, raw] of Object.entries<Obj>(schemas)) {
    const rules = schemaRulesOf(shallowDeref(doc, raw), name);
    if (rules) schemaRules[name] = rules;
  }
  const patterns: Record<string, string> = {};
  const fieldRules: Record<string, FieldRule[]> = {};
  for (const [name, raw] of Object.entries<Obj>(schemas)) {
    const s = shallowDeref(doc, raw);
    if (typeof s.pattern === 'string') patterns[camel(name)] = s.pattern;
    // Properties of allOf members come first (in order), then the schema's own.
    const parts = [...(s.allOf ?? []).map((p: Obj) => shallowDeref(doc, p)), s];
    if (parts.some((p) => p.properties)) {
      const required = new Set<string>(parts.flatMap((p) => p.required ?? []));
      const props = new Map<string, Obj>();
      for (const p of parts) for (const [prop, v] of Object.entries<Obj>(p.properties ?? {})) props.set(prop, v);
      fieldRules[name] = [...props].map(([prop, p]) => fieldRule(doc, prop, p, required.has(prop), `${name}.${prop}`));
    }
  }

  // Request-body schemas, and the item schemas of their fields, whole: the mock compiles its
  // request validators from them (with its caps applied).
  const requestSchemas: Record<string, JsonSchema> = {};
  const addRequestSchema = (name: string, raw: Obj | undefined) => {
    if (requestSchemas[name] || !raw) return;
    requestSchemas[name] = deepDeref(doc, raw);
    for (const r of fieldRules[name] ?? []) if (r.itemsSchema) addRequestSchema(r.itemsSchema, schemas[r.itemsSchema]);
  };
  for (const [path, rawItem] of Object.entries<Obj>(doc.paths ?? {})) {
    const item = shallowDeref(doc, rawItem);
    for (const m of METHODS) {
      const body = item[m]?.requestBody ? shallowDeref(doc, item[m].requestBody).content?.['application/json']?.schema : undefined;
      const op = item[m] ? operations[item[m].operationId] : undefined;
      if (body && op?.requestBody) addRequestSchema(op.requestBody.schema, schemas[op.requestBody.schema] ?? body);
      else if (body) throw new Error(`${m.toUpperCase()} ${path}: request body without an index entry`);
    }
  }

  const limits: Record<string, number> = {};
  for (const [key, entry] of Object.entries<Obj>(doc['x-meshi-limits'] ?? {})) {
    for (const [sub, v] of Object.entries(entry)) {
      if (typeof v !== 'number') continue;
      limits[sub === 'value' ? camel(key) : camel(`${key}_${sub}`)] = v;
    }
  }
  const rule = (schema: string, field: string) => {
    const r = fieldRules[schema]?.find((f) => f.name === field);
    if (!r) throw new Error(`contract has no ${schema}.${field}`);
    return r;
  };
  const limitKeywords: Record<string, { field: string; keyword: LengthKeyword }> = {};
  // Limits that are a keyword of an import-request field (the same keyword on every field of that name).
  const fromKeyword = (limit: string, field: string, keyword: LengthKeyword, missing: 'fail' | 'skip' | number) => {
    const v = rule('AttendeeImportRequest', field)[keyword] ?? (missing === 'fail' ? fail(`AttendeeImportRequest.${field} ${keyword}`) : missing === 'skip' ? null : missing);
    if (v === null) return;
    limits[limit] = v;
    limitKeywords[limit] = { field, keyword };
  };
  fromKeyword('importMaxRows', 'attendees', 'maxItems', 'fail');
  fromKeyword('importMinRows', 'attendees', 'minItems', 'fail');
  fromKeyword('idempotencyKeyMinLength', 'idempotency_key', 'minLength', 1);
  fromKeyword('idempotencyKeyMaxLength', 'idempotency_key', 'maxLength', 'fail');
  fromKeyword('webhookUrlMaxLength', 'webhook_url', 'maxLength', 'skip');
  const limitParam = Object.values(operations)
    .flatMap((o) => o.parameters)
    .find((p) => p.name === 'limit' && p.in === 'query');
  if (!limitParam) throw new Error('no limit query parameter in the contract');
  limits.pageLimitMin = Number(limitParam.schema.minimum);
  limits.pageLimitMax = Number(limitParam.schema.maximum);
  limits.pageLimitDefault = Number(limitParam.schema.default);
  for (const [name, p] of Object.entries({ partnerId: 'PartnerId', partnerKind: 'PartnerKind', correlationId: 'CorrelationId' })) {
    const s = shallowDeref(doc, schemas[p] ?? fail(`components.schemas.${p}`));
    const max = numberOrNull(s.maxLength) ?? maxFromPattern(String(s.pattern ?? ''));
    if (max === null) throw new Error(`${p}: no maximum length`);
    limits[`${name}MaxLength`] = max;
  }

  const run = shallowDeref(doc, schemas.Run ?? fail('components.schemas.Run'));
  const status = shallowDeref(doc, run.properties?.status ?? fail('Run.status'));
  const kind = shallowDeref(doc, run.properties?.kind ?? fail('Run.kind'));
  const kindParam = operations.getIdMapping?.parameters.find((p) => p.name === 'kind');
  const idMapKinds = kindParam?.schema['x-meshi-known-kinds'] ?? shallowDeref(doc, schemas.PartnerKind ?? {})['x-meshi-known-kinds'];
  if (!Array.isArray(idMapKinds)) throw new Error('x-meshi-known-kinds missing on PartnerKind');

  return {
    title: String(doc.info?.title ?? ''),
    version: String(doc.info?.version ?? ''),
    basePath,
    aliasBasePath: String(alias.base_path).replace(/\/$/, ''),
    servers,
    operations,
    genericResponses,
    errorCodes,
    patterns,
    fieldRules,
    requestSchemas,
    limits,
    schemaRules,
    limitKeywords,
    requestRules,
    runStatuses: status.enum,
    terminalRunStatuses: status['x-meshi-terminal'] ?? fail('Run.status x-meshi-terminal'),
    runKinds: kind.enum,
    idMapKinds,
    aliasHeaders: {
      deprecation: String(alias.deprecation_headers?.headers?.Deprecation?.value ?? fail('alias Deprecation value')),
      linkRel: /rel="([^"]+)"/.exec(String(alias.deprecation_headers?.headers?.Link?.value))?.[1] ?? fail('alias Link rel'),
      provenance: provenanceOf(alias.deprecation_headers ?? {}, 'x-meshi-alias.deprecation_headers'),
    },
  };
}

function fail(what: string): never {
  throw new Error(`contract is missing ${what}`);
}

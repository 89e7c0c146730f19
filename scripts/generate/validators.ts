// Emits ajv standalone validators (draft 2020-12, formats on) for every request body, every
// (operation, status) response, every generic response, every header and every component schema.
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import standaloneCode from 'ajv/dist/standalone';
import { HTTP_METHODS } from '../../contract/types';
import { shallowDeref } from './openapi';

type Obj = Record<string, any>;

const ID_ROOT = 'https://contract.meshi.test/';

/** Rewrites local component refs into absolute schema ids ajv can resolve across validators. */
function rewriteRefs(node: unknown): any {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (node && typeof node === 'object') {
    const out: Obj = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith('#/components/')) {
        out[k] = ID_ROOT + v.slice('#/components/'.length);
      } else if (k === 'example' || k === 'examples') {
        continue;
      } else {
        out[k] = rewriteRefs(v);
      }
    }
    return out;
  }
  return node;
}

function vendorKeywords(node: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => vendorKeywords(n, found));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k.startsWith('x-')) found.add(k);
      vendorKeywords(v, found);
    }
  }
  return found;
}

export function buildValidatorsSource(doc: Obj): { source: string; keys: string[] } {
  const ajv = new Ajv2020({
    allErrors: true,
    strict: true,
    strictTypes: false,
    allowUnionTypes: true,
    code: { source: true, esm: false, lines: true },
  });
  addFormats(ajv);
  for (const k of vendorKeywords(doc)) ajv.addKeyword({ keyword: k });
  ajv.addKeyword({ keyword: 'discriminator' });

  const schemas: Obj = doc.components?.schemas ?? {};
  for (const [name, s] of Object.entries(schemas)) ajv.addSchema(rewriteRefs(s), `${ID_ROOT}schemas/${name}`);

  const exports: Record<string, string> = {};
  const add = (key: string, schema: unknown) => {
    const id = `${ID_ROOT}v/${encodeURIComponent(key)}`;
    ajv.addSchema(rewriteRefs(schema) as Obj, id);
    exports[key] = id;
  };
  for (const name of Object.keys(schemas)) exports[`schema:${name}`] = `${ID_ROOT}schemas/${name}`;

  const headerSchemas = new Map<string, string>();
  const addHeaders = (res: Obj) => {
    for (const [name, h] of Object.entries<Obj>(res.headers ?? {})) {
      const header = shallowDeref(doc, h);
      const schema = header.schema ?? {};
      const key = `header:${name}`;
      const text = JSON.stringify(schema);
      const prev = headerSchemas.get(key);
      if (prev !== undefined && prev !== text) throw new Error(`header ${name} has two different schemas`);
      if (prev === undefined) {
        headerSchemas.set(key, text);
        add(key, schema);
      }
    }
  };

  for (const item of Object.values<Obj>(doc.paths ?? {})) {
    for (const m of HTTP_METHODS.map((x) => x.toLowerCase())) {
      const op = item[m];
      if (!op) continue;
      const rb = op.requestBody && shallowDeref(doc, op.requestBody);
      const reqSchema = rb?.content?.['application/json']?.schema;
      if (reqSchema) add(`${op.operationId}:request`, reqSchema);
      for (const [status, raw] of Object.entries<Obj>(op.responses ?? {})) {
        const res = shallowDeref(doc, raw);
        const schema = res.content?.['application/json']?.schema;
        if (schema) add(`${op.operationId}:${status}`, schema);
        addHeaders(res);
      }
    }
  }
  for (const [name, raw] of Object.entries<Obj>(doc['x-meshi-generic-responses'] ?? {})) {
    const res = shallowDeref(doc, raw);
    const schema = res.content?.['application/json']?.schema;
    if (schema) add(`generic:${name}`, schema);
    addHeaders(res);
  }

  const keys = Object.keys(exports).sort();
  const sorted: Record<string, string> = {};
  for (const k of keys) sorted[k] = exports[k]!;
  return { source: standaloneCode(ajv, sorted), keys };
}

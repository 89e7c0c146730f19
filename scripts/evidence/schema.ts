// Where things live in contracts/partner-api.yaml: the response fields of an operation's status
// (path → declared types, provenance and the YAML location to mark), the objects a field could be
// added to, the error-code enums and the shared parameter schemas. Evidence needs YAML locations
// (not just values) because its proposal edits the file; values still come from contract/.

import type { Loc } from './types';

export type { Loc } from './types';
type Obj = Record<string, any>;

export interface DeclaredField {
  readonly path: string;
  readonly types: readonly string[];
  readonly provenance: string | null;
  /** Location of the property node (the one carrying x-meshi-provenance). */
  readonly loc: Loc;
}

export interface DeclaredObject {
  /** Location of the schema whose `properties` a new field would join. */
  readonly loc: Loc;
  readonly closed: boolean;
}

export interface ResponseShape {
  readonly fields: Map<string, DeclaredField>;
  /** Object paths ('' = the body) → where they are declared. */
  readonly objects: Map<string, DeclaredObject>;
}

export function refLoc(ref: string): Loc {
  if (!ref.startsWith('#/')) throw new Error(`only local $ref supported: ${ref}`);
  return ref
    .slice(2)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function at(doc: Obj, loc: Loc): any {
  let node: any = doc;
  for (const k of loc) node = node?.[k];
  return node;
}

/** Follows $ref chains: the node (siblings merged over the target) and the location of the last target. */
export function resolve(doc: Obj, node: Obj, loc: Loc): { node: Obj; loc: Loc } {
  let current = node;
  let where = loc;
  const seen = new Set<string>();
  while (current && typeof current.$ref === 'string' && !seen.has(current.$ref)) {
    seen.add(current.$ref);
    const { $ref, ...siblings } = current;
    where = refLoc($ref);
    current = { ...at(doc, where), ...siblings };
  }
  return { node: current, loc: where };
}

function typesOf(s: Obj): string[] {
  if (s.type !== undefined) return Array.isArray(s.type) ? s.type : [s.type];
  if (s.const !== undefined) return [s.const === null ? 'null' : typeof s.const];
  if (Array.isArray(s.enum)) return [...new Set(s.enum.map((v: unknown) => (v === null ? 'null' : typeof v)))] as string[];
  return [];
}

function walkObject(doc: Obj, node: Obj, loc: Loc, prefix: string, shape: ResponseShape, depth: number): void {
  if (depth > 8) return;
  const { node: s, loc: own } = resolve(doc, node, loc);
  const parts: { node: Obj; loc: Loc }[] = [{ node: s, loc: own }];
  for (const [i, sub] of (s.allOf ?? []).entries()) parts.push(resolve(doc, sub, [...own, 'allOf', i]));
  for (const key of ['oneOf', 'anyOf'] as const)
    for (const [i, sub] of (s[key] ?? []).entries()) parts.push(resolve(doc, sub, [...own, key, i]));
  const closed =
    s.unevaluatedProperties === false || s.additionalProperties === false || parts.some((p) => p.node.additionalProperties === false);
  if (parts.some((p) => p.node.properties) || closed) shape.objects.set(prefix, { loc: own, closed });
  for (const part of parts) {
    for (const [name, prop] of Object.entries<Obj>(part.node.properties ?? {})) {
      const path = prefix === '' ? name : `${prefix}.${name}`;
      const propLoc = [...part.loc, 'properties', name];
      const r = resolve(doc, prop, propLoc);
      const previous = shape.fields.get(path);
      const types = typesOf(r.node);
      // allOf members and the schema itself may both name a property (e.g. code's enum): merge.
      shape.fields.set(path, {
        path,
        types: previous && types.length === 0 ? previous.types : types,
        provenance: prop['x-meshi-provenance'] ?? r.node['x-meshi-provenance'] ?? previous?.provenance ?? null,
        loc: prop['x-meshi-provenance'] || !previous ? propLoc : previous.loc,
      });
      walkValue(doc, r.node, r.loc, path, shape, depth + 1);
    }
  }
}

function walkValue(doc: Obj, s: Obj, loc: Loc, path: string, shape: ResponseShape, depth: number): void {
  const types = typesOf(s);
  if (s.properties || s.allOf || s.oneOf || s.anyOf || (types.includes('object') && !s.items)) walkObject(doc, s, loc, path, shape, depth);
  if (s.items) {
    const item = resolve(doc, s.items, [...loc, 'items']);
    shape.fields.set(`${path}[]`, {
      path: `${path}[]`,
      types: typesOf(item.node),
      provenance: s['x-meshi-provenance'] ?? null,
      loc: [...loc, 'items'],
    });
    walkValue(doc, item.node, item.loc, `${path}[]`, shape, depth + 1);
  }
}

/** The response node of an operation's status (or a generic response), resolved, with its location. */
export function responseNode(doc: Obj, operationId: string, status: string): { node: Obj; loc: Loc; inline: boolean } | null {
  for (const [path, item] of Object.entries<Obj>(doc.paths ?? {})) {
    for (const [method, op] of Object.entries<Obj>(item)) {
      if (op?.operationId !== operationId) continue;
      const raw = op.responses?.[status];
      if (!raw) return null;
      const loc: Loc = ['paths', path, method, 'responses', status];
      const r = resolve(doc, raw, loc);
      return { ...r, inline: typeof raw.$ref !== 'string' };
    }
  }
  return null;
}

export function genericResponseNode(doc: Obj, name: string): { node: Obj; loc: Loc; inline: boolean } | null {
  const raw = doc['x-meshi-generic-responses']?.[name];
  if (!raw) return null;
  const r = resolve(doc, raw, ['x-meshi-generic-responses', name]);
  return { ...r, inline: true };
}

export function shapeOf(doc: Obj, response: { node: Obj; loc: Loc }): ResponseShape {
  const shape: ResponseShape = { fields: new Map(), objects: new Map() };
  const schema = response.node.content?.['application/json']?.schema;
  if (schema) walkObject(doc, schema, [...response.loc, 'content', 'application/json', 'schema'], '', shape, 0);
  return shape;
}

/** Location of the `code` enum of an error response (the inline property beside allOf [ErrorEnvelope]). */
export function codeEnumLoc(doc: Obj, response: { node: Obj; loc: Loc }): Loc | null {
  const raw = response.node.content?.['application/json']?.schema;
  if (!raw) return null;
  const { node, loc } = resolve(doc, raw, [...response.loc, 'content', 'application/json', 'schema']);
  const parts: { node: Obj; loc: Loc }[] = [
    { node, loc },
    ...(node.allOf ?? []).map((sub: Obj, i: number) => resolve(doc, sub, [...loc, 'allOf', i])),
  ];
  const hit = parts.find((p) => Array.isArray(p.node.properties?.code?.enum));
  return hit ? [...hit.loc, 'properties', 'code', 'enum'] : null;
}

/** Locations of parameter nodes named `name` (query or path) used by an operation, resolved to their definition. */
export function parameterLoc(doc: Obj, operationId: string, name: string): Loc | null {
  for (const [path, item] of Object.entries<Obj>(doc.paths ?? {})) {
    for (const [method, op] of Object.entries<Obj>(item)) {
      if (op?.operationId !== operationId) continue;
      const lists: [Obj[], Loc][] = [
        [item.parameters ?? [], ['paths', path, 'parameters']],
        [op.parameters ?? [], ['paths', path, method, 'parameters']],
      ];
      for (const [list, base] of lists) {
        for (const [i, raw] of list.entries()) {
          const r = resolve(doc, raw, [...base, i]);
          if (r.node.name === name) return r.loc;
        }
      }
    }
  }
  return null;
}

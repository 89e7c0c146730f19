// Resolves a schema into one flat view before it is compared: local $refs followed (their sibling
// keywords applied on top), allOf merged into its parent (properties and required united, bounds
// the stricter), oneOf/anyOf kept as variants. A $ref already being resolved on the current path is
// a cycle: it becomes a stub naming the component, so a recursive schema is diffed to its first
// repetition and then compared by name.

import type { Path } from './parsed';

export const BOUND_KEYS = [
  'minimum',
  'exclusiveMinimum',
  'maximum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'minProperties',
  'maxProperties',
] as const;
export type BoundKey = (typeof BOUND_KEYS)[number];

export interface Flat {
  /** Where it is declared (the property, parameter or media type that holds it). */
  readonly path: Path;
  /** The component it was resolved from (`#/components/schemas/X`), if any. */
  readonly ref: string | null;
  /** True for the stub of a `$ref` cycle. */
  readonly cycle: boolean;
  readonly types: ReadonlySet<string> | null;
  readonly format: string | null;
  readonly patterns: readonly string[];
  /** enum or const values; null when any value of the type is allowed. */
  readonly enumValues: readonly unknown[] | null;
  readonly bounds: Readonly<Partial<Record<BoundKey, number>>>;
  readonly properties: ReadonlyMap<string, Flat>;
  readonly required: ReadonlySet<string>;
  readonly items: Flat | null;
  readonly closed: boolean;
  readonly variants: readonly Flat[];
  /** The node's own x-meshi-provenance. */
  readonly provenance: string | null;
  /** `default`, JSON-encoded; null when none. */
  readonly defaultValue: string | null;
  /** x-meshi-error-code: the code a bad value of it gets. */
  readonly errorCode: string | null;
}

export function refPath(ref: string): Path | null {
  if (!ref.startsWith('#/')) return null;
  return ref
    .slice(2)
    .split('/')
    .map((s) => decodeURIComponent(s).replace(/~1/g, '/').replace(/~0/g, '~'));
}

function get(root: any, path: Path): any {
  let cur = root;
  for (const seg of path) cur = cur?.[seg as never];
  return cur;
}

/** Follows `$ref`s of a non-schema object (parameter, response, header); returns it and its path. */
export function deref(root: any, value: any, path: Path, depth = 0): { value: any; path: Path } {
  if (value && typeof value === 'object' && typeof value.$ref === 'string' && depth < 32) {
    const p = refPath(value.$ref);
    const target = p ? get(root, p) : undefined;
    if (p && target !== undefined) return deref(root, target, p, depth + 1);
  }
  return { value, path };
}

function typesOf(s: any): Set<string> | null {
  if (typeof s.type === 'string') return new Set([s.type]);
  if (Array.isArray(s.type)) return new Set(s.type.map(String));
  return null;
}

function emptyFlat(path: Path, ref: string | null): Flat {
  return {
    path,
    ref,
    cycle: false,
    types: null,
    format: null,
    patterns: [],
    enumValues: null,
    bounds: {},
    properties: new Map(),
    required: new Set(),
    items: null,
    closed: false,
    variants: [],
    provenance: null,
    defaultValue: null,
    errorCode: null,
  };
}

function intersectTypes(a: ReadonlySet<string> | null, b: ReadonlySet<string> | null): ReadonlySet<string> | null {
  if (!a) return b;
  if (!b) return a;
  return new Set(
    [...a].filter((t) => b.has(t) || (t === 'integer' && b.has('number'))).concat([...b].filter((t) => t === 'integer' && a.has('number'))),
  );
}

const STRICTER_IS_HIGHER = new Set<BoundKey>(['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties']);

/** allOf semantics: both must hold. `outer` keeps its path, ref and provenance. */
function merge(outer: Flat, inner: Flat): Flat {
  const bounds: Partial<Record<BoundKey, number>> = { ...inner.bounds };
  for (const k of BOUND_KEYS) {
    const o = outer.bounds[k];
    const i = inner.bounds[k];
    if (o === undefined) continue;
    bounds[k] = i === undefined ? o : STRICTER_IS_HIGHER.has(k) ? Math.max(o, i) : Math.min(o, i);
  }
  const properties = new Map(inner.properties);
  for (const [name, p] of outer.properties) {
    const i = properties.get(name);
    properties.set(name, i ? merge(p, i) : p);
  }
  const enumValues =
    outer.enumValues && inner.enumValues
      ? outer.enumValues.filter((v) => inner.enumValues!.some((w) => JSON.stringify(w) === JSON.stringify(v)))
      : (outer.enumValues ?? inner.enumValues);
  return {
    path: outer.path,
    ref: outer.ref ?? inner.ref,
    cycle: outer.cycle || inner.cycle,
    types: intersectTypes(outer.types, inner.types),
    format: outer.format ?? inner.format,
    patterns: [...new Set([...inner.patterns, ...outer.patterns])].sort(),
    enumValues,
    bounds,
    properties,
    required: new Set([...inner.required, ...outer.required]),
    items: outer.items && inner.items ? merge(outer.items, inner.items) : (outer.items ?? inner.items),
    closed: outer.closed || inner.closed,
    variants: outer.variants.length ? outer.variants : inner.variants,
    provenance: outer.provenance ?? inner.provenance,
    defaultValue: outer.defaultValue ?? inner.defaultValue,
    errorCode: outer.errorCode ?? inner.errorCode,
  };
}

/** The flat view of the schema `schema` declared at `path` of the document `root`. */
export function flatten(root: any, schema: any, path: Path, stack: readonly string[] = []): Flat {
  if (schema === true || schema === undefined || schema === null || typeof schema !== 'object') return emptyFlat(path, null);
  let own = ownFlat(root, schema, path, stack);
  if (typeof schema.$ref === 'string') {
    const ref = schema.$ref;
    const p = refPath(ref);
    if (stack.includes(ref)) return { ...own, ref, cycle: true };
    const target = p ? get(root, p) : undefined;
    // An unresolvable $ref is kept as a named stub: comparing names still sees it change.
    const resolved = target === undefined ? { ...emptyFlat(path, ref), cycle: true } : flatten(root, target, p!, [...stack, ref]);
    own = merge({ ...own, ref }, { ...resolved, path });
  }
  if (Array.isArray(schema.allOf)) {
    schema.allOf.forEach((part: unknown, i: number) => {
      own = merge(own, flatten(root, part, [...path, 'allOf', i], stack));
    });
  }
  return own;
}

function ownFlat(root: any, s: any, path: Path, stack: readonly string[]): Flat {
  const bounds: Partial<Record<BoundKey, number>> = {};
  for (const k of BOUND_KEYS) if (typeof s[k] === 'number') bounds[k] = s[k];
  const properties = new Map<string, Flat>();
  if (s.properties && typeof s.properties === 'object') {
    for (const [name, sub] of Object.entries(s.properties)) properties.set(name, flatten(root, sub, [...path, 'properties', name], stack));
  }
  const variantsKey = Array.isArray(s.oneOf) ? 'oneOf' : Array.isArray(s.anyOf) ? 'anyOf' : null;
  return {
    path,
    ref: null,
    cycle: false,
    types: typesOf(s),
    format: typeof s.format === 'string' ? s.format : null,
    patterns: typeof s.pattern === 'string' ? [s.pattern] : [],
    enumValues: 'const' in s ? [s.const] : Array.isArray(s.enum) ? s.enum : null,
    bounds,
    properties,
    required: new Set(Array.isArray(s.required) ? s.required.map(String) : []),
    items: s.items && typeof s.items === 'object' ? flatten(root, s.items, [...path, 'items'], stack) : null,
    closed: s.unevaluatedProperties === false || s.additionalProperties === false,
    variants: variantsKey ? s[variantsKey].map((v: unknown, i: number) => flatten(root, v, [...path, variantsKey, i], stack)) : [],
    provenance: typeof s['x-meshi-provenance'] === 'string' ? s['x-meshi-provenance'] : null,
    defaultValue: 'default' in s ? JSON.stringify(s.default) : null,
    errorCode: typeof s['x-meshi-error-code'] === 'string' ? s['x-meshi-error-code'] : null,
  };
}

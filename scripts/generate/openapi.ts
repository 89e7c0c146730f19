// Reading an OpenAPI document: local $ref resolution, JSON pointers, provenance.

import type { Provenance } from '../../contract/types';

export type Obj = Record<string, any>;

export function resolveRef(doc: Obj, ref: string): Obj {
  if (!ref.startsWith('#/')) throw new Error(`only local $ref supported: ${ref}`);
  let node: any = doc;
  for (const part of ref.slice(2).split('/')) {
    node = node?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    if (node === undefined) throw new Error(`unresolved $ref ${ref}`);
  }
  return node;
}

/** The value a JSON pointer (`#/…`) names, following any $ref on the way. */
export function valueAt(doc: Obj, pointer: string): unknown {
  if (!pointer.startsWith('#/')) throw new Error(`not a local JSON pointer: ${pointer}`);
  let node: any = doc;
  for (const part of pointer.slice(2).split('/')) {
    node = node && typeof node === 'object' ? shallowDeref(doc, node)[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
    if (node === undefined) throw new Error(`nothing at ${pointer}`);
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

export function provenanceOf(node: Obj, where: string): Provenance {
  const p = node['x-meshi-provenance'] ?? node.provenance;
  if (p !== 'documented' && p !== 'observed' && p !== 'provisional') throw new Error(`${where}: x-meshi-provenance missing or invalid`);
  return p;
}

/** Every node of the document's components with `keyword`, as [JSON pointer, node]. */
export function nodesWith(doc: Obj, keyword: string): [string, Obj][] {
  const out: [string, Obj][] = [];
  const visit = (node: unknown, pointer: string) => {
    if (!node || typeof node !== 'object') return;
    if (!Array.isArray(node) && keyword in node) out.push([pointer, node as Obj]);
    for (const [k, v] of Object.entries(node)) visit(v, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
  };
  visit(doc.components, '#/components');
  return out;
}

export function fail(what: string): never {
  throw new Error(`contract is missing ${what}`);
}

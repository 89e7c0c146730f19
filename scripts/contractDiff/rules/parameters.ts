// Parameter rules: path-level and operation-level parameters (resolved), matched by location and
// name (header names case-insensitively); their schemas are compared on the request side.

import { at, type DiffContext } from '../context';
import type { Path } from '../parsed';
import { deref, flatten } from '../resolve';
import type { Operation, OperationPair } from './operations';
import { provenanceRules } from './provenance';
import { compareSchemas } from './schemas';

interface Param {
  readonly key: string;
  readonly value: any;
  readonly path: Path;
}

function parametersOf(root: any, op: Operation): Map<string, Param> {
  const out = new Map<string, Param>();
  const add = (list: unknown, at: Path) => {
    if (!Array.isArray(list)) return;
    list.forEach((raw, i) => {
      const { value } = deref(root, raw, [...at, i]);
      if (!value || typeof value !== 'object') return;
      const name = value.in === 'header' ? String(value.name).toLowerCase() : String(value.name);
      // The declaration site (the operation's list entry) is the line to look at.
      out.set(`${value.in}.${name}`, { key: `${value.in}.${name}`, value, path: [...at, i] });
    });
  };
  add(op.pathItem.parameters, ['paths', op.path, 'parameters']);
  add(op.op.parameters, [...op.at, 'parameters']);
  return out;
}

export function parameterRules(ctx: DiffContext, pair: OperationPair): void {
  const baseRoot = ctx.base.api.data;
  const headRoot = ctx.head.api.data;
  const base = parametersOf(baseRoot, pair.base);
  const head = parametersOf(headRoot, pair.head);
  const op = pair.base.id;
  const emitFor = (
    p: Param,
    rule: Parameters<DiffContext['emit']>[0]['rule'],
    message: string,
    basePath: Path | null,
    headPath: Path | null,
  ) =>
    ctx.emit({
      rule,
      subject: [op, p.key],
      message: `${op} parameter ${p.key}: ${message}`,
      basePath,
      headPath,
      provenance: p.value['x-meshi-provenance'] ?? pair.provenance,
      guarantees: pair.guarantees,
    });
  for (const b of base.values()) {
    const h = head.get(b.key);
    if (!h) {
      emitFor(b, 'request-parameter-removed', 'removed', b.path, [...pair.head.at]);
      continue;
    }
    if (!b.value.required && h.value.required) emitFor(b, 'request-parameter-made-required', 'now required', b.path, h.path);
    if (b.value.required && !h.value.required) emitFor(b, 'request-parameter-made-optional', 'now optional', b.path, h.path);
    provenanceRules(ctx, {
      subject: [op, b.key],
      where: `${op} parameter ${b.key}`,
      base: b.value['x-meshi-provenance'] ?? null,
      head: h.value['x-meshi-provenance'] ?? null,
      basePath: deref(baseRoot, at(baseRoot, b.path), b.path).path,
      headPath: deref(headRoot, at(headRoot, h.path), h.path).path,
      guarantees: pair.guarantees,
    });
    const bs = flatten(baseRoot, b.value.schema, [...deref(baseRoot, at(baseRoot, b.path), b.path).path, 'schema']);
    const hs = flatten(headRoot, h.value.schema, [...deref(headRoot, at(headRoot, h.path), h.path).path, 'schema']);
    compareSchemas(ctx, bs, hs, {
      subject: [op, b.key],
      where: `${op} parameter ${b.key}`,
      direction: 'request',
      provenance: b.value['x-meshi-provenance'] ?? pair.provenance,
      guarantees: pair.guarantees,
    });
  }
  for (const h of head.values()) {
    if (base.has(h.key)) continue;
    emitFor(
      h,
      h.value.required ? 'request-parameter-added-required' : 'request-parameter-added',
      h.value.required ? 'added as required: calls without it are rejected' : 'added',
      null,
      h.path,
    );
  }
}

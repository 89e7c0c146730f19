// Operation rules: operations matched by method and path (then by operationId, to see a move),
// and the per-operation comparisons (parameters, request body, responses, security) of each pair.

import type { DiffContext, Side } from '../context';
import type { Path } from '../parsed';
import { parameterRules } from './parameters';
import { provenanceRules } from './provenance';
import { requestBodyRules } from './requestBody';
import { responseRules } from './responses';
import { operationSecurityRules } from './security';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

export interface Operation {
  readonly id: string;
  readonly method: string;
  readonly path: string;
  readonly key: string;
  readonly op: any;
  readonly pathItem: any;
  readonly at: Path;
}

export function operationsOf(data: any): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries<any>(data?.paths ?? {})) {
    if (!item || typeof item !== 'object') continue;
    for (const method of METHODS) {
      const op = item[method];
      if (!op || typeof op !== 'object') continue;
      out.push({
        id: String(op.operationId ?? `${method.toUpperCase()} ${path}`),
        method,
        path,
        key: `${method.toUpperCase()} ${path}`,
        op,
        pathItem: item,
        at: ['paths', path, method],
      });
    }
  }
  return out;
}

/** The guarantees an operation's changes touch: those listing it, and its success guarantee. */
export function operationGuarantees(side: Side, op: Operation): string[] {
  const own = typeof op.op['x-meshi-success-guarantee'] === 'string' ? [op.op['x-meshi-success-guarantee']] : [];
  return [...own, ...side.guarantees.forOperation(op.id)];
}

export interface OperationPair {
  readonly base: Operation;
  readonly head: Operation;
  readonly guarantees: readonly string[];
  readonly provenance: string | null;
}

export function operationRules(ctx: DiffContext): void {
  const baseOps = operationsOf(ctx.base.api.data);
  const headOps = operationsOf(ctx.head.api.data);
  const headByKey = new Map(headOps.map((o) => [o.key, o]));
  const headById = new Map(headOps.map((o) => [o.id, o]));
  const headPaths = new Set(headOps.map((o) => o.path));
  const matchedHead = new Set<Operation>();
  for (const b of baseOps) {
    const guarantees = operationGuarantees(ctx.base, b);
    const provenance = b.op['x-meshi-provenance'] ?? null;
    let h = headByKey.get(b.key);
    if (h && h.id !== b.id) {
      ctx.emit({
        rule: 'operation-id-changed',
        subject: [b.id],
        message: `${b.key}: operationId ${b.id} → ${h.id}: the SDK function ${b.id} no longer exists (source break)`,
        basePath: [...b.at, 'operationId'],
        headPath: [...h.at, 'operationId'],
        provenance,
        guarantees,
      });
    }
    if (!h) {
      const moved = headById.get(b.id);
      if (moved && !baseOps.some((o) => o.key === moved.key)) {
        ctx.emit({
          rule: 'operation-path-changed',
          subject: [b.id],
          message: `${b.id}: ${b.key} → ${moved.key}: calls to the old path fail`,
          basePath: b.at,
          headPath: moved.at,
          provenance,
          guarantees,
        });
        h = moved;
      } else {
        const gone = !headPaths.has(b.path);
        ctx.emit({
          rule: gone ? 'path-removed' : 'operation-removed',
          subject: gone ? [b.path, b.id] : [b.id],
          message: gone ? `${b.path} removed, and with it ${b.key} (${b.id})` : `${b.key} (${b.id}) removed`,
          basePath: b.at,
          headPath: gone ? ['paths'] : ['paths', b.path],
          provenance,
          guarantees,
        });
        continue;
      }
    }
    matchedHead.add(h);
    comparePair(ctx, { base: b, head: h, guarantees, provenance });
  }
  for (const h of headOps) {
    if (matchedHead.has(h)) continue;
    ctx.emit({
      rule: 'operation-added',
      subject: [h.id],
      message: `${h.key} (${h.id}) added`,
      basePath: null,
      headPath: h.at,
      provenance: h.op['x-meshi-provenance'] ?? null,
      guarantees: operationGuarantees(ctx.head, h),
    });
  }
}

function comparePair(ctx: DiffContext, pair: OperationPair): void {
  const { base: b, head: h } = pair;
  provenanceRules(ctx, {
    subject: [b.id],
    where: `${b.id}`,
    base: b.op['x-meshi-provenance'] ?? null,
    head: h.op['x-meshi-provenance'] ?? null,
    basePath: b.at,
    headPath: h.at,
    guarantees: pair.guarantees,
  });
  parameterRules(ctx, pair);
  requestBodyRules(ctx, pair);
  responseRules(ctx, pair);
  operationSecurityRules(ctx, pair);
}

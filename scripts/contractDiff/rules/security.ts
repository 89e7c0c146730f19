// Security rules: an operation's effective security requirements (its own, else the root's), its
// x-meshi-scope, and the security schemes themselves.

import type { DiffContext } from '../context';
import type { OperationPair } from './operations';

const SCOPE_RANK: Record<string, number> = { 'partner:read': 1, 'partner:write': 2 };

function effective(root: any, op: any): { requirements: string[]; at: 'operation' | 'root' } {
  const list = Array.isArray(op.security) ? op.security : Array.isArray(root.security) ? root.security : [];
  const at = Array.isArray(op.security) ? 'operation' : 'root';
  return {
    requirements: list.map((req: Record<string, string[]>) =>
      Object.entries(req ?? {})
        .map(([scheme, scopes]) => `${scheme}[${[...(scopes ?? [])].sort().join(' ')}]`)
        .sort()
        .join(' + '),
    ),
    at,
  };
}

export function operationSecurityRules(ctx: DiffContext, pair: OperationPair): void {
  const op = pair.base.id;
  const b = effective(ctx.base.api.data, pair.base.op);
  const h = effective(ctx.head.api.data, pair.head.op);
  const bs = [...b.requirements].sort().join(' | ');
  const hs = [...h.requirements].sort().join(' | ');
  const where = (s: typeof h, at: readonly (string | number)[]) => (s.at === 'operation' ? [...at, 'security'] : ['security']);
  if (bs !== hs) {
    const loosened = h.requirements.length === 0 || h.requirements.includes('');
    ctx.emit({
      rule: loosened ? 'security-loosened' : 'security-requirement-changed',
      subject: [op],
      message: `${op}: security ${bs || 'none'} → ${hs || 'none'}`,
      basePath: where(b, pair.base.at),
      headPath: where(h, pair.head.at),
      provenance: pair.provenance,
      guarantees: pair.guarantees,
    });
  }
  const bScope = pair.base.op['x-meshi-scope'];
  const hScope = pair.head.op['x-meshi-scope'];
  if (bScope !== hScope && (bScope !== undefined || hScope !== undefined)) {
    const bRank = SCOPE_RANK[String(bScope)] ?? 0;
    const hRank = SCOPE_RANK[String(hScope)] ?? 3;
    ctx.emit({
      rule: hRank > bRank ? 'scope-tightened' : 'scope-loosened',
      subject: [op],
      message: `${op}: scope ${bScope ?? 'none'} → ${hScope ?? 'none'}${hRank > bRank ? ': keys holding only the old scope are refused' : ''}`,
      basePath: [...pair.base.at, 'x-meshi-scope'],
      headPath: [...pair.head.at, 'x-meshi-scope'],
      provenance: pair.provenance,
      guarantees: [...pair.guarantees.filter((g) => /^(SCOPE|AUTH)-/.test(g)), ...ctx.base.guarantees.ofFamily('SCOPE')],
    });
  }
}

export function securitySchemeRules(ctx: DiffContext): void {
  const base = ctx.base.api.data?.components?.securitySchemes ?? {};
  const head = ctx.head.api.data?.components?.securitySchemes ?? {};
  for (const [name, b] of Object.entries<any>(base)) {
    const h = head[name];
    const shape = (s: any) =>
      JSON.stringify({
        type: s?.type,
        scheme: s?.scheme,
        bearerFormat: s?.bearerFormat,
        in: s?.in,
        name: s?.name,
        flows: s?.flows,
        openIdConnectUrl: s?.openIdConnectUrl,
      });
    if (h && shape(b) === shape(h)) continue;
    ctx.emit({
      rule: 'security-scheme-changed',
      subject: [name],
      message: h ? `security scheme ${name}: ${shape(b)} → ${shape(h)}` : `security scheme ${name} removed`,
      basePath: ['components', 'securitySchemes', name],
      headPath: h ? ['components', 'securitySchemes', name] : ['components', 'securitySchemes'],
      provenance: b?.['x-meshi-provenance'] ?? null,
      guarantees: ctx.base.guarantees.ofFamily('AUTH'),
    });
  }
}

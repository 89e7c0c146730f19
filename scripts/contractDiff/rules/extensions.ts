// Rules for the root x-meshi extensions: the legacy alias base, x-meshi-limits, the error-code
// registry (x-meshi-error-codes) and the run error codes (x-meshi-run-error-codes).

import { at, type DiffContext } from '../context';
import { refPath } from '../resolve';

export function serverRules(ctx: DiffContext): void {
  const urls = (data: any): string[] => (Array.isArray(data?.servers) ? data.servers.map((s: any) => String(s?.url)) : []);
  const head = new Set(urls(ctx.head.api.data));
  urls(ctx.base.api.data).forEach((url, i) => {
    if (head.has(url)) return;
    const s = ctx.base.api.data.servers[i];
    ctx.emit({
      rule: 'server-removed',
      subject: [url],
      message: `server ${url}${s?.description ? ` (${s.description})` : ''} removed: SDKs configured with it stop working`,
      basePath: ['servers', i],
      headPath: ['servers'],
      provenance: s?.['x-meshi-provenance'] ?? null,
      guarantees: [],
    });
  });
}

export function aliasRules(ctx: DiffContext): void {
  const b = ctx.base.api.data?.['x-meshi-alias'];
  const h = ctx.head.api.data?.['x-meshi-alias'];
  if (!b?.base_path || b.base_path === h?.base_path) return;
  ctx.emit({
    rule: 'alias-base-dropped',
    subject: [String(b.base_path)],
    message: h?.base_path
      ? `legacy alias base ${b.base_path} moved to ${h.base_path}`
      : `legacy alias base ${b.base_path} dropped: partners still calling it break`,
    basePath: ['x-meshi-alias', 'base_path'],
    headPath: h ? ['x-meshi-alias'] : [],
    provenance: b.provenance ?? null,
    guarantees: ctx.base.guarantees.ofFamily('ALIAS'),
  });
}

/**
 * A smaller number is stricter, except a window (a longer window spreads the same quota thinner) and
 * a minimum (`import_min_rows`, `minLength` behind a pointer: a larger minimum refuses more).
 */
function lowerIsStricter(name: string, field: string): boolean {
  return !/window/i.test(field) && !/(^|_)min(_|$)/i.test(name) && !/^min/i.test(field);
}

/**
 * A limit's numeric fields. A field may name the schema keyword that holds the value (a JSON
 * pointer, `#/components/schemas/PartnerId/maxLength`): it is read as that number, so moving a
 * limit into the schema keyword is no change, and a change of the keyword is judged here too.
 */
function limitFields(doc: any, limit: any): Record<string, number | undefined> {
  const out: Record<string, number | undefined> = {};
  for (const [field, v] of Object.entries<any>(limit ?? {})) {
    if (typeof v === 'number') out[field] = v;
    else if (typeof v === 'string' && v.startsWith('#/')) {
      const path = refPath(v);
      const target = path ? at(doc, path) : undefined;
      out[field] = typeof target === 'number' ? target : undefined;
    }
  }
  return out;
}

export function limitRules(ctx: DiffContext): void {
  const baseDoc = ctx.base.api.data;
  const headDoc = ctx.head.api.data;
  const base = baseDoc?.['x-meshi-limits'] ?? {};
  const head = headDoc?.['x-meshi-limits'] ?? {};
  for (const [name, b] of Object.entries<any>(base)) {
    const h = head[name];
    const guarantees = ctx.base.guarantees.mentioning(name);
    const provenance = b?.provenance ?? null;
    if (!h) {
      ctx.emit({
        rule: 'limit-removed',
        subject: [name],
        message: `limit ${name} no longer stated`,
        basePath: ['x-meshi-limits', name],
        headPath: ['x-meshi-limits'],
        provenance,
        guarantees,
      });
      continue;
    }
    const hf = limitFields(headDoc, h);
    for (const [field, bv] of Object.entries(limitFields(baseDoc, b))) {
      const hv = hf[field];
      if (bv === undefined || bv === hv) continue;
      const stricter = typeof hv !== 'number' ? true : lowerIsStricter(name, field) ? hv < bv : hv > bv;
      ctx.emit({
        rule: stricter ? 'limit-lowered' : 'limit-raised',
        subject: [`${name}.${field}`],
        message: `limit ${name}.${field} ${bv} → ${hv ?? 'none'}`,
        basePath: ['x-meshi-limits', name, field],
        headPath: ['x-meshi-limits', name, field],
        provenance,
        guarantees,
      });
    }
  }
  for (const name of Object.keys(head)) {
    if (name in base) continue;
    // A limit newly named by pointers into keywords the base already had, with the same values, is
    // the base's own limit written down, not a new one (the schema rules judge the keyword itself).
    const pointers = Object.values<any>(head[name] ?? {}).filter((v) => typeof v === 'string' && v.startsWith('#/'));
    const stated = Object.entries(limitFields(headDoc, head[name]));
    const alreadyInBase =
      pointers.length > 0 &&
      stated.every(([field, v]) => v !== undefined && limitFields(baseDoc, { [field]: head[name][field] })[field] === v);
    if (alreadyInBase) continue;
    ctx.emit({
      rule: 'limit-added',
      subject: [name],
      message: `limit ${name} added: ${JSON.stringify(head[name])}`,
      basePath: null,
      headPath: ['x-meshi-limits', name],
      provenance: head[name]?.provenance ?? null,
      guarantees: ctx.head.guarantees.mentioning(name),
    });
  }
}

export function errorRegistryRules(ctx: DiffContext): void {
  for (const [key, removed, added] of [
    ['x-meshi-error-codes', 'error-code-unregistered', 'error-code-registered'],
    ['x-meshi-run-error-codes', 'run-error-code-removed', 'run-error-code-added'],
  ] as const) {
    const base = ctx.base.api.data?.[key] ?? {};
    const head = ctx.head.api.data?.[key] ?? {};
    for (const [code, b] of Object.entries<any>(base)) {
      const h = head[code];
      const guarantees = ctx.base.guarantees.mentioning(code);
      if (!h)
        ctx.emit({
          rule: removed,
          subject: [code],
          message: `${key}: ${code} removed`,
          basePath: [key, code],
          headPath: [key],
          provenance: b?.provenance ?? null,
          guarantees,
        });
      else if (key === 'x-meshi-error-codes' && b?.status !== h?.status)
        ctx.emit({
          rule: 'error-code-status-changed',
          subject: [code],
          message: `${code}: status ${b?.status} → ${h?.status}`,
          basePath: [key, code, 'status'],
          headPath: [key, code, 'status'],
          provenance: b?.status_provenance ?? b?.provenance ?? null,
          guarantees,
        });
    }
    for (const code of Object.keys(head)) {
      if (!(code in base))
        ctx.emit({
          rule: added,
          subject: [code],
          message: `${key}: ${code} added`,
          basePath: null,
          headPath: [key, code],
          provenance: head[code]?.provenance ?? null,
          guarantees: ctx.head.guarantees.mentioning(code),
        });
    }
  }
}

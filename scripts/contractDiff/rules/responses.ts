// Response rules: success and error statuses, error codes (the `code` enum of an error body),
// headers, media types, and each common media type's schema compared on the response side.

import { at, type DiffContext } from '../context';
import type { Path } from '../parsed';
import { deref, flatten } from '../resolve';
import type { OperationPair } from './operations';
import { provenanceRules } from './provenance';
import { compareSchemas } from './schemas';

const isSuccess = (s: string) => /^2/.test(s);

function responsesOf(root: any, at0: Path): Map<string, { value: any; path: Path; site: Path }> {
  const out = new Map<string, { value: any; path: Path; site: Path }>();
  for (const [status, raw] of Object.entries<any>(at(root, [...at0, 'responses']) ?? {})) {
    const site = [...at0, 'responses', status];
    const { value, path } = deref(root, raw, site);
    out.set(String(status), { value: value ?? {}, path, site });
  }
  return out;
}

function errorCodes(root: any, response: any, path: Path): Set<string> | null {
  const codes = new Set<string>();
  let found = false;
  for (const [media, m] of Object.entries<any>(response?.content ?? {})) {
    const code = flatten(root, m?.schema, [...path, 'content', media, 'schema']).properties.get('code');
    if (code?.enumValues) {
      found = true;
      for (const c of code.enumValues) codes.add(String(c));
    }
  }
  return found ? codes : null;
}

export function responseRules(ctx: DiffContext, pair: OperationPair): void {
  const baseRoot = ctx.base.api.data;
  const headRoot = ctx.head.api.data;
  const op = pair.base.id;
  const base = responsesOf(baseRoot, pair.base.at);
  const head = responsesOf(headRoot, pair.head.at);
  const g = pair.guarantees;
  const baseOk = [...base.keys()].filter(isSuccess).sort();
  const headOk = [...head.keys()].filter(isSuccess).sort();
  if (baseOk.join() !== headOk.join()) {
    ctx.emit({
      rule: 'success-status-changed',
      subject: [op],
      message: `${op}: success status ${baseOk.join(', ') || 'none'} → ${headOk.join(', ') || 'none'}`,
      basePath: [...pair.base.at, 'responses'],
      headPath: [...pair.head.at, 'responses'],
      provenance: pair.provenance,
      guarantees: g,
    });
  }
  for (const [status, b] of base) {
    const h = head.get(status);
    const provenance = b.value['x-meshi-provenance'] ?? pair.provenance;
    if (!h) {
      if (!isSuccess(status))
        ctx.emit({
          rule: 'error-status-removed',
          subject: [op, status],
          message: `${op}: error status ${status} no longer declared`,
          basePath: b.site,
          headPath: [...pair.head.at, 'responses'],
          provenance,
          guarantees: g,
        });
      continue;
    }
    compareResponse(ctx, { op, status, b, h, provenance, guarantees: g });
  }
  for (const [status, h] of head) {
    if (base.has(status) || isSuccess(status)) continue;
    ctx.emit({
      rule: 'error-status-added',
      subject: [op, status],
      message: `${op}: error status ${status} declared`,
      basePath: null,
      headPath: h.site,
      provenance: h.value['x-meshi-provenance'] ?? null,
      guarantees: g,
    });
  }
}

interface ResponsePair {
  readonly op: string;
  readonly status: string;
  readonly b: { value: any; path: Path; site: Path };
  readonly h: { value: any; path: Path; site: Path };
  readonly provenance: string | null;
  readonly guarantees: readonly string[];
}

function compareResponse(ctx: DiffContext, r: ResponsePair): void {
  const baseRoot = ctx.base.api.data;
  const headRoot = ctx.head.api.data;
  const { op, status, b, h } = r;
  const where = `${op} ${status} response`;
  provenanceRules(ctx, {
    subject: [op, status],
    where,
    base: b.value['x-meshi-provenance'] ?? null,
    head: h.value['x-meshi-provenance'] ?? null,
    basePath: b.path,
    headPath: h.path,
    guarantees: r.guarantees,
  });
  const bCodes = errorCodes(baseRoot, b.value, b.path);
  const hCodes = errorCodes(headRoot, h.value, h.path);
  if (bCodes) {
    for (const code of bCodes) {
      if (hCodes && hCodes.has(code)) continue;
      ctx.emit({
        rule: 'error-code-removed',
        subject: [op, status, code],
        message: `${where}: error code ${code} ${hCodes ? 'removed' : 'no longer listed (the code enum is gone)'}`,
        basePath: b.path,
        headPath: h.path,
        provenance: r.provenance,
        guarantees: [...r.guarantees, ...ctx.base.guarantees.mentioning(code)],
      });
    }
  }
  for (const code of hCodes ?? []) {
    if (bCodes?.has(code)) continue;
    ctx.emit({
      rule: 'error-code-added',
      subject: [op, status, code],
      message: `${where}: error code ${code} added`,
      basePath: null,
      headPath: h.path,
      provenance: r.provenance,
      guarantees: [...r.guarantees, ...ctx.head.guarantees.mentioning(code)],
    });
  }
  headerRules(ctx, r, where);
  const bc = b.value.content ?? {};
  const hc = h.value.content ?? {};
  for (const media of Object.keys(bc)) {
    if (!(media in hc)) {
      ctx.emit({
        rule: 'response-media-type-removed',
        subject: [op, status, media],
        message: `${where}: media type ${media} removed`,
        basePath: [...b.path, 'content', media],
        headPath: h.path,
        provenance: r.provenance,
        guarantees: r.guarantees,
      });
      continue;
    }
    const bs = flatten(baseRoot, bc[media]?.schema, [...b.path, 'content', media, 'schema']);
    const hs = flatten(headRoot, hc[media]?.schema, [...h.path, 'content', media, 'schema']);
    compareSchemas(ctx, bs, hs, {
      subject: [op, status],
      where,
      direction: 'response',
      provenance: r.provenance,
      guarantees: r.guarantees,
      errorBody: !isSuccess(status),
    });
  }
  for (const media of Object.keys(hc)) {
    if (!(media in bc))
      ctx.emit({
        rule: 'response-media-type-added',
        subject: [op, status, media],
        message: `${where}: media type ${media} added`,
        basePath: null,
        headPath: [...h.path, 'content', media],
        provenance: r.provenance,
        guarantees: r.guarantees,
      });
  }
}

function headersOf(root: any, response: any, path: Path): Map<string, { value: any; site: Path }> {
  const out = new Map<string, { value: any; site: Path }>();
  for (const [name, raw] of Object.entries<any>(response?.headers ?? {})) {
    out.set(name.toLowerCase(), { value: deref(root, raw, [...path, 'headers', name]).value ?? {}, site: [...path, 'headers', name] });
  }
  return out;
}

function headerRules(ctx: DiffContext, r: ResponsePair, where: string): void {
  const base = headersOf(ctx.base.api.data, r.b.value, r.b.path);
  const head = headersOf(ctx.head.api.data, r.h.value, r.h.path);
  for (const [name, b] of base) {
    const h = head.get(name);
    const provenance = b.value['x-meshi-provenance'] ?? r.provenance;
    if (!h)
      ctx.emit({
        rule: 'response-header-removed',
        subject: [r.op, r.status, name],
        message: `${where}: header ${name} removed`,
        basePath: b.site,
        headPath: r.h.path,
        provenance,
        guarantees: r.guarantees,
      });
    else if (b.value.required && !h.value.required)
      ctx.emit({
        rule: 'response-header-made-optional',
        subject: [r.op, r.status, name],
        message: `${where}: header ${name} no longer always sent`,
        basePath: b.site,
        headPath: h.site,
        provenance,
        guarantees: r.guarantees,
      });
  }
  for (const [name, h] of head) {
    if (!base.has(name))
      ctx.emit({
        rule: 'response-header-added',
        subject: [r.op, r.status, name],
        message: `${where}: header ${name} added`,
        basePath: null,
        headPath: h.site,
        provenance: h.value['x-meshi-provenance'] ?? r.provenance,
        guarantees: r.guarantees,
      });
  }
}

// Judges every provisional element of the contract and the catalogue against the runs' observations:
// guarantees (from the reports' verdicts), statuses and error codes per operation, the code of a
// bad parameter, response fields, headers and limits. Also collects what the target did that the
// contract lacks (undeclared statuses, codes, fields, headers).

import { contract, universalGenericResponses } from '../../contract';
import type { Seen } from '../../reporter/observations';
import { figures } from './figures';
import { judgeLimits } from './limits';
import type { Figures } from './file';
import { Ledger, observedMark, type Edit, type Element, type ObservedStamp } from './ledger';
import type { Run } from './runs';
import { at, codeEnumLoc, genericResponseNode, parameterLoc, responseNode, shapeOf, type Loc, type ResponseShape } from './schema';

type Obj = Record<string, any>;

export interface Undeclared {
  readonly kind: 'status' | 'error-code' | 'field' | 'header';
  /** `getAuth 200 server_region`, `listEvents 418`, … */
  readonly name: string;
  readonly observed: string;
  readonly count: number;
  readonly runs: number;
  readonly examples: readonly string[];
  readonly proposed: boolean;
}

export interface Judgement {
  readonly elements: Element[];
  readonly undeclared: Undeclared[];
  readonly edits: Edit[];
  /** Merged informational figures (run durations, policies, page sizes, body sizes). */
  readonly figures: Figures;
}

/** Headers every HTTP stack adds: never reported as undeclared. */
const TRANSPORT_HEADERS = new Set(['content-type', 'content-length', 'date', 'connection', 'keep-alive', 'transfer-encoding', 'vary', 'server', 'via', 'cache-control', 'etag', 'alt-svc', 'strict-transport-security']);

const GENERIC_BUCKETS: Record<string, string> = { '(route-not-found)': 'route_not_found', '(method-not-allowed)': 'method_not_allowed', '(options)': 'options' };

function allowed(declared: readonly string[], observed: string): boolean {
  if (declared.length === 0) return true;
  if (declared.includes(observed)) return true;
  return observed === 'integer' && declared.includes('number');
}

export function judge(runs: readonly Run[], doc: Obj, catalogue: Obj, target: string): Judgement {
  const ledger = new Ledger(runs);
  const undeclared = new Map<string, { u: Omit<Undeclared, 'count' | 'runs' | 'examples' | 'proposed'>; count: number; runs: Set<number>; examples: string[]; edit?: (s: ObservedStamp) => Edit[] }>();
  const noteUndeclared = (key: string, u: Omit<Undeclared, 'count' | 'runs' | 'examples' | 'proposed'>, run: number, seen: Seen, edit?: (s: ObservedStamp) => Edit[]) => {
    const e = undeclared.get(key) ?? { u, count: 0, runs: new Set<number>(), examples: [] as string[], edit };
    e.count += seen.count;
    e.runs.add(run);
    for (const x of seen.examples) if (e.examples.length < 3 && !e.examples.includes(x)) e.examples.push(x);
    undeclared.set(key, e);
  };

  // ---- guarantees ---------------------------------------------------------------------------
  (catalogue.guarantees as Obj[]).forEach((g, i) => {
    if (g.provenance !== 'provisional') return;
    ledger.declare({
      key: `guarantee:${g.id}`,
      kind: 'guarantee',
      name: g.id,
      provenance: g.provenance,
      declared: String(g.statement),
      markObserved: (s) => [
        { file: 'guarantees.yaml', loc: ['guarantees', i, 'provenance'], value: 'observed' },
        { file: 'guarantees.yaml', loc: ['guarantees', i, 'observed'], value: { ...s } },
      ],
    });
  });
  runs.forEach((run, r) => {
    for (const g of run.report?.guarantees ?? []) {
      const key = `guarantee:${g.id}`;
      if (!ledger.has(key)) continue;
      if (g.observed === 'passed') ledger.consistent(key, r, Math.max(1, g.tests.length));
      else if (g.observed === 'failed') {
        const message = (g.failures[0]?.messages[0] ?? 'failed').split('\n')[0]!.slice(0, 200);
        ledger.contradicted(key, r, message, Math.max(1, g.failures.length), g.failures.flatMap((f) => f.correlationIds));
      }
    }
  });

  // ---- statuses, codes, fields and headers per operation --------------------------------------
  const shapes = new Map<string, { shape: ResponseShape; response: { node: Obj; loc: Loc; inline: boolean } } | null>();
  const responseOf = (bucket: string, status: string) => {
    const k = `${bucket} ${status}`;
    if (!shapes.has(k)) {
      const generic = GENERIC_BUCKETS[bucket];
      const response = generic ? genericResponseNode(doc, generic) : contract.operations[bucket] ? responseNode(doc, bucket, status) : null;
      shapes.set(k, response ? { shape: shapeOf(doc, response), response } : null);
    }
    return shapes.get(k)!;
  };
  const headerComponents = new Map<string, string>(Object.keys(doc.components?.headers ?? {}).map((n) => [n.toLowerCase(), n]));
  const universalStatuses = new Set(universalGenericResponses().map((x) => String(x.status)));

  for (const op of Object.values(contract.operations)) {
    for (const [status, res] of Object.entries(op.responses)) {
      if (res.provenance === 'provisional') {
        const node = responseNode(doc, op.operationId, status);
        ledger.declare({ key: `status:${op.operationId}:${status}`, kind: 'status', name: `${op.operationId} ${status}`, provenance: res.provenance, declared: status, markObserved: (s) => (node?.inline ? observedMark(node.loc, s) : []) });
      }
      for (const code of res.codes) {
        const e = contract.errorCodes[code];
        if (!e || (e.provenance !== 'provisional' && e.statusProvenance !== 'provisional')) continue;
        ledger.declare({ key: `code:${op.operationId}:${status}:${code}`, kind: 'error-code', name: `${op.operationId} ${status} ${code}`, provenance: 'provisional', declared: `${status} ${code}`, markObserved: (s) => observedMark(['x-meshi-error-codes', code], s, e.provenance === 'provisional' ? 'provenance' : 'status_provenance', 'observed') });
      }
    }
    for (const p of op.parameters) {
      if (!p.errorCode || p.provenance !== 'provisional') continue;
      const loc = parameterLoc(doc, op.operationId, p.name);
      const declaredStatus = contract.errorCodes[p.errorCode]?.status ?? 400;
      ledger.declare({
        key: `param:${op.operationId}:${p.name}`,
        kind: 'parameter-code',
        name: `${op.operationId} ${p.in} parameter ${p.name}: code of a bad value`,
        provenance: p.provenance,
        declared: `${declaredStatus} ${p.errorCode}`,
        adopt: (value, s) => (loc ? adoptParamCode(doc, p.name, loc, value, s) : []),
      });
    }
  }
  for (const [name, res] of Object.entries(contract.genericResponses)) {
    const bucket = Object.entries(GENERIC_BUCKETS).find(([, n]) => n === name)?.[0];
    if (!bucket) continue;
    for (const code of res.codes) {
      const e = contract.errorCodes[code];
      if (!e || e.provenance !== 'provisional') continue;
      ledger.declare({ key: `code:${bucket}:${res.status}:${code}`, kind: 'error-code', name: `${bucket} ${res.status} ${code}`, provenance: 'provisional', declared: `${res.status} ${code}`, markObserved: (s) => observedMark(['x-meshi-error-codes', code], s, 'provenance', 'observed') });
    }
  }
  for (const [name, h] of Object.entries<Obj>(doc.components?.headers ?? {})) {
    if (h['x-meshi-provenance'] !== 'provisional') continue;
    ledger.declare({ key: `header:${name.toLowerCase()}`, kind: 'header', name: `header ${name}`, provenance: 'provisional', declared: 'present where declared', markObserved: (s) => observedMark(['components', 'headers', name], s) });
  }

  // Every provisional response field, observed or not.
  const declareField = (d: { loc: Loc; types: readonly string[] }, path: string) => {
    const key = `field:${d.loc.join('/')}`;
    if (ledger.has(key)) return key;
    const loc = d.loc;
    ledger.declare({
      key,
      kind: 'field',
      name: fieldName(loc, path),
      provenance: 'provisional',
      declared: d.types.join('|') || 'any',
      markObserved: (s) => observedMark(loc, s),
      adopt: (value, s) => (at(doc, loc)?.type !== undefined ? [{ file: 'partner-api.yaml', loc: [...loc, 'type'], value: value.split('|').length > 1 ? value.split('|') : value }, ...observedMark(loc, s)] : []),
    });
    return key;
  };
  for (const op of Object.values(contract.operations)) {
    for (const status of Object.keys(op.responses)) {
      for (const [path, d] of responseOf(op.operationId, status)?.shape.fields ?? []) if (d.provenance === 'provisional') declareField(d, path);
    }
  }
  // Codes every operation declares (401 UNAUTHORIZED, …) also answer unknown routes and methods (check order).
  const everywhere = Object.values(contract.operations)
    .map((o) => new Set(Object.values(o.responses).flatMap((x) => x.codes.map((c) => `${x.status} ${c}`))))
    .reduce((a, b) => new Set([...a].filter((x) => b.has(x))));

  runs.forEach((run, r) => {
    for (const [bucket, byStatus] of Object.entries(run.observations.operations)) {
      const op = contract.operations[bucket];
      for (const [status, seen] of Object.entries(byStatus)) {
        const declaredRes = op ? op.responses[status] : GENERIC_BUCKETS[bucket] ? contract.genericResponses[GENERIC_BUCKETS[bucket]!] : undefined;
        const generic = !op && !!GENERIC_BUCKETS[bucket];
        const anywhere = generic && Object.keys(seen.codes).length > 0 && Object.keys(seen.codes).every((c) => everywhere.has(`${status} ${c}`));
        const known = (declaredRes !== undefined && String(declaredRes.status) === status) || anywhere;
        if ((op || GENERIC_BUCKETS[bucket]) && !known && !universalStatuses.has(status)) noteUndeclared(`status:${bucket}:${status}`, { kind: 'status', name: `${bucket} ${status}`, observed: status }, r, seen);
        ledger.consistent(`status:${bucket}:${status}`, r, seen.count);
        const declaredCodes = declaredRes?.codes ?? universalGenericResponses().filter((x) => String(x.status) === status).flatMap((x) => x.codes);
        for (const [code, c] of Object.entries(seen.codes)) {
          if (declaredCodes.includes(code) || (generic && everywhere.has(`${status} ${code}`))) ledger.consistent(`code:${bucket}:${status}:${code}`, r, c.count);
          else if (op || GENERIC_BUCKETS[bucket]) noteUndeclared(`code:${bucket}:${status}:${code}`, { kind: 'error-code', name: `${bucket} ${status}`, observed: code }, r, c);
        }
        // Headers
        const declaredHeaders = new Set(Object.keys(declaredRes?.headers ?? {}));
        for (const [h, n] of Object.entries(seen.headers)) {
          if (declaredHeaders.has(h) || headerComponents.has(h)) ledger.consistent(`header:${h}`, r, n);
          if (!declaredHeaders.has(h) && !headerComponents.has(h) && !TRANSPORT_HEADERS.has(h)) noteUndeclared(`header:${h}`, { kind: 'header', name: `header ${h}`, observed: `on ${bucket} ${status}` }, r, { count: n, examples: seen.examples });
        }
        // Fields
        const shaped = responseOf(bucket, status);
        if (!shaped) continue;
        const { shape } = shaped;
        for (const [path, f] of Object.entries(seen.fields)) {
          if (path === '+') continue;
          const d = shape.fields.get(path);
          if (d) {
            if (d.provenance !== 'provisional') continue;
            const key = declareField(d, path);
            const bad = Object.entries(f.types).filter(([t]) => !allowed(d.types, t));
            if (bad.length) ledger.contradicted(key, r, [...new Set([...d.types, ...bad.map(([t]) => t)])].join('|'), bad.reduce((n, [, c]) => n + c, 0), f.examples);
            else ledger.consistent(key, r, f.count);
            continue;
          }
          // Undeclared: the top-most unknown path under a closed, declared object.
          const cut = Math.max(path.lastIndexOf('.'), path.endsWith('[]') ? path.length - 2 : -1);
          const parent = cut < 0 ? '' : path.slice(0, cut);
          const obj = shape.objects.get(parent);
          if (!obj || !obj.closed || (parent !== '' && !shape.fields.has(parent))) continue;
          const name = path.slice(parent === '' ? 0 : parent.length + 1);
          if (name.endsWith('[]') || name === '') continue;
          const types = Object.keys(f.types);
          const objLoc = obj.loc;
          noteUndeclared(`field:${objLoc.join('/')}:${name}`, { kind: 'field', name: `${bucket} ${status} ${path}`, observed: types.join('|') }, r, { count: f.count, examples: f.examples }, (s) => [
            {
              file: 'partner-api.yaml',
              loc: [...objLoc, 'properties', name],
              value: { type: types.length === 1 ? types[0] : types, description: `Seen on ${s.target}; not in the docs.`, 'x-meshi-provenance': 'observed', 'x-meshi-observed': { ...s } },
            },
          ]);
        }
      }
    }
  });

  judgeLimits(ledger, runs, doc);

  runs.forEach((run, r) => {
    for (const [k, table] of Object.entries(run.observations.paramCodes)) {
      const [op, name] = k.split('.') as [string, string];
      const p = contract.operations[op]?.parameters.find((x) => x.name === name);
      if (!p?.errorCode) continue;
      const declared = `${contract.errorCodes[p.errorCode]?.status ?? 400} ${p.errorCode}`;
      for (const [value, seen] of Object.entries(table)) {
        if (value === declared) ledger.consistent(`param:${k.replace('.', ':')}`, r, seen.count);
        else ledger.contradicted(`param:${k.replace('.', ':')}`, r, value, seen.count, seen.examples);
      }
    }
  });

  const settled = ledger.settle(target);
  const stampAll: ObservedStamp = { target, first: runs[0]?.date ?? '', last: runs[runs.length - 1]?.date ?? '', runs: runs.length };
  const undeclaredOut: Undeclared[] = [];
  const edits = [...settled.edits];
  for (const e of undeclared.values()) {
    const dates = [...e.runs].map((i) => runs[i]!.date).sort();
    const add = e.edit?.({ ...stampAll, first: dates[0]!, last: dates[dates.length - 1]!, runs: e.runs.size }) ?? [];
    edits.push(...add);
    undeclaredOut.push({ ...e.u, count: e.count, runs: e.runs.size, examples: e.examples, proposed: add.length > 0 });
  }
  return { elements: settled.elements, undeclared: undeclaredOut, edits, figures: figures(runs.map((r) => r.observations)) };
}

function fieldName(loc: Loc, path: string): string {
  const i = loc.indexOf('schemas');
  return i >= 0 ? `field ${loc.slice(i + 1).filter((x) => x !== 'properties').join('.')}` : `field ${path} (${loc.slice(0, 4).join(' ')})`;
}

/** A bad parameter value gets another code: the parameter's x-meshi-error-code, the code table and the response enums follow. */
function adoptParamCode(doc: Obj, name: string, loc: Loc, value: string, s: ObservedStamp): Edit[] {
  const m = /^(\d{3}) ([A-Z][A-Z0-9_]*)$/.exec(value);
  if (!m) return [];
  const [, status, code] = m as unknown as [string, string, string];
  const param = at(doc, loc);
  const codeLoc = param?.schema?.['x-meshi-error-code'] !== undefined ? [...loc, 'schema', 'x-meshi-error-code'] : [...loc, 'x-meshi-error-code'];
  const edits: Edit[] = [{ file: 'partner-api.yaml', loc: codeLoc, value: code }];
  if (!doc['x-meshi-error-codes']?.[code]) {
    edits.push({ file: 'partner-api.yaml', loc: ['x-meshi-error-codes', code], value: { status: Number(status), provenance: 'observed', meaning: `A bad ${name} parameter (seen on ${s.target}).`, observed: { ...s } } });
  }
  // Every operation using the parameter lists the code under that status.
  for (const op of Object.values(contract.operations)) {
    if (!op.parameters.some((p) => p.name === name)) continue;
    const ploc = parameterLoc(doc, op.operationId, name);
    if (!ploc || ploc.join('/') !== loc.join('/')) continue;
    const res = responseNode(doc, op.operationId, status);
    const enumLoc = res ? codeEnumLoc(doc, res) : null;
    if (enumLoc) edits.push({ file: 'partner-api.yaml', loc: enumLoc, value: code, mode: 'append' });
  }
  return edits;
}

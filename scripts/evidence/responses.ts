// What each response showed, per operation (or generic answer) and status: provisional statuses,
// error codes, headers and response fields, judged; and what the contract lacks — statuses, codes,
// fields under a closed object, headers — listed as undeclared, fields and headers with an edit
// that adds them as observed.

import { contract, universalGenericResponses } from '../../contract';
import type { StatusSeen } from '../../reporter/observations';
import type { Judge, JudgeContext, Obj } from './context';
import { observedMark } from './ledger';
import { at, codeEnumLoc, genericResponseNode, resolve, responseNode, shapeOf, type ResponseShape } from './schema';
import type { Loc } from './types';
import type { UndeclaredEdit } from './undeclared';

/** Headers every HTTP stack adds: never reported as undeclared. */
const TRANSPORT_HEADERS = new Set([
  'content-type',
  'content-length',
  'date',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'vary',
  'server',
  'via',
  'cache-control',
  'etag',
  'alt-svc',
  'strict-transport-security',
]);

export const GENERIC_BUCKETS: Record<string, string> = {
  '(route-not-found)': 'route_not_found',
  '(method-not-allowed)': 'method_not_allowed',
  '(options)': 'options',
};

type Shaped = { shape: ResponseShape; response: { node: Obj; loc: Loc; inline: boolean } } | null;

function allowed(declared: readonly string[], observed: string): boolean {
  if (declared.length === 0) return true;
  if (declared.includes(observed)) return true;
  return observed === 'integer' && declared.includes('number');
}

function fieldName(loc: Loc, path: string): string {
  const i = loc.indexOf('schemas');
  return i >= 0
    ? `field ${loc
        .slice(i + 1)
        .filter((x) => x !== 'properties')
        .join('.')}`
    : `field ${path} (${loc.slice(0, 4).join(' ')})`;
}

/** The declared shape of a bucket's status, cached (null when the contract has no such response). */
function shapes(doc: Obj): (bucket: string, status: string) => Shaped {
  const cache = new Map<string, Shaped>();
  return (bucket, status) => {
    const k = `${bucket} ${status}`;
    if (!cache.has(k)) {
      const generic = GENERIC_BUCKETS[bucket];
      const response = generic ? genericResponseNode(doc, generic) : contract.operations[bucket] ? responseNode(doc, bucket, status) : null;
      cache.set(k, response ? { shape: shapeOf(doc, response), response } : null);
    }
    return cache.get(k)!;
  };
}

/**
 * What a generic response's `x-meshi-answered-first` declares: the statuses (and their codes) the
 * check order may answer before it — 401, 403 (INSUFFICIENT_SCOPE for a write method), 429 before a 405.
 */
function answeredFirst(doc: Obj, generic: string | undefined): Map<string, readonly string[]> {
  const out = new Map<string, readonly string[]>();
  const node = generic ? genericResponseNode(doc, generic)?.node : undefined;
  for (const [status, raw] of Object.entries<Obj>(node?.['x-meshi-answered-first']?.responses ?? {})) {
    const res = resolve(doc, raw, ['x-meshi-generic-responses', generic!, 'x-meshi-answered-first', 'responses', status]);
    const loc = codeEnumLoc(doc, res);
    out.set(status, loc ? (at(doc, loc) as string[]) : []);
  }
  return out;
}

function declareStatusesAndCodes({ doc, ledger }: JudgeContext): void {
  for (const op of Object.values(contract.operations)) {
    for (const [status, res] of Object.entries(op.responses)) {
      if (res.provenance === 'provisional') {
        const node = responseNode(doc, op.operationId, status);
        ledger.declare({
          key: `status:${op.operationId}:${status}`,
          kind: 'status',
          name: `${op.operationId} ${status}`,
          provenance: res.provenance,
          declared: status,
          markObserved: (s) => (node?.inline ? observedMark(node.loc, s) : []),
        });
      }
      for (const code of res.codes) {
        const e = contract.errorCodes[code];
        if (!e || (e.provenance !== 'provisional' && e.statusProvenance !== 'provisional')) continue;
        ledger.declare({
          key: `code:${op.operationId}:${status}:${code}`,
          kind: 'error-code',
          name: `${op.operationId} ${status} ${code}`,
          provenance: 'provisional',
          declared: `${status} ${code}`,
          markObserved: (s) =>
            observedMark(['x-meshi-error-codes', code], s, e.provenance === 'provisional' ? 'provenance' : 'status_provenance', 'observed'),
        });
      }
    }
  }
  for (const [name, res] of Object.entries(contract.genericResponses)) {
    const bucket = Object.entries(GENERIC_BUCKETS).find(([, n]) => n === name)?.[0];
    if (!bucket) continue;
    for (const code of res.codes) {
      const e = contract.errorCodes[code];
      if (!e || e.provenance !== 'provisional') continue;
      ledger.declare({
        key: `code:${bucket}:${res.status}:${code}`,
        kind: 'error-code',
        name: `${bucket} ${res.status} ${code}`,
        provenance: 'provisional',
        declared: `${res.status} ${code}`,
        markObserved: (s) => observedMark(['x-meshi-error-codes', code], s, 'provenance', 'observed'),
      });
    }
  }
  for (const [name, h] of Object.entries<Obj>(doc.components?.headers ?? {})) {
    if (h['x-meshi-provenance'] !== 'provisional') continue;
    ledger.declare({
      key: `header:${name.toLowerCase()}`,
      kind: 'header',
      name: `header ${name}`,
      provenance: 'provisional',
      declared: 'present where declared',
      markObserved: (s) => observedMark(['components', 'headers', name], s),
    });
  }
}

/** Declares a provisional response field (once per declaration site); returns its ledger key. */
function declareField({ doc, ledger }: JudgeContext, d: { loc: Loc; types: readonly string[] }, path: string): string {
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
    adopt: (value, s) =>
      at(doc, loc)?.type !== undefined
        ? [
            { file: 'partner-api.yaml', loc: [...loc, 'type'], value: value.split('|').length > 1 ? value.split('|') : value },
            ...observedMark(loc, s),
          ]
        : [],
  });
  return key;
}

/** An undeclared header added, as observed, to every response it was seen on (`at`: YAML locations joined by \0). */
function headerEdits(name: string): UndeclaredEdit {
  return (s, places) =>
    places.map((p) => ({
      file: 'partner-api.yaml' as const,
      loc: [...p.split('\0'), 'headers', name],
      value: {
        description: `Seen on ${s.target}; not in the docs.`,
        schema: { type: 'string' },
        'x-meshi-provenance': 'observed',
        'x-meshi-observed': { ...s },
      },
    }));
}

function judgeStatus(
  c: JudgeContext,
  r: number,
  bucket: string,
  status: string,
  seen: StatusSeen,
  shapeOfBucket: (b: string, s: string) => Shaped,
  everywhere: ReadonlySet<string>,
): void {
  const { ledger, undeclared } = c;
  const op = contract.operations[bucket];
  const generic = !op && !!GENERIC_BUCKETS[bucket];
  if (!op && !generic) return;
  const declaredRes = op ? op.responses[status] : contract.genericResponses[GENERIC_BUCKETS[bucket]!];
  const universalStatuses = new Set(universalGenericResponses().map((x) => String(x.status)));
  const first = answeredFirst(c.doc, GENERIC_BUCKETS[bucket]).get(status);
  const anywhere =
    generic &&
    Object.keys(seen.codes).length > 0 &&
    Object.keys(seen.codes).every((code) => everywhere.has(`${status} ${code}`) || first?.includes(code));
  const known = (declaredRes !== undefined && String(declaredRes.status) === status) || anywhere;
  if (!known && !universalStatuses.has(status))
    undeclared.note(`status:${bucket}:${status}`, { kind: 'status', name: `${bucket} ${status}`, observed: status }, r, seen);
  ledger.consistent(`status:${bucket}:${status}`, r, seen.count);
  const declaredCodes =
    declaredRes?.codes ??
    universalGenericResponses()
      .filter((x) => String(x.status) === status)
      .flatMap((x) => x.codes);
  for (const [code, s] of Object.entries(seen.codes)) {
    if (declaredCodes.includes(code) || (generic && (everywhere.has(`${status} ${code}`) || first?.includes(code))))
      ledger.consistent(`code:${bucket}:${status}:${code}`, r, s.count);
    else undeclared.note(`code:${bucket}:${status}:${code}`, { kind: 'error-code', name: `${bucket} ${status}`, observed: code }, r, s);
  }
  const shaped = shapeOfBucket(bucket, status);
  const headerComponents = new Set(Object.keys(c.doc.components?.headers ?? {}).map((n) => n.toLowerCase()));
  const declaredHeaders = new Set(Object.keys(declaredRes?.headers ?? {}));
  for (const [h, n] of Object.entries(seen.headers)) {
    if (declaredHeaders.has(h) || headerComponents.has(h)) ledger.consistent(`header:${h}`, r, n);
    else if (!TRANSPORT_HEADERS.has(h))
      undeclared.note(
        `header:${h}`,
        { kind: 'header', name: `header ${h}`, observed: `on ${bucket} ${status}` },
        r,
        { count: n, examples: seen.examples },
        headerEdits(h),
        shaped ? shaped.response.loc.join('\0') : undefined,
      );
  }
  if (shaped) judgeFields(c, r, bucket, status, seen, shaped.shape);
}

function judgeFields(c: JudgeContext, r: number, bucket: string, status: string, seen: StatusSeen, shape: ResponseShape): void {
  for (const [path, f] of Object.entries(seen.fields)) {
    if (path === '+') continue;
    const d = shape.fields.get(path);
    if (d) {
      if (d.provenance !== 'provisional') continue;
      const key = declareField(c, d, path);
      const bad = Object.entries(f.types).filter(([t]) => !allowed(d.types, t));
      if (bad.length)
        c.ledger.contradicted(
          key,
          r,
          [...new Set([...d.types, ...bad.map(([t]) => t)])].join('|'),
          bad.reduce((n, [, k]) => n + k, 0),
          f.examples,
        );
      else c.ledger.consistent(key, r, f.count);
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
    c.undeclared.note(
      `field:${objLoc.join('/')}:${name}`,
      { kind: 'field', name: `${bucket} ${status} ${path}`, observed: types.join('|') },
      r,
      { count: f.count, examples: f.examples },
      (s) => [
        {
          file: 'partner-api.yaml',
          loc: [...objLoc, 'properties', name],
          value: {
            type: types.length === 1 ? types[0] : types,
            description: `Seen on ${s.target}; not in the docs.`,
            'x-meshi-provenance': 'observed',
            'x-meshi-observed': { ...s },
          },
        },
      ],
    );
  }
}

export const judgeResponses: Judge = (c) => {
  declareStatusesAndCodes(c);
  const shapeOfBucket = shapes(c.doc);
  // Every provisional response field, observed or not.
  for (const op of Object.values(contract.operations)) {
    for (const status of Object.keys(op.responses)) {
      for (const [path, d] of shapeOfBucket(op.operationId, status)?.shape.fields ?? [])
        if (d.provenance === 'provisional') declareField(c, d, path);
    }
  }
  // Codes every operation declares (401 UNAUTHORIZED, …) also answer unknown routes and methods (check order).
  const everywhere = Object.values(contract.operations)
    .map((o) => new Set(Object.values(o.responses).flatMap((x) => x.codes.map((code) => `${x.status} ${code}`))))
    .reduce((a, b) => new Set([...a].filter((x) => b.has(x))));
  c.runs.forEach((run, r) => {
    for (const [bucket, byStatus] of Object.entries(run.observations.operations)) {
      for (const [status, seen] of Object.entries(byStatus)) judgeStatus(c, r, bucket, status, seen, shapeOfBucket, everywhere);
    }
  });
};

// Synthetic test results for the reporter's unit tests: CollectedTest builders, call records,
// a report built from them, and the JSON-Schema validator of conformance-report.json.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { Redactor } from '../../harness/http/redact';
import { loadCatalogue } from '../../reporter/catalogue';
import { buildReport, type RunMeta } from '../../reporter/report';
import type { HistoryRun } from '../../reporter/trend';
import type {
  Annotation,
  AttemptStatus,
  CollectedAttempt,
  CollectedTest,
  ConformanceReport,
  DeviationStatus,
  FullRecord,
  RunError,
} from '../../reporter/types';
import { summarizeRecord } from '../../reporter/collect';
import type { LedgerData, LedgerViolation } from '../../harness/checks/universalLedger';
import { finding, FINDING_ANNOTATION, findingsIn, type Finding } from '../../harness/verdicts/findings';

/** A ledger with these universal violations (and `checked` responses for every universal guarantee). */
export function ledger(violations: Partial<LedgerViolation>[] = [], checked = 1): LedgerData {
  const vs: LedgerViolation[] = violations.map((v) => ({
    kind: 'violation' as const,
    subject: { operationId: v.operationId ?? 'getAuth', base: 'current' as const, property: null },
    guarantee: 'CORR-01',
    check: 'correlationEcho',
    message: 'x-correlation-id header missing on GET /auth → 200 (corr ct-x)',
    observed: 'x-correlation-id missing',
    expected: 'a non-empty x-correlation-id',
    operationId: 'getAuth',
    request: 'GET /auth',
    status: 200,
    correlationId: 'ct-x',
    call: null,
    ...v,
  }));
  const counts: Record<string, number> = {};
  for (const v of vs) counts[v.guarantee] = (counts[v.guarantee] ?? 0) + 1;
  return { checked: Object.fromEntries([...UNIVERSAL].map((g) => [g, checked])), exempted: {}, violationCounts: counts, violations: vs };
}

// CJS modules under ESM: the default export may sit under `.default`.
const Ajv2020 = ((Ajv2020Module as unknown as { default?: typeof Ajv2020Module }).default ?? Ajv2020Module) as typeof Ajv2020Module;
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as typeof addFormatsModule;

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const catalogue = loadCatalogue();
export const KNOWN = new Set(catalogue.guarantees.map((g) => g.id));
export const UNIVERSAL = new Set(catalogue.guarantees.filter((g) => g.universal).map((g) => g.id));

/** A fake key that must never appear in an artefact. */
export const SECRET = 'sk_live_SYNTHETIC_0123456789abcdef';

let seq = 0;

/** A call record; `violations` may be given as `[ID] message` strings for brevity. */
export function record(
  over: Omit<Partial<FullRecord>, 'violations'> & { violations?: readonly (string | FullRecord['violations'][number])[] } = {},
): FullRecord {
  const n = over.n ?? ++seq;
  return {
    n,
    label: null,
    setup: false,
    operationId: 'getEvent',
    kind: 'operation',
    method: 'GET',
    url: `http://127.0.0.1:9/api/v0/partner/events/e${n}`,
    correlationId: { sent: `ct-test-w0-${n}`, received: `ct-test-w0-${n}` },
    status: 200,
    durationMs: 3.2,
    request: { headers: { authorization: 'Bearer $MESHI_PARTNER_KEY', 'x-correlation-id': `ct-test-w0-${n}` }, body: null, bodyBytes: 0 },
    response: {
      headers: { 'content-type': 'application/json', 'x-correlation-id': `ct-test-w0-${n}` },
      body: '{"event_id":"e1"}',
      bodyBytes: 17,
    },
    skippedChecks: [],
    error: null,
    curl: `curl -sS -i -X GET 'http://127.0.0.1:9/api/v0/partner/events/e${n}' -H "authorization: Bearer $MESHI_PARTNER_KEY"`,
    checkedGuarantees: [],
    ...over,
    violations: (over.violations ?? []).map((v) =>
      typeof v === 'string'
        ? {
            guarantee: /^\[([A-Z0-9]+-\d+)\]/.exec(v)?.[1] ?? 'HARNESS',
            check: 'synthetic',
            message: v.replace(/^\[[A-Z0-9]+-\d+\]\s*/, ''),
          }
        : v,
    ),
  } as FullRecord;
}

export function attempt(
  status: AttemptStatus,
  opts: { errors?: string[]; annotations?: Annotation[]; records?: FullRecord[]; retry?: number; ledger?: LedgerData | null } = {},
): CollectedAttempt {
  const records = opts.records ?? [record()];
  return {
    retry: opts.retry ?? 0,
    status,
    durationMs: 10,
    errors: opts.errors ?? [],
    annotations: opts.annotations ?? [],
    records: records.map(summarizeRecord),
    fullRecords: status === 'passed' ? records.filter((r) => r.violations.length > 0) : records,
    ledger: opts.ledger ?? null,
    findings: findingsIn(opts.annotations ?? []),
  };
}

export function testCase(declared: string[], attempts: CollectedAttempt[], title?: string): CollectedTest {
  const id = `t${++seq}`;
  const t = title ?? `${declared.join(' ')}: synthetic`;
  const annotations: Annotation[] = declared.map((g) => ({ type: 'guarantee', description: g }));
  return {
    id,
    title: t,
    fullTitle: t,
    file: 'specs/synthetic.spec.ts',
    line: seq,
    project: 'conformance',
    declared,
    tags: [],
    attempts: attempts.map((a, i) => ({ ...a, retry: i, annotations: [...annotations, ...a.annotations] })),
  };
}

export const NO_DEVIATIONS: DeviationStatus = { target: 'mock', file: null, active: [], expired: [] };

export function meta(over: Partial<RunMeta> = {}): RunMeta {
  return {
    target: { name: 'mock', url: 'http://127.0.0.1:9', kind: 'bundled-mock', production: false },
    seed: 42,
    namespace: 'ctsynthetic',
    startedAt: new Date('2026-01-01T00:00:00Z'),
    finishedAt: new Date('2026-01-01T00:01:00Z'),
    playwrightStatus: 'failed',
    merged: false,
    shard: null,
    ci: null,
    ...over,
  };
}

export function report(
  tests: CollectedTest[],
  opts: {
    selection?: string[] | null;
    deviations?: DeviationStatus;
    history?: HistoryRun[];
    errors?: RunError[];
    meta?: Partial<RunMeta>;
    redactor?: Redactor;
  } = {},
): ConformanceReport {
  return buildReport({
    catalogue,
    selection: opts.selection === undefined ? null : opts.selection,
    tests,
    errors: opts.errors ?? [],
    meta: meta(opts.meta),
    deviations: opts.deviations ?? NO_DEVIATIONS,
    history: opts.history ?? [],
    redactor: opts.redactor ?? new Redactor([{ value: SECRET, placeholder: '$MESHI_PARTNER_KEY' }]),
  });
}

export function byId(r: ConformanceReport, id: string) {
  const g = r.guarantees.find((x) => x.id === id);
  if (!g) throw new Error(`${id} not in the report`);
  return g;
}

let validator: ReturnType<InstanceType<typeof Ajv2020>['compile']> | null = null;

/** Validates a report against contracts/conformance-report.schema.json; returns the errors (empty when valid). */
export function schemaErrors(r: unknown): string[] {
  if (!validator) {
    const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
    addFormats(ajv);
    validator = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'contracts/conformance-report.schema.json'), 'utf8')));
  }
  return validator(r) ? [] : (validator.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/** Documented MUST guarantee IDs of the catalogue. */
export function documentedMust(): string[] {
  return catalogue.guarantees.filter((g) => g.level === 'MUST' && g.provenance === 'documented').map((g) => g.id);
}

export function provisionalNonUniversal(): string {
  return catalogue.guarantees.find((g) => g.provenance === 'provisional' && !g.universal)!.id;
}

export function documentedNonUniversal(): string[] {
  return catalogue.guarantees.filter((g) => g.provenance === 'documented' && g.level === 'MUST' && !g.universal).map((g) => g.id);
}

/** A minimal XML well-formedness check: balanced tags, quoted attributes, no stray `<` or `&`. */
export function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>/g;
  let last = 0;
  for (const m of body.matchAll(tag)) {
    const between = body.slice(last, m.index);
    if (/[<>]/.test(between)) problems.push(`stray markup before offset ${m.index}: ${between.slice(0, 60)}`);
    if (/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(between)) problems.push(`unescaped & before offset ${m.index}`);
    last = m.index! + m[0].length;
    const [, close, name, , selfClose] = m;
    if (selfClose) continue;
    if (close) {
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open}>`);
    } else stack.push(name!);
  }
  if (/[<>]/.test(body.slice(last).trim())) problems.push('stray markup at the end');
  if (stack.length) problems.push(`unclosed: ${stack.join(', ')}`);
  return problems;
}

/** The entries of a zip file (stored or deflated), for scanning blob reports. */
export function unzipEntries(buf: Buffer): { name: string; data: Buffer }[] {
  const out: { name: string; data: Buffer }[] = [];
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip file');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('bad central directory');
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(start, start + size);
    out.push({ name, data: method === 8 ? inflateRawSync(raw) : Buffer.from(raw) });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

/** Every file under a folder (recursively), with zip archives expanded into their entries. */
export function filesUnder(dir: string): { path: string; data: Buffer }[] {
  const out: { path: string; data: Buffer }[] = [];
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else {
      const data = readFileSync(p);
      out.push({ path: p, data });
      if (name.endsWith('.zip')) for (const e of unzipEntries(data)) out.push({ path: `${p}!${e.name}`, data: e.data });
    }
  }
  return out;
}

/** The bundled mock's seeded keys (what a run against the mock is configured with). */
export function mockKeys(): string[] {
  const parsed = JSON.parse(readFileSync(join(ROOT, 'mock/fixtures/keys.json'), 'utf8')) as { keys: { key: string }[] };
  return parsed.keys.map((k) => k.key);
}

/** A `finding` annotation (harness/verdicts/findings.ts) as the harness attaches it. */
export function findingAnnotation(f: Partial<Finding> & Pick<Finding, 'kind' | 'guarantee'>): Annotation {
  return {
    type: FINDING_ANNOTATION,
    description: JSON.stringify(finding({ check: 'synthetic', message: `${f.kind} ${f.guarantee ?? ''}`, ...f })),
  };
}

/** A typed assertion violation (what harness/verdicts/expect.ts attaches). */
export function violationAnnotation(v: {
  guarantee: string;
  check?: string;
  operationId?: string | null;
  request?: string | null;
  observed?: string;
  expected?: string;
  correlationId?: string | null;
  message?: string;
}): Annotation {
  const { operationId = null, ...rest } = v;
  return findingAnnotation({ kind: 'violation', check: 'status', ...rest, subject: { operationId, base: null, property: null } });
}

/** The annotations of a test blocked by `guarantee` (harness/verdicts/preconditions.ts): the skip reason and the `blocked` finding. */
export function blockedAnnotations(guarantee: string | null, what: string, detail: Partial<Finding> = {}): Annotation[] {
  const reason = guarantee ? `blocked by ${guarantee}: ${what}` : `blocked: ${what}`;
  return [
    findingAnnotation({ kind: 'blocked', guarantee, check: 'precondition', message: reason, ...detail }),
    { type: 'skip', description: reason },
  ];
}

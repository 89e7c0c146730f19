// Root causes: the run's failures grouped so that one fault reads as one line. Failures that share
// the operation and the observed status are one cause (a create answered 200 fails EVT-01 and is an
// undeclared status for SCHEMA-02: one cause); other failures group by guarantee, operation and
// observed value, and a universal violation seen on many operations is one cause. Each cause lists
// the guarantees and tests it touched and the tests it blocked (`blocked by <ID>` skips), most
// touching first. Everything comes from data: the universal ledgers, the typed findings
// (harness/verdicts/findings.ts: violations of the assertions, blocks of the preconditions, harness errors)
// and the records — a failure message is only read when a test failed with a plain expect that
// left no finding. A harness error (a check or test that crashed) is a cause of its own, never
// folded into a guarantee's failures.

import { contract } from '../contract';
import type { Finding } from '../harness/verdicts/findings';
import { attributedIds } from './attribution';
import type { CollectedAttempt, FullRecord, RootCause, RootCauseTest, TestAnalysis } from './types';

interface Item {
  readonly kind: 'violation' | 'harness-error';
  readonly guarantee: string;
  readonly universal: boolean;
  readonly statusLike: boolean;
  readonly operationId: string | null;
  readonly request: string | null;
  readonly observed: string;
  readonly expected: string;
  readonly test: RootCauseTest;
  readonly weight: number;
  readonly correlationId: string | null;
  readonly record: FullRecord | null;
}

const MAX_CORRELATION_IDS = 5;

function testRef(a: TestAnalysis): RootCauseTest {
  return { id: a.test.id, title: a.test.fullTitle, file: a.test.file, line: a.test.line };
}

/** A message without its `on GET /path → 200 (corr …)` tail and quoted values: what stays equal across occurrences. */
export function messageShape(message: string): string {
  return message
    .replace(/\s+on [A-Z]+ \/\S*.*$/s, '')
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>')
    .trim();
}

function requestOf(rec: FullRecord): string {
  const op = rec.operationId ? contract.operations[rec.operationId] : undefined;
  if (op && rec.kind === 'operation') return `${rec.method} ${op.path}`;
  try {
    return `${rec.method} ${new URL(rec.url).pathname}`;
  } catch {
    return `${rec.method} ${rec.url}`;
  }
}

function ranAttempts(a: TestAnalysis): CollectedAttempt[] {
  return a.test.attempts.filter((x) => x.status !== 'skipped' || x.ledger !== null);
}

/** A violation as a root-cause item: what it says, with `expected` when it says nothing of that. */
function violationItem(
  v: {
    guarantee: string;
    request: string | null;
    observed: string | null;
    expected: string | null;
    message: string;
    correlationId: string | null;
  },
  a: TestAnalysis,
  at: { universal: boolean; statusLike: boolean; operationId: string | null; expected: string; record: Item['record'] },
): Item {
  return {
    kind: 'violation',
    guarantee: v.guarantee,
    universal: at.universal,
    statusLike: at.statusLike,
    operationId: at.operationId,
    request: v.request,
    observed: v.observed ?? messageShape(v.message),
    expected: v.expected ?? at.expected,
    test: testRef(a),
    weight: 1,
    correlationId: v.correlationId,
    record: at.record,
  };
}

/** Universal violations the ledgers counted. */
function ledgerItems(a: TestAnalysis): Item[] {
  const out: Item[] = [];
  for (const at of ranAttempts(a)) {
    const l = at.ledger;
    if (!l) continue;
    const shown = new Map<string, number>();
    for (const v of l.violations) {
      shown.set(v.guarantee, (shown.get(v.guarantee) ?? 0) + 1);
      const statusLike = v.check === 'statusDocumented' && v.operationId !== null;
      const record = at.fullRecords.find((r) => r.n === v.call) ?? null;
      out.push(
        violationItem(v, a, { universal: true, statusLike, operationId: v.operationId, expected: 'what the contract declares', record }),
      );
    }
    // Violations past the kept examples still count.
    for (const [g, n] of Object.entries(l.violationCounts)) {
      const extra = n - (shown.get(g) ?? 0);
      const last = [...out].reverse().find((x) => x.guarantee === g);
      if (extra > 0 && last) out.push({ ...last, weight: extra, record: null, correlationId: null });
    }
  }
  return out;
}

function violationFindings(at: CollectedAttempt): (Finding & { guarantee: string })[] {
  return at.findings.filter((f): f is Finding & { guarantee: string } => f.kind === 'violation' && f.guarantee !== null);
}

/** Harness errors: a universal check that crashed (any attempt that ran), a test that crashed (its failing attempts). */
function harnessErrorItems(a: TestAnalysis): Item[] {
  const out: Item[] = [];
  const declared = a.test.declared;
  const item = (guarantee: string, f: Finding, record: FullRecord | null): Item => ({
    kind: 'harness-error',
    guarantee,
    universal: false,
    statusLike: false,
    operationId: f.subject.operationId,
    request: f.request,
    observed: `${f.check}: ${messageShape(f.message.split('\n')[0]!)}`,
    expected: 'the harness to judge it',
    test: testRef(a),
    weight: 1,
    correlationId: f.correlationId,
    record,
  });
  for (const at of ranAttempts(a)) {
    for (const e of at.ledger?.errors ?? []) out.push(item(e.guarantee, e, at.fullRecords.find((r) => r.n === e.call) ?? null));
  }
  for (const at of a.failingAttempts) {
    for (const f of at.findings.filter((x) => x.kind === 'harness-error')) {
      for (const g of f.guarantee ? [f.guarantee] : declared.length ? declared : ['HARNESS'])
        out.push(item(g, f, at.fullRecords[at.fullRecords.length - 1] ?? null));
    }
  }
  return out;
}

/** Playwright's `Expected: …` / `Received: …` lines of an assertion message, when present. */
export function expectedReceived(message: string): { expected: string; received: string } | null {
  const e = /^\s*Expected(?: value)?:\s*(.+)$/m.exec(message);
  const r = /^\s*Received(?: value)?:\s*(.+)$/m.exec(message);
  return e && r ? { expected: e[1]!.trim(), received: r[1]!.trim() } : null;
}

/** The own-assertion failures of a failed or flaky test. */
function assertionItems(a: TestAnalysis, known: ReadonlySet<string>): Item[] {
  if (a.outcome !== 'failed' && a.outcome !== 'flaky') return [];
  const out: Item[] = [];
  for (const at of a.failingAttempts) {
    const annotated = violationFindings(at);
    for (const v of annotated) {
      const record =
        at.fullRecords.find((r) => r.correlationId.received === v.correlationId || r.correlationId.sent === v.correlationId) ?? null;
      const operationId = v.subject.operationId;
      const statusLike = ['status', 'error', 'accepted'].includes(v.check) && operationId !== null;
      out.push(violationItem(v, a, { universal: false, statusLike, operationId, expected: 'what the guarantee states', record }));
    }
    if (annotated.length > 0 || at.findings.some((f) => f.kind === 'harness-error')) continue;
    const message = at.errors[0];
    if (message === undefined) continue;
    const g = attributedIds(message, known)[0] ?? a.test.declared[0] ?? 'HARNESS';
    const er = expectedReceived(message);
    const last = at.fullRecords[at.fullRecords.length - 1] ?? null;
    // Without Expected/Received, the assertion's label says what was expected.
    const label = messageShape(
      message
        .split('\n')[0]!
        .replace(/^(?:[A-Za-z]*(?:Error|Violation):\s*)+/, '')
        .replace(/^(\[[A-Z0-9-]+\]\s*)+/, '')
        .replace(/: observed .*$/, ''),
    );
    const received = /^\s*Received(?: value)?:\s*(.+)$/m.exec(message)?.[1]?.trim();
    const observed = er ? er.received : (received ?? 'not so');
    out.push({
      kind: 'violation',
      guarantee: g,
      universal: false,
      statusLike: /^\d{3}$/.test(observed) && !!last?.operationId,
      operationId: last?.operationId ?? null,
      request: last ? requestOf(last) : null,
      observed,
      expected: er ? er.expected : label,
      test: testRef(a),
      weight: 1,
      correlationId: last?.correlationId.received ?? last?.correlationId.sent ?? null,
      record: last,
    });
  }
  return out;
}

function keyOf(i: Item, universal: ReadonlySet<string>): string {
  if (i.kind === 'harness-error') return `harness-error|${i.observed}`;
  if (i.statusLike) return `${i.operationId}|${i.observed.split(' ')[0]}`;
  // A universal guarantee is one cause whatever the test that met it (its own test's assertions included).
  if (universal.has(i.guarantee)) return `${i.guarantee}|*`;
  // Other assertion failures of one guarantee are one cause: its tests meeting one fault on several lists.
  return i.universal ? `${i.guarantee}|*|${i.observed}` : `${i.guarantee}|~`;
}

function pushUnique<T>(list: T[], x: T, same: (a: T, b: T) => boolean): void {
  if (!list.some((y) => same(x, y))) list.push(x);
}

interface Draft {
  key: string;
  items: Item[];
  blocked: RootCauseTest[];
  blockedOnly?: { guarantee: string; observed: string; expected: string; request: string | null; operationId: string | null };
}

function summaryOf(c: Omit<RootCause, 'summary'>, operations: number): string {
  const req = operations > 1 ? `${operations} operations (e.g. ${c.request})` : c.request;
  const what =
    /^\d{3}\b/.test(c.observed) && req
      ? `${req} answered ${c.observed}, expected ${c.expected}`
      : `${req ? `${req}: ` : ''}observed ${c.observed}, expected ${c.expected}`;
  const also = c.guarantees.length > 1 ? ` (also ${c.guarantees.slice(1).join(', ')})` : '';
  const blocked = c.blocked.length ? `; blocked ${c.blocked.length} test${c.blocked.length === 1 ? '' : 's'}` : '';
  if (c.kind === 'harness-error')
    return `harness error: ${c.observed} — ${c.guarantees.join(', ')} in error (${c.tests.length} test${c.tests.length === 1 ? '' : 's'})`;
  return `${what} — ${c.guarantee}${also}${blocked}`;
}

/** Groups a run's failures into root causes, most touching first. */
export function rootCauses(
  analyses: readonly TestAnalysis[],
  known: ReadonlySet<string>,
  universal: ReadonlySet<string> = new Set(),
): RootCause[] {
  const drafts = new Map<string, Draft>();
  for (const a of analyses) {
    for (const i of [...assertionItems(a, known), ...ledgerItems(a), ...harnessErrorItems(a)]) {
      const k = keyOf(i, universal);
      const d = drafts.get(k) ?? { key: k, items: [], blocked: [] };
      d.items.push(i);
      drafts.set(k, d);
    }
  }
  mergeUnstructured(drafts);
  // Blocked tests join the cause led by (else touching) the guarantee that blocked them.
  for (const a of analyses) {
    const g = a.blockedBy;
    if (!g || !a.block) continue;
    const all = [...drafts.values()].filter((d) => d.items.every((i) => i.kind === 'violation'));
    const target = all.find((d) => leadOf(d.items) === g) ?? all.find((d) => d.items.some((i) => i.guarantee === g));
    if (target) {
      pushUnique(target.blocked, testRef(a), (x, y) => x.id === y.id);
      continue;
    }
    const b = a.block;
    const k = `blocked|${g}|${b.observed ?? ''}`;
    const d = drafts.get(k) ?? {
      key: k,
      items: [],
      blocked: [],
      blockedOnly: {
        guarantee: g,
        observed: b.observed ?? b.message.replace(/^blocked by [A-Z0-9-]+:\s*/, ''),
        expected: b.expected ?? 'its precondition to hold',
        request: b.request,
        operationId: b.subject.operationId,
      },
    };
    pushUnique(d.blocked, testRef(a), (x, y) => x.id === y.id);
    drafts.set(k, d);
  }

  const causes = [...drafts.values()].map((d) => toCause(d));
  causes.sort(
    (x, y) =>
      y.guarantees.length + y.tests.length + y.blocked.length - (x.guarantees.length + x.tests.length + x.blocked.length) ||
      y.occurrences - x.occurrences ||
      x.key.localeCompare(y.key),
  );
  return causes;
}

/**
 * A guarantee's failures without an operation and status of their own (a property's plain
 * expectation, a label without Expected/Received: the `G|~` cause) join the cause that same
 * guarantee leads, when there is one: the property that met ISO-01's fault on GET /events and the
 * test that saw GET /events answer 200 are one cause, not two. The joined items go last, so the
 * cause keeps its structured example first.
 */
function mergeUnstructured(drafts: Map<string, Draft>): void {
  for (const [key, d] of [...drafts]) {
    if (!key.endsWith('|~')) continue;
    const g = key.slice(0, -2);
    const others = [...drafts.values()].filter((x) => x !== d && leadOf(x.items) === g);
    const target = others.find((x) => !x.key.includes('|*')) ?? others[0];
    if (!target) continue;
    target.items.push(...d.items);
    drafts.delete(key);
  }
}

function leadOf(items: readonly Item[]): string {
  if (items.some((i) => i.kind === 'harness-error')) return '';
  return (items.find((i) => !i.universal) ?? items[0])?.guarantee ?? '';
}

function toCause(d: Draft): RootCause {
  if (d.items.length === 0 && d.blockedOnly) {
    const b = d.blockedOnly;
    const base = {
      key: d.key,
      kind: 'blocked' as const,
      guarantee: b.guarantee,
      operationId: b.operationId,
      request: b.request,
      observed: b.observed,
      expected: b.expected,
      guarantees: [b.guarantee],
      tests: [],
      blocked: d.blocked,
      occurrences: d.blocked.length,
      example: null,
      correlationIds: [],
    };
    return { ...base, summary: summaryOf(base, 1) };
  }
  // The lead is the test's own assertion, except for a universal cause, where the checks' data reads best.
  const lead = d.key.endsWith('|*')
    ? (d.items.find((i) => i.universal) ?? d.items[0]!)
    : (d.items.find((i) => !i.universal) ?? d.items[0]!);
  const guarantees = [lead.guarantee];
  const tests: RootCauseTest[] = [];
  const ops = new Set<string>();
  const corr: string[] = [];
  for (const i of d.items) {
    if (!guarantees.includes(i.guarantee)) guarantees.push(i.guarantee);
    pushUnique(tests, i.test, (x, y) => x.id === y.id);
    if (i.request) ops.add(i.operationId ?? i.request);
    if (i.correlationId && corr.length < MAX_CORRELATION_IDS && !corr.includes(i.correlationId)) corr.push(i.correlationId);
  }
  const example = d.items.find((i) => !i.universal && i.record)?.record ?? d.items.find((i) => i.record)?.record ?? null;
  const base = {
    key: d.key,
    kind: lead.kind,
    guarantee: lead.guarantee,
    operationId: lead.operationId,
    request: lead.request,
    observed: lead.observed,
    expected: lead.expected,
    guarantees,
    tests,
    blocked: d.blocked,
    occurrences: d.items.reduce((n, i) => n + i.weight, 0),
    example,
    correlationIds: corr,
  };
  return { ...base, summary: summaryOf(base, ops.size) };
}

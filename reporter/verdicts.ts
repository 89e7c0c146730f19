// Verdicts: one per guarantee, from every test's evidence (attribution.ts), the universal coverage
// (universal.ts) and the target's known deviations (deviations.ts). The rules (README › Verdicts):
//
//   failed          some test or universal check found a violation of it (no attempt passed it);
//   error           otherwise, the harness crashed while judging it (a check or test that threw, a
//                   timeout naming no guarantee): never a pass, never a failure of the target;
//   flaky           otherwise, some test failed it and then passed it on a retry;
//   inconclusive    otherwise, a test of it ended transiently on every attempt (503s, network
//                   losses past the resend budget), with the reason: the target could not be looked at;
//   passed          otherwise, some test passed it — or, for a universal guarantee, at least one
//                   response showed its subject and was judged (the evidence), no violation of it
//                   appeared anywhere, and not every test declaring it was blocked;
//   not exercised   otherwise, with the reason: skipped tests' reasons (missing key, profile off,
//                   read-only target), "blocked by X" (its test failed on another guarantee first),
//                   "no response showed its subject", or "no test in this run names it";
//   known deviation a failed or flaky guarantee with an active entry for the target (`observed`
//                   keeps the underlying verdict).
//
// Every verdict carries `evidence: {exchanges, tests}`: the exchanges and tests that decided it.

import type {
  CatalogueEntry,
  Counts,
  DeviationStatus,
  Evidence,
  EvidenceKind,
  FullRecord,
  GuaranteeResult,
  KnownDeviation,
  ReportFailure,
  ReportTest,
  TestAnalysis,
  UniversalCoverage,
  Verdict,
} from './types';

/** How a verdict is named to people (Markdown, HTML). */
export const VERDICT_LABEL: Readonly<Record<Verdict, string>> = {
  passed: 'passed',
  failed: 'failed',
  flaky: 'flaky',
  error: 'harness error',
  inconclusive: 'inconclusive',
  'not-exercised': 'not exercised',
  'known-deviation': 'known deviation',
};

export const MAX_FAILURES_PER_GUARANTEE = 5;
export const MAX_RECORDS_PER_FAILURE = 6;
export const MAX_BODY_IN_REPORT = 4096;

const EVIDENCE_RANK: Record<EvidenceKind, number> = {
  failed: 0,
  error: 1,
  flaky: 2,
  transient: 3,
  blocked: 4,
  interrupted: 5,
  passed: 6,
  skipped: 7,
};

/** The evidence kind that decides each verdict. */
const DECIDING: Partial<Record<Verdict, EvidenceKind>> = {
  passed: 'passed',
  failed: 'failed',
  flaky: 'flaky',
  error: 'error',
  inconclusive: 'transient',
};

/** Exchanges a test's attempt judged itself (its calls, set-up calls aside). */
function ownExchanges(a: TestAnalysis, kind: EvidenceKind): number {
  const attempts = kind === 'failed' || kind === 'error' ? a.failingAttempts : a.test.attempts.slice(-1);
  return attempts.reduce((n, at) => n + at.records.filter((r) => !r.setup).length, 0);
}

function capBody(s: string | null): string | null {
  if (s === null) return null;
  return s.length > MAX_BODY_IN_REPORT
    ? `${s.slice(0, MAX_BODY_IN_REPORT)}… [cut at ${MAX_BODY_IN_REPORT} of ${s.length} characters in the report; the full record is in the test's attachments]`
    : s;
}

export function trimRecord(r: FullRecord): FullRecord {
  return {
    ...r,
    request: { ...r.request, body: capBody(r.request.body) },
    response: r.response === null ? null : { ...r.response, body: capBody(r.response.body) ?? '' },
  };
}

/** The records that explain a failure of `guarantee`: responses that violated it (or any violation), then the last calls. */
export function recordsForFailure(records: readonly FullRecord[], guarantee: string, universal: boolean): FullRecord[] {
  const naming = records.filter((r) => r.violations.some((v) => v.guarantee === guarantee));
  if (universal && naming.length > 0) return naming.slice(0, MAX_RECORDS_PER_FAILURE).map(trimRecord);
  const violating = records.filter((r) => r.violations.length > 0 && !naming.includes(r));
  const picked: FullRecord[] = [];
  for (const r of [...naming, ...violating, ...records.slice(-3)]) if (!picked.includes(r)) picked.push(r);
  picked.sort((a, b) => a.n - b.n);
  return picked.slice(-MAX_RECORDS_PER_FAILURE).map(trimRecord);
}

/**
 * Correlation IDs of a failure: those of its findings (typed), those its records carry, and — only
 * when no finding gave one (a plain expect in a spec) — those its messages name (`corr X`).
 */
export function correlationIds(messages: readonly string[], records: readonly FullRecord[], typed: readonly string[] = []): string[] {
  const out = new Set<string>(typed);
  if (typed.length === 0)
    for (const m of messages)
      for (const x of m.matchAll(/\bcorr(?:elation(?:[ _-]id)?)?[ =:]+([A-Za-z0-9._:-]{3,128})/gi)) if (x[1] !== 'none') out.add(x[1]!);
  for (const r of records) {
    if (r.correlationId.sent) out.add(r.correlationId.sent);
    if (r.correlationId.received) out.add(r.correlationId.received);
  }
  return [...out];
}

function unique(xs: readonly string[]): string[] {
  return [...new Set(xs)];
}

export interface VerdictInput {
  readonly guarantees: readonly CatalogueEntry[];
  readonly analyses: readonly TestAnalysis[];
  readonly coverage: ReadonlyMap<string, UniversalCoverage>;
  readonly deviations: DeviationStatus;
}

export interface VerdictOutput {
  readonly results: GuaranteeResult[];
  /** Active deviations whose guarantee neither failed nor flaked. */
  readonly unusedDeviations: string[];
}

export function computeVerdicts(input: VerdictInput): VerdictOutput {
  const byGuarantee = new Map<string, { e: Evidence; a: TestAnalysis }[]>();
  for (const a of input.analyses) {
    for (const e of a.evidence) {
      const list = byGuarantee.get(e.guarantee) ?? [];
      list.push({ e, a });
      byGuarantee.set(e.guarantee, list);
    }
  }
  const deviationFor = new Map<string, KnownDeviation>(input.deviations.active.map((d) => [d.guarantee, d]));
  const unusedDeviations: string[] = [];
  const results = input.guarantees.map((g) => {
    const items = (byGuarantee.get(g.id) ?? []).sort((x, y) => EVIDENCE_RANK[x.e.kind] - EVIDENCE_RANK[y.e.kind]);
    const kinds = new Set(items.map((x) => x.e.kind));
    const cov = g.universal
      ? (input.coverage.get(g.id) ?? { checkedResponses: 0, exemptedResponses: 0, violations: 0, harnessErrors: 0, tests: 0 })
      : null;
    const notes: string[] = [];
    let observed: Exclude<Verdict, 'known-deviation'>;
    let reason: string | null = null;
    const ownTests = items.filter((x) => x.e.declared);
    // A guarantee whose own tests were all blocked cannot pass on the universal checks alone.
    const ownAllBlocked = ownTests.length > 0 && ownTests.every((x) => x.e.kind === 'blocked');
    const universalPass = cov !== null && cov.checkedResponses > 0 && cov.violations === 0 && cov.harnessErrors === 0 && !ownAllBlocked;

    if (kinds.has('failed')) observed = 'failed';
    else if (kinds.has('error') || (cov !== null && cov.harnessErrors > 0)) {
      observed = 'error';
      reason =
        items.find((x) => x.e.kind === 'error')?.e.note ?? `a universal check crashed ${cov!.harnessErrors} time(s) while judging it`;
    } else if (kinds.has('flaky')) observed = 'flaky';
    else if (kinds.has('transient')) {
      observed = 'inconclusive';
      reason = unique(items.filter((x) => x.e.kind === 'transient').map((x) => x.e.note ?? 'transient'))
        .slice(0, 3)
        .join('; ');
    } else if (kinds.has('passed') || universalPass) observed = 'passed';
    else {
      observed = 'not-exercised';
      const reasons: string[] = [];
      for (const kind of ['blocked', 'interrupted', 'skipped'] as const) {
        reasons.push(...unique(items.filter((x) => x.e.kind === kind).map((x) => x.e.note ?? kind)));
      }
      if (cov !== null && cov.checkedResponses === 0) reasons.push('universal: no response showed its subject');
      else if (cov !== null && ownAllBlocked)
        reasons.push(`universal: ${cov.checkedResponses} response(s) judged, but every test of its own was blocked`);
      if (items.length === 0 && cov === null) reasons.push('no test in this run names it');
      const shown = reasons.slice(0, 3);
      reason = shown.join('; ') + (reasons.length > 3 ? `; and ${reasons.length - 3} more` : '');
    }
    const deciding = DECIDING[observed];
    const decidingTests = deciding ? unique(items.filter((x) => x.e.kind === deciding).map((x) => x.a.test.id)) : [];
    const ownCount = deciding
      ? unique(items.filter((x) => x.e.kind === deciding).map((x) => x.a.test.id)).reduce(
          (n, id) =>
            n +
            ownExchanges(
              input.analyses.find((a) => a.test.id === id)!,
              deciding,
            ),
          0,
        )
      : 0;
    const evidence =
      observed === 'not-exercised'
        ? { exchanges: 0, tests: 0 }
        : cov !== null && (observed === 'passed' || observed === 'failed')
          ? { exchanges: cov.checkedResponses, tests: Math.max(cov.tests, decidingTests.length) }
          : { exchanges: ownCount, tests: decidingTests.length };

    for (const x of items) if (x.e.kind === 'passed' && x.e.note) notes.push(`${x.a.test.title.split(':')[0]}: ${x.e.note}`);
    if (cov && cov.exemptedResponses > 0)
      notes.push(`${cov.exemptedResponses} response(s) not checked for it (check switched off by the test, or no API response)`);

    const tests: ReportTest[] = [];
    const seenTests = new Set<string>();
    for (const x of items) {
      if (seenTests.has(x.a.test.id)) continue;
      seenTests.add(x.a.test.id);
      tests.push({
        id: x.a.test.id,
        title: x.a.test.fullTitle,
        file: x.a.test.file,
        line: x.a.test.line,
        evidence: x.e.kind,
        declared: x.e.declared,
        note: x.e.note,
        durationMs: Math.round(x.a.test.attempts.reduce((sum, at) => sum + at.durationMs, 0)),
      });
    }

    // The guarantee's own dedicated test first: declared by it, and by as few others as possible.
    const failing = items
      .filter((x) => x.e.kind === 'failed' || x.e.kind === 'flaky')
      .sort((x, y) => Number(y.e.declared) - Number(x.e.declared) || x.a.test.declared.length - y.a.test.declared.length);
    const failures: ReportFailure[] = failing.slice(0, MAX_FAILURES_PER_GUARANTEE).map(({ e, a }) => {
      const records = e.records
        ? recordsForFailure(e.records, g.id, true)
        : recordsForFailure(
            a.failingAttempts.flatMap((at) => at.fullRecords),
            g.id,
            g.universal && !e.declared,
          );
      return {
        testId: a.test.id,
        testTitle: a.test.fullTitle,
        file: a.test.file,
        line: a.test.line,
        flaky: e.kind === 'flaky',
        messages: e.messages,
        correlationIds: correlationIds(e.messages, records, e.correlationIds),
        records,
        replay: a.replay,
      };
    });

    let verdict: Verdict = observed;
    let deviation: KnownDeviation | null = null;
    const dev = deviationFor.get(g.id);
    if (dev) {
      if (observed === 'failed' || observed === 'flaky') {
        verdict = 'known-deviation';
        deviation = dev;
        reason = `known deviation on ${input.deviations.target} (expires ${dev.expires}): ${dev.reason}`;
      } else {
        unusedDeviations.push(g.id);
        notes.push(`listed as a known deviation on ${input.deviations.target} but ${observed}: the entry can go`);
      }
    }

    const result: GuaranteeResult = {
      id: g.id,
      family: g.family,
      level: g.level,
      provenance: g.provenance,
      statement: g.statement,
      doc: g.doc,
      profiles: [...g.profiles],
      universal: g.universal,
      verdict,
      observed,
      reason,
      evidence,
      notes: unique(notes).slice(0, 10),
      tests,
      failures,
      moreFailures: Math.max(0, failing.length - failures.length),
      universalCoverage: cov,
      deviation,
      trend: null,
    };
    return result;
  });
  return { results, unusedDeviations };
}

export function countVerdicts(results: readonly Pick<GuaranteeResult, 'verdict'>[]): Counts {
  const c = { passed: 0, failed: 0, flaky: 0, error: 0, inconclusive: 0, notExercised: 0, knownDeviation: 0 };
  for (const r of results) {
    if (r.verdict === 'passed') c.passed++;
    else if (r.verdict === 'failed') c.failed++;
    else if (r.verdict === 'flaky') c.flaky++;
    else if (r.verdict === 'error') c.error++;
    else if (r.verdict === 'inconclusive') c.inconclusive++;
    else if (r.verdict === 'not-exercised') c.notExercised++;
    else c.knownDeviation++;
  }
  return c;
}

/** `passed on 37 exchanges, 3 tests` (the words every renderer shows beside a verdict). */
export function evidenceText(g: Pick<GuaranteeResult, 'observed' | 'evidence'>): string {
  const e = g.evidence;
  if (g.observed === 'not-exercised') return 'no evidence';
  const verb = g.observed === 'inconclusive' ? 'inconclusive' : g.observed === 'error' ? 'in error' : g.observed;
  return `${verb} on ${e.exchanges} exchange${e.exchanges === 1 ? '' : 's'}, ${e.tests} test${e.tests === 1 ? '' : 's'}`;
}

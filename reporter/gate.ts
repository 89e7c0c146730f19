// The gate: the exit code of `npm run conformance` from a finished report.
//
//   2  configuration error: a malformed setting (ConfigError) or known-deviations file, reported
//      by the run (the runner also checks both before starting Playwright).
//   1  always, gate or not: zero guarantees exercised ("0 exercised is never a pass"); an expired
//      known deviation for the target; errors of the run itself (a spec that failed to load, a
//      crashed global set-up); any guarantee in `error` (a check or test of the harness crashed
//      while judging it: the run proves nothing about it).
//   --gate: also 1 when any guarantee is inconclusive (the target could not be looked at: a release
//      does not ship on a night that could not look). Unlike a failure, which for a provisional
//      guarantee may be the contract's gap, an outage says nothing about the contract, so the rule
//      holds for every provenance (documented and observed ones included).
//   --gate: 1 when any documented (or observed) MUST guarantee is failed, flaky or not exercised (a
//      known deviation is accepted); observed provenance counts as documented — a regression of
//      what the server was seen doing blocks a release — unless observedAsProvisional; provisional failures and flakes are listed as contract gaps to
//      confirm and do not fail; with --strict every failed or flaky guarantee fails the gate.
//   no --gate (plain `npm run conformance`): 1 when any guarantee failed or flaked, whatever its
//      provenance (against the bundled mock every failure is real); not exercised does not fail.
//   0  otherwise.

import type { ConformanceReport, GuaranteeResult } from './types';

export interface GateOptions {
  readonly gate: boolean;
  readonly strict: boolean;
  /** Treat `observed` provenance like `provisional` (default: like `documented`). */
  readonly observedAsProvisional?: boolean;
}

export interface GateItem {
  readonly id: string;
  readonly verdict: string;
  readonly detail: string;
}

export interface GateResult {
  readonly exitCode: 0 | 1 | 2;
  /** One line per reason the run failed (empty on success). */
  readonly reasons: string[];
  /** Documented MUST guarantees that fail the gate (with --gate). */
  readonly blocking: GateItem[];
  /** Provisional (or SHOULD) guarantees that failed or flaked: contract gaps to confirm. */
  readonly gaps: GateItem[];
  readonly expired: string[];
}

function detailOf(g: GuaranteeResult): string {
  if (g.observed === 'not-exercised' || g.observed === 'inconclusive' || g.observed === 'error') return g.reason ?? g.observed;
  const msg = g.failures[0]?.messages[0];
  return msg ? msg.split('\n')[0]!.slice(0, 240) : g.verdict;
}

/** `A, B, C and 9 more` */
function idList(items: readonly GateItem[], max = 12): string {
  const shown = items.slice(0, max).map((b) => `${b.id} ${b.verdict}`);
  return shown.join(', ') + (items.length > max ? ` and ${items.length - max} more` : '');
}

function item(g: GuaranteeResult): GateItem {
  return { id: g.id, verdict: g.verdict, detail: detailOf(g) };
}

/** A MUST guarantee the gate blocks on: documented, or observed unless `observedAsProvisional`. */
export function isDocumentedMust(g: Pick<GuaranteeResult, 'level' | 'provenance'>, observedAsProvisional = false): boolean {
  return g.level === 'MUST' && (g.provenance === 'documented' || (g.provenance === 'observed' && !observedAsProvisional));
}

export function evaluateGate(report: ConformanceReport, opts: GateOptions): GateResult {
  const reasons: string[] = [];
  const configErrors = report.errors.filter((e) => e.kind === 'config');
  const runErrors = report.errors.filter((e) => e.kind === 'run');
  const failing = report.guarantees.filter((g) => g.verdict === 'failed' || g.verdict === 'flaky');
  const blocking = opts.gate
    ? report.guarantees
        .filter(
          (g) =>
            isDocumentedMust(g, opts.observedAsProvisional) &&
            (g.verdict === 'failed' || g.verdict === 'flaky' || g.verdict === 'not-exercised' || g.verdict === 'inconclusive'),
        )
        .map(item)
    : [];
  const harnessErrors = report.guarantees.filter((g) => g.verdict === 'error').map(item);
  const inconclusive = opts.gate
    ? report.guarantees.filter((g) => g.verdict === 'inconclusive' && !isDocumentedMust(g, opts.observedAsProvisional)).map(item)
    : [];
  const gaps = failing.filter((g) => !isDocumentedMust(g, opts.observedAsProvisional)).map(item);
  const expired = report.deviations.expired.map((d) => `${d.guarantee} (expired ${d.expires}: ${d.reason})`);

  if (configErrors.length > 0) {
    return { exitCode: 2, reasons: configErrors.map((e) => `configuration error: ${e.message.split('\n')[0]}`), blocking, gaps, expired };
  }
  if (report.totals.exercised === 0)
    reasons.push(
      `no guarantee was exercised (${report.totals.tests.total} test(s) ran, ${report.totals.tests.skipped} skipped): an empty run is never a pass`,
    );
  if (expired.length) reasons.push(`expired known deviation(s) for ${report.deviations.target}: ${expired.join('; ')}`);
  if (runErrors.length)
    reasons.push(`the run reported ${runErrors.length} error(s): ${runErrors.map((e) => e.message.split('\n')[0]).join(' | ')}`);
  if (harnessErrors.length)
    reasons.push(`${harnessErrors.length} guarantee(s) in error (the harness crashed while judging them): ${idList(harnessErrors)}`);
  if (opts.gate) {
    if (blocking.length) reasons.push(`${blocking.length} documented MUST guarantee(s) not passed: ${idList(blocking)}`);
    if (inconclusive.length)
      reasons.push(`${inconclusive.length} guarantee(s) inconclusive (the target could not be looked at): ${idList(inconclusive)}`);
    if (opts.strict && gaps.length)
      reasons.push(`--strict: ${gaps.length} provisional/SHOULD guarantee(s) failed or flaky: ${idList(gaps)}`);
  } else if (failing.length) {
    reasons.push(`${failing.length} guarantee(s) failed or flaky: ${idList(failing.map(item))}`);
  }
  return { exitCode: reasons.length ? 1 : 0, reasons, blocking, gaps, expired };
}

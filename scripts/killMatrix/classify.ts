// Judging one fault against the clean baseline: pure functions over the two runs' conformance
// reports, so the rules can be driven with synthetic reports (tests/kill-matrix/classify.spec.ts).
//
// A fault is killed only when its guarantee's observed verdict is `failed` through a violation
// with the fault on AND `passed` on the baseline. A guarantee that did not pass on the baseline
// cannot be killed (baseline-failing); flaky, inconclusive and error verdicts are never kills; a
// child run that crashed, exited 2, wrote no report or reported run errors is an error.
import type { FaultSpec } from '../../mock/faults/switch';
import type { ConformanceReport } from '../../reporter/types';
import type { FaultOutcome, FaultResult } from './types';

/** What a child run left: its exit code (null after a signal), the signal, its report (null when none). */
export interface ChildRun {
  exitCode: number | null;
  signal: string | null;
  report: ConformanceReport | null;
  /** The end of its stderr, for the note of an error. */
  stderrTail: string;
}

/** Why a child run cannot be judged, or null. Exit 0 and 1 are verdicts (1: something failed); anything else is not. */
export function childRunProblem(run: ChildRun): string | null {
  const tail = run.stderrTail.trim() ? `: ${run.stderrTail.trim().split('\n').slice(-3).join(' | ')}` : '';
  if (run.exitCode === null) return run.signal ? `the run was killed by ${run.signal}${tail}` : `the run did not start${tail}`;
  if (run.exitCode === 2) return `the run ended with a configuration or harness error (exit 2)${tail}`;
  if (run.exitCode !== 0 && run.exitCode !== 1) return `the run crashed (exit ${run.exitCode})${tail}`;
  if (!run.report) return `the run wrote no report (exit ${run.exitCode})${tail}`;
  const err = run.report.errors[0];
  if (err) return `the run reported ${run.report.errors.length} ${err.kind} error(s): ${err.message.split('\n')[0]}`;
  return null;
}

/** One guarantee's observed verdict in one run, and whether a failure came from a violation of it. */
export interface Judgement {
  verdict: string;
  /** For `failed`: a violation finding of this guarantee stands behind it (not only a timeout or crash). */
  violation: boolean;
  reason: string | null;
}

export type RunJudgement = { problem: string } | { problem: null; judgements: ReadonlyMap<string, Judgement>; rootCauses: number };

/** Verdicts that mean the guarantee did not hold cleanly on a run. */
const FAILING = new Set(['failed', 'flaky', 'error', 'inconclusive']);

/**
 * Per guarantee: the observed verdict and, for a failure, whether a violation stands behind it. A
 * report whose root causes are typed (`kind`) must list the guarantee under a `violation` cause; a
 * report without typed causes has no other failure than a violation-or-unattributed `failed`, which
 * is taken as it stands.
 */
export function judgementsOf(report: ConformanceReport): Map<string, Judgement> {
  const causes = report.rootCauses as readonly { kind?: string; guarantees: readonly string[] }[];
  const typed = causes.some((c) => typeof c.kind === 'string');
  const violated = new Set(causes.filter((c) => c.kind === 'violation').flatMap((c) => c.guarantees));
  const out = new Map<string, Judgement>();
  for (const g of report.guarantees) {
    const verdict: string = g.observed;
    out.set(g.id, { verdict, violation: verdict === 'failed' && (!typed || violated.has(g.id)), reason: g.reason });
  }
  return out;
}

/** What a child run's outcome says, ready for classifyFault. */
export function judgeRun(run: ChildRun): RunJudgement {
  const problem = childRunProblem(run);
  if (problem !== null || !run.report) return { problem: problem ?? 'no report' };
  return { problem: null, judgements: judgementsOf(run.report), rootCauses: run.report.rootCauses.length };
}

/** What the classifier decides of one fault: the judged part of its FaultResult. */
export type Classification = Pick<
  FaultResult,
  'outcome' | 'verdict' | 'baselineVerdict' | 'failed' | 'flaky' | 'collateral' | 'rootCauses' | 'note'
>;

/** Guarantees that do not hold cleanly on the baseline (failed, flaky, error, inconclusive). */
export function failingOn(run: RunJudgement): string[] {
  if (run.problem !== null) return [];
  return [...run.judgements]
    .filter(([, j]) => FAILING.has(j.verdict))
    .map(([id]) => id)
    .sort();
}

/** Newly failed or flaky guarantees the fault does not account for. */
export function collateralOf(fault: FaultSpec, broken: readonly string[]): string[] {
  const allowed = new Set([fault.guarantee, ...(fault.alsoBreaks ?? [])]);
  return broken.filter((g) => !allowed.has(g));
}

function result(outcome: FaultOutcome, note: string | null, rest: Omit<Classification, 'outcome' | 'note'>): Classification {
  return { outcome, note, ...rest };
}

export function classifyFault(fault: FaultSpec, run: RunJudgement, baseline: RunJudgement): Classification {
  const none = { verdict: null, baselineVerdict: null, failed: [], flaky: [], collateral: [], rootCauses: 0 };
  if (baseline.problem !== null) return result('error', `the baseline cannot be used: ${baseline.problem}`, none);
  const baselineVerdict = baseline.judgements.get(fault.guarantee)?.verdict ?? null;
  if (run.problem !== null) return result('error', run.problem, { ...none, baselineVerdict });
  const before = new Set(failingOn(baseline));
  const newly = (verdict: string) =>
    [...run.judgements]
      .filter(([id, j]) => j.verdict === verdict && (verdict !== 'failed' || j.violation) && !before.has(id))
      .map(([id]) => id)
      .sort();
  const failed = newly('failed');
  const flaky = newly('flaky');
  const own = run.judgements.get(fault.guarantee) ?? null;
  const rest = {
    verdict: own?.verdict ?? null,
    baselineVerdict,
    failed,
    flaky,
    collateral: collateralOf(fault, [...failed, ...flaky]),
    rootCauses: run.rootCauses,
  };
  if (baselineVerdict !== 'passed')
    return result(
      'baseline-failing',
      `${fault.guarantee} was ${baselineVerdict ?? 'absent'} on the baseline, without the fault: no kill can be shown`,
      rest,
    );
  switch (own?.verdict) {
    case 'failed':
      if (!own.violation)
        return result('error', `${fault.guarantee} failed with no violation of it (a timeout or crash naming no guarantee)`, rest);
      return result(rest.collateral.length ? 'collateral' : 'killed', null, rest);
    case 'flaky':
      return result('flaky', `${fault.guarantee} was flaky with the fault: not a kill`, rest);
    case 'error':
      return result('error', `${fault.guarantee} ended in a harness error${own.reason ? `: ${own.reason}` : ''}`, rest);
    case 'inconclusive':
      return result('inconclusive', `${fault.guarantee} was inconclusive${own.reason ? `: ${own.reason}` : ''}`, rest);
    default:
      return result(
        failed.length || flaky.length ? 'misattributed' : 'survived',
        own ? null : `${fault.guarantee} is not in the run's report`,
        rest,
      );
  }
}

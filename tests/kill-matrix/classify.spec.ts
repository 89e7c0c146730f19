// The kill matrix's classification rules, on synthetic report pairs (the run with the fault, the
// clean baseline): only a violation of the fault's guarantee that passed without the fault is a
// kill. The regression scenarios of issue 19: a fault that only delays a test (its test times out,
// no guarantee sentence is broken) is not killed; a guarantee already failing without the fault is
// not killed; a child run that errors is an error.
import { test, expect } from '@playwright/test';
import type { FaultSpec } from '../../mock/faults/switch';
import type { ConformanceReport } from '../../reporter/types';
import { childRunProblem, classifyFault, judgeRun, type ChildRun } from '../../scripts/killMatrix/classify';

const fault: FaultSpec = {
  name: 'synthetic-fault',
  guarantee: 'EVT-01',
  family: 'EVT',
  description: 'synthetic',
  stateful: false,
  alsoBreaks: ['SCHEMA-02'],
};

interface Cause {
  kind?: 'violation' | 'harness-error' | 'blocked';
  guarantees: string[];
}

/** A report with these observed verdicts (every other field left out: the classifier reads none). */
function report(verdicts: Record<string, string>, causes: Cause[] = []): ConformanceReport {
  return {
    errors: [],
    rootCauses: causes.map((c) => ({ ...c, guarantee: c.guarantees[0] })),
    guarantees: Object.entries(verdicts).map(([id, observed]) => ({
      id,
      observed,
      verdict: observed,
      reason: observed === 'passed' ? null : `synthetic ${observed}`,
    })),
  } as unknown as ConformanceReport;
}

const run = (r: ConformanceReport | null, exitCode: number | null = 1, signal: string | null = null): ChildRun => ({
  exitCode,
  signal,
  report: r,
  stderrTail: '',
});
const clean = run(report({ 'EVT-01': 'passed', 'SCHEMA-02': 'passed', 'CORR-01': 'passed' }), 0);
const classify = (withFault: ChildRun, baseline: ChildRun = clean) => classifyFault(fault, judgeRun(withFault), judgeRun(baseline));

test('killed: the guarantee fails through a violation with the fault and passed on the baseline', () => {
  const c = classify(
    run(
      report({ 'EVT-01': 'failed', 'SCHEMA-02': 'failed', 'CORR-01': 'passed' }, [
        { kind: 'violation', guarantees: ['EVT-01', 'SCHEMA-02'] },
      ]),
    ),
  );
  expect(c.outcome).toBe('killed');
  expect(c.failed).toEqual(['EVT-01', 'SCHEMA-02']);
  expect(c.collateral).toEqual([]);
  expect(c).toMatchObject({ verdict: 'failed', baselineVerdict: 'passed', rootCauses: 1 });
});

test('a report without typed root causes: a failed verdict counts as it stands', () => {
  expect(
    classify(run(report({ 'EVT-01': 'failed', 'SCHEMA-02': 'passed', 'CORR-01': 'passed' }, [{ guarantees: ['EVT-01'] }]))).outcome,
  ).toBe('killed');
});

test('a fault that only delays a test is not killed: a timeout is a harness error, not a violation', () => {
  // The reporter gives the timed-out test's guarantees `error` …
  const asError = classify(
    run(report({ 'EVT-01': 'error', 'SCHEMA-02': 'passed', 'CORR-01': 'passed' }, [{ kind: 'harness-error', guarantees: ['EVT-01'] }])),
  );
  expect(asError.outcome).toBe('error');
  expect(asError.failed).toEqual([]);
  // … and a `failed` verdict whose only cause is a harness error (the timeout named no guarantee) is no kill either.
  const failedByTimeout = classify(
    run(report({ 'EVT-01': 'failed', 'SCHEMA-02': 'passed', 'CORR-01': 'passed' }, [{ kind: 'harness-error', guarantees: ['EVT-01'] }])),
  );
  expect(failedByTimeout.outcome).toBe('error');
  expect(failedByTimeout.note).toContain('no violation');
  expect(failedByTimeout.failed).toEqual([]);
});

test('a guarantee already failing without the fault is not killed (baseline-failing), nor collateral elsewhere', () => {
  const broken = run(
    report({ 'EVT-01': 'failed', 'SCHEMA-02': 'passed', 'CORR-01': 'failed' }, [{ kind: 'violation', guarantees: ['EVT-01', 'CORR-01'] }]),
  );
  const withFault = run(
    report({ 'EVT-01': 'failed', 'SCHEMA-02': 'passed', 'CORR-01': 'failed' }, [{ kind: 'violation', guarantees: ['EVT-01', 'CORR-01'] }]),
  );
  const c = classify(withFault, broken);
  expect(c.outcome).toBe('baseline-failing');
  expect(c.baselineVerdict).toBe('failed');
  expect(c.failed, 'failures the baseline shows too are not the fault’s').toEqual([]);
  expect(c.collateral).toEqual([]);
});

test('a guarantee flaky or not exercised on the baseline cannot be killed', () => {
  const killing = run(
    report({ 'EVT-01': 'failed', 'SCHEMA-02': 'passed', 'CORR-01': 'passed' }, [{ kind: 'violation', guarantees: ['EVT-01'] }]),
  );
  for (const verdict of ['flaky', 'not-exercised', 'error', 'inconclusive']) {
    const c = classify(killing, run(report({ 'EVT-01': verdict, 'SCHEMA-02': 'passed', 'CORR-01': 'passed' }), 1));
    expect(c.outcome, `baseline ${verdict}`).toBe('baseline-failing');
    expect(c.baselineVerdict).toBe(verdict);
  }
});

test('flaky and inconclusive with the fault are reported as such, never as kills', () => {
  expect(classify(run(report({ 'EVT-01': 'flaky', 'SCHEMA-02': 'passed', 'CORR-01': 'passed' }))).outcome).toBe('flaky');
  expect(classify(run(report({ 'EVT-01': 'inconclusive', 'SCHEMA-02': 'passed', 'CORR-01': 'passed' }))).outcome).toBe('inconclusive');
});

test('collateral: a guarantee outside the fault’s own and alsoBreaks newly fails; misattributed and survived', () => {
  const collateral = classify(
    run(
      report({ 'EVT-01': 'failed', 'SCHEMA-02': 'passed', 'CORR-01': 'failed' }, [
        { kind: 'violation', guarantees: ['EVT-01', 'CORR-01'] },
      ]),
    ),
  );
  expect(collateral.outcome).toBe('collateral');
  expect(collateral.collateral).toEqual(['CORR-01']);
  const misattributed = classify(
    run(report({ 'EVT-01': 'passed', 'SCHEMA-02': 'passed', 'CORR-01': 'failed' }, [{ kind: 'violation', guarantees: ['CORR-01'] }])),
  );
  expect(misattributed.outcome).toBe('misattributed');
  expect(classify(run(report({ 'EVT-01': 'passed', 'SCHEMA-02': 'passed', 'CORR-01': 'passed' }), 0)).outcome).toBe('survived');
});

test('a child run that errors is an error for that fault: exit 2, a signal, no report, run errors', () => {
  const failing = report({ 'EVT-01': 'failed', 'SCHEMA-02': 'passed', 'CORR-01': 'passed' }, [
    { kind: 'violation', guarantees: ['EVT-01'] },
  ]);
  expect(classify(run(failing, 2)).outcome, 'exit 2 with a report').toBe('error');
  expect(classify(run(failing, null, 'SIGKILL')).outcome, 'killed by a signal').toBe('error');
  expect(classify(run(null, 1)).outcome, 'no report').toBe('error');
  expect(classify(run(failing, 134)).outcome, 'a crash').toBe('error');
  const withRunError = { ...failing, errors: [{ kind: 'run', message: 'specs/x.spec.ts failed to load' }] } as ConformanceReport;
  expect(classify(run(withRunError, 1)).outcome, 'a run error').toBe('error');
  expect(childRunProblem(run(failing, 2))).toContain('exit 2');
  expect(childRunProblem(run(failing, 1))).toBeNull();
  expect(childRunProblem(run(failing, 0))).toBeNull();
});

test('a baseline that errors makes every fault an error', () => {
  const c = classify(run(report({ 'EVT-01': 'failed' }, [{ kind: 'violation', guarantees: ['EVT-01'] }])), run(null, 2));
  expect(c.outcome).toBe('error');
  expect(c.note).toContain('baseline');
});

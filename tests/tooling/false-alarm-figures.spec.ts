// What counts as a false alarm on a conforming target: any verdict but passed — a guarantee the
// harness crashed on (error) or could not judge for an outage (inconclusive) included.
import { expect, test } from '@playwright/test';
import type { RunOutcome } from '../../scripts/falseAlarms/execute';
import { judgeRun } from '../../scripts/falseAlarms/figures';

function outcome(verdicts: Record<string, string>): RunOutcome {
  const guarantees = Object.entries(verdicts).map(([id, verdict]) => ({
    id,
    verdict,
    observed: verdict,
    level: 'MUST',
    provenance: 'documented',
    reason: `${verdict} for a reason`,
  }));
  const report = {
    guarantees,
    totals: {
      passed: guarantees.filter((g) => g.verdict === 'passed').length,
      guarantees: guarantees.length,
      tests: { total: 3, failed: 0, transient: 0, interrupted: 0 },
    },
  };
  return {
    run: { name: 'clean', shards: 1, workers: 1 },
    wallMs: 1000,
    gateExit: 0,
    report,
    keys: null,
    addedLatencyMs: 0,
    dir: '/tmp',
    blobRoot: '/tmp',
  } as unknown as RunOutcome;
}

test('every guarantee passed: no false alarm', () => {
  expect(judgeRun(outcome({ 'EVT-01': 'passed', 'CORR-01': 'passed' }), null).falseAlarms).toEqual([]);
});

test('a guarantee in error or inconclusive is a false alarm, named with its verdict', () => {
  const v = judgeRun(outcome({ 'EVT-01': 'passed', 'RUN-02': 'inconclusive', 'CORR-03': 'error' }), null);
  expect(v.falseAlarms).toEqual(['2 in error or inconclusive (RUN-02 inconclusive CORR-03 error)']);
  expect(v.lines.join('\n')).toContain('inconclusive RUN-02: inconclusive for a reason');
});

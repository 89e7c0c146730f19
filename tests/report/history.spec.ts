// The history filter (reporter/trend.ts comparableRuns): only runs of the same target, full scope
// and no mock faults feed the trend; reports older than the mockFaults field count as clean only
// for external targets.
import { test, expect } from '@playwright/test';
import { comparableRuns, exclusionOf, type HistoryRun } from '../../reporter/trend';

const target = { name: 'mock', kind: 'bundled-mock' };
function run(id: string, over: Partial<HistoryRun> = {}): HistoryRun {
  return {
    runId: id,
    finishedAt: `2026-01-01T00:00:0${id.length}Z`,
    target: 'mock',
    targetKind: 'bundled-mock',
    partial: false,
    mockFaults: [],
    verdicts: new Map(),
    ...over,
  };
}

test('each reason to leave an earlier run out', () => {
  expect(exclusionOf(run('a'), target)).toBeNull();
  expect(exclusionOf(run('a', { target: 'staging' }), target)).toBe('other target');
  expect(exclusionOf(run('a', { targetKind: 'external' }), target)).toBe('other target');
  expect(exclusionOf(run('a', { partial: true }), target)).toBe('partial scope');
  expect(exclusionOf(run('a', { mockFaults: ['create-status-200'] }), target)).toBe('mock faults on');
  // A bundled-mock report without the field may be a kill-matrix run; an external one cannot have mock faults.
  expect(exclusionOf(run('a', { mockFaults: null }), target)).toBe('mock faults on');
  expect(
    exclusionOf(run('a', { mockFaults: null, target: 'staging', targetKind: 'external' }), { name: 'staging', kind: 'external' }),
  ).toBeNull();
});

test('comparableRuns keeps order, counts what it left out, and caps the history', () => {
  const runs = [
    run('a'),
    run('bb', { target: 'staging' }),
    run('ccc', { partial: true }),
    run('dddd', { mockFaults: ['x'] }),
    run('eeeee'),
  ];
  const out = comparableRuns(runs, target);
  expect(out.runs.map((r) => r.runId)).toEqual(['a', 'eeeee']);
  expect(out.excluded).toEqual({ 'other target': 1, 'partial scope': 1, 'mock faults on': 1 });
  const many = Array.from({ length: 40 }, (_, i) => run(`r${i}`));
  expect(comparableRuns(many, target).runs.map((r) => r.runId)).toEqual(many.slice(-30).map((r) => r.runId));
});

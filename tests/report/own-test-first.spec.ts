// A guarantee failed by many tests keeps its own (declaring) test's failure first, inside the cap.
import { test, expect } from '@playwright/test';
import { MAX_FAILURES_PER_GUARANTEE } from '../../reporter/verdicts';
import { attempt, byId, report, testCase } from './helpers';

test("the guarantee's own test's failure comes first, however many other tests name it", () => {
  const others = Array.from({ length: MAX_FAILURES_PER_GUARANTEE + 3 }, (_, i) =>
    testCase(['EVT-04'], [attempt('failed', { errors: ['[CORR-01] no correlation id echoed'] })], `EVT-04: other ${i}`),
  );
  const own = testCase(['CORR-01'], [attempt('failed', { errors: ['[CORR-01] the echo is missing'] })], 'CORR-01: echo');
  const g = byId(report([...others, own]), 'CORR-01');
  expect(g.failures[0]!.testTitle).toBe('CORR-01: echo');
  expect(g.moreFailures).toBe(others.length + 1 - MAX_FAILURES_PER_GUARANTEE);
});

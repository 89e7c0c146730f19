// junit.xml times: each guarantee's case takes the durations of the tests behind it; skipped ones add nothing.
import { test, expect } from '@playwright/test';
import { renderJunit } from '../../reporter/junit';
import { attempt, report, testCase } from './helpers';

test('junit time per guarantee is the summed duration of its tests', () => {
  const r = report([
    testCase(['EVT-01'], [attempt('failed', { errors: ['[EVT-01] x'] }), attempt('failed', { errors: ['[EVT-01] x'] })]),
    testCase(['EVT-01', 'EVT-02'], [attempt('passed')]),
    testCase(['AUTH-02'], [attempt('skipped', { annotations: [{ type: 'skip', description: 'no key' }], records: [] })]),
  ]);
  const xml = renderJunit(r);
  const time = (id: string) => new RegExp(`name="${id}: [^"]*" time="([\\d.]+)"`).exec(xml)?.[1];
  expect(time('EVT-01')).toBe('0.030'); // 2 attempts of 10 ms, then 10 ms
  expect(time('EVT-02')).toBe('0.010');
  expect(time('AUTH-02')).toBe('0.000');
  expect(xml).toMatch(/<testsuite name="EVT [^"]*" [^>]*time="0\.040"/);
});

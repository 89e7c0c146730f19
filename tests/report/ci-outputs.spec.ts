// The CI outputs every tool of the harness shares (reporter/ci/): annotations capped per level with
// a counted "N more" line, SARIF valid against the official 2.1.0 schema, and the step summary.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { annotationLines, ANNOTATIONS_PER_LEVEL } from '../../reporter/ci/annotations';
import type { CiFinding } from '../../reporter/ci/findings';
import { sarifLog } from '../../reporter/ci/sarif';
import { writeStepSummary } from '../../reporter/ci/stepSummary';
import { sarifValidator } from '../sarifSchema';

function finding(i: number, level: CiFinding['level'], weight = 0): CiFinding {
  return {
    rule: `rule-${i % 3}`,
    level,
    title: `finding ${i}`,
    message: `what is wrong, number ${i}: a, b`,
    location: { file: 'contracts/partner-api.yaml', line: 10 + i, column: 3 },
    weight,
  };
}

test('annotations: at most 10 per level, the most severe first, then one line counting the rest', () => {
  const findings = [
    ...Array.from({ length: 14 }, (_, i) => finding(i, 'error', i)),
    ...Array.from({ length: 3 }, (_, i) => finding(i, 'warning')),
  ];
  const { lines, omitted } = annotationLines(findings);
  const errors = lines.filter((l) => l.startsWith('::error '));
  expect(errors).toHaveLength(ANNOTATIONS_PER_LEVEL);
  expect(errors[0]).toContain('title=finding 13');
  expect(errors.at(-1)).toBe('::error title=5 more::5 more errors: see the step summary');
  expect(omitted).toEqual({ error: 5 });
  expect(lines.filter((l) => l.startsWith('::warning '))).toHaveLength(3);
  expect(lines[0]).toContain('file=contracts/partner-api.yaml,line=23,col=3');
  // Property separators and newlines are escaped, so a message cannot end the command early.
  expect(annotationLines([{ ...finding(1, 'notice'), title: 'a:b,c', message: 'x\ny' }]).lines[0]).toBe(
    '::notice file=contracts/partner-api.yaml,line=11,col=3,title=a%3Ab%2Cc::x%0Ay',
  );
});

test('SARIF: valid against the 2.1.0 schema, one rule per rule ID, results on their lines', () => {
  const validate = sarifValidator();
  const log = sarifLog({ name: 'meshi-conformance', version: '0.1.0' }, [
    finding(1, 'error'),
    finding(2, 'notice'),
    { ...finding(3, 'warning'), location: null },
  ]);
  expect(validate(log)).toEqual([]);
  const run = (
    log.runs as { tool: { driver: { rules: { id: string }[] } }; results: { ruleIndex: number; ruleId: string; level: string }[] }[]
  )[0]!;
  expect(run.tool.driver.rules.map((r) => r.id)).toEqual(['rule-0', 'rule-1', 'rule-2']);
  expect(run.results.map((r) => r.level)).toEqual(['error', 'note', 'warning']);
  for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
  // The validator is not a rubber stamp.
  expect(validate({ version: '2.1.0', runs: [{ tool: {} }] }).length).toBeGreaterThan(0);
});

test('step summary: appended when GITHUB_STEP_SUMMARY is set, nothing otherwise', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'summary-')), 'summary.md');
  expect(writeStepSummary('# one', {})).toBeNull();
  expect(writeStepSummary('# one', { GITHUB_STEP_SUMMARY: file })).toBe(file);
  writeStepSummary('two\n', { GITHUB_STEP_SUMMARY: file });
  expect(readFileSync(file, 'utf8')).toBe('# one\ntwo\n');
});

// What each conformance run writes for CI (scripts/conformance.ts, scripts/merge-conformance.ts):
// conformance.sarif beside the report, summary.md into the step summary, and — inside GitHub
// Actions — the findings as workflow annotations (capped per level, the rest counted), unless
// CONFORMANCE_ANNOTATIONS=off: GitHub's cap is per step, so a caller that prints its own (the
// release decision, whose findings include the run's) switches the run's off.

import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderMarkdown } from '../markdown';
import type { ConformanceReport } from '../types';
import { annotationLines } from './annotations';
import { conformanceFindings } from './conformanceFindings';
import { contractLocator } from './contractLines';
import { sarifLog } from './sarif';
import { writeStepSummary } from './stepSummary';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SARIF_FILE = 'conformance.sarif';

export const CONFORMANCE_RULES: Record<string, string> = {
  'guarantee-failed': 'A guarantee failed against the target',
  'guarantee-flaky': 'A guarantee failed, then passed on a retry',
  'guarantee-error': 'The harness crashed judging a guarantee',
  'guarantee-inconclusive': 'The run could not look at a guarantee (transient answers)',
  'guarantee-not-exercised': 'A documented MUST guarantee was not exercised',
};

function version(): string {
  return String((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0');
}

export function conformanceSarif(report: ConformanceReport): Record<string, unknown> {
  return sarifLog(
    { name: 'meshi-conformance', version: version(), rules: CONFORMANCE_RULES },
    conformanceFindings(report, contractLocator(ROOT)),
  );
}

/** Writes the SARIF file and the step summary; returns the annotation lines to print (none outside GitHub Actions). */
export function publishRun(
  report: ConformanceReport,
  reportDir: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): { sarif: string; annotations: string[] } {
  const sarif = join(reportDir, SARIF_FILE);
  writeFileSync(sarif, `${JSON.stringify(conformanceSarif(report), null, 2)}\n`);
  writeStepSummary(renderMarkdown(report), env);
  const annotations =
    env.GITHUB_ACTIONS === 'true' && env.CONFORMANCE_ANNOTATIONS !== 'off'
      ? annotationLines(conformanceFindings(report, contractLocator(ROOT)), { seeAlso: 'the step summary' }).lines
      : [];
  return { sarif, annotations };
}

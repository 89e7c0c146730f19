// Writes the decision where people look: release-decision.json and .md in the output folder,
// release.sarif (code scanning shows each result on its contract line), the step summary
// ($GITHUB_STEP_SUMMARY) and, inside GitHub Actions, the workflow annotations (capped per level).

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { annotationLines } from '../../reporter/ci/annotations';
import { sarifLog } from '../../reporter/ci/sarif';
import { writeStepSummary } from '../../reporter/ci/stepSummary';
import { decisionFindings, renderMarkdown, RULE_DESCRIPTIONS } from './render';
import type { Decision } from './types';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export const DECISION_FILES = { json: 'release-decision.json', markdown: 'release-decision.md', sarif: 'release.sarif' } as const;

export function toolVersion(): string {
  return String((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0');
}

export function decisionSarif(d: Decision): Record<string, unknown> {
  return sarifLog({ name: 'meshi-conformance release', version: toolVersion(), rules: RULE_DESCRIPTIONS }, decisionFindings(d));
}

export interface Published {
  readonly files: { readonly json: string; readonly markdown: string; readonly sarif: string };
  readonly stepSummary: string | null;
  readonly annotations: readonly string[];
}

export function publishDecision(d: Decision, outDir: string, env: Readonly<Record<string, string | undefined>> = process.env): Published {
  mkdirSync(outDir, { recursive: true });
  const files = {
    json: join(outDir, DECISION_FILES.json),
    markdown: join(outDir, DECISION_FILES.markdown),
    sarif: join(outDir, DECISION_FILES.sarif),
  };
  const markdown = renderMarkdown(d);
  writeFileSync(files.json, `${JSON.stringify(d, null, 2)}\n`);
  writeFileSync(files.markdown, markdown);
  writeFileSync(files.sarif, `${JSON.stringify(decisionSarif(d), null, 2)}\n`);
  const annotations =
    env.GITHUB_ACTIONS === 'true'
      ? annotationLines(decisionFindings(d), { seeAlso: `the step summary (${DECISION_FILES.markdown})` }).lines
      : [];
  return { files, stepSummary: writeStepSummary(markdown, env), annotations };
}

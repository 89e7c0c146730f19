// Reproduction from a finished report: the run's context for replay commands, curl lines over
// `$MESHI_BASE_URL`, and the request bodies too long to inline, written next to the report as
// `bodies/<hash>.json` (the curl lines reference them; paths are relative to the report folder).

import { createHash } from 'node:crypto';
import { Redactor } from '../harness/http/redact';
import { curlLine, isTruncated, MAX_INLINE_BODY, replayCommand, type RunContext } from '../harness/http/reproduce';
import type { ConformanceReport, FullRecord } from './types';

export const BODIES_DIR = 'bodies';

export function runContext(report: ConformanceReport): RunContext {
  const run = report.run;
  return { target: run.target.kind, targetUrl: run.target.url, mockFaults: run.mockFaults ?? [], seed: run.seed, namespace: run.namespace };
}

/** `bodies/<hash>.json`: the file a long request body is written to. */
export function bodyPath(body: string): string {
  return `${BODIES_DIR}/${createHash('sha256').update(body).digest('hex').slice(0, 16)}.json`;
}

/** Records are already redacted: keys are `$MESHI_…` placeholders, which the builder keeps. */
const PLAIN = new Redactor();

export function recordCurl(rec: FullRecord): string {
  return curlLine(PLAIN, rec.method, rec.url, rec.request.headers, rec.request.body, { baseVariable: true, bodyFile: bodyPath });
}

/** The replay line of a failing test: its own (property failures) or one built from the run. */
export function testReplay(report: ConformanceReport, t: { file: string; title: string; replay?: string | null }): string {
  if (t.replay) return t.replay;
  // `-g` matches the test's own title; the report's titles carry the describe blocks before ` › `.
  const title = t.title.split(' › ').pop() ?? t.title;
  return replayCommand(runContext(report), { file: t.file, title });
}

function allRecords(report: ConformanceReport): FullRecord[] {
  return [
    ...report.rootCauses.flatMap((c) => (c.example ? [c.example] : [])),
    ...report.guarantees.flatMap((g) => g.failures.flatMap((f) => f.records)),
  ];
}

/** The bodies the curl lines reference: path → content. */
export function bodyFiles(report: ConformanceReport): Map<string, string> {
  const out = new Map<string, string>();
  for (const rec of allRecords(report)) {
    const body = rec.request.body;
    if (body !== null && body.length > MAX_INLINE_BODY && !isTruncated(body)) out.set(bodyPath(body), body);
  }
  return out;
}

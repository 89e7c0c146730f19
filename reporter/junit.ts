// Render JUnit: junit.xml with one <testsuite> per family and one <testcase> per guarantee
// (classname = family, name = "ID: statement"). failed → <failure type="failed">; flaky →
// <failure type="flaky"> (the gate wants a pass without flaking); not exercised → <skipped> with
// the reason; known deviation → <skipped message="known deviation: …">. A case's time is the
// summed duration of the tests behind it (a test proving two guarantees counts for both). Level, provenance and the
// tests behind each verdict are <properties>. A last suite `run` has one case that fails when the
// run exercised no guarantee or reported errors.

import { recordCurl, testReplay } from './reproduction';
import type { ConformanceReport, GuaranteeResult } from './types';

/** XML 1.0 text: escapes markup and drops characters XML cannot carry. */
export function xmlEscape(s: string): string {
  return s
    .replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/** A guarantee's time: the durations of the tests that ran for it (skipped ones took none). */
export function guaranteeMs(g: GuaranteeResult): number {
  return g.tests.filter((t) => t.evidence !== 'skipped').reduce((sum, t) => sum + (t.durationMs ?? 0), 0);
}

function testcase(report: ConformanceReport, g: GuaranteeResult): string {
  const props = [
    ['level', g.level],
    ['provenance', g.provenance],
    ['verdict', g.verdict],
    ['universal', String(g.universal)],
    ...(g.doc ? [['doc', g.doc]] : []),
    ...g.tests.map((t) => ['test', `${t.evidence}: ${t.file}:${t.line} ${t.title}`]),
  ];
  const body: string[] = [
    `      <properties>${props.map(([k, v]) => `<property name="${xmlEscape(k!)}" value="${xmlEscape(v!)}"/>`).join('')}</properties>`,
  ];
  if (g.verdict === 'failed' || g.verdict === 'flaky') {
    const first = g.failures[0]?.messages[0]?.split('\n')[0] ?? g.verdict;
    const detail = g.failures
      .map((f) =>
        [
          `${f.flaky ? 'flaky' : 'failed'} in ${f.file}:${f.line} ${f.testTitle}`,
          ...f.messages,
          f.correlationIds.length ? `correlation ids: ${f.correlationIds.join(', ')}` : '',
          ...f.records.map((r) => recordCurl(r)),
          `replay: ${testReplay(report, { file: f.file, title: f.testTitle, replay: f.replay })}`,
        ]
          .filter(Boolean)
          .join('\n'),
      )
      .join('\n\n');
    body.push(
      `      <failure type="${g.verdict}" message="${xmlEscape(first.slice(0, 500))}">${xmlEscape(`${g.statement}\n\n${detail}`)}</failure>`,
    );
  } else if (g.verdict === 'error') {
    body.push(
      `      <error type="harness-error" message="${xmlEscape(`harness error: ${g.reason ?? ''}`.slice(0, 500))}">${xmlEscape(`${g.statement}\n\n${g.reason ?? ''}`)}</error>`,
    );
  } else if (g.verdict === 'not-exercised' || g.verdict === 'inconclusive') {
    body.push(
      `      <skipped message="${xmlEscape(`${g.verdict === 'inconclusive' ? 'inconclusive' : 'not exercised'}: ${g.reason ?? ''}`.slice(0, 500))}"/>`,
    );
  } else if (g.verdict === 'known-deviation') {
    body.push(
      `      <skipped message="${xmlEscape(`known deviation (observed ${g.observed}): ${g.deviation?.reason ?? ''} ${g.deviation?.link ?? ''} expires ${g.deviation?.expires ?? ''}`.slice(0, 500))}"/>`,
    );
  }
  if (g.notes.length) body.push(`      <system-out>${xmlEscape(g.notes.join('\n'))}</system-out>`);
  return `    <testcase classname="${xmlEscape(g.family)}" name="${xmlEscape(`${g.id}: ${g.statement}`)}" time="${seconds(guaranteeMs(g))}">\n${body.join('\n')}\n    </testcase>`;
}

export function renderJunit(report: ConformanceReport): string {
  const suites = report.families.map((f) => {
    const gs = report.guarantees.filter((g) => g.family === f.id);
    const failures = gs.filter((g) => g.verdict === 'failed' || g.verdict === 'flaky').length;
    const skipped = gs.filter(
      (g) => g.verdict === 'not-exercised' || g.verdict === 'inconclusive' || g.verdict === 'known-deviation',
    ).length;
    const harnessErrors = gs.filter((g) => g.verdict === 'error').length;
    return `  <testsuite name="${xmlEscape(`${f.id} ${f.name}`)}" tests="${gs.length}" failures="${failures}" errors="${harnessErrors}" skipped="${skipped}" time="${seconds(gs.reduce((sum, g) => sum + guaranteeMs(g), 0))}" timestamp="${report.run.startedAt}">\n${gs.map((g) => testcase(report, g)).join('\n')}\n  </testsuite>`;
  });
  const t = report.totals;
  // A run-level case, so a JUnit consumer never shows an empty or errored run as green.
  const runProblems = [
    ...report.errors.map((e) => `${e.kind} error: ${e.message}`),
    ...(t.exercised === 0 ? ['no guarantee was exercised: an empty run is never a pass'] : []),
  ];
  suites.push(
    `  <testsuite name="run" tests="1" failures="${runProblems.length ? 1 : 0}" errors="0" skipped="0" time="${seconds(report.run.durationMs)}" timestamp="${report.run.startedAt}">\n    <testcase classname="run" name="the run exercised guarantees without errors" time="${seconds(report.run.durationMs)}">${runProblems.length ? `\n      <failure type="run" message="${xmlEscape(runProblems[0]!.split('\n')[0]!.slice(0, 500))}">${xmlEscape(runProblems.join('\n'))}</failure>\n    ` : ''}</testcase>\n  </testsuite>`,
  );
  const errors = runProblems.length ? 1 : 0;
  const header = `<testsuites name="Meshi Partner API v0 conformance (${xmlEscape(report.run.target.name)})" tests="${t.guarantees + 1}" failures="${t.failed + t.flaky + errors}" errors="${t.error}" skipped="${t.notExercised + t.inconclusive + t.knownDeviation}" time="${seconds(report.run.durationMs)}">`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${header}\n${suites.join('\n')}\n</testsuites>\n`;
}

// The artefacts rendered from a synthetic report: JSON (schema-valid), Markdown, HTML, JUnit,
// trend from earlier reports, and redaction of keys and Authorization values everywhere.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { Redactor } from '../../harness/http/redact';
import { renderHtml } from '../../reporter/html';
import { renderJunit } from '../../reporter/junit';
import { renderMarkdown } from '../../reporter/markdown';
import { writeArtefacts } from '../../reporter/output';
import { scrubText } from '../../reporter/redaction';
import { loadHistory, trendSvg } from '../../reporter/trend';
import type { ConformanceReport } from '../../reporter/types';
import { attempt, byId, provisionalNonUniversal, record, report, schemaErrors, SECRET, testCase, xmlProblems } from './helpers';

/** A report with every verdict, a universal violation, a property failure with a replay command, and a leaked key. */
function richReport(extra: Parameters<typeof report>[1] = {}): ConformanceReport {
  const p = provisionalNonUniversal();
  const leaky = record({
    method: 'POST',
    url: 'http://127.0.0.1:9/api/v0/partner/events',
    status: 200,
    request: {
      headers: { authorization: `Bearer ${SECRET}`, 'x-correlation-id': 'ct-rich-1' },
      body: `{"event_id":"e1","note":"${SECRET}"}`,
      bodyBytes: 40,
    },
    response: {
      headers: { 'content-type': 'application/json', 'x-correlation-id': 'ct-rich-1' },
      body: '{"event_id":"e1","title":"<script>alert(1)</script>"}',
      bodyBytes: 50,
    },
    curl: `curl -sS -i -X POST 'http://127.0.0.1:9/api/v0/partner/events' -H "authorization: Bearer ${SECRET}"`,
    correlationId: { sent: 'ct-rich-1', received: 'ct-rich-1' },
  });
  return report(
    [
      testCase(
        ['EVT-01'],
        [
          attempt('failed', {
            errors: [
              `Error: [EVT-01] POST /events answers 201 (sent Bearer ${SECRET})\n\nexpect(received).toBe(expected)\nExpected: 201\nReceived: 200`,
            ],
            records: [record(), leaky],
          }),
        ],
      ),
      testCase(['EVT-02'], [attempt('failed', { errors: ['[EVT-02] duplicate accepted'] }), attempt('passed')]),
      testCase(
        ['AUTH-01'],
        [
          attempt('failed', {
            errors: ['[ERR-02] extra top-level key `status` on GET /auth → 401 (corr ct-rich-2)'],
            records: [record({ status: 401, violations: ['[ERR-02] extra top-level key `status` on GET /auth → 401 (corr ct-rich-2)'] })],
          }),
        ],
      ),
      testCase(
        ['AUTH-02'],
        [attempt('skipped', { annotations: [{ type: 'skip', description: 'not exercised: no MESHI_DISABLED_KEY' }], records: [] })],
      ),
      testCase(
        ['PAGE-01'],
        [
          attempt('failed', {
            errors: ['[PAGE-01] page 2 repeats item a7 (seed 42, path "3:1")'],
            annotations: [{ type: 'replay', description: 'npm run replay -- --seed 42 --path "3:1" --target "$MESHI_BASE_URL"' }],
          }),
        ],
      ),
      testCase([p], [attempt('passed')]),
    ],
    {
      deviations: {
        target: 'mock',
        file: 'contracts/known-deviations.yaml',
        active: [{ guarantee: 'EVT-02', reason: 'flaky on mock', link: 'https://example.test/issues/2', expires: '2999-01-01' }],
        expired: [],
      },
      ...extra,
    },
  );
}

test('the JSON report is valid against contracts/conformance-report.schema.json', () => {
  const r = richReport();
  expect(schemaErrors(r)).toEqual([]);
  expect(schemaErrors(report([]))).toEqual([]);
  // The schema is not a rubber stamp.
  expect(schemaErrors({ ...r, schemaVersion: 2 })).not.toEqual([]);
  const broken = JSON.parse(JSON.stringify(r));
  broken.guarantees[0].verdict = 'maybe';
  expect(schemaErrors(broken)).not.toEqual([]);
  const noReason = JSON.parse(JSON.stringify(r));
  noReason.guarantees.find((g: { verdict: string }) => g.verdict === 'not-exercised').reason = null;
  expect(schemaErrors(noReason)).not.toEqual([]);
});

test('the report carries verdicts, failures, records, curl, correlation ids and the replay command', () => {
  const r = richReport();
  expect(byId(r, 'EVT-01').verdict).toBe('failed');
  expect(byId(r, 'EVT-02')).toMatchObject({ verdict: 'known-deviation', observed: 'flaky' });
  expect(byId(r, 'ERR-02').verdict).toBe('failed');
  expect(byId(r, 'AUTH-01').verdict).toBe('passed');
  expect(byId(r, 'AUTH-02').verdict).toBe('not-exercised');
  const f = byId(r, 'EVT-01').failures[0]!;
  expect(f.records.some((x) => x.curl.startsWith('curl '))).toBe(true);
  expect(f.correlationIds).toContain('ct-rich-1');
  expect(byId(r, 'PAGE-01').failures[0]!.replay).toMatch(/npm run replay -- --seed 42/);
  expect(byId(r, 'ERR-02').failures[0]!.correlationIds).toContain('ct-rich-2');
});

test('redaction: no key and no Authorization value survives in any artefact', () => {
  const dir = mkdtempSync(join(tmpdir(), 'report-redact-'));
  const r = richReport();
  writeArtefacts(r, dir, new Redactor([{ value: SECRET, placeholder: '$MESHI_PARTNER_KEY' }]));
  const files = readdirSync(dir);
  expect(files.sort()).toEqual(['conformance-report.json', 'junit.xml', 'report.html', 'summary.md']);
  for (const f of files) {
    const text = readFileSync(join(dir, f), 'utf8');
    expect(text, f).not.toContain(SECRET);
    expect(text, f).not.toMatch(/Bearer (?!\$MESHI_|&lt;redacted|<redacted|\[redacted\])[A-Za-z0-9_]{8,}/);
  }
  expect(readFileSync(join(dir, 'conformance-report.json'), 'utf8')).toContain('Bearer $MESHI_PARTNER_KEY');
  // An unknown credential is scrubbed too, but prose about bearer tokens is left alone.
  const r2 = new Redactor();
  expect(scrubText(r2, 'authorization: Bearer abc_DEF_123456789')).toBe('authorization: Bearer [redacted]');
  expect(scrubText(r2, '{"x-api-key":"k3y-0123456789"}')).toBe('{"x-api-key":"[redacted]"}');
  expect(scrubText(r2, 'with a bearer token that resolves to no active key')).toBe('with a bearer token that resolves to no active key');
});

test('Markdown summary: gate verdict, blocking list, contract gaps, known deviations, matrix', () => {
  const md = renderMarkdown(richReport());
  expect(md).toMatch(/^## Meshi Partner API v0 conformance — mock/m);
  // A plain run (no --gate) is judged as a run, and says what the gate would say.
  expect(md).toContain('**❌ Run failed (exit 1)**');
  expect(md).toContain('with --gate it would fail');
  expect(md).toMatch(/### Documented MUST guarantees not passed \(\d+\)/);
  expect(md).toMatch(/- \*\*EVT-01\*\* MUST documented — failed: `Error: \[EVT-01\] POST \/events answers 201/);
  expect(md).toMatch(/### Contract gaps to confirm[^\n]*\n\n- \*\*ERR-02\*\*/);
  expect(md).toMatch(/### Known deviations \(1\)\n\n- \*\*EVT-02\*\*/);
  expect(md).toContain('<details><summary>Matrix by family</summary>');
  expect(md).toMatch(/\| EVT-01 \| MUST \| documented \| ❌ failed \|/);
  expect(Buffer.byteLength(md)).toBeLessThan(1024 * 1024);
});

test('JUnit: one testcase per guarantee (plus the run case), well-formed, failures and skips typed', () => {
  const r = richReport();
  const xml = renderJunit(r);
  expect(xmlProblems(xml)).toEqual([]);
  const cases = [...xml.matchAll(/<testcase classname="([^"]+)" name="([^"]+)"/g)];
  expect(cases.length).toBe(r.totals.guarantees + 1);
  expect(cases.filter((c) => c[1] !== 'run').map((c) => c[2]!.split(':')[0])).toEqual(
    r.families.flatMap((f) => r.guarantees.filter((g) => g.family === f.id).map((g) => g.id)),
  );
  expect(xml).toMatch(/name="EVT-01: [^"]*"[^>]*>\s*<properties>.*<\/properties>\s*<failure type="failed" message="Error: \[EVT-01\]/s);
  expect(xml).toMatch(
    /name="AUTH-02: [^"]*"[^>]*>\s*<properties>.*?<\/properties>\s*<skipped message="not exercised: not exercised: no MESHI_DISABLED_KEY"/s,
  );
  expect(xml).toMatch(/<skipped message="known deviation \(observed flaky\)/);
  expect(xml).toMatch(/<testsuite name="run" tests="1" failures="0"/);
  const empty = renderJunit(report([]));
  expect(xmlProblems(empty)).toEqual([]);
  expect(empty).toMatch(/<testsuite name="run" tests="1" failures="1"[\s\S]*no guarantee was exercised/);
});

test('HTML: one self-contained page with the matrix, filters and failure details', () => {
  const r = richReport();
  const html = renderHtml(r);
  expect(html.startsWith('<!doctype html>')).toBe(true);
  // Self-contained: no external script, stylesheet, image, font or frame.
  expect(html).not.toMatch(/<(script|img|iframe|link|source|embed|object)\b[^>]*\b(src|href|data)=/i);
  expect(html).not.toMatch(/url\(\s*['"]?(https?:)?\/\//i);
  expect(html).not.toMatch(/@import/);
  for (const id of ['f-family', 'f-verdict', 'f-provenance', 'f-level', 'f-change', 'f-text']) expect(html).toContain(`id="${id}"`);
  expect((html.match(/<tbody class="g" /g) ?? []).length).toBe(r.totals.guarantees);
  expect(html).toMatch(
    /<tbody class="g" id="g-EVT-01" data-id="EVT-01" data-family="EVT" data-verdict="failed" data-provenance="documented" data-level="MUST"/,
  );
  // Failure details: sentence, messages, record, curl, correlation ids, replay.
  const evt = html.slice(html.indexOf('id="g-EVT-01"'), html.indexOf('<tbody class="g"', html.indexOf('id="g-EVT-01"')));
  expect(evt).toContain(byId(r, 'EVT-01').statement.replace(/'/g, '&#39;'));
  expect(evt).toContain('curl reproduction');
  expect(evt).toContain('ct-rich-1');
  expect(evt).toContain('POST http://127.0.0.1:9/api/v0/partner/events');
  const page = html.slice(html.indexOf('id="g-PAGE-01"'));
  expect(page).toMatch(/replay <button[^>]*>copy<\/button><\/h6><pre class="copy-src">npm run replay -- --seed 42/);
  // Response bodies are escaped, never markup.
  expect(html).not.toContain('<script>alert(1)</script>');
  expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  expect(html).toContain('data-gate="failed"');
});

test('trend: history from a folder of earlier reports, SVG per guarantee, newly failing/passing marks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'report-history-'));
  const older = report(
    [testCase(['EVT-01'], [attempt('passed')]), testCase(['EVT-03'], [attempt('failed', { errors: ['[EVT-03] order'] })])],
    { meta: { id: 'run-1', finishedAt: new Date('2026-01-01T00:00:00Z') } },
  );
  const old = report(
    [testCase(['EVT-01'], [attempt('passed')]), testCase(['EVT-03'], [attempt('failed', { errors: ['[EVT-03] order'] })])],
    { meta: { id: 'run-2', finishedAt: new Date('2026-01-02T00:00:00Z') } },
  );
  mkdirSync(join(dir, 'nightly-1'), { recursive: true });
  writeFileSync(join(dir, 'nightly-1', 'conformance-report.json'), JSON.stringify(older));
  writeFileSync(join(dir, 'run-2.json'), JSON.stringify(old));
  writeFileSync(join(dir, 'junk.json'), '{"not":"a report"}');
  writeFileSync(join(dir, 'broken.json'), '{');
  const history = loadHistory(dir);
  expect(history.map((h) => h.runId)).toEqual(['run-1', 'run-2']);

  const now = report(
    [testCase(['EVT-01'], [attempt('failed', { errors: ['[EVT-01] answered 200'] })]), testCase(['EVT-03'], [attempt('passed')])],
    { history, meta: { id: 'run-3', finishedAt: new Date('2026-01-03T00:00:00Z') } },
  );
  expect(schemaErrors(now)).toEqual([]);
  expect(now.run.historyRuns).toBe(2);
  expect(byId(now, 'EVT-01').trend).toEqual({ change: 'newly-failing', verdicts: ['passed', 'passed', 'failed'] });
  expect(now.run.history.map((h) => h.runId)).toEqual(['run-1', 'run-2']);
  expect(byId(now, 'EVT-03').trend!.change).toBe('newly-passing');
  expect(byId(now, 'EVT-02').trend!.change).toBeNull();
  const svg = trendSvg(byId(now, 'EVT-01').trend!);
  expect((svg.match(/h8v8h-8z/g) ?? []).length).toBe(3); // one square per run
  expect(svg).toMatch(/<svg class="trend"/);
  expect(svg).toContain('2 earlier run(s): 2 passed; this run: failed (newly-failing)');
  const html = renderHtml(now);
  expect(html).toMatch(/id="g-EVT-01"[^>]*data-change="newly-failing"/);
  expect(html).toContain('▼ newly failing');
  expect(html).toContain('▲ newly passing');
  const md = renderMarkdown(now);
  expect(md).toContain('🔻 newly failing: **EVT-01**');
  expect(md).toContain('✅ newly passing: **EVT-03**');
  // The current run's own report in the folder is not its own history.
  expect(loadHistory(dir, 'run-2').map((h) => h.runId)).toEqual(['run-1']);
});

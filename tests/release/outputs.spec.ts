// What the decision and each conformance run write for CI: SARIF 2.1.0 valid against the official
// schema, with results on the contract line they are about; annotations capped at 10 per level
// with the rest counted; the decision JSON valid against contracts/release-decision.schema.json;
// the conformance report's new parts (catalogue version, coverage) valid against its schema.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { ANNOTATIONS_PER_LEVEL } from '../../reporter/ci/annotations';
import { conformanceSarif, publishRun } from '../../reporter/ci/publishRun';
import { decide } from '../../scripts/release/decide';
import { decisionSarif, publishDecision } from '../../scripts/release/publish';
import { renderMarkdown, renderTable } from '../../scripts/release/render';
import { sarifValidator } from '../sarifSchema';
import { attempt, record, report as buildReport, schemaErrors, testCase } from '../report/helpers';
import { fullCoverage, inputs, META, report, reportJson, ROOT } from './fixtures';

const validateSarif = sarifValidator();
const Ajv2020 = ((Ajv2020Module as unknown as { default?: typeof Ajv2020Module }).default ?? Ajv2020Module) as typeof Ajv2020Module;
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as typeof addFormatsModule;

function decisionSchemaErrors(d: unknown): string[] {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'contracts/release-decision.schema.json'), 'utf8')));
  return validate(d) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/** A decision with 30 uncovered statuses, one failed guarantee and one breaking change. */
function busyDecision() {
  const json = reportJson();
  json.guarantees.find((g: { provenance: string }) => g.provenance === 'documented').verdict = 'failed';
  // Statuses coverage requires per operation: not 5xx (never required) nor 429 (one operation's covers all).
  const perOperation = fullCoverage().filter((e) => e.status < 500 && e.status !== 429);
  const dropped = new Set([...new Set(perOperation.map((e) => `${e.operationId}|${e.status}`))].slice(0, 30));
  json.coverage.exchanges = fullCoverage().filter((e) => !dropped.has(`${e.operationId}|${e.status}`));
  return decide(inputs({ reports: [report(json)] }), META);
}

function lineOf(file: string, line: number): string {
  return readFileSync(join(ROOT, file), 'utf8').split('\n')[line - 1] ?? '';
}

test('the decision SARIF is valid SARIF 2.1.0 and each result points at its contract line', () => {
  const d = busyDecision();
  const sarif = decisionSarif(d) as {
    runs: {
      results: {
        ruleId: string;
        locations?: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
      }[];
    }[];
  };
  expect(validateSarif(sarif)).toEqual([]);
  const results = sarif.runs[0]!.results as ((typeof sarif.runs)[0]['results'][0] & { message: { text: string } })[];
  expect(results.length).toBeGreaterThan(30);
  const uncovered = results.filter((r) => r.ruleId === 'contract-uncovered');
  for (const r of uncovered) {
    const at = r.locations![0]!.physicalLocation;
    expect(at.artifactLocation.uri).toBe('contracts/partner-api.yaml');
    const line = lineOf(at.artifactLocation.uri, at.region.startLine);
    // `uncovered: getAuth on the alias base`: the operation's line.
    const base = /^uncovered: (\w+) on the \w+ base/.exec(r.message.text);
    if (base) expect(line.trim()).toBe(`operationId: ${base[1]}`);
    // `uncovered: createEvent 409`: the line of that response's status key.
    else expect(line).toMatch(new RegExp(`^\\s+["']?${/^uncovered: \w+ (\d{3})\b/.exec(r.message.text)![1]}["']?:`));
  }
  const failed = results.find((r) => r.ruleId === 'guarantee-failed')!;
  expect(
    lineOf(failed.locations![0]!.physicalLocation.artifactLocation.uri, failed.locations![0]!.physicalLocation.region.startLine),
  ).toMatch(/operationId: |- id: /);
  // The schema is not a rubber stamp.
  expect(validateSarif({ ...sarif, version: '2.0.0' })).not.toEqual([]);
});

test('annotations: at most 10 per level, ranked by severity, the rest counted in one line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'release-out-'));
  try {
    const d = busyDecision();
    const errors = d.criteria.flatMap((c) => c.findings).filter((f) => f.level === 'error').length;
    expect(errors).toBeGreaterThan(ANNOTATIONS_PER_LEVEL);
    const summary = join(dir, 'summary.md');
    const out = publishDecision(d, dir, { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary });
    const errorLines = out.annotations.filter((l) => l.startsWith('::error '));
    expect(errorLines).toHaveLength(ANNOTATIONS_PER_LEVEL);
    expect(errorLines.at(-1)).toBe(
      `::error title=${errors - (ANNOTATIONS_PER_LEVEL - 1)} more::${errors - (ANNOTATIONS_PER_LEVEL - 1)} more errors: see the step summary (release-decision.md)`,
    );
    // The documented guarantee's failure outranks the uncovered statuses.
    expect(errorLines[0]).toMatch(/title=[A-Z]+-\d+ failed/);
    expect(errorLines[0]).toMatch(/file=contracts\/(partner-api|guarantees)\.yaml,line=\d+/);
    expect(readFileSync(summary, 'utf8')).toBe(readFileSync(out.files.markdown, 'utf8'));
    expect(publishDecision(d, dir, {}).annotations).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the decision JSON is valid against contracts/release-decision.schema.json and carries the sensitivity score', () => {
  const d = busyDecision();
  const json = JSON.parse(JSON.stringify(d));
  expect(decisionSchemaErrors(json)).toEqual([]);
  expect(json.guarantees[0].sensitivity).toEqual({ injected: 1, killed: 1, score: 1 });
  expect(
    decisionSchemaErrors({ ...json, criteria: json.criteria.map((c: { status: string }) => ({ ...c, status: 'maybe' })) }),
  ).not.toEqual([]);
  expect(decisionSchemaErrors({ ...json, exitCode: 2 })).not.toEqual([]);
});

test('the table has one line per criterion with its status and reason; the summary has the per-guarantee sensitivity column', () => {
  const d = busyDecision();
  const table = renderTable(d).split('\n');
  expect(table[0]).toBe('RELEASE DECISION: DO NOT RELEASE (exit 1)');
  for (const c of d.criteria) expect(table).toContainEqual(expect.stringMatching(new RegExp(`^${c.id}\\s+${c.status}\\s+\\S`)));
  expect(renderTable(decide(inputs({ dryRun: true }), META)).split('\n')[0]).toBe(
    'RELEASE DECISION (dry run): RELEASE — would exit 0; --dry-run exits 0',
  );
  const md = renderMarkdown(d);
  expect(md).toContain('| guarantee | level | provenance | verdict | evidence | sensitivity |');
  expect(md).toMatch(/\| [A-Z]+-\d+ \| MUST \| documented \| failed \| 3 exchanges, 1 tests \| 1\/1 \|/);
});

test('a conformance run: its report validates with the catalogue version and coverage, and its SARIF points at the failing operation', () => {
  const create = record({
    operationId: 'createEvent',
    method: 'POST',
    url: 'http://127.0.0.1:4000/api/v0/partner/events',
    status: 409,
    response: { headers: { 'content-type': 'application/json' }, body: '{"code":"EVENT_EXISTS","message":"x"}', bodyBytes: 40 },
  });
  const r = buildReport([
    testCase(
      ['EVT-01'],
      [attempt('failed', { errors: ['[EVT-01] a valid create: POST /events answered 409, expected 201'], records: [create] })],
    ),
    testCase(['AUTH-01'], [attempt('skipped')]),
  ]);
  expect(schemaErrors(r)).toEqual([]);
  expect(r.catalogue?.version).toMatch(/^0\.1\.0\+[0-9a-f]{12}$/);
  expect(r.coverage?.exchanges).toEqual([
    { operationId: 'createEvent', base: 'current', status: 409, code: 'EVENT_EXISTS', exchanges: 1, tests: 1, guarantees: ['EVT-01'] },
  ]);
  expect(schemaErrors({ ...r, coverage: { exchanges: [{ ...r.coverage!.exchanges[0], base: 'legacy' }] } })).not.toEqual([]);
  expect(schemaErrors({ ...r, catalogue: { ...r.catalogue, sha256: 'nope' } })).not.toEqual([]);

  const sarif = conformanceSarif(r) as {
    runs: {
      results: {
        ruleId: string;
        locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
      }[];
    }[];
  };
  expect(validateSarif(sarif)).toEqual([]);
  const evt = sarif.runs[0]!.results.find((x) => x.ruleId === 'guarantee-failed')!;
  expect(lineOf(evt.locations[0]!.physicalLocation.artifactLocation.uri, evt.locations[0]!.physicalLocation.region.startLine).trim()).toBe(
    'operationId: createEvent',
  );

  const dir = mkdtempSync(join(tmpdir(), 'conformance-ci-'));
  try {
    const out = publishRun(r, dir, { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: join(dir, 'step.md') });
    expect(validateSarif(JSON.parse(readFileSync(out.sarif, 'utf8')))).toEqual([]);
    expect(out.annotations[0]).toMatch(/^::error file=contracts\/partner-api\.yaml,line=\d+,col=\d+,title=EVT-01 failed::/);
    expect(readFileSync(join(dir, 'step.md'), 'utf8')).toContain('EVT-01');
    // Under the release decision, which prints the run's findings itself.
    expect(publishRun(r, dir, { GITHUB_ACTIONS: 'true', CONFORMANCE_ANNOTATIONS: 'off' }).annotations).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

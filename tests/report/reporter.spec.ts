// The Playwright reporter class (reporter/index.ts) driven with synthetic TestCase/TestResult
// objects: collection of annotations, attempts, errors and call-record attachments (body and file),
// the run errors (configuration vs run), and the four artefacts it writes.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import type { FullConfig, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import ConformanceReporter, { displayUrl, isConfigErrorMessage } from '../../reporter/index';
import { recordsOf } from '../../reporter/collect';
import { record, ROOT, schemaErrors } from './helpers';

type Ann = { type: string; description?: string };

function fakeResult(
  status: TestResult['status'],
  opts: { retry?: number; errors?: string[]; annotations?: Ann[]; attachments?: TestResult['attachments'] } = {},
): TestResult {
  return {
    retry: opts.retry ?? 0,
    status,
    duration: 12,
    startTime: new Date(),
    errors: (opts.errors ?? []).map((m) => ({ message: `\u001b[31m${m}\u001b[39m`, stack: `${m}\n    at specs/x.spec.ts:3:5` })),
    error: undefined,
    attachments: opts.attachments ?? [],
    annotations: opts.annotations ?? [],
    stdout: [],
    stderr: [],
    steps: [],
    parallelIndex: 0,
    workerIndex: 0,
  } as unknown as TestResult;
}

function fakeTest(id: string, declared: string[], results: TestResult[], project = 'conformance'): TestCase {
  const annotations = declared.map((g) => ({ type: 'guarantee', description: g }));
  for (const r of results)
    (r as unknown as { annotations: Ann[] }).annotations = [
      ...annotations,
      ...((r as unknown as { annotations: Ann[] }).annotations ?? []),
    ];
  const title = `${declared.join(' ')}: synthetic ${id}`;
  return {
    id,
    title,
    annotations,
    results,
    tags: ['@documented'],
    location: { file: join(ROOT, 'specs/events.spec.ts'), line: 7, column: 1 },
    titlePath: () => ['', project, 'events.spec.ts', title],
    parent: { project: () => ({ name: project }) },
  } as unknown as TestCase;
}

function attachmentOf(rec: ReturnType<typeof record>, asFile?: string): TestResult['attachments'][number] {
  const name = `#${rec.n} ${rec.method} /api/v0/partner/events → ${rec.status}`;
  if (asFile) {
    writeFileSync(asFile, JSON.stringify(rec));
    return { name, contentType: 'application/json', path: asFile };
  }
  return { name, contentType: 'application/json', body: Buffer.from(JSON.stringify(rec)) };
}

test('collects attempts, errors and call records (body or file), writes the four artefacts', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'reporter-unit-'));
  const recFile = join(dir, 'rec.json');
  const failingRec = record({ status: 200, violations: [] });
  const tests = [
    fakeTest(
      'a',
      ['EVT-01'],
      [
        fakeResult('failed', {
          errors: ['Error: [EVT-01] POST /events answers 201'],
          attachments: [
            attachmentOf(record()),
            attachmentOf(failingRec, recFile),
            { name: 'trace', contentType: 'text/plain', body: Buffer.from('x') },
          ],
        }),
      ],
    ),
    fakeTest(
      'b',
      ['EVT-02'],
      [fakeResult('skipped', { annotations: [{ type: 'skip', description: 'not exercised: no MESHI_PARTNER_KEY_ORG_B' }] })],
    ),
    fakeTest('c', ['AUTH-01'], [fakeResult('passed', { attachments: [attachmentOf(record({ status: 401 }))] })]),
    fakeTest('other', ['EVT-03'], [fakeResult('passed')], 'mock'),
  ];
  const suite = { allTests: () => tests } as unknown as Suite;
  const reporter = new ConformanceReporter({
    outputDir: dir,
    target: 'mock',
    knownDeviations: join(ROOT, 'contracts/known-deviations.yaml'),
    runId: 'unit-run',
  });
  reporter.onBegin({ rootDir: ROOT, metadata: {}, shard: null } as unknown as FullConfig, suite);
  await reporter.onEnd({ status: 'failed', startTime: new Date(), duration: 100 } as never);

  const report = JSON.parse(readFileSync(join(dir, 'conformance-report.json'), 'utf8'));
  expect(schemaErrors(report)).toEqual([]);
  expect(report.run.id).toBe('unit-run');
  const g = (id: string) => report.guarantees.find((x: { id: string }) => x.id === id);
  expect(g('EVT-01').verdict).toBe('failed');
  expect(g('EVT-01').failures[0].messages[0]).toBe('[EVT-01] POST /events answers 201'); // colours, stack and the Error: prefix dropped
  expect(g('EVT-01').failures[0].records.map((r: { n: number }) => r.n)).toContain(failingRec.n); // read from the file attachment
  expect(g('EVT-01').tests[0]).toMatchObject({ file: 'specs/events.spec.ts', line: 7 });
  expect(g('EVT-02')).toMatchObject({ verdict: 'not-exercised', reason: 'not exercised: no MESHI_PARTNER_KEY_ORG_B' });
  expect(g('AUTH-01').verdict).toBe('passed');
  // Only the conformance project's tests count when it is present.
  expect(g('EVT-03').verdict).toBe('not-exercised');
  expect(report.totals.tests.total).toBe(3);
  // Universal coverage comes from the tests' ledgers: none attached here, so nothing was checked.
  expect(g('CORR-01').universalCoverage.checkedResponses).toBe(0);
  for (const f of ['summary.md', 'report.html', 'junit.xml']) expect(readFileSync(join(dir, f), 'utf8').length).toBeGreaterThan(100);
});

test('run errors: ConfigError and malformed deviations are configuration errors; others are run errors', async () => {
  expect(isConfigErrorMessage('MESHI_SEED: expected an integer, got "abc"')).toBe(true);
  expect(isConfigErrorMessage('Error: MESHI_BASE_URL: not an absolute URL')).toBe(true);
  expect(isConfigErrorMessage('ConfigError: MESHI_X')).toBe(true);
  expect(isConfigErrorMessage('SyntaxError: Unexpected token')).toBe(false);

  const dir = mkdtempSync(join(tmpdir(), 'reporter-errors-'));
  const badDeviations = join(dir, 'dev.yaml');
  writeFileSync(badDeviations, 'targets:\n  mock:\n    - guarantee: NOPE-01\n');
  const reporter = new ConformanceReporter({ outputDir: dir, target: 'mock', knownDeviations: badDeviations, runId: 'err-run' });
  reporter.onBegin({ rootDir: ROOT, metadata: {} } as unknown as FullConfig, { allTests: () => [] } as unknown as Suite);
  reporter.onError({ message: 'Error: No tests found' });
  reporter.onError({ message: 'MESHI_SEED: expected an integer, got "abc"', stack: 'ConfigError: MESHI_SEED …' });
  await reporter.onEnd({ status: 'failed', startTime: new Date(), duration: 1 } as never);
  const report = JSON.parse(readFileSync(join(dir, 'conformance-report.json'), 'utf8'));
  expect(schemaErrors(report)).toEqual([]);
  expect(report.errors.map((e: { kind: string }) => e.kind)).toEqual(['run', 'config', 'config']);
  expect(report.errors[2].message).toMatch(/NOPE-01/);
  expect(report.totals.exercised).toBe(0);
});

test('record attachments are recognised by name and shape only', () => {
  const rec = record();
  const res = fakeResult('failed', {
    attachments: [
      attachmentOf(rec),
      { name: '#2 not json', contentType: 'application/json', body: Buffer.from('{') },
      { name: 'data', contentType: 'application/json', body: Buffer.from(JSON.stringify(rec)) },
      { name: '#3 missing file', contentType: 'application/json', path: '/nonexistent/file.json' },
    ],
  });
  expect(recordsOf(res).map((r) => r.n)).toEqual([rec.n]);
});

test('the target URL is shown without credentials, query or fragment', () => {
  expect(displayUrl('https://user:pw@api.staging.meshi.io/api/v0/partner/?k=v#x')).toBe('https://api.staging.meshi.io/api/v0/partner');
  expect(displayUrl(undefined)).toBeNull();
  expect(displayUrl('not a url')).toBe('(malformed URL)');
});

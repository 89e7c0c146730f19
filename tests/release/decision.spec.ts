// The release decision over fixture inputs: all passing releases (exit 0); each criterion failing
// alone stops the release (exit 1) with every other criterion still passing; unknown is never a
// pass; --dry-run decides the same and exits 0.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { ConfigError } from '../../harness/settings/configError';
import { setting } from '../../harness/settings';
import { decide } from '../../scripts/release/decide';
import type { CriterionId, Decision, ReleaseInputs } from '../../scripts/release/types';
import { adaptKillMatrix, readKillMatrix } from '../../scripts/release/inputs/killMatrix';
import { ReleaseConfigError } from '../../scripts/release/errors';
import { readCatalogue } from '../../scripts/release/inputs/catalogue';
import { loadContractDiff } from '../../scripts/release/inputs/contractDiff';
import { diff, fullCoverage, inputs, killMatrixJson, META, report, reportJson, ROOT } from './fixtures';

function statuses(d: Decision): Record<string, string> {
  return Object.fromEntries(d.criteria.map((c) => [c.id, c.status]));
}

function criterion(d: Decision, id: CriterionId) {
  return d.criteria.find((c) => c.id === id)!;
}

/** Exactly `id` is `status`; every other criterion passes; the decision is not to release. */
function expectAlone(d: Decision, id: CriterionId, status: 'fail' | 'unknown') {
  const expected = Object.fromEntries(d.criteria.map((c) => [c.id, c.id === id ? status : 'pass']));
  expect(statuses(d)).toEqual(expected);
  expect(d.release).toBe(false);
  expect(d.exitCode).toBe(1);
}

function decideWith(over: Partial<ReleaseInputs>): Decision {
  return decide(inputs(over), META);
}

test('all passing: release, exit 0, one line per criterion', () => {
  const d = decideWith({});
  expect(statuses(d)).toEqual({
    conformance: 'pass',
    'contract-changes': 'pass',
    coverage: 'pass',
    sensitivity: 'pass',
    catalogue: 'pass',
  });
  expect(d.release).toBe(true);
  expect(d.exitCode).toBe(0);
  expect(d.guarantees.every((g) => g.sensitivity?.score === 1 && g.evidence?.tests === 1)).toBe(true);
});

test('a failing report: a documented guarantee failed', () => {
  const json = reportJson();
  const g = json.guarantees.find((x: { provenance: string }) => x.provenance === 'documented');
  g.verdict = 'failed';
  g.reason = null;
  const d = decideWith({ reports: [report(json)] });
  expectAlone(d, 'conformance', 'fail');
  expect(criterion(d, 'conformance').reason).toContain(`${g.id} failed`);
  expect(criterion(d, 'conformance').findings[0]!.location).not.toBeNull();
});

test('a provisional failure is a contract gap, not a blocker', () => {
  const json = reportJson();
  const g = json.guarantees.find((x: { provenance: string }) => x.provenance === 'provisional');
  g.verdict = 'failed';
  const d = decideWith({ reports: [report(json)] });
  expect(criterion(d, 'conformance').status).toBe('pass');
  expect(criterion(d, 'conformance').details.join('\n')).toContain(`contract gaps (provisional, not blocking): ${g.id} failed`);
});

test('an inconclusive report: a guarantee inconclusive, or (older reports) tests transient on every attempt', () => {
  const json = reportJson();
  json.guarantees[0].verdict = 'inconclusive';
  expectAlone(decideWith({ reports: [report(json)] }), 'conformance', 'fail');
  const old = reportJson();
  old.totals.tests.transient = 2;
  const d = decideWith({ reports: [report(old)] });
  expectAlone(d, 'conformance', 'fail');
  expect(criterion(d, 'conformance').reason).toMatch(/2 test\(s\) transient on every attempt/);
});

test('a bundled-mock report without --dry-run fails; with --dry-run it counts and the command exits 0', () => {
  const mock = [report(reportJson({ kind: 'bundled-mock' }))];
  const d = decideWith({ reports: mock });
  expectAlone(d, 'conformance', 'fail');
  expect(criterion(d, 'conformance').reason).toMatch(/bundled mock.*--dry-run only/);
  const dry = decideWith({ reports: mock, dryRun: true });
  expect(criterion(dry, 'conformance').status).toBe('pass');
  expect(dry.release).toBe(true);
  expect(dry.exitCode).toBe(0);
});

test('a stale report: older than the maximum age (MESHI_RELEASE_MAX_AGE_HOURS, default 36 h)', () => {
  const stale = [report(reportJson({ finishedHoursAgo: 37 }))];
  const d = decideWith({ reports: stale });
  expectAlone(d, 'conformance', 'fail');
  expect(criterion(d, 'conformance').reason).toMatch(/stale, finished 37\.0 h ago \(at most 36 h/);
  expect(decideWith({ reports: stale, maxAgeHours: 48 }).release).toBe(true);
  expect(setting('MESHI_RELEASE_MAX_AGE_HOURS', {})).toBe(36);
  expect(setting('MESHI_RELEASE_MAX_AGE_HOURS', { MESHI_RELEASE_MAX_AGE_HOURS: '48' })).toBe(48);
  expect(() => setting('MESHI_RELEASE_MAX_AGE_HOURS', { MESHI_RELEASE_MAX_AGE_HOURS: '0' })).toThrow(ConfigError);
});

const BREAKING = {
  id: 'response-property-removed:getEvent:200:title',
  rule: 'response-property-removed',
  severity: 'breaking-wire',
  message: 'GET /events/{event_id} 200 no longer has title',
  provenance: 'documented',
  guarantees: ['EVT-07'],
  base: { file: 'contracts/partner-api.yaml', line: 700, column: 11, pointer: '/components/schemas/Event/properties/title' },
  head: { file: 'contracts/partner-api.yaml', line: 690, column: 9, pointer: '/components/schemas/Event/properties' },
};

test('a breaking diff: an unaccepted breaking change fails, pointing at its contract line', () => {
  const d = decideWith({ diff: diff([{ ...BREAKING, accepted: null }]) });
  expectAlone(d, 'contract-changes', 'fail');
  expect(criterion(d, 'contract-changes').reason).toMatch(/1 unaccepted breaking change.*response-property-removed/);
  expect(criterion(d, 'contract-changes').findings[0]!.location).toEqual({ file: 'contracts/partner-api.yaml', line: 690, column: 9 });
});

test('an accepted breaking diff passes and lists the acceptance', () => {
  const d = decideWith({
    diff: diff([{ ...BREAKING, accepted: { by: 'entry', reason: 'title moved to name', who: 'api-team', expires: '2027-01-31' } }]),
  });
  expect(d.release).toBe(true);
  expect(criterion(d, 'contract-changes').reason).toMatch(/1 breaking change\(s\).*all accepted/);
  expect(criterion(d, 'contract-changes').details).toEqual(['accepted (breaking-wire): GET /events/{event_id} 200 no longer has title']);
});

const uncoveredOf = (d: ReturnType<typeof decideWith>) => criterion(d, 'coverage').details.filter((t) => t.startsWith('uncovered'));

test('an uncovered error code fails coverage and names the operation, status and code', () => {
  const exchanges = fullCoverage();
  const victim = exchanges.find((e) => e.code !== null)!;
  const json = reportJson();
  json.coverage.exchanges = exchanges.filter(
    (e) => !(e.operationId === victim.operationId && e.status === victim.status && e.code === victim.code),
  );
  const d = decideWith({ reports: [report(json)] });
  expectAlone(d, 'coverage', 'fail');
  expect(uncoveredOf(d)).toEqual([`uncovered: ${victim.operationId} ${victim.status} ${victim.code}`]);
  const f = criterion(d, 'coverage').findings[0]!;
  expect(f.location?.file).toBe('contracts/partner-api.yaml');
});

test('coverage: 5xx is never required, and a 429 met on one operation covers every operation declaring it', () => {
  const all = fullCoverage();
  const limited = all.find((e) => e.status === 429)!;
  const json = reportJson();
  json.coverage.exchanges = all.filter((e) => e.status < 500 && (e.status !== 429 || e === limited));
  const d = decideWith({ reports: [report(json)] });
  expect(uncoveredOf(d)).toEqual([]);
  expect(criterion(d, 'coverage').status).toBe('pass');
  expect(criterion(d, 'coverage').details.join('\n')).toMatch(/not required: 500, 503/);
  // No 429 at all: every operation declaring it is uncovered.
  json.coverage.exchanges = fullCoverage().filter((e) => e.status !== 429);
  const none = decideWith({ reports: [report(json)] });
  expectAlone(none, 'coverage', 'fail');
  expect(criterion(none, 'coverage').details.every((t) => !t.startsWith('uncovered') || /429 .*\(no operation met it\)$/.test(t))).toBe(
    true,
  );
});

test('coverage: an operation never called on the alias base, and a guarantee without evidence, are uncovered', () => {
  const json = reportJson();
  json.coverage.exchanges = fullCoverage().filter((e) => !(e.operationId === 'getAuth' && e.base === 'alias'));
  json.guarantees[1].evidence = { exchanges: 0, tests: 0 };
  const d = decideWith({ reports: [report(json)] });
  expectAlone(d, 'coverage', 'fail');
  expect(uncoveredOf(d)).toEqual(['uncovered: getAuth on the alias base', `uncovered: guarantee ${json.guarantees[1].id}`]);
});

test('a surviving fault fails sensitivity; a documented guarantee without a catalogue fault fails too', () => {
  const km = killMatrixJson();
  km.faults[0].outcome = 'survived';
  const d = decideWith({ killMatrix: adaptKillMatrix(km, 'fixtures/kill-matrix.json') });
  expectAlone(d, 'sensitivity', 'fail');
  expect(criterion(d, 'sensitivity').details[0]).toBe(`${km.faults[0].guarantee}: fault(s) not killed: ${km.faults[0].fault}`);
  expect(d.guarantees.find((g) => g.id === km.faults[0].guarantee)!.sensitivity).toEqual({ injected: 1, killed: 0, score: 0 });

  const base = inputs();
  const documented = base.guarantees.find((g) => g.provenance === 'documented')!;
  const noFault = decideWith({ faults: base.faults.filter((f) => f.guarantee !== documented.id) });
  expectAlone(noFault, 'sensitivity', 'fail');
  expect(criterion(noFault, 'sensitivity').details).toEqual([
    `${documented.id}: no fault in the catalogue breaks it: nothing shows its tests can fail`,
  ]);
});

test('a catalogue mismatch: a report scored against another catalogue is unknown, and the decision is not to release', () => {
  const json = reportJson();
  json.catalogue = { version: '0.0.9+0123456789ab', infoVersion: '0.0.9', sha256: '0123456789ab'.padEnd(64, '0') };
  const d = decideWith({ reports: [report(json)] });
  expectAlone(d, 'catalogue', 'unknown');
  expect(criterion(d, 'catalogue').reason).toMatch(
    /scored against catalogue 0\.0\.9\+0123456789ab, this checkout has 0\.1\.0\+[0-9a-f]{12}$/,
  );
  // A guarantee the older catalogue did not have is named (and is uncovered: no evidence for it).
  json.guarantees = json.guarantees.slice(1);
  const older = decideWith({ reports: [report(json)] });
  expect(criterion(older, 'catalogue').reason).toMatch(/; not judged: [A-Z]+-\d+$/);
  expect(criterion(older, 'coverage').status).toBe('fail');
});

test('the guarantees added and removed since the base are listed', () => {
  const base = inputs();
  const [first, ...rest] = base.catalogue.current.ids;
  const d = decideWith({
    catalogue: {
      current: base.catalogue.current,
      base: { ref: 'v0.0.9', version: base.catalogue.current.version, ids: [...rest, 'OLD-01'] },
    },
  });
  expect(d.catalogue.base).toMatchObject({ ref: 'v0.0.9', added: [first], removed: ['OLD-01'] });
  expect(criterion(d, 'catalogue').details.join('\n')).toContain(`added ${first}; removed OLD-01`);
});

test('what an input does not record is unknown, never pass', () => {
  const noEvidence = reportJson();
  for (const g of noEvidence.guarantees) delete g.evidence;
  expectAlone(decideWith({ reports: [report(noEvidence)] }), 'coverage', 'unknown');
  const noCoverage = reportJson();
  delete noCoverage.coverage;
  expectAlone(decideWith({ reports: [report(noCoverage)] }), 'coverage', 'unknown');
  const noCatalogue = reportJson();
  delete noCatalogue.catalogue;
  expectAlone(decideWith({ reports: [report(noCatalogue)] }), 'catalogue', 'unknown');
  expectAlone(decideWith({ killMatrix: null }), 'sensitivity', 'unknown');
  expectAlone(decideWith({ diff: { unavailable: 'no --base given: contract changes were not compared' } }), 'contract-changes', 'unknown');
  const untargeted = reportJson({ kind: 'unknown' });
  expectAlone(decideWith({ reports: [report(untargeted)] }), 'conformance', 'unknown');
});

test('--dry-run: the same decision, exit 0 whatever it is', () => {
  const failing = reportJson();
  failing.guarantees[0].verdict = 'failed';
  const d = decideWith({ reports: [report(failing)], killMatrix: null, dryRun: true });
  expect(d.release).toBe(false);
  expect(d.decisionExitCode).toBe(1);
  expect(d.exitCode).toBe(0);
});

test('shards together: a guarantee passed in one shard and not exercised in the other is passed', () => {
  const a = reportJson();
  const b = reportJson();
  a.guarantees[0].verdict = 'not-exercised';
  a.guarantees[0].reason = 'no test in this run names it';
  b.guarantees[0].evidence = { exchanges: 1, tests: 1 };
  const d = decideWith({ reports: [report(a), report(b)] });
  expect(d.release).toBe(true);
  expect(d.guarantees[0]!.verdict).toBe('passed');
});

test('a narrowed run (run.provenance: --grep, spec files) or one with mock faults is no release', () => {
  const grep = reportJson();
  grep.run.provenance = {
    target: { kind: 'external', origin: 'https://api.staging.meshi.io', loopback: false },
    mock: null,
    scope: { guarantees: null, grep: 'EVT-', grepInvert: null, projects: ['conformance'], files: [], filters: [], shard: null },
    limits: {},
  };
  const d = decideWith({ reports: [report(grep)] });
  expectAlone(d, 'conformance', 'fail');
  expect(criterion(d, 'conformance').reason).toMatch(/a partial or narrowed run/);
  const whole = reportJson();
  whole.run.provenance = { ...grep.run.provenance, scope: { ...grep.run.provenance.scope, grep: null } };
  expect(decideWith({ reports: [report(whole)] }).release).toBe(true);
  const faults = reportJson();
  faults.run.mockFaults = ['create-status-200'];
  expect(criterion(decideWith({ reports: [report(faults)] }), 'conformance').reason).toMatch(/mock faults were on \(create-status-200\)/);
});

test('a kill matrix that states its sensitivity per guarantee is read as it is', () => {
  const km = killMatrixJson();
  const lines = km.faults.map((f: { fault: string; guarantee: string }, i: number) => ({
    id: f.guarantee,
    injected: 1,
    killed: i === 0 ? 0 : 1,
    faults: [{ fault: f.fault, outcome: i === 0 ? 'baseline-failing' : 'killed' }],
  }));
  const d = decideWith({
    killMatrix: adaptKillMatrix(
      { generatedAt: km.generatedAt, mode: 'full', faults: [], sensitivity: { guarantees: lines } },
      'fixtures/kill-matrix.json',
    ),
  });
  expectAlone(d, 'sensitivity', 'fail');
  expect(criterion(d, 'sensitivity').details).toEqual([`${lines[0].id}: fault(s) not killed: ${lines[0].faults[0].fault}`]);
});

test('the contract diff and catalogue since a git ref are read through their adapters; an unknown ref is a configuration error', () => {
  const d = loadContractDiff('HEAD', ROOT, '2026-12-06');
  expect('unavailable' in d).toBe(false);
  if (!('unavailable' in d)) expect(d.base.label).toBe('HEAD');
  expect(loadContractDiff(null, ROOT, '2026-12-06')).toEqual({ unavailable: 'no --base given: contract changes were not compared' });
  expect(() => loadContractDiff('no-such-ref-h22', ROOT, '2026-12-06')).toThrow(ReleaseConfigError);
  expect(readCatalogue(ROOT, 'HEAD').base?.ids.length).toBeGreaterThan(0);
  expect(() => readCatalogue(ROOT, '--upload-pack=x')).toThrow(/not a git ref/);
});

test("the kill-matrix result: the newer of a full run in reports/ and the committed one; npm test's subset sample never shadows it", () => {
  const root = mkdtempSync(join(tmpdir(), 'release-km-'));
  try {
    const write = (rel: string, mode: string, generatedAt = '2026-12-06T00:00:00Z') => {
      mkdirSync(join(root, rel, '..'), { recursive: true });
      writeFileSync(join(root, rel), JSON.stringify({ generatedAt, mode, faults: [], sensitivity: { guarantees: [] } }));
    };
    expect(readKillMatrix(null, root)).toBeNull();
    write('docs/sensitivity/kill-matrix.json', 'full');
    write('reports/kill-matrix/kill-matrix.json', 'subset');
    expect(readKillMatrix(null, root)!.file).toBe(join(root, 'docs/sensitivity/kill-matrix.json'));
    write('reports/kill-matrix/kill-matrix.json', 'full', '2026-12-07T00:00:00Z');
    expect(readKillMatrix(null, root)!.file).toBe(join(root, 'reports/kill-matrix/kill-matrix.json'));
    // A local full run older than the committed result (a catalogue recorded since) does not shadow it.
    write('reports/kill-matrix/kill-matrix.json', 'full', '2026-12-05T00:00:00Z');
    expect(readKillMatrix(null, root)!.file).toBe(join(root, 'docs/sensitivity/kill-matrix.json'));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

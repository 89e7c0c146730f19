// The contract-diff CLI: exit codes (0 nothing unaccepted breaks, 1 something does, 2 usage or
// parse error), a git ref as base, SARIF valid against the SARIF 2.1.0 schema, and the github
// format within GitHub's 10 annotations per level with the full list in the step summary.

import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { diffContracts, diffFindings, diffSarif, loadSources } from '../../scripts/contractDiff/index';
import { sarifValidator } from '../sarifSchema';
import { ADDITIONS_ONLY, all, EDITS, GUARANTEES_TEXT, pairSources, ROOT } from './fixtures';

function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const e: NodeJS.ProcessEnv = { ...process.env, ...env };
  if (e.NODE_OPTIONS && /playwright/i.test(e.NODE_OPTIONS)) delete e.NODE_OPTIONS;
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/contract-diff.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: e,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Many breaking changes at once: more than 10 errors. */
const MANY = all(
  EDITS.pathRemoved,
  EDITS.opRemoved,
  EDITS.resPropRemoved,
  EDITS.paramMadeRequired,
  EDITS.gLowered,
  EDITS.gRemoved,
  EDITS.limitLowered,
  EDITS.limitRemoved,
  EDITS.codeUnregistered,
  EDITS.runCodeRemoved,
  EDITS.aliasDropped,
  EDITS.schemeChanged,
);

function writeHead(dir: string, edit = MANY): string {
  const { head } = pairSources({ head: edit });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'partner-api.yaml'), head.api);
  writeFileSync(join(dir, 'guarantees.yaml'), head.guarantees);
  return dir;
}

test('exit 0 on the identical pair (git ref base) and on additions only (a changelog), 1 on a breaking head, 2 on usage and parse errors', async ({}, info) => {
  const same = cli(['--base', 'HEAD', '--head', 'contracts']);
  expect(same.err).toBe('');
  expect(same.code).toBe(0);
  expect(same.out).toMatch(/OK: nothing breaks/);
  const added = cli(['--base', 'HEAD', '--head', writeHead(info.outputPath('additions'), ADDITIONS_ONLY.head!)]);
  expect(added.code).toBe(0);
  expect(added.out).toMatch(/OK: nothing breaks/);
  expect(added.out).toMatch(/Changelog \(non-breaking\) \(\d+\)/);
  const dir = writeHead(info.outputPath());
  const broken = cli(['--base', 'contracts', '--head', dir, '--format', 'md']);
  expect(broken.code).toBe(1);
  expect(broken.out).toMatch(/BREAKING: \d+ unaccepted/);
  expect(broken.out).toMatch(/response-property-removed:getEvent:200:title/);
  expect(cli(['--base']).code).toBe(2);
  expect(cli(['--base', 'HEAD', '--format', 'xml']).code).toBe(2);
  expect(cli(['--base', 'no-such-ref-xyz']).code).toBe(2);
  writeFileSync(join(dir, 'partner-api.yaml'), 'openapi: 3.1.0\npaths: [unclosed\n');
  const bad = cli(['--base', 'HEAD', '--head', dir]);
  expect(bad.code).toBe(2);
  expect(bad.err).toMatch(/contracts\/partner-api\.yaml/);
});

test('github format: at most 10 annotations per level, a counted "more" line, the full list in the step summary', async ({}, info) => {
  const dir = writeHead(info.outputPath('head'));
  const summary = info.outputPath('summary.md');
  writeFileSync(summary, '');
  const r = cli(['--base', 'contracts', '--head', dir, '--format', 'github'], { GITHUB_STEP_SUMMARY: summary });
  expect(r.code).toBe(1);
  const errors = r.out.split('\n').filter((l) => l.startsWith('::error '));
  expect(errors.length).toBe(10);
  expect(errors.at(-1)).toMatch(/^::error title=\d+ more::\d+ more errors: see the step summary$/);
  expect(errors[0]).toMatch(/^::error file=contracts\/partner-api\.yaml,line=\d+,col=\d+,title=breaking/);
  const md = readFileSync(summary, 'utf8');
  const more = Number(/title=(\d+) more/.exec(errors.at(-1)!)![1]);
  const rows = md.split('\n').filter((l) => /^\| contracts\//.test(l) && /`[a-z-]+`/.test(l));
  expect(rows.length).toBeGreaterThanOrEqual(9 + more);
});

test('SARIF output validates against the SARIF 2.1.0 schema and points at the contract lines', () => {
  const { base, head } = pairSources({ head: MANY });
  const d = diffContracts(base, head);
  const findings = diffFindings(d);
  const log = diffSarif(d) as any;
  expect(sarifValidator()(log)).toEqual([]);
  expect(log.runs[0].results.length).toBe(findings.length);
  expect(log.runs[0].results[0].locations[0].physicalLocation.region.startLine).toBeGreaterThan(0);
  const fromCli = cli(['--base', 'HEAD', '--format', 'sarif']);
  expect(fromCli.code).toBe(0);
  expect(sarifValidator()(JSON.parse(fromCli.out))).toEqual([]);
});

test('loadSources: a git ref reads both files at that ref; paths and the working tree read files', () => {
  const atHead = loadSources({ ref: 'HEAD' }, ROOT);
  expect(atHead.label).toBe('HEAD');
  expect(atHead.guarantees).toBe(GUARANTEES_TEXT);
  expect(loadSources({}, ROOT).label).toBe('working tree');
  expect(() => loadSources({ ref: '--output=x' }, ROOT)).toThrow(/not a git ref/);
});

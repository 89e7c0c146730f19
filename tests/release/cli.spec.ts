// The command-line entry (bin/meshi-conformance.mjs, the npm scripts' entry too): each command's
// --help prints its flags and exit codes; `release` exits 0 (release), 1 (do not), 2 (configuration
// error), and 0 with --dry-run whatever it decides; it writes the decision, its Markdown and SARIF.
// (A CLI exit 0 needs a kill matrix of the real catalogue; the decision's exit 0 is decision.spec.ts's.)

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { killMatrixJson, reportJson, ROOT } from './fixtures';

const BIN = join(ROOT, 'bin/meshi-conformance.mjs');

function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, GITHUB_ACTIONS: '', GITHUB_STEP_SUMMARY: '', ...env },
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('package.json: the bin, and the npm scripts call it', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  expect(pkg.bin).toEqual({ 'meshi-conformance': 'bin/meshi-conformance.mjs' });
  for (const c of ['conformance', 'evidence', 'replay', 'release', 'contract-diff', 'sdk-check'])
    expect(pkg.scripts[c]).toBe(`node bin/meshi-conformance.mjs ${c}`);
  expect(readFileSync(BIN, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
});

test('--help of the entry and of each command prints its flags and exit codes', () => {
  const top = cli(['--help']);
  expect(top.code).toBe(0);
  for (const c of ['conformance', 'evidence', 'contract-diff', 'sdk-check', 'release', 'replay']) expect(top.stdout).toContain(`  ${c}`);
  for (const c of ['conformance', 'evidence', 'contract-diff', 'sdk-check', 'release', 'replay']) {
    const h = cli([c, '--help']);
    expect(h.code, c).toBe(0);
    expect(h.stdout, c).toMatch(/^usage: /);
    expect(h.stdout, c).toMatch(/--[a-z]/);
    expect(h.stdout, c).toMatch(/^exit: .*\b2\b/m);
  }
  const unknown = cli(['deploy']);
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toMatch(/unknown command "deploy"/);
});

test('release: exit 1 (do not release) and 2 (configuration error), --dry-run 0, and the files it writes (exit 0: decision.spec.ts)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'release-cli-'));
  try {
    const fresh = reportJson({ finishedHoursAgo: 0 });
    fresh.run.finishedAt = new Date().toISOString();
    mkdirSync(join(dir, 'good'));
    writeFileSync(join(dir, 'good/conformance-report.json'), JSON.stringify(fresh));
    const km = killMatrixJson();
    writeFileSync(join(dir, 'km.json'), JSON.stringify(km));
    const stale = reportJson({ finishedHoursAgo: 0 });
    stale.run.finishedAt = new Date(Date.now() - 40 * 3_600_000).toISOString();
    mkdirSync(join(dir, 'stale'));
    writeFileSync(join(dir, 'stale/conformance-report.json'), JSON.stringify(stale));

    const no = cli(['release', '--report', join(dir, 'stale'), '--kill-matrix', join(dir, 'km.json'), '--out', join(dir, 'out')]);
    expect(no.code, no.stderr).toBe(1);
    expect(no.stdout).toMatch(/^RELEASE DECISION: DO NOT RELEASE \(exit 1\)$/m);
    expect(no.stdout).toMatch(/^conformance\s+fail\s+.*stale/m);
    expect(no.stdout).toMatch(/^contract-changes\s+unknown\s+no --base given/m);
    for (const f of ['release-decision.json', 'release-decision.md', 'release.sarif'])
      expect(existsSync(join(dir, 'out', f)), f).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'out/release-decision.json'), 'utf8')).exitCode).toBe(1);

    const longer = cli(['release', '--report', join(dir, 'stale'), '--kill-matrix', join(dir, 'km.json'), '--out', join(dir, 'out')], {
      MESHI_RELEASE_MAX_AGE_HOURS: '48',
    });
    expect(longer.stdout).toMatch(/^conformance\s+pass/m);

    const dry = cli(['release', '--dry-run', '--report', join(dir, 'stale'), '--out', join(dir, 'out')]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^RELEASE DECISION \(dry run\): DO NOT RELEASE — would exit 1; --dry-run exits 0$/m);

    const bad = cli(['release', '--report', join(dir, 'missing')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/configuration error: --report .*missing: no such file or folder/);
    expect(cli(['release', '--frobnicate']).code).toBe(2);
    expect(cli(['release', '--report', join(dir, 'good')], { MESHI_RELEASE_MAX_AGE_HOURS: 'soon' }).code).toBe(2);
    expect(cli(['release', '--dry-run', '--report', join(dir, 'missing')]).code).toBe(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

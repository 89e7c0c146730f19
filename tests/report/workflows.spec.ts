// The CI workflows parse and have what the nightly run and the SDK release gate need.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { parse } from 'yaml';
import { KEY_ENV } from '../../harness/settings/config';
import { ROOT } from './helpers';

type Step = {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  if?: string;
};
type Job = {
  needs?: string | string[];
  if?: string;
  strategy?: { matrix?: Record<string, unknown>; 'fail-fast'?: boolean };
  env?: Record<string, string>;
  steps: Step[];
  outputs?: Record<string, string>;
  environment?: string;
};
type Workflow = {
  name: string;
  on: Record<string, any>;
  env?: Record<string, string>;
  jobs: Record<string, Job>;
  permissions?: Record<string, string>;
};

function load(name: string): { text: string; wf: Workflow } {
  const text = readFileSync(join(ROOT, '.github/workflows', name), 'utf8');
  return { text, wf: parse(text) as Workflow };
}

const KEY_VARS = Object.values(KEY_ENV);

/** Secrets only ever reach `env:` maps — never a `run:` script, `with:` input or command line. */
function expectSecretsOnlyInEnv(wf: Workflow) {
  for (const [jobName, job] of Object.entries(wf.jobs)) {
    for (const step of job.steps) {
      expect(step.run ?? '', `${jobName}/${step.name ?? step.uses}`).not.toMatch(/secrets\./);
      expect(JSON.stringify(step.with ?? {}), `${jobName}/${step.name ?? step.uses}`).not.toMatch(/secrets\./);
      for (const v of KEY_VARS) expect(step.run ?? '', `${jobName} echoes ${v}`).not.toMatch(new RegExp(`echo[^\\n]*\\$\\{?${v}\\b`));
    }
  }
}

test('nightly-staging.yml: schedule, secrets as env, sharded blob reports, merge, gate, summary, artefact, trend', () => {
  const { wf } = load('nightly-staging.yml');
  expect(wf.on.schedule?.[0]?.cron).toMatch(/^\S+ \S+ \S+ \S+ \S+$/);
  expect(wf.on).toHaveProperty('workflow_dispatch');
  expect(wf.env?.MESHI_BASE_URL).toMatch(/staging/);

  const shardJob = Object.values(wf.jobs).find((j) => j.strategy?.matrix?.shard)!;
  expect(shardJob, 'a sharded job').toBeTruthy();
  const shards = shardJob.strategy!.matrix!.shard as number[];
  expect(shards.length).toBeGreaterThan(1);
  expect(shardJob.strategy!['fail-fast']).toBe(false);
  expect(String(wf.env?.SHARDS)).toBe(String(shards.length));
  for (const v of KEY_VARS) expect(shardJob.env?.[v], v).toBe(`\${{ secrets.${v} }}`);
  expect(shardJob.env?.MESHI_RUN_NAMESPACE).toContain('${{ matrix.shard }}');
  const run = shardJob.steps.find((s) => s.run?.includes('npm run conformance'))!;
  expect(run.run).toMatch(/--shard=\$\{\{ matrix\.shard \}\}\/\$\{\{ env\.SHARDS \}\}/);
  expect(run.run).toMatch(/--blob-dir blob-report/);
  const upload = shardJob.steps.find((s) => s.uses?.startsWith('actions/upload-artifact'))!;
  expect(upload.with?.name).toBe('blob-report-${{ matrix.shard }}');
  expect(upload.with?.path).toBe('blob-report');
  expect(upload.if).toMatch(/!cancelled\(\)/);

  const [mergeName, merge] = Object.entries(wf.jobs).find(([, j]) => j.steps.some((s) => s.run?.includes('merge-conformance')))!;
  const shardJobName = Object.entries(wf.jobs).find(([, j]) => j === shardJob)![0];
  expect([merge.needs].flat()).toContain(shardJobName);
  expect(merge.if).toMatch(/!cancelled\(\)/);
  const download = merge.steps.find((s) => s.uses?.startsWith('actions/download-artifact'))!;
  expect(download.with).toMatchObject({ pattern: 'blob-report-*', 'merge-multiple': true });
  const gate = merge.steps.find((s) => s.run?.includes('merge-conformance'))!;
  expect(gate.id).toBe('gate');
  expect(gate.run).toMatch(/--gate/);
  expect(gate.run).toMatch(/--history history/);
  expect(gate.run).toMatch(/exit-code=\$code" >> "\$GITHUB_OUTPUT"/);
  expect(merge.steps.some((s) => /gh run (list|download)/.test(s.run ?? '') && s.run!.includes('conformance-report'))).toBe(true);
  // The merge writes the job summary itself (reporter/ci/publishRun.ts): a second copy would repeat it.
  expect(merge.steps.some((s) => /summary\.md >> "\$GITHUB_STEP_SUMMARY"/.test(s.run ?? ''))).toBe(false);
  const report = merge.steps.find((s) => s.uses?.startsWith('actions/upload-artifact'))!;
  expect(report.with?.name).toBe('conformance-report');
  for (const f of ['conformance-report.json', 'summary.md', 'report.html', 'junit.xml', 'observations.json'])
    expect(String(report.with?.path)).toContain(f);
  expect(merge.steps.at(-1)!.if).toMatch(/steps\.gate\.outputs\.exit-code != '0'/);
  expect(merge.outputs?.['exit-code']).toBe('${{ steps.gate.outputs.exit-code }}');
  expect(wf.permissions).toMatchObject({ contents: 'read', actions: 'read' });
  expect(mergeName).toBeTruthy();
  expectSecretsOnlyInEnv(wf);
});

// sdk-release-gate.yml: tests/release/workflow.spec.ts

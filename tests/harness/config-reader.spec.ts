// The one settings reader (harness/settings): nothing else reads MESHI_* variables; a setting means
// the same to every reader; the production guard compares normalised hosts; a rejected value is
// never echoed; the settings the other parts need (MESHI_SHARDS) and the run identity.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test, expect } from '@playwright/test';
import { productionHosts } from '../../contract';
import { loadConfig } from '../../harness/settings/config';
import { ConfigError } from '../../harness/settings/configError';
import { configError } from './helpers';
import { exportSetting, knownVariables, pinRunIdentity, readSettings, setting } from '../../harness/settings';
import ConformanceReporter from '../../reporter/index';
import { deriveTarget } from '../../reporter/deviations';

const ROOT = new URL('../..', import.meta.url).pathname;
const KEY = 'sk_unit_write_0123456789abcdef';
const READER = 'harness/settings/';
/** This file: its patterns and samples spell out reads on purpose. */
const SELF = relative(ROOT, new URL(import.meta.url).pathname);

// ---------------------------------------------------------------------------------------------
// One reader

/** Ways source code reads a MESHI_* variable (writes into a child's environment are not reads). */
const READS: readonly RegExp[] = [
  /process\.env\s*(?:\??\.\s*|\[\s*['"`])MESHI_/, // process.env.MESHI_X, process.env['MESHI_X'] (read or write)
  /process\.env\s*\[\s*[^'"`\s]/, // process.env[name]: any variable, MESHI_* included
  /(?<![\w.$]|delete )env\??\.MESHI_\w+\b(?!\s*=(?!=))/, // env.MESHI_X on a copy of the environment, unless assigned
  /(?<![\w.$]|delete )env\[\s*(?:['"`]MESHI_|KEY_ENV|limitEnvName)[^\]]*\]+(?![\]\s]*=(?!=))/, // env['MESHI_X'], env[KEY_ENV[k]], env[limitEnvName(l)]
];

function readsOf(text: string): string[] {
  return text.split('\n').filter((line) => READS.some((re) => re.test(line)));
}

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'generated' || e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) sourceFiles(p, out);
    else if (/\.(?:[cm]?ts|[cm]?js)$/.test(e.name)) out.push(p);
  }
  return out;
}

test('the read detector flags reads and only reads', () => {
  for (const line of [
    'const a = process.env.MESHI_SEED;',
    "x(process.env['MESHI_SEED'])",
    'const v = process.env[name];',
    'return env.MESHI_BASE_URL ?? "x";',
    'if (env.MESHI_SEED === "1") {}',
    'env.MESHI_RUN_NAMESPACE ||= "n";',
    '!env[KEY_ENV[role]]',
    'x = env[KEY_ENV[role]] ?? y;',
    "const q = env['MESHI_RATE_LIMIT_QUOTA'];",
  ]) {
    expect(readsOf(line), line).toHaveLength(1);
  }
  for (const line of [
    'env.MESHI_BASE_URL = url;',
    'if (key) env[KEY_ENV[role]] = key;',
    'delete env.MESHI_FC_PATH;',
    "env[limitEnvName('rateLimitQuota')] = '5';",
    'wf.env?.MESHI_BASE_URL',
    "{ MESHI_SEED: '1' }",
    "setting('MESHI_SEED')",
    'const ci = process.env.CI;',
  ]) {
    expect(readsOf(line), line).toEqual([]);
  }
});

test('no file outside harness/settings reads a MESHI_* variable', () => {
  const offenders: string[] = [];
  for (const file of sourceFiles(ROOT)) {
    const rel = relative(ROOT, file);
    if (rel.startsWith(READER) || rel === SELF) continue;
    for (const line of readsOf(readFileSync(file, 'utf8'))) offenders.push(`${rel}: ${line.trim()}`);
  }
  expect(offenders, 'read MESHI_* settings through harness/settings (setting(), readSettings(), getConfig())').toEqual([]);
});

test('MESHI_BUNDLED_MOCK=yes means the same to the harness, the deviations target and the report', () => {
  for (const spelling of ['1', 'true', 'yes', 'on', 'YES', ' On ']) {
    const env = { MESHI_BASE_URL: 'http://127.0.0.1:1234', MESHI_BUNDLED_MOCK: spelling };
    expect(loadConfig(env).target, spelling).toBe('bundled-mock');
    expect(deriveTarget(env), spelling).toBe('mock');
  }
  for (const spelling of ['0', 'false', 'no', 'off']) {
    const env = { MESHI_BASE_URL: 'http://127.0.0.1:1234', MESHI_BUNDLED_MOCK: spelling, MESHI_PARTNER_KEY: KEY };
    expect(loadConfig(env).target, spelling).toBe('external');
    expect(deriveTarget(env), spelling).toBe('other');
  }
  expect(configError(() => setting('MESHI_BUNDLED_MOCK', { MESHI_BUNDLED_MOCK: 'maybe' })).variable).toBe('MESHI_BUNDLED_MOCK');

  // The reporter reads the process environment: set it through the reader, restore it after.
  const before = { ...process.env };
  try {
    exportSetting('MESHI_BASE_URL', 'http://127.0.0.1:1234');
    exportSetting('MESHI_BUNDLED_MOCK', 'yes');
    const report = new ConformanceReporter({ outputDir: test.info().outputPath('r'), runId: 'bundled-yes' }).build({
      status: 'passed',
      startTime: new Date(),
    });
    expect(report.run.target).toMatchObject({ name: 'mock', kind: 'bundled-mock' });
  } finally {
    for (const name of ['MESHI_BASE_URL', 'MESHI_BUNDLED_MOCK']) exportSetting(name, before[name]);
  }
});

// ---------------------------------------------------------------------------------------------
// Production guard

test('the production guard sees through spellings of the production host', () => {
  const host = productionHosts()[0]!;
  const spellings = [
    `https://${host.toUpperCase()}./`,
    `https://${host}./api/v0/partner`,
    `https://${host}:443/`,
    `https://${host}.:443/api/v0/partner`,
    `http://${host}:80/`,
    `https://${host}:8443/`,
    `https://${host.replace(/\./g, '%2E')}/`,
    `https://${host.replace(/\./g, '\u3002')}/`,
    `https://${host}../`,
  ];
  for (const url of spellings) {
    const e = configError(() => loadConfig({ MESHI_BASE_URL: url, MESHI_PARTNER_KEY: KEY }));
    expect(e.variable, url).toBe('MESHI_BASE_URL');
    expect(e.message, url).toContain('MESHI_ALLOW_PRODUCTION=1');
    const allowed = loadConfig({ MESHI_BASE_URL: url, MESHI_PARTNER_KEY: KEY, MESHI_ALLOW_PRODUCTION: 'yes' });
    expect(allowed.production && allowed.readOnly, url).toBe(true);
    expect(deriveTarget({ MESHI_BASE_URL: url }), url).toBe('production');
  }
  for (const url of [`https://${host}.evil.example/`, `https://staging-${host}/`, 'https://api.staging.meshi.io./']) {
    expect(loadConfig({ MESHI_BASE_URL: url, MESHI_PARTNER_KEY: KEY }).production, url).toBe(false);
  }
});

// ---------------------------------------------------------------------------------------------
// Never echo a value

test('a rejected value is never echoed, whatever the variable: the message says what is wrong', () => {
  const secret = 'sk_live_4f9a8b7c6d5e4f3a2b1c';
  const fragments = Array.from({ length: secret.length - 7 }, (_, i) => secret.slice(i, i + 8));
  let rejected = 0;
  for (const variable of knownVariables()) {
    for (const value of [secret, `${secret}:tail`, `https://x.example/?k=${secret}`, `Bearer ${secret}`]) {
      let message: string | null = null;
      try {
        readSettings({ [variable]: value });
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        message = e.message;
      }
      if (message === null) continue;
      rejected++;
      expect(message.startsWith(`${variable}: `), message).toBe(true);
      expect(message.split('\n'), 'one line').toHaveLength(1);
      expect(
        fragments.filter((f) => message!.includes(f)),
        `${variable} echoes part of the value: ${message}`,
      ).toEqual([]);
    }
  }
  expect(rejected, 'most settings reject a key-shaped value').toBeGreaterThan(knownVariables().length);
  const e = configError(() => loadConfig({ MESHI_BASE_URL: secret }));
  expect(e.message).toMatch(/^MESHI_BASE_URL: expected an absolute http\(s\) URL .*\(\d+ characters, not shown\) is not a URL$/);
});

// ---------------------------------------------------------------------------------------------
// Settings for the other parts, and the run identity

test('MESHI_SHARDS: an integer ≥ 1, default 1', () => {
  expect(setting('MESHI_SHARDS', {})).toBe(1);
  expect(loadConfig({ MESHI_SHARDS: '4' }).shards).toBe(4);
  for (const bad of ['0', '-1', 'two', '1.5'])
    expect(configError(() => setting('MESHI_SHARDS', { MESHI_SHARDS: bad })).variable).toBe('MESHI_SHARDS');
});

test('pinRunIdentity computes the defaults once and keeps (validated) values already set', () => {
  const env: NodeJS.ProcessEnv = {};
  const first = pinRunIdentity(env);
  expect(first.namespace).toMatch(/^ct[0-9a-z]+$/);
  expect(pinRunIdentity(env)).toEqual(first);
  expect(loadConfig(env)).toMatchObject({ runNamespace: first.namespace, seed: first.seed });
  expect(pinRunIdentity({ MESHI_RUN_NAMESPACE: 'nightly.7', MESHI_SEED: '42' })).toEqual({ namespace: 'nightly.7', seed: 42 });
  expect(configError(() => pinRunIdentity({ MESHI_SEED: 'abc' })).variable).toBe('MESHI_SEED');
});

// Configuration: MOCK_* variables and CLI flags, the CLI's announcement, configured transient
// failures (503 SERVICE_UNAVAILABLE + Retry-After) and added latency.

import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { C, expect, expectCode, test } from './helpers';
import { configFromArgs, configFromEnv, defaultConfig, OPTIONS, patchConfig, resolveConfig } from '../../mock/config';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

test('defaults of configurable limits come from the contract', () => {
  const d = defaultConfig();
  expect(d.rateLimit).toEqual({ quota: C.limits.rateLimitQuota, windowSeconds: C.limits.rateLimitWindowSeconds });
  expect(d.rateLimitKey).toEqual({ quota: C.limits.rateLimitKeyQuota, windowSeconds: C.limits.rateLimitKeyWindowSeconds });
  expect(d.matchTopK).toBe(C.limits.matchTopK);
  expect(d.logRequests).toBe(false);
  expect(d.faults).toEqual([]);
});

test('MOCK_* variables and flags parse into the config; flags win over variables', () => {
  const env = configFromEnv({
    MOCK_PORT: '9001',
    MOCK_RATE_LIMIT_QUOTA: '7',
    MOCK_RATE_LIMIT_KEY_WINDOW_SECONDS: '1',
    MOCK_CAPS: 'maxBodyBytes=1000,importMaxRows=5',
    MOCK_FAULTS: 'alias-404, corr-mismatch',
    MOCK_LOG_REQUESTS: 'true',
    MOCK_TRANSIENT_FAILURE_RATE: '0.25',
  });
  const flags = configFromArgs([
    '--port',
    '9002',
    '--rate-limit-window=5',
    '--log-requests',
    '--caps',
    '{"maxBodyBytes":2000}',
    '--queued-ms',
    '0',
  ]);
  const c = resolveConfig(env, flags);
  expect(c).toMatchObject({
    port: 9002,
    logRequests: true,
    transientFailureRate: 0.25,
    queuedMs: 0,
    faults: ['alias-404', 'corr-mismatch'],
  });
  expect(c.rateLimit).toEqual({ quota: 7, windowSeconds: 5 });
  expect(c.rateLimitKey.windowSeconds).toBe(1);
  expect(c.caps).toEqual({ maxBodyBytes: 2000, importMaxRows: 5 });
  expect(() => configFromArgs(['--nope'])).toThrow(/unknown option/);
  expect(() => configFromArgs(['--port', 'abc'])).toThrow(/port/);
  expect(() => configFromEnv({ MOCK_TRANSIENT_FAILURE_RATE: '2' })).toThrow();
});

test('one parser per option: the environment and PATCH /__mock/config accept and refuse the same values', () => {
  const samples: readonly (readonly [string, unknown])[] = [
    ['-1', -1],
    ['0', 0],
    ['0.0005', 0.0005],
    ['0.5', 0.5],
    ['1', 1],
    ['2.5', 2.5],
    ['65536', 65536],
    ['true', true],
    ['false', false],
    ['gateway', 'gateway'],
    ['maybe', 'maybe'],
  ];
  const accepted = (f: () => unknown) => {
    try {
      f();
      return true;
    } catch {
      return false;
    }
  };
  const patchable = OPTIONS.filter((o) => o.patchable && o.key !== 'caps');
  expect(patchable.length).toBeGreaterThan(10);
  for (const o of patchable) {
    // Text spells booleans 1/0 too; JSON has its own booleans.
    const boolean = accepted(() => configFromEnv({ [o.env]: 'true' })) && !accepted(() => configFromEnv({ [o.env]: '2.5' }));
    for (const [raw, json] of samples) {
      if (boolean && (raw === '0' || raw === '1')) continue;
      const patch = o.part ? { [o.key]: { [o.part]: json } } : { [o.key]: json };
      expect(patchConfig(resolveConfig(), patch).length === 0, `${o.env}=${raw}`).toBe(accepted(() => configFromEnv({ [o.env]: raw })));
    }
  }
});

test('the CLI prints MOCK_URL first, then the bases and keys, and serves', async () => {
  const loader = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
  const env: NodeJS.ProcessEnv = { ...process.env, MOCK_FAULTS: 'alias-404' };
  delete env.NODE_OPTIONS;
  const child = spawn(process.execPath, ['--import', loader, join(ROOT, 'mock/main.ts'), '--port', '0'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const out = await new Promise<string>((resolveOut, reject) => {
      let text = '';
      child.stdout!.on('data', (d: Buffer) => {
        text += d.toString();
        if (text.includes('MOCK_FAULTS_ON=')) resolveOut(text);
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}`)));
    });
    const lines = out.trim().split('\n');
    expect(lines[0]).toMatch(/^MOCK_URL=http:\/\/127\.0\.0\.1:\d+$/);
    const vars = Object.fromEntries(lines.map((l) => l.split(/=(.*)/s).slice(0, 2)));
    expect(vars.MOCK_BASE_URL).toBe(`${vars.MOCK_URL}${C.basePath}`);
    expect(vars.MOCK_KEY_WRITE).toBe('mk_test_org_a_write');
    expect(vars.MOCK_KEY_ORG_B).toBe('mk_test_org_b_write');
    expect(vars.MOCK_FAULTS_ON).toBe('alias-404');
    const r = await fetch(`${vars.MOCK_BASE_URL}/auth`, { headers: { authorization: `Bearer ${vars.MOCK_KEY_WRITE}` } });
    expect(r.status).toBe(200);
  } finally {
    child.kill('SIGTERM');
  }
});

test.describe('transient failures', () => {
  test.use({ mockOptions: { transientFailureRate: 1 } });

  test('configured reads are answered 503 SERVICE_UNAVAILABLE with Retry-After; writes are not', async ({ api }) => {
    const r = await api.get('/auth');
    expectCode(r, 503, 'SERVICE_UNAVAILABLE');
    expect(Number(r.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect((await api.call('HEAD', '/events')).status).toBe(503);
    expect((await api.post('/events', { event_id: 'w', title: 't' })).status).toBe(201);
    await api.admin('PATCH', '/config', { transientFailureRate: 0 });
    expect((await api.get('/events/w')).status).toBe(200);
  });

  test('a partial rate is deterministic for a seed', async ({ api }) => {
    await api.admin('PATCH', '/config', { transientFailureRate: 0.5, seed: 42 });
    const a: number[] = [];
    for (let i = 0; i < 40; i++) a.push((await api.get('/auth', { conform: true })).status);
    await api.admin('PATCH', '/config', { seed: 43 });
    await api.admin('PATCH', '/config', { seed: 42 });
    const b: number[] = [];
    for (let i = 0; i < 40; i++) b.push((await api.get('/auth')).status);
    expect(a).toEqual(b);
    expect(a.filter((s) => s === 503).length).toBeGreaterThan(5);
    expect(a.filter((s) => s === 200).length).toBeGreaterThan(5);
  });
});

test.describe('added latency', () => {
  test.use({ mockOptions: { addedLatencyMs: 120 } });
  test('every partner response waits the configured latency', async ({ api }) => {
    const t = performance.now();
    await api.get('/auth');
    expect(performance.now() - t).toBeGreaterThanOrEqual(110);
  });
});

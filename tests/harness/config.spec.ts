// Configuration parsing: defaults from the contract, overrides, malformed settings (ConfigError
// naming the variable, never the key), the production guard and the available profiles.
import { test, expect } from '@playwright/test';
import { contract } from '../../contract';
import {
  availableProfiles,
  describeTarget,
  knownVariables,
  limitEnvName,
  loadConfig,
  profileUnavailableReason,
  PROFILES,
  rootOf,
} from '../../harness/settings/config';
import { configError } from './helpers';

const KEY = 'sk_unit_write_0123456789abcdef';
const external = (env: Record<string, string> = {}) =>
  loadConfig({ MESHI_BASE_URL: 'https://api.staging.meshi.io', MESHI_PARTNER_KEY: KEY, ...env });
const mockKeys = { write: 'mk_w', read: 'mk_r', orgB: 'mk_b', rateLimit: 'mk_rl', disabled: 'mk_d', userToken: 'mk_u', noOrg: 'mk_n' };

test('limits default to the contract and are overridden by MESHI_<UPPER_SNAKE>', () => {
  const c = external();
  expect(c.limits).toEqual(contract.limits);
  expect(limitEnvName('importMaxRows')).toBe('MESHI_IMPORT_MAX_ROWS');
  expect(limitEnvName('maxBodyBytes')).toBe('MESHI_MAX_BODY_BYTES');
  expect(limitEnvName('rateLimitWindowSeconds')).toBe('MESHI_RATE_LIMIT_WINDOW_SECONDS');
  const o = external({ MESHI_IMPORT_MAX_ROWS: '50', MESHI_RATE_LIMIT_QUOTA: '1000' });
  expect(o.limits.importMaxRows).toBe(50);
  expect(o.limits.rateLimitQuota).toBe(1000);
  for (const name of ['MESHI_IMPORT_MAX_ROWS', 'MESHI_MAX_BODY_BYTES', 'MESHI_RATE_LIMIT_WINDOW_SECONDS', 'MESHI_RATE_LIMIT_QUOTA'])
    expect(knownVariables()).toContain(name);
});

test('the base URL may be the root or the full base; current and alias bases are derived', () => {
  for (const url of [
    'https://api.staging.meshi.io',
    'https://api.staging.meshi.io/',
    `https://api.staging.meshi.io${contract.basePath}`,
    `https://api.staging.meshi.io${contract.aliasBasePath}/`,
  ]) {
    const c = external({ MESHI_BASE_URL: url });
    expect(c.rootUrl, url).toBe('https://api.staging.meshi.io');
    expect(c.baseUrl).toBe(`https://api.staging.meshi.io${contract.basePath}`);
    expect(c.aliasUrl).toBe(`https://api.staging.meshi.io${contract.aliasBasePath}`);
  }
  expect(rootOf(new URL('http://gw.example/proxy'))).toBe('http://gw.example/proxy');
  expect(external().target).toBe('external');
});

test('without MESHI_BASE_URL the bundled mock is the target, with its seeded keys', () => {
  const c = loadConfig({}, { mockKeys });
  expect(c.target).toBe('bundled-mock');
  expect(c.baseUrl).toBeNull();
  expect(c.keys).toEqual(mockKeys);
  expect(availableProfiles(c)).toEqual([...PROFILES]);
  const explicit = loadConfig({ MESHI_PARTNER_READ_KEY: 'mine' }, { mockKeys });
  expect(explicit.keys.read).toBe('mine');
});

test('the seeded keys file of the mock is read by default', () => {
  const c = loadConfig({});
  expect(c.keys.write).toBeTruthy();
});

test('malformed settings throw ConfigError naming the variable', () => {
  const cases: [Record<string, string>, string][] = [
    [{ MESHI_BASE_URL: 'not a url' }, 'MESHI_BASE_URL'],
    [{ MESHI_BASE_URL: 'ftp://x.example' }, 'MESHI_BASE_URL'],
    [{ MESHI_BASE_URL: 'https://x.example/?a=1' }, 'MESHI_BASE_URL'],
    [{ MESHI_IMPORT_MAX_ROWS: 'many' }, 'MESHI_IMPORT_MAX_ROWS'],
    [{ MESHI_MAX_BODY_BYTES: '-1' }, 'MESHI_MAX_BODY_BYTES'],
    [{ MESHI_RUN_TIMEOUT_MS: '1.5' }, 'MESHI_RUN_TIMEOUT_MS'],
    [{ MESHI_REQUEST_TIMEOUT_MS: '0' }, 'MESHI_REQUEST_TIMEOUT_MS'],
    [{ MESHI_ALLOW_PRODUCTION: 'maybe' }, 'MESHI_ALLOW_PRODUCTION'],
    [{ MESHI_RUN_NAMESPACE: 'has space' }, 'MESHI_RUN_NAMESPACE'],
    [{ MESHI_RUN_NAMESPACE: '-leading' }, 'MESHI_RUN_NAMESPACE'],
    [{ MESHI_RUN_NAMESPACE: 'x'.repeat(41) }, 'MESHI_RUN_NAMESPACE'],
    [{ MESHI_SEED: 'abc' }, 'MESHI_SEED'],
    [{ MESHI_ADMIN_URL: 'http://127.0.0.1:1/__mock' }, 'MESHI_ADMIN_URL'],
  ];
  for (const [env, variable] of cases) {
    const e = configError(() => external(env));
    expect(e.variable, JSON.stringify(env)).toBe(variable);
    expect(e.message.startsWith(`${variable}: `)).toBe(true);
  }
});

test('a malformed key is reported without its value', () => {
  for (const bad of [`Bearer ${KEY}`, `${KEY} x`, ` ${KEY}`]) {
    const e = configError(() => external({ MESHI_PARTNER_READ_KEY: bad }));
    expect(e.variable).toBe('MESHI_PARTNER_READ_KEY');
    expect(e.message).not.toContain(KEY);
  }
  const missing = configError(() => loadConfig({ MESHI_BASE_URL: 'https://api.staging.meshi.io' }));
  expect(missing.variable).toBe('MESHI_PARTNER_KEY');
});

test('production guard: the production host is refused unless MESHI_ALLOW_PRODUCTION=1, then read-only', () => {
  const prodServer = contract.servers.find((s) => /prod/i.test(s.description));
  expect(prodServer, 'the contract declares a production server').toBeTruthy();
  const host = new URL(prodServer!.url).hostname;
  const e = configError(() => external({ MESHI_BASE_URL: `https://${host}` }));
  expect(e.variable).toBe('MESHI_BASE_URL');
  expect(e.message).toContain('MESHI_ALLOW_PRODUCTION=1');
  configError(() => external({ MESHI_BASE_URL: `https://${host.toUpperCase()}/api/v0/partner`, MESHI_ALLOW_PRODUCTION: '0' }));

  const c = external({
    MESHI_BASE_URL: `https://${host}/api/v0/partner`,
    MESHI_ALLOW_PRODUCTION: '1',
    MESHI_PARTNER_READ_KEY: 'r',
    MESHI_RATE_LIMIT_KEY: 'rl',
  });
  expect(c.production).toBe(true);
  expect(c.readOnly).toBe(true);
  expect(availableProfiles(c)).not.toContain('writes');
  expect(availableProfiles(c)).not.toContain('exhausts-rate-limit');
  expect(availableProfiles(c)).toContain('read-key');
  expect(profileUnavailableReason(c, 'writes')).toMatch(/^not exercised: read-only target/);
  expect(external().production).toBe(false);
});

test('profiles follow the configured keys', () => {
  const c = external({ MESHI_PARTNER_READ_KEY: 'r' });
  expect(availableProfiles(c)).toEqual(['read-key', 'writes']);
  expect(profileUnavailableReason(c, 'second-org')).toBe('not exercised: no MESHI_PARTNER_KEY_ORG_B');
  expect(profileUnavailableReason(c, 'no-org-key')).toBe('not exercised: no MESHI_NO_ORG_KEY');
});

test('the run namespace defaults to ct + timestamp + random; unknown MESHI_ variables are listed', () => {
  const a = external();
  const b = external();
  expect(a.runNamespace).toMatch(/^ct[0-9a-z]+$/);
  expect(a.runNamespace).not.toBe(b.runNamespace);
  expect(external({ MESHI_RUN_NAMESPACE: 'nightly.42' }).runNamespace).toBe('nightly.42');
  expect(external({ MESHI_PARTNER_KEY_READ: 'typo' }).unknownVariables).toEqual(['MESHI_PARTNER_KEY_READ']);
});

test('describeTarget never contains a key', () => {
  const c = external({ MESHI_PARTNER_READ_KEY: 'sk_read_secret_value' });
  const d = describeTarget(c);
  expect(d).not.toContain(KEY);
  expect(d).not.toContain('sk_read_secret_value');
  expect(d).toContain('keys=[write,read]');
});

test('the process-wide config is loaded lazily from process.env and shared', async () => {
  const { config, getConfig } = await import('../../harness/settings/config');
  expect(config.runNamespace).toBe(getConfig().runNamespace);
  expect(Object.keys(config)).toEqual(Object.keys(getConfig()));
  expect('limits' in config).toBe(true);
});

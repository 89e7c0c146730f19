// The harness configuration: which target, which keys, which limits. Read from the environment
// (and a `.env` file through dotenv; see .env.example for every setting). `loadConfig(env)` is
// pure; `config` is the process-wide instance. A malformed setting throws ConfigError naming the
// variable; a key's value is never part of any message.

import 'dotenv/config';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { contract, productionHosts } from '../contract';
import { ConfigError } from './errors';

export const KEY_NAMES = ['write', 'read', 'orgB', 'rateLimit', 'disabled', 'userToken', 'noOrg'] as const;
export type KeyName = (typeof KEY_NAMES)[number];

/** The environment variable holding each key. */
export const KEY_ENV: Readonly<Record<KeyName, string>> = {
  write: 'MESHI_PARTNER_KEY',
  read: 'MESHI_PARTNER_READ_KEY',
  orgB: 'MESHI_PARTNER_KEY_ORG_B',
  rateLimit: 'MESHI_RATE_LIMIT_KEY',
  disabled: 'MESHI_DISABLED_KEY',
  userToken: 'MESHI_USER_TOKEN_KEY',
  noOrg: 'MESHI_NO_ORG_KEY',
};

export const PROFILES = ['read-key', 'second-org', 'exhausts-rate-limit', 'writes', 'disabled-key', 'user-token-key', 'no-org-key'] as const;
export type ProfileName = (typeof PROFILES)[number];

/** The key each profile needs. */
export const PROFILE_KEY: Readonly<Record<ProfileName, KeyName>> = {
  'read-key': 'read',
  'second-org': 'orgB',
  'exhausts-rate-limit': 'rateLimit',
  writes: 'write',
  'disabled-key': 'disabled',
  'user-token-key': 'userToken',
  'no-org-key': 'noOrg',
};

export type Keys = Readonly<Record<KeyName, string | null>>;

export interface HarnessConfig {
  /** `bundled-mock`: the mock started by globalSetup (or to be started); `external`: MESHI_BASE_URL. */
  readonly target: 'bundled-mock' | 'external';
  /** Origin plus any prefix in front of the API base paths, e.g. `https://api.staging.meshi.io`; null until the bundled mock runs. */
  readonly rootUrl: string | null;
  /** Current base, e.g. `https://api.staging.meshi.io/api/v0/partner`. */
  readonly baseUrl: string | null;
  /** Legacy alias base, e.g. `https://api.staging.meshi.io/v0/partner`. */
  readonly aliasUrl: string | null;
  /** Mock admin API (`…/__mock`), only for the bundled mock. */
  readonly adminUrl: string | null;
  /** The base URL's host is a production host of the contract servers. */
  readonly production: boolean;
  /** Only read-only guarantees run (production with MESHI_ALLOW_PRODUCTION=1): no POST/PUT is sent. */
  readonly readOnly: boolean;
  readonly keys: Keys;
  /** Every contract limit, overridden by MESHI_<UPPER_SNAKE_NAME> (e.g. MESHI_IMPORT_MAX_ROWS). */
  readonly limits: Readonly<Record<string, number>>;
  /** Prefix of every partner-owned ID and correlation ID this run creates. */
  readonly runNamespace: string;
  /** Budget for pollRun to reach a terminal run status. */
  readonly runTimeoutMs: number;
  /** Timeout of one HTTP request. */
  readonly requestTimeoutMs: number;
  /** Budget of transient retries of one set-up call. */
  readonly setupRetryBudgetMs: number;
  /** Test retries granted to tests that failed transiently (playwright.config.ts). */
  readonly transientRetries: number;
  /** Seed for generators (fast-check) and any harness randomness. */
  readonly seed: number;
  /** Catalogue faults the bundled mock runs with (MESHI_MOCK_FAULTS, comma-separated); empty when none. */
  readonly mockFaults: readonly string[];
  /** MESHI_* variables that are not settings (probably typos). */
  readonly unknownVariables: readonly string[];
}

type Env = Readonly<Record<string, string | undefined>>;

/** `importMaxRows` → `MESHI_IMPORT_MAX_ROWS`. */
export function limitEnvName(limit: string): string {
  return `MESHI_${limit.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}`;
}

const FIXED_VARIABLES = [
  'MESHI_BASE_URL',
  'MESHI_ALLOW_PRODUCTION',
  'MESHI_ADMIN_URL',
  'MESHI_BUNDLED_MOCK',
  'MESHI_RUN_NAMESPACE',
  'MESHI_RUN_TIMEOUT_MS',
  'MESHI_REQUEST_TIMEOUT_MS',
  'MESHI_SETUP_RETRY_BUDGET_MS',
  'MESHI_TRANSIENT_RETRIES',
  'MESHI_SEED',
  'MESHI_WORKERS',
  'MESHI_MOCK_FAULTS',
  'MESHI_MOCK_PID',
  'MESHI_SENT_REGISTRY',
  'MESHI_PROPERTY_BUDGET',
  'MESHI_FC_PATH',
  'MESHI_FC_REPLAY_PATH',
  'MESHI_PROPERTY_TERMINAL_SETTLE_MS',
  'MESHI_KILL_MATRIX',
  ...Object.values(KEY_ENV),
];

/** Every variable the harness reads (for .env.example and the unknown-variable warning). */
export function knownVariables(): string[] {
  return [...FIXED_VARIABLES, ...Object.keys(contract.limits).map(limitEnvName)];
}

function str(env: Env, name: string): string | undefined {
  const v = env[name];
  if (v === undefined) return undefined;
  const t = v.trim();
  return t === '' ? undefined : t;
}

function bool(env: Env, name: string, dflt: boolean): boolean {
  const v = str(env, name);
  if (v === undefined) return dflt;
  const l = v.toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(l)) return true;
  if (['0', 'false', 'no', 'off'].includes(l)) return false;
  throw new ConfigError(name, `expected a boolean (1/0, true/false), got ${JSON.stringify(v)}`);
}

function int(env: Env, name: string, dflt: number, { min = 0, max = Number.MAX_SAFE_INTEGER } = {}): number {
  const v = str(env, name);
  if (v === undefined) return dflt;
  if (!/^-?\d+$/.test(v)) throw new ConfigError(name, `expected an integer, got ${JSON.stringify(v)}`);
  const n = Number(v);
  if (n < min || n > max) throw new ConfigError(name, `expected an integer in ${min}..${max}, got ${n}`);
  return n;
}

function url(env: Env, name: string): URL | undefined {
  const v = str(env, name);
  if (v === undefined) return undefined;
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw new ConfigError(name, `not an absolute URL: ${JSON.stringify(v)}`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new ConfigError(name, `expected an http(s) URL, got ${u.protocol}`);
  if (u.search || u.hash) throw new ConfigError(name, 'must not carry a query or fragment');
  if (u.username || u.password) throw new ConfigError(name, 'must not carry credentials');
  return u;
}

function key(env: Env, name: string): string | null {
  const v = env[name];
  if (v === undefined || v.trim() === '') return null;
  // Never echo the value: only describe what is wrong with it.
  if (/^bearer\s/i.test(v.trim())) throw new ConfigError(name, 'give the bare key, without the "Bearer " prefix');
  if (/[\s\x00-\x1f\x7f]/.test(v.trim())) throw new ConfigError(name, 'must not contain whitespace or control characters');
  if (v !== v.trim()) throw new ConfigError(name, 'has leading or trailing whitespace');
  return v;
}

/** Splits a configured base URL into the root (origin + prefix) in front of the contract base paths. */
export function rootOf(u: URL): string {
  let p = u.pathname.replace(/\/+$/, '');
  for (const base of [contract.basePath, contract.aliasBasePath]) {
    if (p.endsWith(base)) {
      p = p.slice(0, p.length - base.length);
      break;
    }
  }
  return `${u.origin}${p}`;
}

export function defaultRunNamespace(now = Date.now()): string {
  return `ct${now.toString(36)}${randomBytes(3).toString('hex')}`;
}

/** The bundled mock's seeded keys (mock/fixtures/keys.json, or MOCK_KEYS_FILE). */
export function readBundledMockKeys(file?: string): Keys {
  const path = file ?? new URL('../mock/fixtures/keys.json', import.meta.url);
  const out: Record<KeyName, string | null> = { write: null, read: null, orgB: null, rateLimit: null, disabled: null, userToken: null, noOrg: null };
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as { keys?: { role?: string; key?: string }[] };
    for (const k of parsed.keys ?? []) {
      if (k.role && (KEY_NAMES as readonly string[]).includes(k.role) && typeof k.key === 'string') out[k.role as KeyName] = k.key;
    }
  } catch {
    // no keys file: the bundled mock cannot be used without one; fixtures report the missing keys.
  }
  return out;
}

let bundledKeysCache: Keys | null = null;
function bundledKeys(env: Env): Keys {
  if (env.MOCK_KEYS_FILE) return readBundledMockKeys(env.MOCK_KEYS_FILE);
  bundledKeysCache ??= readBundledMockKeys();
  return bundledKeysCache;
}

export interface LoadOptions {
  /** The bundled mock's seeded keys (default: mock/fixtures/keys.json). */
  readonly mockKeys?: Keys;
  /** Clock for the default namespace and seed. */
  readonly now?: number;
}

/** Reads the configuration from `env`. Throws ConfigError on the first malformed setting. */
export function loadConfig(env: Env, options: LoadOptions = {}): HarnessConfig {
  const now = options.now ?? Date.now();
  const base = url(env, 'MESHI_BASE_URL');
  const admin = url(env, 'MESHI_ADMIN_URL');
  const bundled = !base || bool(env, 'MESHI_BUNDLED_MOCK', false);
  const allowProduction = bool(env, 'MESHI_ALLOW_PRODUCTION', false);

  let production = false;
  if (base) {
    const hosts = productionHosts();
    production = hosts.includes(base.hostname.toLowerCase());
    if (production && !allowProduction) {
      throw new ConfigError(
        'MESHI_BASE_URL',
        `${base.hostname} is the production host; refusing to run against production unless MESHI_ALLOW_PRODUCTION=1 (then only read-only guarantees run)`,
      );
    }
  }
  if (admin && !bundled) throw new ConfigError('MESHI_ADMIN_URL', 'is only for the bundled mock; unset it (or MESHI_BASE_URL) for an external target');

  const seeded = bundled ? (options.mockKeys ?? bundledKeys(env)) : null;
  const keys = {} as Record<KeyName, string | null>;
  for (const name of KEY_NAMES) keys[name] = key(env, KEY_ENV[name]) ?? seeded?.[name] ?? null;
  if (!bundled && !keys.write) throw new ConfigError('MESHI_PARTNER_KEY', 'is required for an external target (MESHI_BASE_URL is set)');

  const limits: Record<string, number> = {};
  for (const [name, value] of Object.entries(contract.limits)) limits[name] = int(env, limitEnvName(name), value);

  const ns = str(env, 'MESHI_RUN_NAMESPACE') ?? defaultRunNamespace(now);
  const idPattern = new RegExp(contract.patterns.partnerId ?? '^$');
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(ns) || ns.length > 40 || !idPattern.test(ns)) {
    throw new ConfigError('MESHI_RUN_NAMESPACE', `expected 1–40 characters [A-Za-z0-9._-] starting alphanumeric (a partner-ID prefix), got ${JSON.stringify(ns)}`);
  }

  const rootUrl = base ? rootOf(base) : null;
  const known = new Set(knownVariables());
  const unknownVariables = Object.keys(env).filter((k) => k.startsWith('MESHI_') && !known.has(k)).sort();

  return {
    target: bundled ? 'bundled-mock' : 'external',
    rootUrl,
    baseUrl: rootUrl === null ? null : rootUrl + contract.basePath,
    aliasUrl: rootUrl === null ? null : rootUrl + contract.aliasBasePath,
    adminUrl: admin ? admin.href.replace(/\/$/, '') : null,
    production,
    readOnly: production,
    keys,
    limits,
    runNamespace: ns,
    runTimeoutMs: int(env, 'MESHI_RUN_TIMEOUT_MS', 30_000, { min: 1 }),
    requestTimeoutMs: int(env, 'MESHI_REQUEST_TIMEOUT_MS', 15_000, { min: 1 }),
    setupRetryBudgetMs: int(env, 'MESHI_SETUP_RETRY_BUDGET_MS', 20_000),
    transientRetries: int(env, 'MESHI_TRANSIENT_RETRIES', 2, { max: 10 }),
    seed: int(env, 'MESHI_SEED', now % 2_147_483_647, { min: 0, max: 2_147_483_647 }),
    mockFaults: (str(env, 'MESHI_MOCK_FAULTS') ?? '').split(',').map((f) => f.trim()).filter(Boolean),
    unknownVariables,
  };
}

/** The profile tags that can run against this configuration. */
export function availableProfiles(c: HarnessConfig): ProfileName[] {
  return PROFILES.filter((p) => profileUnavailableReason(c, p) === null);
}

/** Why a profile cannot run (`not exercised: …`), or null when it can. */
export function profileUnavailableReason(c: HarnessConfig, profile: ProfileName): string | null {
  const k = PROFILE_KEY[profile];
  if (profile === 'writes' && c.readOnly) return 'not exercised: read-only target (production; writes are never sent there)';
  if (profile === 'exhausts-rate-limit' && c.production) return 'not exercised: exhausting a rate limit is never done against production';
  if (!c.keys[k]) return `not exercised: no ${KEY_ENV[k]}`;
  return null;
}

/** A one-line, secret-free description of the target (for logs and the report). */
export function describeTarget(c: HarnessConfig): string {
  const keys = KEY_NAMES.filter((k) => c.keys[k]).join(',');
  return [
    `target=${c.target}`,
    `base=${c.baseUrl ?? '(bundled mock, not started)'}`,
    c.production ? 'PRODUCTION(read-only)' : null,
    `namespace=${c.runNamespace}`,
    `seed=${c.seed}`,
    `keys=[${keys}]`,
    `profiles=[${availableProfiles(c).join(',')}]`,
  ]
    .filter(Boolean)
    .join(' ');
}

let cached: HarnessConfig | null = null;

/** The process-wide configuration, read from process.env on first use. */
export function getConfig(): HarnessConfig {
  cached ??= loadConfig(process.env);
  return cached;
}

/** The process-wide configuration (lazy: reading it the first time loads process.env). */
export const config: HarnessConfig = new Proxy({} as HarnessConfig, {
  get: (_t, prop) => (getConfig() as unknown as Record<string | symbol, unknown>)[prop],
  has: (_t, prop) => prop in getConfig(),
  ownKeys: () => Reflect.ownKeys(getConfig()),
  getOwnPropertyDescriptor: (_t, prop) => Reflect.getOwnPropertyDescriptor(getConfig(), prop),
});

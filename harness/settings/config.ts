// The harness configuration: which target, which keys, which limits, built from the settings that
// harness/settings reads (the one reader of MESHI_* variables; see .env.example for every setting).
// `loadConfig(env)` is pure; `getConfig()` is the process-wide instance. Beyond each setting's own
// checks it applies the rules that join settings: the production guard, the key an external target
// requires, the admin URL only for the bundled mock. A problem throws ConfigError naming the
// variable; a key's value is never part of any message.

import { readFileSync } from 'node:fs';
import { contract, profiles, type Profile } from '../../contract';
import { ConfigError } from './configError';
import {
  defaultRunNamespace,
  defaultSeed,
  isProductionUrl,
  KEY_ENV,
  KEY_NAMES,
  mockKeysFile,
  readSettings,
  unknownVariables,
  type Env,
  type KeyName,
  type SettingValue,
} from './index';

export { defaultRunNamespace, KEY_ENV, KEY_NAMES, knownVariables, limitEnvName, type KeyName } from './index';

/** The profiles of the guarantee catalogue (generated). */
export const PROFILES: readonly Profile[] = profiles;
export type ProfileName = Profile;

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
  /** Playwright workers (playwright.config.ts). */
  readonly workers: number;
  /** How many shards share each key's quota (pacing divides the quota by it). */
  readonly shards: number;
  /** File sharing the UUIDs the harness sent across workers (set by globalSetup), or null. */
  readonly sentRegistry: string | null;
  /** The property-based suites' settings (harness/property.ts). */
  readonly property: PropertySettings;
  /** MESHI_* variables that are not settings (probably typos). */
  readonly unknownVariables: readonly string[];
}

export interface PropertySettings {
  readonly budget: SettingValue<'MESHI_PROPERTY_BUDGET'>;
  /** fast-check counterexample path to replay (`12:0:3`). */
  readonly fcPath: string | null;
  /** fc.commands replayPath to replay. */
  readonly fcReplayPath: string | null;
  /** Overrides the budget's terminal-run settle time (ms). */
  readonly terminalSettleMs: number | null;
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

/** The bundled mock's seeded keys (mock/fixtures/keys.json, or MOCK_KEYS_FILE). */
export function readBundledMockKeys(file?: string): Keys {
  const path = file ?? new URL('../../mock/fixtures/keys.json', import.meta.url);
  const out: Record<KeyName, string | null> = {
    write: null,
    read: null,
    orgB: null,
    rateLimit: null,
    disabled: null,
    userToken: null,
    noOrg: null,
  };
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
function bundledKeys(env?: Env): Keys {
  const file = mockKeysFile(env);
  if (file) return readBundledMockKeys(file);
  bundledKeysCache ??= readBundledMockKeys();
  return bundledKeysCache;
}

export interface LoadOptions {
  /** The bundled mock's seeded keys (default: mock/fixtures/keys.json). */
  readonly mockKeys?: Keys;
  /** Clock for the default namespace and seed. */
  readonly now?: number;
}

/** Builds the configuration from `env` (default: the process environment). Throws ConfigError on the first problem. */
export function loadConfig(env?: Env, options: LoadOptions = {}): HarnessConfig {
  const now = options.now ?? Date.now();
  const s = readSettings(env);
  const base = s.MESHI_BASE_URL;
  const admin = s.MESHI_ADMIN_URL;
  const bundled = !base || s.MESHI_BUNDLED_MOCK;

  const production = !!base && isProductionUrl(base);
  if (base && production && !s.MESHI_ALLOW_PRODUCTION) {
    throw new ConfigError(
      'MESHI_BASE_URL',
      `${base.hostname} is the production host; refusing to run against production unless MESHI_ALLOW_PRODUCTION=1 (then only read-only guarantees run)`,
    );
  }
  if (admin && !bundled)
    throw new ConfigError('MESHI_ADMIN_URL', 'is only for the bundled mock; unset it (or MESHI_BASE_URL) for an external target');

  const seeded = bundled ? (options.mockKeys ?? bundledKeys(env)) : null;
  const keys = {} as Record<KeyName, string | null>;
  for (const name of KEY_NAMES) keys[name] = s[KEY_ENV[name]] ?? seeded?.[name] ?? null;
  if (!bundled && !keys.write) throw new ConfigError('MESHI_PARTNER_KEY', 'is required for an external target (MESHI_BASE_URL is set)');

  const rootUrl = base ? rootOf(base) : null;
  return {
    target: bundled ? 'bundled-mock' : 'external',
    rootUrl,
    baseUrl: rootUrl === null ? null : rootUrl + contract.basePath,
    aliasUrl: rootUrl === null ? null : rootUrl + contract.aliasBasePath,
    adminUrl: admin ? admin.href.replace(/\/$/, '') : null,
    production,
    readOnly: production,
    keys,
    limits: s.limits,
    runNamespace: s.MESHI_RUN_NAMESPACE ?? defaultRunNamespace(now),
    runTimeoutMs: s.MESHI_RUN_TIMEOUT_MS,
    requestTimeoutMs: s.MESHI_REQUEST_TIMEOUT_MS,
    setupRetryBudgetMs: s.MESHI_SETUP_RETRY_BUDGET_MS,
    transientRetries: s.MESHI_TRANSIENT_RETRIES,
    seed: s.MESHI_SEED ?? defaultSeed(now),
    workers: s.MESHI_WORKERS,
    shards: s.MESHI_SHARDS,
    sentRegistry: s.MESHI_SENT_REGISTRY ?? null,
    property: {
      budget: s.MESHI_PROPERTY_BUDGET,
      fcPath: s.MESHI_FC_PATH ?? null,
      fcReplayPath: s.MESHI_FC_REPLAY_PATH ?? null,
      terminalSettleMs: s.MESHI_PROPERTY_TERMINAL_SETTLE_MS ?? null,
    },
    unknownVariables: unknownVariables(env),
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

/** The process-wide configuration, read from the environment on first use. */
export function getConfig(): HarnessConfig {
  cached ??= loadConfig();
  return cached;
}

/** The process-wide configuration (lazy: reading it the first time reads the environment). */
export const config: HarnessConfig = new Proxy({} as HarnessConfig, {
  get: (_t, prop) => (getConfig() as unknown as Record<string | symbol, unknown>)[prop],
  has: (_t, prop) => prop in getConfig(),
  ownKeys: () => Reflect.ownKeys(getConfig()),
  getOwnPropertyDescriptor: (_t, prop) => Reflect.getOwnPropertyDescriptor(getConfig(), prop),
});

// Every MESHI_* setting with a fixed name, and how its value is parsed (defaults included). The
// contract limits add one setting each (limitEnvName); see .env.example for what each one means.

import { pattern } from '../../contract';
import { apiKey, boolean, choice, httpUrl, integer, optionalInteger, text } from './parsers';

export const KEY_NAMES = ['write', 'read', 'orgB', 'rateLimit', 'disabled', 'userToken', 'noOrg'] as const;
export type KeyName = (typeof KEY_NAMES)[number];

/** The environment variable holding each key. */
export const KEY_ENV = {
  write: 'MESHI_PARTNER_KEY',
  read: 'MESHI_PARTNER_READ_KEY',
  orgB: 'MESHI_PARTNER_KEY_ORG_B',
  rateLimit: 'MESHI_RATE_LIMIT_KEY',
  disabled: 'MESHI_DISABLED_KEY',
  userToken: 'MESHI_USER_TOKEN_KEY',
  noOrg: 'MESHI_NO_ORG_KEY',
} as const satisfies Record<KeyName, `MESHI_${string}`>;

/** The run namespace prefixes partner IDs: the harness's own alphabet, and the contract's pattern. */
function isNamespace(v: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(v) && v.length <= 40 && pattern('partnerId').test(v);
}

export const PROPERTY_BUDGETS = ['default', 'nightly'] as const;

export const SETTINGS = {
  // Target
  MESHI_BASE_URL: httpUrl(),
  MESHI_ALLOW_PRODUCTION: boolean(false),
  MESHI_ADMIN_URL: httpUrl(),
  MESHI_BUNDLED_MOCK: boolean(false),
  // Keys
  [KEY_ENV.write]: apiKey(),
  [KEY_ENV.read]: apiKey(),
  [KEY_ENV.orgB]: apiKey(),
  [KEY_ENV.rateLimit]: apiKey(),
  [KEY_ENV.disabled]: apiKey(),
  [KEY_ENV.userToken]: apiKey(),
  [KEY_ENV.noOrg]: apiKey(),
  // Run
  MESHI_RUN_NAMESPACE: text({
    accepts: isNamespace,
    expected: '1–40 characters [A-Za-z0-9._-] starting alphanumeric (a partner-ID prefix)',
  }),
  MESHI_SEED: optionalInteger({ min: 0, max: 2_147_483_647 }),
  MESHI_RUN_TIMEOUT_MS: integer(30_000, { min: 1 }),
  MESHI_REQUEST_TIMEOUT_MS: integer(15_000, { min: 1 }),
  MESHI_SETUP_RETRY_BUDGET_MS: integer(20_000),
  MESHI_TRANSIENT_RETRIES: integer(1, { max: 10 }),
  MESHI_WORKERS: integer(3, { min: 1, max: 64 }),
  MESHI_SHARDS: integer(1, { min: 1 }),
  // Reads after each write in the read-your-writes checks (unset: 3, or 10 with the nightly property budget).
  MESHI_READ_SAMPLES: optionalInteger({ min: 1, max: 100 }),
  // Property-based suites
  MESHI_PROPERTY_BUDGET: choice(PROPERTY_BUDGETS, 'default'),
  MESHI_FC_PATH: text({ accepts: (v) => /^\d+(:\d+)*$/.test(v), expected: 'a fast-check path like 12:0:3' }),
  MESHI_FC_REPLAY_PATH: text(),
  MESHI_PROPERTY_TERMINAL_SETTLE_MS: optionalInteger(),
  // Contract evidence (npm run evidence): what confirms a provisional element
  MESHI_EVIDENCE_MIN_EXCHANGES: integer(20, { min: 1 }),
  MESHI_EVIDENCE_MIN_RUNS: integer(3, { min: 1 }),
  MESHI_EVIDENCE_MIN_DAYS: integer(2, { min: 1 }),
  // Project self-tests
  MESHI_KILL_MATRIX: choice(['sample', 'full'], 'sample'),
  // Release decision
  MESHI_RELEASE_MAX_AGE_HOURS: integer(36, { min: 1, max: 24 * 365 }),
  // Bundled mock (the last three are set by globalSetup)
  MESHI_MOCK_FAULTS: text(),
  MESHI_MOCK_PID: optionalInteger({ min: 1 }),
  MESHI_SENT_REGISTRY: text(),
} as const;

// The runs of `npm run false-alarms`, by profile. Every run must end with 0 failed, 0 not
// exercised and 0 lost tests: the target conforms, so anything else is a false alarm.
//   embedded      the bundled mock (started by the harness): three seeds, 150 ms latency, 5 % 503s
//   variations    an external mock, one process, once per legitimate variation of what the contract
//                 leaves open and per transient 503 shape (quota raised: the variations, not the
//                 quota, are under test here)
//   staging-like  an external mock with the contract's real settings (600 requests per 60 s, default
//                 run phases) behind 300 ms, the suite run as the nightly workflow runs it: four
//                 shards of two workers in parallel, merged with merge-conformance --gate; then
//                 the same with 5 % transient 503s
//   ci            the short staging-like variant for CI: two shards, every legitimate variation at once

export interface FalseAlarmRun {
  readonly name: string;
  /** `embedded`: the harness starts the bundled mock; `external`: a `npm run mock` child process. */
  readonly target: 'embedded' | 'external';
  /** MOCK_* settings of the mock. */
  readonly mockEnv: Readonly<Record<string, string>>;
  /** MESHI_* settings of the harness. */
  readonly harnessEnv?: Readonly<Record<string, string>>;
  /** Parallel conformance processes (`--shard=i/n`), each with its own namespace; 1 = unsharded. */
  readonly shards: number;
  /** Playwright workers per process (MESHI_WORKERS). */
  readonly workers: number;
  /** The quota is the contract's: print the wall time against the quota floor (scripts/falseAlarms/figures.ts). */
  readonly budget?: boolean;
}

/** The quota is not what a variation run tests: raised (on both sides) so that these runs stay short. */
const UNLIMITED = { MOCK_RATE_LIMIT_QUOTA: '100000' };
const UNLIMITED_HARNESS = { MESHI_RATE_LIMIT_QUOTA: '100000' };
/** Every legitimate variation at once (mock/http/variations.ts). */
const ALL_OPEN = {
  MOCK_CURSOR_NONCE: '1',
  MOCK_EXTRA_HEADERS: '1',
  MOCK_MESSAGE_NONCE: '1',
  MOCK_CHUNKED: '1',
  MOCK_REORDER: '1',
  MOCK_TIMESTAMP_DIGITS: '9',
};
const STAGING_LIKE = { MOCK_ADDED_LATENCY_MS: '300' };

const variation = (name: string, mockEnv: Record<string, string>): FalseAlarmRun => ({
  name,
  target: 'external',
  mockEnv: { ...UNLIMITED, ...mockEnv },
  harnessEnv: UNLIMITED_HARNESS,
  shards: 1,
  workers: 2,
});
const stagingLike = (name: string, mockEnv: Record<string, string>, shards = 4): FalseAlarmRun => ({
  name,
  target: 'external',
  mockEnv: { ...STAGING_LIKE, ...mockEnv },
  shards,
  workers: 2,
  budget: true,
});

export const PROFILES: Readonly<Record<string, readonly FalseAlarmRun[]>> = {
  embedded: [
    { name: 'clean, seed 1', target: 'embedded', mockEnv: {}, harnessEnv: { MESHI_SEED: '1' }, shards: 1, workers: 3 },
    { name: 'clean, seed 2', target: 'embedded', mockEnv: {}, harnessEnv: { MESHI_SEED: '2' }, shards: 1, workers: 3 },
    { name: 'clean, seed 3', target: 'embedded', mockEnv: {}, harnessEnv: { MESHI_SEED: '3' }, shards: 1, workers: 3 },
    { name: '150 ms latency', target: 'embedded', mockEnv: { MOCK_ADDED_LATENCY_MS: '150' }, shards: 1, workers: 3 },
    { name: '5 % transient 503s', target: 'embedded', mockEnv: { MOCK_TRANSIENT_FAILURE_RATE: '0.05' }, shards: 1, workers: 3 },
  ],
  variations: [
    variation('cursor nonce', { MOCK_CURSOR_NONCE: '1' }),
    variation('extra headers', { MOCK_EXTRA_HEADERS: '1' }),
    variation('message nonce', { MOCK_MESSAGE_NONCE: '1' }),
    variation('chunked', { MOCK_CHUNKED: '1' }),
    variation('reordered', { MOCK_REORDER: '1' }),
    variation('microsecond timestamps', { MOCK_TIMESTAMP_DIGITS: '6' }),
    variation('nanosecond timestamps', { MOCK_TIMESTAMP_DIGITS: '9' }),
    variation('all of them at once', ALL_OPEN),
    variation('slow runs', { MOCK_QUEUED_MS: '1500', MOCK_RUNNING_MS: '2500' }),
    variation('5 % gateway 503s', { MOCK_TRANSIENT_FAILURE_RATE: '0.05', MOCK_TRANSIENT_SHAPE: 'gateway' }),
    variation('5 % HTML 503s', { MOCK_TRANSIENT_FAILURE_RATE: '0.05', MOCK_TRANSIENT_SHAPE: 'html' }),
  ],
  'staging-like': [stagingLike('staging-like', {}), stagingLike('staging-like, 5 % 503s', { MOCK_TRANSIENT_FAILURE_RATE: '0.05' })],
  ci: [stagingLike('staging-like, 2 shards, all variations', ALL_OPEN, 2)],
};

export const PROFILE_NAMES = Object.keys(PROFILES);

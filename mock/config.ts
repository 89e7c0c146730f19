// The mock's configuration: defaults (configurable limits default to the contract's
// x-meshi-limits, read from generated/contract.ts), then MOCK_* environment variables, then CLI
// flags, then programmatic options. The live object is shared by the whole app, so
// PATCH /__mock/config takes effect on the next request.

import { contract } from '../contract';
import { NO_VARIATIONS, TRANSIENT_SHAPES, type TransientShape, type Variations } from './http/variations';

export interface WindowLimit {
  /** Requests allowed per window. */
  quota: number;
  /** Window length in seconds. */
  windowSeconds: number;
}

export interface MockConfig {
  host: string;
  /** 0 = any free port. */
  port: number;
  /** How long a new run stays `queued`, then `running`, in milliseconds. */
  queuedMs: number;
  runningMs: number;
  /** Fixed-window rate limit per API key. */
  rateLimit: WindowLimit;
  /** The tiny window of the dedicated rate-limit key(s) (keys.json `rate_limit: "key"`). */
  rateLimitKey: WindowLimit;
  /** Overrides of contract limits by name (see `contract.limits`, e.g. maxBodyBytes, importMaxRows). */
  caps: Record<string, number>;
  /** Matches kept per attendee. */
  matchTopK: number;
  /** Delay added before every partner response, in milliseconds. */
  addedLatencyMs: number;
  /** Seed of the mock's pseudo-random choices (transient failures). */
  seed: number;
  /** Share (0..1) of GET/HEAD requests answered 503 SERVICE_UNAVAILABLE with Retry-After. */
  transientFailureRate: number;
  /** One JSON line per request on stdout. */
  logRequests: boolean;
  /** Faults switched on at start (names from mock/faults/catalogue.ts). */
  faults: string[];
  /** A keys table replacing mock/fixtures/keys.json, or null. */
  keysFile: string | null;
  /** Deviation settings: error codes answered in place of the contract's (`INVALID_LIMIT` → `X`; same status). */
  codeOverrides: Record<string, string>;
  /** Deviation settings: fields added to an operation's success body (`getAuth` → {server_region: 'mock'}). */
  extraFields: Record<string, Record<string, string>>;
  /** Bearer token the admin API (/__mock/*) requires, or null (then only loopback may reach it). */
  adminToken: string | null;
  /** Legitimate variations of what the contract leaves open (mock/http/variations.ts); all off by default. */
  variations: Variations;
}

const L = contract.limits as Readonly<Record<string, number>>;

function contractLimit(name: string): number {
  const v = L[name];
  if (typeof v !== 'number') throw new Error(`generated/contract.ts has no limit ${name}`);
  return v;
}

export function defaultConfig(): MockConfig {
  return {
    host: '127.0.0.1',
    port: 0,
    queuedMs: 150,
    runningMs: 250,
    rateLimit: { quota: contractLimit('rateLimitQuota'), windowSeconds: contractLimit('rateLimitWindowSeconds') },
    rateLimitKey: { quota: contractLimit('rateLimitKeyQuota'), windowSeconds: contractLimit('rateLimitKeyWindowSeconds') },
    caps: {},
    matchTopK: contractLimit('matchTopK'),
    addedLatencyMs: 0,
    seed: 1,
    transientFailureRate: 0,
    logRequests: false,
    faults: [],
    keysFile: null,
    codeOverrides: {},
    extraFields: {},
    adminToken: null,
    variations: { ...NO_VARIATIONS },
  };
}

/** The effective value of a contract limit: the config's cap override, else the contract value. */
export function limitOf(config: MockConfig, name: string): number {
  const cap = config.caps[name];
  return typeof cap === 'number' ? cap : contractLimit(name);
}

/**
 * The contract limits a cap can override: those the mock reads through limitOf or a derived
 * field keyword (mock/validation.ts). Any other cap would be accepted and silently ignored, so it
 * is refused at start and on PATCH.
 */
export const HONOURED_CAPS: readonly string[] = [
  'maxBodyBytes',
  'rawMaxBytes',
  'idempotencyRetentionHours',
  'importMaxRows',
  'importMinRows',
  'idempotencyKeyMaxLength',
  'idempotencyKeyMinLength',
  'webhookUrlMaxLength',
  'pageLimitDefault',
];

/** Why a cap cannot be honoured, or null. */
export function capProblem(name: string, value: number): string | null {
  if (typeof L[name] !== 'number') return `unknown cap ${name}; known limits: ${Object.keys(L).join(', ')}`;
  if (!HONOURED_CAPS.includes(name)) return `cap ${name} cannot be honoured by the mock; capable: ${HONOURED_CAPS.join(', ')}`;
  if (name === 'pageLimitDefault' && (!Number.isInteger(value) || value < contractLimit('pageLimitMin') || value > contractLimit('pageLimitMax'))) {
    return `cap pageLimitDefault=${value} is outside the contract's limit range ${contractLimit('pageLimitMin')}–${contractLimit('pageLimitMax')}`;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Sources: one table describes every option once (env name, flag, parser, setter).

type Setter = (c: Partial<MockConfig>, raw: string) => void;

interface OptionSpec {
  readonly env: string;
  readonly flag: string;
  readonly help: string;
  /** Flags without a value (booleans). */
  readonly bare?: boolean;
  readonly set: Setter;
}

function num(name: string, raw: string, { min = -Infinity, max = Infinity, int = false } = {}): number {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n < min || n > max || (int && !Number.isInteger(n))) {
    throw new Error(`${name}: invalid value ${JSON.stringify(raw)}`);
  }
  return n;
}

function bool(name: string, raw: string): boolean {
  const v = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on', ''].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new Error(`${name}: invalid boolean ${JSON.stringify(raw)}`);
}

function list(raw: string): string[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** `name=value,name=value` or a JSON object. */
function caps(name: string, raw: string): Record<string, number> {
  const out: Record<string, number> = {};
  const text = raw.trim();
  if (text.startsWith('{')) {
    const parsed = JSON.parse(text) as Record<string, unknown>;
    for (const [k, v] of Object.entries(parsed)) out[k] = num(`${name} ${k}`, String(v), { min: 0 });
    return out;
  }
  for (const pair of list(text)) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new Error(`${name}: expected name=value, got ${JSON.stringify(pair)}`);
    out[pair.slice(0, eq).trim()] = num(`${name} ${pair.slice(0, eq)}`, pair.slice(eq + 1), { min: 0 });
  }
  return out;
}

/** `FROM=TO,…` (error codes). */
function codeMap(name: string, raw: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of list(raw)) {
    const m = /^([A-Z][A-Z0-9_]*)=([A-Z][A-Z0-9_]*)$/.exec(pair);
    if (!m) throw new Error(`${name}: expected CODE=CODE, got ${JSON.stringify(pair)}`);
    out[m[1]!] = m[2]!;
  }
  return out;
}

/** `operationId.field=value,…` */
function extraFields(name: string, raw: string): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const pair of list(raw)) {
    const m = /^([A-Za-z]+)\.([a-z][a-z0-9_]*)=(.*)$/.exec(pair);
    if (!m || !(m[1]! in contract.operations)) throw new Error(`${name}: expected operationId.field=value with a contract operation, got ${JSON.stringify(pair)}`);
    out[m[1]!] = { ...(out[m[1]!] ?? {}), [m[2]!]: m[3]! };
  }
  return out;
}

function variation<K extends keyof Variations>(c: Partial<MockConfig>, name: K, value: Variations[K]) {
  c.variations = { ...(c.variations ?? {}), [name]: value } as Variations;
}

function transientShape(raw: string): TransientShape {
  const v = raw.trim() as TransientShape;
  if (!TRANSIENT_SHAPES.includes(v)) throw new Error(`transient-shape: expected one of ${TRANSIENT_SHAPES.join(', ')}, got ${JSON.stringify(raw)}`);
  return v;
}

/** Sets one part of a window; the layer carries only the parts given (resolveConfig merges per part). */
function windowPart(c: Partial<MockConfig>, which: 'rateLimit' | 'rateLimitKey', part: keyof WindowLimit, value: number) {
  c[which] = { ...(c[which] ?? {}), [part]: value } as WindowLimit;
}

export const OPTIONS: readonly OptionSpec[] = [
  { env: 'MOCK_HOST', flag: '--host', help: 'interface to listen on', set: (c, v) => (c.host = v) },
  { env: 'MOCK_PORT', flag: '--port', help: 'port (0 = any free port)', set: (c, v) => (c.port = num('port', v, { min: 0, max: 65535, int: true })) },
  { env: 'MOCK_QUEUED_MS', flag: '--queued-ms', help: 'ms a run stays queued', set: (c, v) => (c.queuedMs = num('queued-ms', v, { min: 0 })) },
  { env: 'MOCK_RUNNING_MS', flag: '--running-ms', help: 'ms a run stays running', set: (c, v) => (c.runningMs = num('running-ms', v, { min: 0 })) },
  {
    env: 'MOCK_RATE_LIMIT_QUOTA',
    flag: '--rate-limit-quota',
    help: 'requests per window per key',
    set: (c, v) => windowPart(c, 'rateLimit', 'quota', num('rate-limit-quota', v, { min: 1, int: true })),
  },
  {
    env: 'MOCK_RATE_LIMIT_WINDOW_SECONDS',
    flag: '--rate-limit-window',
    help: 'window length in seconds',
    set: (c, v) => windowPart(c, 'rateLimit', 'windowSeconds', num('rate-limit-window', v, { min: 0.001 })),
  },
  {
    env: 'MOCK_RATE_LIMIT_KEY_QUOTA',
    flag: '--rate-limit-key-quota',
    help: 'quota of the dedicated rate-limit key',
    set: (c, v) => windowPart(c, 'rateLimitKey', 'quota', num('rate-limit-key-quota', v, { min: 1, int: true })),
  },
  {
    env: 'MOCK_RATE_LIMIT_KEY_WINDOW_SECONDS',
    flag: '--rate-limit-key-window',
    help: 'window of the dedicated rate-limit key, seconds',
    set: (c, v) => windowPart(c, 'rateLimitKey', 'windowSeconds', num('rate-limit-key-window', v, { min: 0.001 })),
  },
  { env: 'MOCK_CAPS', flag: '--caps', help: 'limit overrides: name=value,… or JSON', set: (c, v) => (c.caps = { ...c.caps, ...caps('caps', v) }) },
  { env: 'MOCK_MATCH_TOP_K', flag: '--match-top-k', help: 'matches kept per attendee', set: (c, v) => (c.matchTopK = num('match-top-k', v, { min: 1, int: true })) },
  { env: 'MOCK_ADDED_LATENCY_MS', flag: '--added-latency-ms', help: 'delay before each partner response', set: (c, v) => (c.addedLatencyMs = num('added-latency-ms', v, { min: 0 })) },
  { env: 'MOCK_SEED', flag: '--seed', help: 'seed of pseudo-random choices', set: (c, v) => (c.seed = num('seed', v, { int: true })) },
  {
    env: 'MOCK_TRANSIENT_FAILURE_RATE',
    flag: '--transient-failure-rate',
    help: 'share of GETs answered 503',
    set: (c, v) => (c.transientFailureRate = num('transient-failure-rate', v, { min: 0, max: 1 })),
  },
  { env: 'MOCK_LOG_REQUESTS', flag: '--log-requests', bare: true, help: 'log one JSON line per request', set: (c, v) => (c.logRequests = bool('log-requests', v)) },
  { env: 'MOCK_FAULTS', flag: '--faults', help: 'faults switched on at start: a,b,…', set: (c, v) => (c.faults = list(v)) },
  { env: 'MOCK_CURSOR_NONCE', flag: '--cursor-nonce', bare: true, help: 'a fresh nonce in every next_cursor', set: (c, v) => variation(c, 'cursorNonce', bool('cursor-nonce', v)) },
  { env: 'MOCK_EXTRA_HEADERS', flag: '--extra-headers', bare: true, help: 'undeclared headers incl. a per-response request ID', set: (c, v) => variation(c, 'extraHeaders', bool('extra-headers', v)) },
  { env: 'MOCK_MESSAGE_NONCE', flag: '--message-nonce', bare: true, help: 'a request token in every error message', set: (c, v) => variation(c, 'messageNonce', bool('message-nonce', v)) },
  { env: 'MOCK_CHUNKED', flag: '--chunked', bare: true, help: 'bodies with Transfer-Encoding: chunked', set: (c, v) => variation(c, 'chunked', bool('chunked', v)) },
  { env: 'MOCK_REORDER', flag: '--reorder', bare: true, help: 'JSON members and headers in reverse order', set: (c, v) => variation(c, 'reorder', bool('reorder', v)) },
  {
    env: 'MOCK_TRANSIENT_SHAPE',
    flag: '--transient-shape',
    help: `shape of transient 503s: ${TRANSIENT_SHAPES.join('|')}`,
    set: (c, v) => variation(c, 'transientShape', transientShape(v)),
  },
  { env: 'MOCK_KEYS_FILE', flag: '--keys-file', help: 'keys table replacing mock/fixtures/keys.json', set: (c, v) => (c.keysFile = v || null) },
  { env: 'MOCK_ERROR_CODES', flag: '--error-codes', help: 'deviation: answer code B for code A: A=B,…', set: (c, v) => (c.codeOverrides = codeMap('error-codes', v)) },
  { env: 'MOCK_EXTRA_FIELDS', flag: '--extra-fields', help: 'deviation: undeclared success-body fields: operationId.field=value,…', set: (c, v) => (c.extraFields = extraFields('extra-fields', v)) },
  { env: 'MOCK_ADMIN_TOKEN', flag: '--admin-token', help: 'bearer token the admin API requires (needed off loopback)', set: (c, v) => (c.adminToken = v || null) },
];

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<MockConfig> {
  const out: Partial<MockConfig> = {};
  for (const o of OPTIONS) {
    const v = env[o.env];
    if (v !== undefined && v !== '') o.set(out, v);
  }
  return out;
}

/** Parses `--flag value`, `--flag=value` and bare boolean flags; throws on unknown flags. */
export function configFromArgs(argv: readonly string[]): Partial<MockConfig> {
  const out: Partial<MockConfig> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const o = OPTIONS.find((x) => x.flag === flag);
    if (!o) throw new Error(`unknown option ${flag} (try --help)`);
    let value: string;
    if (eq > 0) value = arg.slice(eq + 1);
    else if (o.bare) value = 'true';
    else {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${flag} needs a value`);
      value = next;
    }
    o.set(out, value);
  }
  return out;
}

export function usage(): string {
  const lines = OPTIONS.map((o) => `  ${(o.flag + (o.bare ? '' : ' <v>')).padEnd(30)} ${o.env.padEnd(34)} ${o.help}`);
  return `usage: npm run mock -- [options]\n${lines.join('\n')}\n  --help`;
}

/** Merges layers over the defaults (later layers win; rate-limit windows and caps merge per field). */
export function resolveConfig(...layers: readonly (Partial<MockConfig> | undefined)[]): MockConfig {
  const c = defaultConfig();
  for (const layer of layers) {
    if (!layer) continue;
    for (const [k, v] of Object.entries(layer) as [keyof MockConfig, unknown][]) {
      if (v === undefined) continue;
      if (k === 'rateLimit' || k === 'rateLimitKey') c[k] = { ...c[k], ...(v as Partial<WindowLimit>) };
      else if (k === 'variations') c.variations = { ...c.variations, ...(v as Partial<Variations>) };
      else if (k === 'caps') c.caps = { ...c.caps, ...(v as Record<string, number>) };
      else (c as unknown as Record<string, unknown>)[k] = v;
    }
  }
  return c;
}

// ---------------------------------------------------------------------------------------------
// PATCH /__mock/config: a JSON merge of known fields with type checks.

const NUMERIC: Partial<Record<keyof MockConfig, { min: number; max?: number; int?: boolean }>> = {
  queuedMs: { min: 0 },
  runningMs: { min: 0 },
  matchTopK: { min: 1, int: true },
  addedLatencyMs: { min: 0 },
  seed: { min: -Infinity, int: true },
  transientFailureRate: { min: 0, max: 1 },
};

/** Applies a patch in place; returns the problems (and applies nothing) when any field is invalid. */
export function patchConfig(config: MockConfig, patch: unknown): string[] {
  if (!patch || typeof patch !== 'object' || Array.isArray(patch)) return ['body must be a JSON object'];
  const problems: string[] = [];
  const next: MockConfig = { ...config, rateLimit: { ...config.rateLimit }, rateLimitKey: { ...config.rateLimitKey }, caps: { ...config.caps }, variations: { ...config.variations } };
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    const spec = NUMERIC[k as keyof MockConfig];
    if (spec) {
      if (typeof v !== 'number' || !Number.isFinite(v) || v < spec.min || (spec.max !== undefined && v > spec.max) || (spec.int && !Number.isInteger(v))) {
        problems.push(`${k}: invalid number`);
      } else (next as unknown as Record<string, unknown>)[k] = v;
    } else if (k === 'rateLimit' || k === 'rateLimitKey') {
      const w = v as Partial<WindowLimit> | null;
      if (!w || typeof w !== 'object') {
        problems.push(`${k}: expected {quota, windowSeconds}`);
        continue;
      }
      for (const [part, val] of Object.entries(w)) {
        if (part === 'quota' && typeof val === 'number' && Number.isInteger(val) && val >= 1) next[k].quota = val;
        else if (part === 'windowSeconds' && typeof val === 'number' && val > 0) next[k].windowSeconds = val;
        else problems.push(`${k}.${part}: invalid`);
      }
    } else if (k === 'caps') {
      if (!v || typeof v !== 'object' || Array.isArray(v)) {
        problems.push('caps: expected an object of numbers');
        continue;
      }
      for (const [name, val] of Object.entries(v)) {
        if (val === null) delete next.caps[name];
        else if (typeof val === 'number' && Number.isFinite(val) && val >= 0 && capProblem(name, val) === null) next.caps[name] = val;
        else problems.push(`caps.${name}: unknown limit or invalid value`);
      }
    } else if (k === 'variations') {
      if (!v || typeof v !== 'object' || Array.isArray(v)) {
        problems.push('variations: expected an object');
        continue;
      }
      for (const [name, val] of Object.entries(v)) {
        if (name === 'transientShape') {
          if (TRANSIENT_SHAPES.includes(val as TransientShape)) next.variations = { ...next.variations, transientShape: val as TransientShape };
          else problems.push(`variations.transientShape: expected one of ${TRANSIENT_SHAPES.join(', ')}`);
        } else if (name in NO_VARIATIONS && typeof val === 'boolean') (next.variations as unknown as Record<string, unknown>)[name] = val;
        else problems.push(`variations.${name}: unknown variation or not a boolean`);
      }
    } else if (k === 'logRequests') {
      if (typeof v !== 'boolean') problems.push('logRequests: expected a boolean');
      else next.logRequests = v;
    } else {
      problems.push(`${k}: not patchable`);
    }
  }
  if (!problems.length) Object.assign(config, next);
  return problems;
}

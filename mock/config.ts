// The mock's configuration: defaults (configurable limits default to the contract's
// x-meshi-limits, read from generated/contract.ts), then MOCK_* environment variables, then CLI
// flags, then programmatic options. The live object is shared by the whole app, so
// PATCH /__mock/config takes effect on the next request.

import { contract } from '../contract';
import { NO_VARIATIONS, TRANSIENT_SHAPES, type Variations } from './http/variations';
import { timestampDigitsOption } from './timestampDigits';
import { boolean, fail, list, map, number, oneOf, OptionValueError, text, textOrNull, type OptionParser } from './optionParsers';

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
  if (
    name === 'pageLimitDefault' &&
    (!Number.isInteger(value) || value < contractLimit('pageLimitMin') || value > contractLimit('pageLimitMax'))
  ) {
    return `cap pageLimitDefault=${value} is outside the contract's limit range ${contractLimit('pageLimitMin')}–${contractLimit('pageLimitMax')}`;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Sources: one table describes every option once (env name, flag, where it goes, its one parser);
// the environment, the flags and PATCH /__mock/config all read it.

interface OptionSpec {
  readonly env: string;
  readonly flag: string;
  readonly help: string;
  /** Flags without a value (booleans). */
  readonly bare?: boolean;
  /** The config field the value goes to… */
  readonly key: keyof MockConfig;
  /** …or the part of it (rateLimit.quota, variations.chunked); parts merge one by one. */
  readonly part?: string;
  readonly parse: OptionParser<unknown>;
  /** PATCH /__mock/config may change it; the others take effect at start only. */
  readonly patchable?: true;
}

/** `CODE=CODE,…` (error codes). */
const CODE = /^[A-Z][A-Z0-9_]*$/;
const codeMap = map({
  shape: 'CODE=CODE',
  text: (from, to) => (CODE.test(from) && CODE.test(to) ? to : fail('CODE=CODE')),
  json: (from, to) => (CODE.test(from) && typeof to === 'string' && CODE.test(to) ? to : fail('CODE=CODE')),
});

/** `operationId.field=value,…`: fields added to an operation's success body. */
const EXTRA_FIELD = /^([A-Za-z]+)\.([a-z][a-z0-9_]*)$/;
const EXTRA_FIELD_SHAPE = 'operationId.field=value with a contract operation';
const extraFieldMap = map({
  shape: EXTRA_FIELD_SHAPE,
  text: (key, value) => (EXTRA_FIELD.test(key) && EXTRA_FIELD.exec(key)![1]! in contract.operations ? value : fail(EXTRA_FIELD_SHAPE)),
  json: () => fail(EXTRA_FIELD_SHAPE),
});
const extraFields: OptionParser<Record<string, Record<string, string>>> = {
  text: (raw) => {
    const out: Record<string, Record<string, string>> = {};
    for (const [key, value] of Object.entries(extraFieldMap.text(raw))) {
      const [, op, field] = EXTRA_FIELD.exec(key)!;
      out[op!] = { ...(out[op!] ?? {}), [field!]: value };
    }
    return out;
  },
  json: () => fail(EXTRA_FIELD_SHAPE),
};

/** Contract limit overrides, `name=value,…` or a JSON object; in a PATCH, null removes one. */
const capEntries = map<number | null>(
  {
    shape: 'name=value',
    text: (_name, raw) => number({ min: 0 }).text(raw),
    json: (_name, v) => (v === null ? null : number({ min: 0 }).json(v)),
  },
  true,
);
const capMap: OptionParser<Record<string, number | null>> = {
  text: (raw) => {
    const caps = capEntries.text(raw);
    return Object.values(caps).includes(null) ? fail('numbers (null removes a cap only in a PATCH)') : caps;
  },
  json: capEntries.json,
};

const ms = number({ min: 0 });
const quota = number({ min: 1, int: true });
const windowSeconds = number({ above: 0 });

export const OPTIONS: readonly OptionSpec[] = [
  { env: 'MOCK_HOST', flag: '--host', help: 'interface to listen on', key: 'host', parse: text },
  { env: 'MOCK_PORT', flag: '--port', help: 'port (0 = any free port)', key: 'port', parse: number({ min: 0, max: 65535, int: true }) },
  { env: 'MOCK_QUEUED_MS', flag: '--queued-ms', help: 'ms a run stays queued', key: 'queuedMs', parse: ms, patchable: true },
  { env: 'MOCK_RUNNING_MS', flag: '--running-ms', help: 'ms a run stays running', key: 'runningMs', parse: ms, patchable: true },
  {
    env: 'MOCK_RATE_LIMIT_QUOTA',
    flag: '--rate-limit-quota',
    help: 'requests per window per key',
    key: 'rateLimit',
    part: 'quota',
    parse: quota,
    patchable: true,
  },
  {
    env: 'MOCK_RATE_LIMIT_WINDOW_SECONDS',
    flag: '--rate-limit-window',
    help: 'window length in seconds',
    key: 'rateLimit',
    part: 'windowSeconds',
    parse: windowSeconds,
    patchable: true,
  },
  {
    env: 'MOCK_RATE_LIMIT_KEY_QUOTA',
    flag: '--rate-limit-key-quota',
    help: 'quota of the dedicated rate-limit key',
    key: 'rateLimitKey',
    part: 'quota',
    parse: quota,
    patchable: true,
  },
  {
    env: 'MOCK_RATE_LIMIT_KEY_WINDOW_SECONDS',
    flag: '--rate-limit-key-window',
    help: 'window of the dedicated rate-limit key, seconds',
    key: 'rateLimitKey',
    part: 'windowSeconds',
    parse: windowSeconds,
    patchable: true,
  },
  { env: 'MOCK_CAPS', flag: '--caps', help: 'limit overrides: name=value,… or JSON', key: 'caps', parse: capMap, patchable: true },
  {
    env: 'MOCK_MATCH_TOP_K',
    flag: '--match-top-k',
    help: 'matches kept per attendee',
    key: 'matchTopK',
    parse: number({ min: 1, int: true }),
    patchable: true,
  },
  {
    env: 'MOCK_ADDED_LATENCY_MS',
    flag: '--added-latency-ms',
    help: 'delay before each partner response',
    key: 'addedLatencyMs',
    parse: ms,
    patchable: true,
  },
  { env: 'MOCK_SEED', flag: '--seed', help: 'seed of pseudo-random choices', key: 'seed', parse: number({ int: true }), patchable: true },
  {
    env: 'MOCK_TRANSIENT_FAILURE_RATE',
    flag: '--transient-failure-rate',
    help: 'share of GETs answered 503',
    key: 'transientFailureRate',
    parse: number({ min: 0, max: 1 }),
    patchable: true,
  },
  {
    env: 'MOCK_LOG_REQUESTS',
    flag: '--log-requests',
    bare: true,
    help: 'log one JSON line per request',
    key: 'logRequests',
    parse: boolean,
    patchable: true,
  },
  { env: 'MOCK_FAULTS', flag: '--faults', help: 'faults switched on at start: a,b,…', key: 'faults', parse: list },
  {
    env: 'MOCK_CURSOR_NONCE',
    flag: '--cursor-nonce',
    bare: true,
    help: 'a fresh nonce in every next_cursor',
    key: 'variations',
    part: 'cursorNonce',
    parse: boolean,
    patchable: true,
  },
  {
    env: 'MOCK_EXTRA_HEADERS',
    flag: '--extra-headers',
    bare: true,
    help: 'undeclared headers incl. a per-response request ID',
    key: 'variations',
    part: 'extraHeaders',
    parse: boolean,
    patchable: true,
  },
  {
    env: 'MOCK_MESSAGE_NONCE',
    flag: '--message-nonce',
    bare: true,
    help: 'a request token in every error message',
    key: 'variations',
    part: 'messageNonce',
    parse: boolean,
    patchable: true,
  },
  {
    env: 'MOCK_CHUNKED',
    flag: '--chunked',
    bare: true,
    help: 'bodies with Transfer-Encoding: chunked',
    key: 'variations',
    part: 'chunked',
    parse: boolean,
    patchable: true,
  },
  {
    env: 'MOCK_REORDER',
    flag: '--reorder',
    bare: true,
    help: 'JSON members and headers in reverse order',
    key: 'variations',
    part: 'reorder',
    parse: boolean,
    patchable: true,
  },
  {
    env: 'MOCK_TRANSIENT_SHAPE',
    flag: '--transient-shape',
    help: `shape of transient 503s: ${TRANSIENT_SHAPES.join('|')}`,
    key: 'variations',
    part: 'transientShape',
    parse: oneOf(TRANSIENT_SHAPES),
    patchable: true,
  },
  timestampDigitsOption,
  { env: 'MOCK_KEYS_FILE', flag: '--keys-file', help: 'keys table replacing mock/fixtures/keys.json', key: 'keysFile', parse: textOrNull },
  {
    env: 'MOCK_ERROR_CODES',
    flag: '--error-codes',
    help: 'deviation: answer code B for code A: A=B,…',
    key: 'codeOverrides',
    parse: codeMap,
  },
  {
    env: 'MOCK_EXTRA_FIELDS',
    flag: '--extra-fields',
    help: 'deviation: undeclared success-body fields: operationId.field=value,…',
    key: 'extraFields',
    parse: extraFields,
  },
  {
    env: 'MOCK_ADMIN_TOKEN',
    flag: '--admin-token',
    help: 'bearer token the admin API requires (needed off loopback)',
    key: 'adminToken',
    parse: textOrNull,
  },
];

/** An option's value from text; the error names the option by its flag. */
function fromText(o: OptionSpec, raw: string): unknown {
  try {
    return o.parse.text(raw);
  } catch (e) {
    if (e instanceof OptionValueError || e instanceof SyntaxError)
      throw new Error(`${o.flag.slice(2)}: ${e.message} (got ${JSON.stringify(raw)})`);
    throw e;
  }
}

/** Puts a parsed value into a layer: parts and caps merge, other fields are replaced. */
function setInto(layer: Partial<MockConfig>, o: OptionSpec, value: unknown): void {
  const l = layer as Record<string, unknown>;
  if (o.part !== undefined) l[o.key] = { ...((l[o.key] as object | undefined) ?? {}), [o.part]: value };
  else if (o.key === 'caps') l.caps = { ...((l.caps as object | undefined) ?? {}), ...(value as object) };
  else l[o.key] = value;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<MockConfig> {
  const out: Partial<MockConfig> = {};
  for (const o of OPTIONS) {
    const v = env[o.env];
    if (v !== undefined && v !== '') setInto(out, o, fromText(o, v));
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
    setInto(out, o, fromText(o, value));
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
// PATCH /__mock/config: a JSON merge of the patchable options, each through its parser.

const PATCHABLE = OPTIONS.filter((o) => o.patchable);
const GROUPS = new Set(PATCHABLE.filter((o) => o.part !== undefined).map((o) => o.key));

function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** One patched value through its option's parser: the value, or undefined with a problem noted. */
function patched(o: OptionSpec | undefined, name: string, v: unknown, problems: string[]): unknown {
  if (!o) {
    problems.push(`${name}: not patchable`);
    return undefined;
  }
  try {
    return o.parse.json(v);
  } catch (e) {
    if (!(e instanceof OptionValueError)) throw e;
    problems.push(`${name}: ${e.message}`);
    return undefined;
  }
}

/** Applies a patch in place; returns the problems (and applies nothing) when any field is invalid. */
export function patchConfig(config: MockConfig, patch: unknown): string[] {
  if (!isObject(patch)) return ['body must be a JSON object'];
  const problems: string[] = [];
  const next: MockConfig = {
    ...config,
    rateLimit: { ...config.rateLimit },
    rateLimitKey: { ...config.rateLimitKey },
    caps: { ...config.caps },
    variations: { ...config.variations },
  };
  const fields = next as unknown as Record<string, Record<string, unknown>>;
  for (const [k, v] of Object.entries(patch)) {
    if (GROUPS.has(k as keyof MockConfig)) {
      if (!isObject(v)) problems.push(`${k}: expected an object`);
      else
        for (const [part, val] of Object.entries(v)) {
          const value = patched(
            PATCHABLE.find((o) => o.key === k && o.part === part),
            `${k}.${part}`,
            val,
            problems,
          );
          if (value !== undefined) fields[k]![part] = value;
        }
      continue;
    }
    const value = patched(
      PATCHABLE.find((o) => o.key === k && o.part === undefined),
      k,
      v,
      problems,
    );
    if (value === undefined) continue;
    if (k !== 'caps') (next as unknown as Record<string, unknown>)[k] = value;
    else
      for (const [name, cap] of Object.entries(value as Record<string, number | null>)) {
        const problem = cap === null ? null : capProblem(name, cap);
        if (problem !== null) problems.push(`caps.${name}: ${problem}`);
        else if (cap === null) delete next.caps[name];
        else next.caps[name] = cap;
      }
  }
  if (!problems.length) Object.assign(config, next);
  return problems;
}

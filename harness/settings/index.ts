// The one reader of MESHI_* settings: every module that needs one asks here (harness/settings/config.ts builds
// the harness configuration from it; playwright.config.ts, the reporter and the scripts read single
// settings). Values come from the environment and a `.env` file (dotenv). A malformed value throws
// ConfigError naming the variable (one line, never the value); entry points turn that into exit 2
// with exitOnConfigError. Cheap to import: no Playwright, no harness client.

import 'dotenv/config';
import { randomBytes } from 'node:crypto';
import { contract } from '../../contract';
import { ConfigError } from './configError';
import { KEY_ENV, KEY_NAMES, SETTINGS } from './catalogue';
import { optionalInteger } from './parsers';

export { KEY_ENV, KEY_NAMES, PROPERTY_BUDGETS, type KeyName } from './catalogue';
export { isProductionUrl, normalisedHost } from './host';

export type Env = Readonly<Record<string, string | undefined>>;
export type SettingName = keyof typeof SETTINGS;
export type SettingValue<N extends SettingName> = ReturnType<(typeof SETTINGS)[N]>;
export type Settings = { readonly [N in SettingName]: SettingValue<N> } & {
  /** Every contract limit, overridden by MESHI_<UPPER_SNAKE_NAME>. */
  readonly limits: Readonly<Record<string, number>>;
};

/** One setting, parsed and validated. */
export function setting<N extends SettingName>(name: N, env: Env = process.env): SettingValue<N> {
  return SETTINGS[name](env[name], name) as SettingValue<N>;
}

/**
 * One setting, or undefined when it is malformed: only for code that describes a run after the fact
 * (the reporter), where the malformed setting was already reported as a configuration error.
 */
export function settingIfValid<N extends SettingName>(name: N, env: Env = process.env): SettingValue<N> | undefined {
  try {
    return setting(name, env);
  } catch (e) {
    if (e instanceof ConfigError) return undefined;
    throw e;
  }
}

/** `importMaxRows` → `MESHI_IMPORT_MAX_ROWS`. */
export function limitEnvName(limit: string): string {
  return `MESHI_${limit.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}`;
}

/** The value MESHI_<LIMIT> sets for a contract limit, or undefined when it is not set. */
export function limitOverride(limit: string, env: Env = process.env): number | undefined {
  const variable = limitEnvName(limit);
  return optionalInteger()(env[variable], variable);
}

/** Every contract limit, each overridden by its MESHI_<UPPER_SNAKE_NAME> setting (an integer ≥ 0). */
export function readLimits(env: Env = process.env): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, value] of Object.entries(contract.limits)) out[name] = limitOverride(name, env) ?? value;
  return out;
}

/** Every setting, validated (the first malformed one throws). */
export function readSettings(env: Env = process.env): Settings {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(SETTINGS) as SettingName[]) out[name] = setting(name, env);
  return { ...(out as { [N in SettingName]: SettingValue<N> }), limits: readLimits(env) };
}

/** Every variable the reader knows (for .env.example and the unknown-variable warning). */
export function knownVariables(): string[] {
  return [...Object.keys(SETTINGS), ...Object.keys(contract.limits).map(limitEnvName)];
}

/** MESHI_* variables set in `env` that are not settings (probably typos). */
export function unknownVariables(env: Env = process.env): string[] {
  const known = new Set(knownVariables());
  return Object.keys(env)
    .filter((k) => k.startsWith('MESHI_') && !known.has(k))
    .sort();
}

/** The raw (trimmed) value of every configured key variable, even a malformed one: what to redact. */
export function configuredKeyValues(env: Env = process.env): { variable: string; value: string }[] {
  const out: { variable: string; value: string }[] = [];
  for (const name of KEY_NAMES) {
    const value = env[KEY_ENV[name]]?.trim();
    if (value) out.push({ variable: KEY_ENV[name], value });
  }
  return out;
}

/** The bundled mock's keys file when MOCK_KEYS_FILE overrides it (the mock reads the same variable). */
export function mockKeysFile(env: Env = process.env): string | undefined {
  return env.MOCK_KEYS_FILE?.trim() || undefined;
}

export function defaultRunNamespace(now = Date.now()): string {
  return `ct${now.toString(36)}${randomBytes(3).toString('hex')}`;
}

export function defaultSeed(now = Date.now()): number {
  return now % 2_147_483_647;
}

/** Sets (or, with undefined, removes) a setting for this process and every process it starts. */
export function exportSetting(name: string, value: string | number | undefined, env: NodeJS.ProcessEnv = process.env): void {
  if (!knownVariables().includes(name)) throw new Error(`[HARNESS] ${name} is not a setting (harness/settings/catalogue.ts)`);
  if (value === undefined) delete env[name];
  else env[name] = String(value);
}

/**
 * Pins the run namespace and seed (defaults when unset) in `env`, so every worker and the report
 * share them; values already set are validated and kept.
 */
export function pinRunIdentity(env: NodeJS.ProcessEnv = process.env): { namespace: string; seed: number } {
  const namespace = setting('MESHI_RUN_NAMESPACE', env) ?? defaultRunNamespace();
  const seed = setting('MESHI_SEED', env) ?? defaultSeed();
  exportSetting('MESHI_RUN_NAMESPACE', namespace, env);
  exportSetting('MESHI_SEED', seed, env);
  return { namespace, seed };
}

/** Runs `read`; a ConfigError becomes one line on stderr and exit 2 (for entry points). */
export function exitOnConfigError<T>(read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    process.stderr.write(`configuration error: ${e.message}\n`);
    process.exit(2);
  }
}

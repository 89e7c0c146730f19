// Known deviations (contracts/known-deviations.yaml): per target, the guarantees a target is known
// to break, each with a reason, a link and an expiry date. An active entry turns a failed or flaky
// guarantee into `known-deviation`; an expired entry (today after `expires`) fails the run; an
// entry for a guarantee that did not fail is reported as unused. A malformed file is a
// configuration error (exit 2). The target name comes from --target, or from MESHI_BASE_URL:
// unset or the bundled mock → mock; a production host of the contract → production; a host
// containing "staging" → staging; anything else → other.

import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { isProductionUrl, normalisedHost, setting } from '../harness/settings';
import type { DeviationStatus, KnownDeviation } from './types';

export const DEFAULT_TARGETS = ['mock', 'staging', 'production', 'other'] as const;

export class DeviationsError extends Error {
  override readonly name = 'DeviationsError';
  constructor(file: string, detail: string) {
    super(`${file}: ${detail}`);
  }
}

export interface DeviationsFile {
  readonly file: string;
  readonly targets: Readonly<Record<string, readonly KnownDeviation[]>>;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function validDate(s: string): boolean {
  if (!DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Parses and validates the YAML text. Throws DeviationsError naming the entry. */
export function parseDeviations(text: string, file: string, knownIds: ReadonlySet<string>): DeviationsFile {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    throw new DeviationsError(file, `not valid YAML: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  }
  if (doc === null || doc === undefined) doc = {};
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new DeviationsError(file, 'expected a mapping with a `targets` key');
  const top = doc as Record<string, unknown>;
  for (const k of Object.keys(top))
    if (k !== 'targets') throw new DeviationsError(file, `unknown top-level key ${JSON.stringify(k)} (expected only \`targets\`)`);
  const rawTargets = top.targets ?? {};
  if (typeof rawTargets !== 'object' || rawTargets === null || Array.isArray(rawTargets))
    throw new DeviationsError(file, '`targets` must map a target name to a list of deviations');
  const targets: Record<string, KnownDeviation[]> = {};
  for (const [target, list] of Object.entries(rawTargets as Record<string, unknown>)) {
    if (!/^[a-z][a-z0-9-]*$/.test(target))
      throw new DeviationsError(file, `target name ${JSON.stringify(target)} must be lower-case letters, digits and -`);
    const entries = list ?? [];
    if (!Array.isArray(entries)) throw new DeviationsError(file, `targets.${target} must be a list (use [] for none)`);
    const seen = new Set<string>();
    targets[target] = entries.map((raw, i) => {
      const where = `targets.${target}[${i}]`;
      if (!raw || typeof raw !== 'object' || Array.isArray(raw))
        throw new DeviationsError(file, `${where} must be a mapping with guarantee, reason, link, expires`);
      const e = raw as Record<string, unknown>;
      for (const k of Object.keys(e))
        if (!['guarantee', 'reason', 'link', 'expires'].includes(k))
          throw new DeviationsError(file, `${where}: unknown key ${JSON.stringify(k)}`);
      const guarantee = e.guarantee;
      if (typeof guarantee !== 'string' || !knownIds.has(guarantee))
        throw new DeviationsError(file, `${where}.guarantee: ${JSON.stringify(guarantee)} is not a guarantee ID of the catalogue`);
      if (seen.has(guarantee)) throw new DeviationsError(file, `${where}: ${guarantee} is listed twice for ${target}`);
      seen.add(guarantee);
      if (typeof e.reason !== 'string' || e.reason.trim().length < 3)
        throw new DeviationsError(file, `${where}.reason: a sentence is required`);
      if (typeof e.link !== 'string' || !/^https?:\/\/\S+$/.test(e.link))
        throw new DeviationsError(file, `${where}.link: an http(s) URL is required`);
      // YAML may parse an unquoted date as a Date; accept both.
      const expires = e.expires instanceof Date ? e.expires.toISOString().slice(0, 10) : e.expires;
      if (typeof expires !== 'string' || !validDate(expires))
        throw new DeviationsError(file, `${where}.expires: a date YYYY-MM-DD is required`);
      return { guarantee, reason: e.reason.trim(), link: e.link, expires };
    });
  }
  return { file, targets };
}

/** Reads the file; a missing file means no deviations. */
export function loadDeviations(file: string, knownIds: ReadonlySet<string>): DeviationsFile {
  if (!existsSync(file)) return { file, targets: {} };
  return parseDeviations(readFileSync(file, 'utf8'), file, knownIds);
}

/** The target's deviations split into active and expired (`today` as YYYY-MM-DD, UTC). */
export function deviationStatus(d: DeviationsFile | null, target: string, today = new Date().toISOString().slice(0, 10)): DeviationStatus {
  const list = d?.targets[target] ?? [];
  return { target, file: d?.file ?? null, active: list.filter((x) => x.expires >= today), expired: list.filter((x) => x.expires < today) };
}

/** Checks a --target name: one of the defaults or a target of the file. */
export function checkTarget(target: string, d: DeviationsFile | null): void {
  const names = new Set<string>([...DEFAULT_TARGETS, ...Object.keys(d?.targets ?? {})]);
  if (!names.has(target))
    throw new DeviationsError(d?.file ?? 'known deviations', `unknown target ${JSON.stringify(target)} (known: ${[...names].join(', ')})`);
}

/**
 * Refuses a --target name that says something else than what is measured: a run against the bundled
 * mock is always `mock` (a staging label on it would make mock behaviour read as staging's).
 */
export function checkTargetLabel(target: string, derived: string): void {
  if (derived === 'mock' && target !== 'mock')
    throw new DeviationsError(
      '--target',
      `${JSON.stringify(target)} names another server, but this run is against the bundled mock (MESHI_BASE_URL unset): its target is mock`,
    );
}

/** The target name derived from the settings (see the header); a malformed setting throws ConfigError. */
export function deriveTarget(env?: Readonly<Record<string, string | undefined>>): string {
  const base = setting('MESHI_BASE_URL', env);
  if (!base || setting('MESHI_BUNDLED_MOCK', env)) return 'mock';
  if (isProductionUrl(base)) return 'production';
  if (/staging/.test(normalisedHost(base))) return 'staging';
  return 'other';
}

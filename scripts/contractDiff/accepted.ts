// Accepting a breaking change: an entry of the reviewed contracts/accepted-changes.yaml (change ID,
// reason, who, expiry; `*` in an ID stands for one ID segment) or a major bump of info.version.
// An entry past its expiry accepts nothing and is reported; a malformed file is an input error.

import { readFileSync } from 'node:fs';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { ContractDiffInputError, type ChangeAcceptance } from './types';

export const ACCEPTED_FILE = 'contracts/accepted-changes.yaml';

export interface AcceptedEntry {
  readonly change: string;
  readonly reason: string;
  readonly who: string;
  readonly expires: string;
  readonly matches: (id: string) => boolean;
}

const SCHEMA_FILE = 'contracts/accepted-changes.schema.json';
let validateFile: ValidateFunction | null = null;

function validator(): ValidateFunction {
  if (validateFile) return validateFile;
  const schema = JSON.parse(readFileSync(new URL(`../../${SCHEMA_FILE}`, import.meta.url), 'utf8'));
  const ajv = new Ajv2020({ allErrors: false, strict: true });
  addFormats(ajv, ['date']);
  validateFile = ajv.compile(schema);
  return validateFile;
}

/** The first schema error, said in the file's own terms (entry number and field). */
function explain(error: ErrorObject, data: any): string {
  const entry = /^\/accepted\/(\d+)/.exec(error.instancePath);
  const n = entry ? Number(entry[1]) + 1 : null;
  const field = error.keyword === 'required' ? String(error.params.missingProperty) : error.instancePath.split('/')[3];
  if (n === null)
    return error.keyword === 'type' && error.instancePath === '/accepted'
      ? '"accepted" must be a list'
      : 'expected a map with an "accepted" list';
  if (error.keyword === 'additionalProperties') return `entry ${n}: unknown field ${String(error.params.additionalProperty)}`;
  if (field === 'expires' && error.keyword === 'format')
    return `entry ${n}: expires must be YYYY-MM-DD, got ${data.accepted[n - 1].expires}`;
  if (field) return `entry ${n} needs a non-empty ${field} (quote dates: expires: "2026-03-31")`;
  return `entry ${n} must be a map of change, reason, who and expires`;
}

export function parseAccepted(text: string | undefined): AcceptedEntry[] {
  if (text === undefined || text.trim() === '') return [];
  let data: any;
  try {
    data = parse(text);
  } catch (e) {
    throw new ContractDiffInputError(`${ACCEPTED_FILE}: ${(e as Error).message.split('\n')[0]}`);
  }
  // Only comments is an empty file; anything else must match the schema (an entry indented under a
  // commented-out key would otherwise be read as no entry at all).
  if (data === null || data === undefined) return [];
  const validate = validator();
  if (!validate(data)) throw new ContractDiffInputError(`${ACCEPTED_FILE}: ${explain(validate.errors![0]!, data)} (${SCHEMA_FILE})`);
  const entries = (data as { accepted: Omit<AcceptedEntry, 'matches'>[] | null }).accepted ?? [];
  return entries.map((e) => {
    const re = new RegExp(
      `^${e.change
        .split('*')
        .map((s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^:]*')}$`,
    );
    return { change: e.change, reason: e.reason, who: e.who, expires: e.expires, matches: (id: string) => re.test(id) };
  });
}

function majorKey(version: string): [number, number] | null {
  const m = /^(\d+)\.(\d+)/.exec(version.trim());
  if (!m) return null;
  const major = Number(m[1]);
  // 0.x: the minor is the breaking position (semver §4, npm's caret range).
  return major === 0 ? [0, Number(m[2])] : [major, 0];
}

/** Whether head's info.version is a major bump of base's (for 0.x: a minor bump). */
export function isMajorBump(base: string, head: string): boolean {
  const b = majorKey(base);
  const h = majorKey(head);
  if (!b || !h) return false;
  return h[0] > b[0] || (h[0] === b[0] && h[1] > b[1]);
}

export interface Acceptance {
  accept(id: string): ChangeAcceptance | null;
  readonly expired: readonly string[];
  unused(): string[];
}

export function acceptance(entries: readonly AcceptedEntry[], today: string, majorBump: boolean): Acceptance {
  const live = entries.filter((e) => e.expires >= today);
  const expired = entries.filter((e) => e.expires < today).map((e) => `${e.change} (expired ${e.expires})`);
  const used = new Set<AcceptedEntry>();
  return {
    expired,
    accept(id) {
      const e = live.find((x) => x.matches(id));
      if (e) {
        used.add(e);
        return { by: 'entry', reason: e.reason, who: e.who, expires: e.expires };
      }
      return majorBump ? { by: 'major-bump' } : null;
    },
    unused: () => live.filter((e) => !used.has(e)).map((e) => e.change),
  };
}

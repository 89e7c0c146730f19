// Accepting a breaking change: an entry of the reviewed contracts/accepted-changes.yaml (change ID,
// reason, who, expiry; `*` in an ID stands for one ID segment) or a major bump of info.version.
// An entry past its expiry accepts nothing and is reported; a malformed file is an input error.

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

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function parseAccepted(text: string | undefined): AcceptedEntry[] {
  if (text === undefined || text.trim() === '') return [];
  let data: any;
  try {
    data = parse(text);
  } catch (e) {
    throw new ContractDiffInputError(`${ACCEPTED_FILE}: ${(e as Error).message.split('\n')[0]}`);
  }
  // Only comments is an empty file; anything else must be a map with the `accepted` list (an entry
  // indented under a commented-out key would otherwise be read as no entry at all).
  if (data === null || data === undefined) return [];
  if (typeof data !== 'object' || Array.isArray(data) || !('accepted' in data)) throw new ContractDiffInputError(`${ACCEPTED_FILE}: expected a map with an "accepted" list`);
  const list = data.accepted ?? [];
  if (!Array.isArray(list)) throw new ContractDiffInputError(`${ACCEPTED_FILE}: "accepted" must be a list`);
  return list.map((e: any, i: number) => {
    for (const field of ['change', 'reason', 'who', 'expires'] as const) {
      const v = e?.[field];
      if (typeof v !== 'string' || v.trim() === '') throw new ContractDiffInputError(`${ACCEPTED_FILE}: entry ${i + 1} needs a non-empty ${field} (quote dates: expires: "2026-03-31")`);
    }
    if (!DATE.test(e.expires) || Number.isNaN(Date.parse(e.expires))) throw new ContractDiffInputError(`${ACCEPTED_FILE}: entry ${i + 1}: expires must be YYYY-MM-DD, got ${e.expires}`);
    const re = new RegExp(`^${e.change.split('*').map((s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^:]*')}$`);
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

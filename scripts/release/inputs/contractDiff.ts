// Adapter: the guarantee-aware contract diff (scripts/contractDiff/: loadSources, diffContracts,
// diffFindings) against the accepted changes (contracts/accepted-changes.yaml). Its answer is
// copied into the shape below, so a change of its fields touches this file only.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CiFinding } from '../../../reporter/ci/findings';
import { ACCEPTED_FILE } from '../../contractDiff/accepted';
import { diffContracts, diffFindings, loadSources } from '../../contractDiff/index';
import type { ChangeAcceptance, ContractChange, Provenance, SourceLocation } from '../../contractDiff/types';
import { ReleaseConfigError } from '../errors';

// The diff's own shapes: the adapter only fills them from whatever the module answered.
export type { ChangeSeverity, ContractChange, SourceLocation } from '../../contractDiff/types';

const PROVENANCES: readonly string[] = ['documented', 'observed', 'provisional'];

export interface ContractDiffInput {
  readonly base: { readonly label: string; readonly version: string };
  readonly head: { readonly label: string; readonly version: string };
  readonly changes: readonly ContractChange[];
  readonly unacceptedBreaking: number;
  /** The diff's own CI findings (diffFindings), when the module provides them. */
  readonly findings: readonly CiFinding[];
}

/** Why there is no diff to judge (the criterion is then unknown). */
export interface NoDiff {
  readonly unavailable: string;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});

function location(v: unknown): SourceLocation | null {
  const l = obj(v);
  return typeof l.file === 'string' && typeof l.line === 'number'
    ? {
        file: l.file,
        line: l.line,
        column: typeof l.column === 'number' ? l.column : 1,
        pointer: typeof l.pointer === 'string' ? l.pointer : '',
      }
    : null;
}

export function adaptDiff(raw: unknown, findings: unknown = []): ContractDiffInput {
  const d = obj(raw);
  const side = (v: unknown) => ({ label: String(obj(v).label ?? ''), version: String(obj(v).version ?? '') });
  const changes: ContractChange[] = (Array.isArray(d.changes) ? d.changes : [])
    .map(obj)
    .map((c) => ({
      id: String(c.id ?? c.rule ?? ''),
      rule: String(c.rule ?? ''),
      severity: c.severity === 'breaking-wire' || c.severity === 'breaking-guarantee' ? c.severity : 'non-breaking',
      message: String(c.message ?? ''),
      provenance: typeof c.provenance === 'string' && PROVENANCES.includes(c.provenance) ? (c.provenance as Provenance) : null,
      guarantees: Array.isArray(c.guarantees) ? c.guarantees.map(String) : [],
      base: location(c.base),
      head: location(c.head),
      accepted: (c.accepted as ChangeAcceptance | undefined) ?? null,
    }));
  const counted = changes.filter((c) => c.severity !== 'non-breaking' && !c.accepted).length;
  return {
    base: side(d.base),
    head: side(d.head),
    changes,
    unacceptedBreaking: typeof d.unacceptedBreaking === 'number' ? d.unacceptedBreaking : counted,
    findings: Array.isArray(findings) ? (findings as CiFinding[]) : [],
  };
}

/** The diff of the contract at `base` against the checkout, or why there is none. */
export function loadContractDiff(base: string | null, root: string, today: string): ContractDiffInput | NoDiff {
  if (!base) return { unavailable: 'no --base given: contract changes were not compared' };
  let baseSources: ReturnType<typeof loadSources>;
  try {
    baseSources = loadSources({ ref: base }, root);
  } catch (e) {
    throw new ReleaseConfigError(`--base ${base}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const acceptedFile = join(root, ACCEPTED_FILE);
  const accepted = existsSync(acceptedFile) ? readFileSync(acceptedFile, 'utf8') : undefined;
  const diff = diffContracts(baseSources, loadSources({}, root), { accepted, today });
  return adaptDiff(diff, diffFindings(diff));
}

// What every rule file gets: both versions parsed, their guarantee catalogues indexed, and emit(),
// which turns a rule's finding into a located, stable-ID change.

import type { ParsedFile, Path } from './parsed';
import { ruleSeverity, type RuleId } from './rules/catalogue';
import type { ContractChange, Provenance } from './types';

export interface Guarantee {
  readonly id: string;
  readonly family: string;
  readonly level: string;
  readonly statement: string;
  readonly provenance: string;
  readonly operations: readonly string[];
  readonly universal: boolean;
  readonly index: number;
}

export interface GuaranteeIndex {
  readonly byId: ReadonlyMap<string, Guarantee>;
  forOperation(operationId: string): string[];
  mentioning(word: string): string[];
  ofFamily(family: string): string[];
  universal(id: string): boolean;
}

export interface Side {
  readonly api: ParsedFile;
  readonly guaranteesFile: ParsedFile;
  readonly guarantees: GuaranteeIndex;
}

export interface Finding {
  readonly rule: RuleId;
  /** The parts of the change ID after the rule: operation, status or `body`, property path… */
  readonly subject: readonly (string | number)[];
  readonly message: string;
  readonly basePath: Path | null;
  readonly headPath: Path | null;
  readonly provenance?: string | null;
  readonly guarantees?: readonly string[];
  /** Which file the paths are in (default: the API contract). */
  readonly file?: 'api' | 'guarantees';
}

export interface DiffContext {
  readonly base: Side;
  readonly head: Side;
  emit(f: Finding): void;
}

export type Unaccepted = Omit<ContractChange, 'accepted'>;

export function indexGuarantees(data: any): GuaranteeIndex {
  const list: Guarantee[] = (Array.isArray(data?.guarantees) ? data.guarantees : []).map((g: any, index: number) => ({
    id: String(g?.id ?? `#${index}`),
    family: String(g?.family ?? ''),
    level: String(g?.level ?? ''),
    statement: String(g?.statement ?? ''),
    provenance: String(g?.provenance ?? ''),
    operations: Array.isArray(g?.operations) ? g.operations.map(String) : [],
    universal: g?.universal === true,
    index,
  }));
  const byId = new Map(list.map((g) => [g.id, g]));
  return {
    byId,
    forOperation: (op) => list.filter((g) => g.operations.includes(op)).map((g) => g.id),
    mentioning: (word) => list.filter((g) => g.statement.includes(word)).map((g) => g.id),
    ofFamily: (family) => list.filter((g) => g.family === family).map((g) => g.id),
    universal: (id) => byId.get(id)?.universal === true,
  };
}

export function asProvenance(p: unknown): Provenance | null {
  return p === 'documented' || p === 'observed' || p === 'provisional' ? p : null;
}

/** The data at `path` of a parsed file (undefined when absent). */
export function at(data: any, path: Path): any {
  let cur = data;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = cur[seg as keyof typeof cur];
  }
  return cur;
}

export function createContext(base: Side, head: Side, out: Unaccepted[]): DiffContext {
  const seen = new Set<string>();
  return {
    base,
    head,
    emit(f) {
      const id = [f.rule, ...f.subject].join(':');
      if (seen.has(id)) return;
      seen.add(id);
      const file = f.file ?? 'api';
      const b = file === 'api' ? base.api : base.guaranteesFile;
      const h = file === 'api' ? head.api : head.guaranteesFile;
      out.push({
        id,
        rule: f.rule,
        severity: ruleSeverity(f.rule),
        message: f.message,
        provenance: asProvenance(f.provenance),
        guarantees: [...new Set(f.guarantees ?? [])].sort(),
        base: f.basePath ? b.locate(f.basePath, false) : null,
        head: f.headPath ? h.locate(f.headPath, false) : f.basePath ? h.locate(f.basePath, false) : null,
      });
    },
  };
}

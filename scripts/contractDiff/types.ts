// The shapes of a contract diff: the sources compared, one change, the whole diff. index.ts
// re-exports them; the release decision (and anything else) reads a diff through these only.

/** The two YAML texts of one contract version and where they came from (git ref or paths). */
export interface ContractSources {
  readonly api: string;
  readonly guarantees: string;
  readonly label: string;
}

/** Where an element sits in one version: repository-relative file, 1-based line and column, JSON pointer. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly pointer: string;
}

export type ChangeSeverity = 'breaking-wire' | 'breaking-guarantee' | 'non-breaking';

export type Provenance = 'documented' | 'observed' | 'provisional';

export interface ChangeAcceptance {
  readonly by: 'entry' | 'major-bump';
  readonly reason?: string;
  readonly who?: string;
  readonly expires?: string;
}

export interface ContractChange {
  /** Stable across runs: `<rule>:<subject…>`, e.g. `response-property-removed:getEvent:200:title`. */
  readonly id: string;
  readonly rule: string;
  readonly severity: ChangeSeverity;
  readonly message: string;
  /** Provenance of the element in base (the promise partners relied on), else in head. */
  readonly provenance: Provenance | null;
  /** Guarantee IDs the change touches. */
  readonly guarantees: readonly string[];
  /** The element in base; null when it is new. */
  readonly base: SourceLocation | null;
  /** The element in head; when it was removed, its nearest surviving parent (the line to look at). */
  readonly head: SourceLocation | null;
  readonly accepted: ChangeAcceptance | null;
}

export interface ContractDiff {
  readonly base: { label: string; version: string };
  readonly head: { label: string; version: string };
  readonly changes: readonly ContractChange[];
  /** Breaking changes (wire or guarantee) that no entry and no major bump accepts. */
  readonly unacceptedBreaking: number;
  /** Accepted-changes entries past their expiry date (they accept nothing). */
  readonly expiredEntries: readonly string[];
  /** Accepted-changes entries that matched no change of this diff. */
  readonly unusedEntries: readonly string[];
}

/** A malformed input (YAML, git ref, accepted-changes file): the CLI exits 2. */
export class ContractDiffInputError extends Error {
  override readonly name = 'ContractDiffInputError';
}

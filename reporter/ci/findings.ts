// One finding as CI shows it: a severity, where it points (a file, a line, a column) and what it
// says. The release decision, the contract diff and each conformance run turn their own results
// into these; annotations.ts, sarif.ts and stepSummary.ts render them without knowing their origin.

export type CiLevel = 'error' | 'warning' | 'notice';

export interface CiLocation {
  /** Repository-relative path, forward slashes (`contracts/partner-api.yaml`). */
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based; absent when only the line is known. */
  readonly column?: number;
}

export interface CiFinding {
  /** Stable rule ID (`response-property-removed`, `guarantee-failed`): SARIF's ruleId. */
  readonly rule: string;
  readonly level: CiLevel;
  /** One line: the annotation's title. */
  readonly title: string;
  /** The full sentence(s). */
  readonly message: string;
  readonly location: CiLocation | null;
  /** Ranks findings of one level: higher first (e.g. a documented MUST above a provisional SHOULD). */
  readonly weight?: number;
}

export const LEVEL_ORDER: readonly CiLevel[] = ['error', 'warning', 'notice'];

/** Most severe first: by level, then weight (descending), then location, then rule (stable). */
export function bySeverity(a: CiFinding, b: CiFinding): number {
  return (
    LEVEL_ORDER.indexOf(a.level) - LEVEL_ORDER.indexOf(b.level) ||
    (b.weight ?? 0) - (a.weight ?? 0) ||
    (a.location?.file ?? '').localeCompare(b.location?.file ?? '') ||
    (a.location?.line ?? 0) - (b.location?.line ?? 0) ||
    a.rule.localeCompare(b.rule)
  );
}

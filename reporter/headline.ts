// The headline every artefact opens with: the run's own verdict and exit code, judged the way the
// runner judged it (`--gate`, `--strict` or a plain run), with partial scope said in the same line.
// A plain run is never called a release-gate pass; what the gate would say is a separate note.

import { evaluateGate, type GateResult } from './gate';
import type { ConformanceReport } from './types';

export interface Headline {
  readonly exitCode: 0 | 1 | 2;
  readonly passed: boolean;
  /** `Release gate failed (exit 1)`, `Run passed (exit 0)`, … */
  readonly title: string;
  readonly reasons: readonly string[];
  /** What the other judgement would say (a plain run: the gate's verdict), or null. */
  readonly note: string | null;
  readonly scope: string | null;
}

function modeName(mode: ConformanceReport['run']['mode']): string {
  return mode.strict ? 'Release gate (--strict)' : mode.gate ? 'Release gate' : 'Run';
}

export function headline(report: ConformanceReport): Headline {
  const mode = report.run.mode ?? { gate: false, strict: false };
  const gate: GateResult = evaluateGate(report, mode);
  const scope = report.run.scope.partial
    ? `partial scope: ${report.run.scope.guarantees} of ${report.run.scope.catalogue} guarantees judged (${report.run.scope.selection?.join(', ') ?? ''})`
    : null;
  const name = gate.exitCode === 2 ? 'Configuration error' : `${modeName(mode)} ${gate.exitCode === 0 ? 'passed' : 'failed'}`;
  let note: string | null = null;
  if (!mode.gate && gate.exitCode !== 2) {
    const asGate = evaluateGate(report, { gate: true, strict: false });
    note =
      asGate.exitCode === 0
        ? 'Not run as a release gate; with --gate it would pass.'
        : `Not run as a release gate; with --gate it would fail: ${asGate.blocking.length} documented MUST guarantee(s) not passed.`;
  }
  return {
    exitCode: gate.exitCode,
    passed: gate.exitCode === 0,
    title: `${name} (exit ${gate.exitCode})`,
    reasons: gate.reasons,
    note,
    scope,
  };
}

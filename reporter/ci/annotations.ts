// GitHub workflow commands (`::error file=…,line=…,title=…::message`). GitHub shows at most 10
// annotations per level per step and drops the rest silently, so each level prints its 10 most
// severe findings and then one line saying how many more there are and where the full list is.

import { bySeverity, LEVEL_ORDER, type CiFinding } from './findings';

export const ANNOTATIONS_PER_LEVEL = 10;

/** Escapes a workflow-command message (data part). */
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow-command property value (file, title). */
function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function command(f: CiFinding): string {
  const props: string[] = [];
  if (f.location) {
    props.push(`file=${escapeProperty(f.location.file)}`, `line=${f.location.line}`);
    if (f.location.column !== undefined) props.push(`col=${f.location.column}`);
  }
  props.push(`title=${escapeProperty(f.title)}`);
  return `::${f.level} ${props.join(',')}::${escapeData(f.message)}`;
}

export interface AnnotationLines {
  readonly lines: string[];
  /** Findings per level that did not get an annotation of their own. */
  readonly omitted: Readonly<Record<string, number>>;
}

/**
 * The workflow-command lines for `findings`: per level the `cap` most severe, then one line
 * "N more <level>s: see the summary" (itself an annotation of that level, so it is seen).
 */
export function annotationLines(findings: readonly CiFinding[], opts: { cap?: number; seeAlso?: string } = {}): AnnotationLines {
  const cap = opts.cap ?? ANNOTATIONS_PER_LEVEL;
  const seeAlso = opts.seeAlso ?? 'the step summary';
  const lines: string[] = [];
  const omitted: Record<string, number> = {};
  for (const level of LEVEL_ORDER) {
    const ofLevel = findings.filter((f) => f.level === level).sort(bySeverity);
    if (ofLevel.length === 0) continue;
    // The last slot goes to the "N more" line when the level overflows, so GitHub keeps it.
    const shown = ofLevel.length > cap ? ofLevel.slice(0, cap - 1) : ofLevel;
    for (const f of shown) lines.push(command(f));
    const more = ofLevel.length - shown.length;
    if (more > 0) {
      omitted[level] = more;
      lines.push(
        `::${level} title=${escapeProperty(`${more} more`)}::${escapeData(`${more} more ${level}${more === 1 ? '' : 's'}: see ${seeAlso}`)}`,
      );
    }
  }
  return { lines, omitted };
}

// Trend: earlier conformance-report.json files (a folder, searched recursively, e.g. the
// downloaded artefacts of earlier nightly runs) give each guarantee's history. Only comparable
// runs feed it (`comparableRuns`): the same target, the whole catalogue, no mock fault on. A guarantee is
// newly failing when it failed or flaked now and its latest exercised verdict before was passed
// (or a known deviation); newly passing when it passed now and its latest exercised verdict before
// was failed or flaky. The SVG is a strip of one square per run, oldest left, this run outlined.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ConformanceReport, GuaranteeTrend, Verdict } from './types';

export const MAX_HISTORY = 30;

/** Minimal view of an earlier report. */
export interface HistoryRun {
  readonly runId: string;
  readonly finishedAt: string;
  readonly target: string;
  readonly targetKind: string;
  /** Judged only part of the catalogue (`--guarantees`); unknown counts as partial. */
  readonly partial: boolean;
  /** Mock faults that were on; null when the report predates the field. */
  readonly mockFaults: readonly string[] | null;
  readonly verdicts: ReadonlyMap<string, Verdict>;
}

export type HistoryExclusion = 'other target' | 'partial scope' | 'mock faults on';

/** Why an earlier run cannot be compared with a run of `target`, or null when it can. */
export function exclusionOf(run: HistoryRun, target: { readonly name: string; readonly kind: string }): HistoryExclusion | null {
  if (run.target !== target.name || run.targetKind !== target.kind) return 'other target';
  if (run.partial) return 'partial scope';
  // A bundled-mock report without the field may come from a kill-matrix run: not provably clean.
  if (run.mockFaults === null ? run.targetKind === 'bundled-mock' : run.mockFaults.length > 0) return 'mock faults on';
  return null;
}

/** The earlier runs that may feed this run's trend, and how many were left out for each reason. */
export function comparableRuns(
  runs: readonly HistoryRun[],
  target: { readonly name: string; readonly kind: string },
): { runs: HistoryRun[]; excluded: Partial<Record<HistoryExclusion, number>> } {
  const excluded: Partial<Record<HistoryExclusion, number>> = {};
  const kept: HistoryRun[] = [];
  for (const run of runs) {
    const why = exclusionOf(run, target);
    if (why) excluded[why] = (excluded[why] ?? 0) + 1;
    else kept.push(run);
  }
  return { runs: kept.slice(-MAX_HISTORY), excluded };
}

function looksLikeReport(v: unknown): v is ConformanceReport {
  if (!v || typeof v !== 'object') return false;
  const o = v as Partial<ConformanceReport>;
  return (
    o.schemaVersion === 1 && !!o.run && typeof o.run.id === 'string' && typeof o.run.finishedAt === 'string' && Array.isArray(o.guarantees)
  );
}

function jsonFiles(dir: string, depth = 0): string[] {
  if (depth > 5) return [];
  const out: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names) {
    const p = join(dir, name);
    let st;
    try {
      st = statSync(p);
    } catch {
      continue;
    }
    if (st.isDirectory()) out.push(...jsonFiles(p, depth + 1));
    else if (name.endsWith('.json') && st.size < 64 * 1024 * 1024) out.push(p);
  }
  return out;
}

/** Reads every earlier report under `dir` (files that are not reports are ignored), oldest first, without `excludeRunId`. */
export function loadHistory(dir: string | null | undefined, excludeRunId?: string): HistoryRun[] {
  if (!dir || !existsSync(dir)) return [];
  const runs = new Map<string, HistoryRun>();
  for (const file of jsonFiles(dir)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      continue;
    }
    if (!looksLikeReport(parsed) || parsed.run.id === excludeRunId) continue;
    runs.set(parsed.run.id, {
      runId: parsed.run.id,
      finishedAt: parsed.run.finishedAt,
      target: parsed.run.target?.name ?? 'unknown',
      targetKind: parsed.run.target?.kind ?? 'unknown',
      partial: parsed.run.scope?.partial !== false,
      mockFaults: Array.isArray(parsed.run.mockFaults) ? parsed.run.mockFaults : null,
      verdicts: new Map(parsed.guarantees.filter((g) => g && typeof g.id === 'string').map((g) => [g.id, g.verdict])),
    });
  }
  return [...runs.values()].sort((a, b) => a.finishedAt.localeCompare(b.finishedAt));
}

const EXERCISED: ReadonlySet<string> = new Set(['passed', 'failed', 'flaky', 'known-deviation']);

/** One guarantee's trend: its verdict in each earlier run, then the current one. */
export function guaranteeTrend(id: string, current: Verdict, history: readonly HistoryRun[]): GuaranteeTrend {
  const verdicts: (Verdict | 'absent')[] = history.map((h) => h.verdicts.get(id) ?? 'absent');
  const previous = [...verdicts].reverse().find((v) => EXERCISED.has(v));
  verdicts.push(current);
  let change: GuaranteeTrend['change'] = null;
  if (previous !== undefined) {
    const failingNow = current === 'failed' || current === 'flaky';
    const failingBefore = previous === 'failed' || previous === 'flaky';
    if (failingNow && !failingBefore) change = 'newly-failing';
    else if (current === 'passed' && failingBefore) change = 'newly-passing';
  }
  return { verdicts, change };
}

export const VERDICT_COLOURS: Readonly<Record<Verdict | 'absent', string>> = {
  passed: '#2e7d32',
  failed: '#c62828',
  flaky: '#a04800',
  error: '#4a148c',
  inconclusive: '#8d6e63',
  'not-exercised': '#616161',
  'known-deviation': '#6a1b9a',
  absent: '#e0e0e0',
};

/**
 * A small inline SVG: one square per run (oldest left), the current run outlined. Compact (one
 * path per verdict colour) so a 30-run history of ~100 guarantees stays small.
 */
export function trendSvg(trend: GuaranteeTrend): string {
  const size = 8;
  const step = 10;
  const n = trend.verdicts.length;
  const width = n * step + 2;
  const byColour = new Map<string, string[]>();
  trend.verdicts.forEach((v, i) => {
    const list = byColour.get(v) ?? [];
    list.push(`M${1 + i * step} 2h${size}v${size}h-${size}z`);
    byColour.set(v, list);
  });
  const paths = [...byColour].map(([v, d]) => `<path fill="${VERDICT_COLOURS[v as Verdict | 'absent']}" d="${d.join('')}"/>`).join('');
  const counts = new Map<string, number>();
  for (const v of trend.verdicts.slice(0, -1)) counts.set(v, (counts.get(v) ?? 0) + 1);
  const title = `${n - 1} earlier run(s): ${[...counts].map(([v, c]) => `${c} ${v}`).join(', ') || 'none'}; this run: ${trend.verdicts[n - 1]}${trend.change ? ` (${trend.change})` : ''}`;
  const outline = `<rect x="${1 + (n - 1) * step - 0.5}" y="1.5" width="${size + 1}" height="${size + 1}" fill="none" stroke="#000"/>`;
  return `<svg class="trend" width="${width}" height="12" viewBox="0 0 ${width} 12" role="img"><title>${escapeXml(title)}</title>${paths}${outline}</svg>`;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

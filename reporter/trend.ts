// Trend: earlier conformance-report.json files (a folder, searched recursively, e.g. the
// downloaded artefacts of earlier nightly runs) give each guarantee's history. A guarantee is
// newly failing when it failed or flaked now and its latest exercised verdict before was passed
// (or a known deviation); newly passing when it passed now and its latest exercised verdict before
// was failed or flaky. The SVG is a strip of one square per run, oldest left, this run outlined.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ConformanceReport, GuaranteeTrend, TrendPoint, Verdict } from './types';

export const MAX_HISTORY = 30;

/** Minimal view of an earlier report. */
export interface HistoryRun {
  readonly runId: string;
  readonly finishedAt: string;
  readonly target: string;
  readonly verdicts: ReadonlyMap<string, Verdict>;
}

function looksLikeReport(v: unknown): v is ConformanceReport {
  if (!v || typeof v !== 'object') return false;
  const o = v as Partial<ConformanceReport>;
  return o.schemaVersion === 1 && !!o.run && typeof o.run.id === 'string' && typeof o.run.finishedAt === 'string' && Array.isArray(o.guarantees);
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

/** Reads every earlier report under `dir` (files that are not reports are ignored), oldest first, at most MAX_HISTORY, without `excludeRunId`. */
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
      verdicts: new Map(parsed.guarantees.filter((g) => g && typeof g.id === 'string').map((g) => [g.id, g.verdict])),
    });
  }
  return [...runs.values()].sort((a, b) => a.finishedAt.localeCompare(b.finishedAt)).slice(-MAX_HISTORY);
}

const EXERCISED: ReadonlySet<string> = new Set(['passed', 'failed', 'flaky', 'known-deviation']);

/** One guarantee's trend: earlier runs, then the current verdict. */
export function guaranteeTrend(id: string, current: Verdict, runId: string, finishedAt: string, history: readonly HistoryRun[]): GuaranteeTrend {
  const points: TrendPoint[] = history.map((h) => ({ runId: h.runId, finishedAt: h.finishedAt, verdict: h.verdicts.get(id) ?? 'absent' }));
  points.push({ runId, finishedAt, verdict: current });
  const previous = [...points.slice(0, -1)].reverse().find((p) => EXERCISED.has(p.verdict))?.verdict;
  let change: GuaranteeTrend['change'] = null;
  if (previous !== undefined) {
    const failingNow = current === 'failed' || current === 'flaky';
    const failingBefore = previous === 'failed' || previous === 'flaky';
    if (failingNow && !failingBefore) change = 'newly-failing';
    else if (current === 'passed' && failingBefore) change = 'newly-passing';
  }
  return { points, change };
}

export const VERDICT_COLOURS: Readonly<Record<Verdict | 'absent', string>> = {
  passed: '#2e7d32',
  failed: '#c62828',
  flaky: '#ef6c00',
  'not-exercised': '#9e9e9e',
  'known-deviation': '#6a1b9a',
  absent: '#e0e0e0',
};

/** A small inline SVG: one square per run (oldest left), the current run outlined. */
export function trendSvg(trend: GuaranteeTrend): string {
  const size = 9;
  const gap = 2;
  const n = trend.points.length;
  const width = n * (size + gap) + 2;
  const rects = trend.points
    .map((p, i) => {
      const x = 1 + i * (size + gap);
      const last = i === n - 1;
      const title = `${p.finishedAt.slice(0, 16).replace('T', ' ')}: ${p.verdict}`;
      return `<rect x="${x}" y="2" width="${size}" height="${size}" rx="1.5" fill="${VERDICT_COLOURS[p.verdict]}"${last ? ' stroke="#000" stroke-width="1.2"' : ''}><title>${escapeXml(title)}</title></rect>`;
    })
    .join('');
  return `<svg class="trend" width="${width}" height="13" viewBox="0 0 ${width} 13" role="img" aria-label="history over ${n} runs">${rects}</svg>`;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

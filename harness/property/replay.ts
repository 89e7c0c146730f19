// What a failing property reports: the failure report (seed, path, shrunk counterexample), the
// one-line replay commands (Playwright and `npm run replay`) and the message's headline.

import type { TestInfo } from '@playwright/test';
import type { BudgetName } from './budget';
import { getConfig } from '../settings/config';
import { shellQuote } from '../http/redact';
import { replayCommand, runContextOf, splitFaults } from '../http/reproduce';
import { setting } from '../settings';

export interface PropertyFailureReport {
  readonly property: string;
  readonly test: string;
  readonly seed: number;
  readonly path: string | null;
  readonly replayPath: string | null;
  readonly counterexample: string;
  /** Commands in the shrunk sequence (model-based tests), else null. */
  readonly commands: number | null;
  readonly numRuns: number;
  readonly numShrinks: number;
  readonly interrupted: boolean;
  readonly error: string;
  readonly replay: string;
  readonly npmReplay: string;
  readonly budget: BudgetName;
}

const ANSI = /\u001b\[[0-9;]*m/g;

export function errorText(e: unknown): string {
  if (e instanceof Error) return (e.message || String(e)).replace(ANSI, '');
  return String(e).replace(ANSI, '');
}

/** The spec file relative to the project root (for replay commands). */
function relativeFile(testInfo: TestInfo): string {
  const root = testInfo.config.rootDir;
  const f = testInfo.file;
  const cut = f.indexOf('/specs/');
  if (cut >= 0) return f.slice(cut + 1);
  return f.startsWith(root) ? f.slice(root.length + 1) : f;
}

/** The replay line of a property failure: the run's settings (target, faults, seed, namespace) plus the counterexample's path. */
export function propertyReplayCommand(p: {
  seed: number;
  path: string | null;
  replayPath: string | null;
  file: string;
  title: string;
}): string {
  const env: Record<string, string> = {};
  if (p.path) env.MESHI_FC_PATH = p.path;
  if (p.replayPath) env.MESHI_FC_REPLAY_PATH = p.replayPath;
  return replayCommand(
    { ...runContextOf(getConfig(), splitFaults(setting('MESHI_MOCK_FAULTS'))), seed: p.seed },
    { file: p.file, title: p.title, env },
  );
}

export function npmReplayCommand(p: { seed: number; path: string | null; replayPath: string | null; title: string }): string {
  const parts = ['npm run replay --', '--seed', String(p.seed)];
  if (p.path) parts.push('--path', p.path);
  if (p.replayPath) parts.push('--replay-path', shellQuote(p.replayPath));
  parts.push('--test', shellQuote(p.title));
  return parts.join(' ');
}

/** fc.commands prints `/*replayPath="…"*\/` in a counterexample. */
function replayPathOf(counterexample: string): string | null {
  const m = /\/\*replayPath="([^"]*)"\*\//.exec(counterexample);
  return m ? m[1]! : null;
}

/** The number of commands a model-based counterexample ran (fc.commands prints them comma-separated). */
function commandCount(counterexample: unknown): number | null {
  if (!Array.isArray(counterexample)) return null;
  const isCommand = (c: unknown) =>
    !!c &&
    typeof c === 'object' &&
    typeof (c as { run?: unknown }).run === 'function' &&
    typeof (c as { check?: unknown }).check === 'function';
  for (const v of counterexample) {
    // A sequence given as an example (an array of commands) is counted as it is.
    if (Array.isArray(v) && v.length > 0 && v.every(isCommand)) return v.length;
    // fc.commands values are iterables that are not arrays, printed as `Cmd1,Cmd2 /*replayPath=…*/`.
    if (v && typeof v === 'object' && !Array.isArray(v) && Symbol.iterator in v) {
      const text = String(v)
        .replace(/\s*\/\*replayPath=.*\*\/\s*$/, '')
        .trim();
      if (text.startsWith('[') || text === '') continue;
      // fc.commands' toString: "Cmd1(…),Cmd2(…)" — count top-level commas.
      let depth = 0;
      let n = 1;
      for (const ch of text) {
        if ('([{'.includes(ch)) depth++;
        else if (')]}'.includes(ch)) depth--;
        else if (ch === ',' && depth === 0) n++;
      }
      return n;
    }
  }
  return null;
}

/** The first line of an error that carries a bracketed guarantee ID, else the first line. */
function headline(message: string): string {
  const lines = message
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.find((l) => /^\[[A-Z]+-\d+\]/.test(l)) ?? lines[0] ?? '(no message)';
}

export interface FailureFacts {
  readonly name: string;
  readonly budget: BudgetName;
  readonly error: string;
  readonly details: {
    seed: number;
    counterexamplePath: string | null;
    counterexample: unknown;
    numRuns: number;
    numShrinks: number;
    interrupted: boolean;
  };
  readonly counterexample: string;
  /** MESHI_FC_REPLAY_PATH of this run, used when the counterexample prints none. */
  readonly replayPathFromRun: string | null;
}

/** The failure report of a shrunk counterexample, with its replay commands. */
export function failureReport(testInfo: TestInfo, f: FailureFacts): PropertyFailureReport {
  const { details, counterexample } = f;
  const title = testInfo.title;
  const replayPath = replayPathOf(counterexample) ?? f.replayPathFromRun;
  const path = details.counterexamplePath;
  return {
    property: f.name,
    test: title,
    seed: details.seed,
    path,
    replayPath,
    counterexample,
    commands: commandCount(details.counterexample),
    numRuns: details.numRuns,
    numShrinks: details.numShrinks,
    interrupted: details.interrupted,
    error: f.error,
    replay: propertyReplayCommand({ seed: details.seed, path, replayPath, file: relativeFile(testInfo), title }),
    npmReplay: npmReplayCommand({ seed: details.seed, path, replayPath, title }),
    budget: f.budget,
  };
}

/** The thrown message: the violated guarantee first, then seed, path, counterexample, replay and the full error. */
export function failureMessage(report: PropertyFailureReport): string {
  const shrunk = report.interrupted
    ? `(shrinking interrupted by the time limit after ${report.numShrinks} shrinks)`
    : `(shrunk ${report.numShrinks} times)`;
  const ce = report.counterexample;
  return [
    headline(report.error),
    '',
    `property "${report.property}" failed after ${report.numRuns} run(s) ${shrunk}; seed ${report.seed}, path ${report.path}${report.replayPath ? `, replayPath ${report.replayPath}` : ''}`,
    `counterexample${report.commands !== null ? ` (${report.commands} commands)` : ''}: ${ce.length > 4000 ? `${ce.slice(0, 4000)}… (full text attached)` : ce}`,
    `replay: ${report.replay}`,
    `    or: ${report.npmReplay}`,
    '',
    report.error,
  ].join('\n');
}

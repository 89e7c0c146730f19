// The text, Markdown and JSON renderings of a contract diff (SARIF and GitHub annotations go
// through reporter/ci with diffFindings).

import { changeDetail } from './findings';
import type { ContractChange, ContractDiff, SourceLocation } from './types';

function where(l: SourceLocation | null): string {
  return l ? `${l.file}:${l.line}:${l.column}` : '—';
}

function verdict(diff: ContractDiff): string {
  const breaking = diff.changes.filter((c) => c.severity !== 'non-breaking');
  const accepted = breaking.length - diff.unacceptedBreaking;
  if (diff.unacceptedBreaking)
    return `BREAKING: ${diff.unacceptedBreaking} unaccepted breaking change${diff.unacceptedBreaking === 1 ? '' : 's'}${accepted ? ` (${accepted} accepted)` : ''}: partners on the previous SDK may break.`;
  if (accepted) return `OK: ${accepted} breaking change${accepted === 1 ? '' : 's'}, all accepted.`;
  return 'OK: nothing breaks.';
}

function header(diff: ContractDiff): string {
  return `contract diff ${diff.base.label} (${diff.base.version || '?'}) → ${diff.head.label} (${diff.head.version || '?'}): ${diff.changes.length} change${diff.changes.length === 1 ? '' : 's'}`;
}

function notes(diff: ContractDiff): string[] {
  return [
    ...diff.expiredEntries.map((e) => `accepted-changes entry ${e}: accepts nothing until renewed or removed`),
    ...diff.unusedEntries.map((e) => `accepted-changes entry ${e} matched no change (remove it)`),
  ];
}

export function renderText(diff: ContractDiff): string {
  const lines = [header(diff), verdict(diff)];
  for (const [title, list] of groups(diff)) {
    if (!list.length) continue;
    lines.push('', `${title} (${list.length})`);
    for (const c of list)
      lines.push(`  ${where(c.head ?? c.base)}  ${changeDetail(c)}${c.base && c.head ? `  [base ${where(c.base)}]` : ''}`);
  }
  const n = notes(diff);
  if (n.length) lines.push('', ...n.map((x) => `note: ${x}`));
  return `${lines.join('\n')}\n`;
}

function groups(diff: ContractDiff): [string, ContractChange[]][] {
  const unaccepted = (c: ContractChange) => c.severity !== 'non-breaking' && !c.accepted;
  return [
    ['Breaking (wire)', diff.changes.filter((c) => c.severity === 'breaking-wire' && unaccepted(c))],
    ['Breaking (guarantee)', diff.changes.filter((c) => c.severity === 'breaking-guarantee' && unaccepted(c))],
    ['Accepted breaking', diff.changes.filter((c) => c.severity !== 'non-breaking' && c.accepted)],
    ['Changelog (non-breaking)', diff.changes.filter((c) => c.severity === 'non-breaking')],
  ];
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderMarkdown(diff: ContractDiff): string {
  const lines = [
    `### Contract diff: ${cell(diff.base.label)} → ${cell(diff.head.label)}`,
    '',
    `**${verdict(diff)}** (${diff.changes.length} change${diff.changes.length === 1 ? '' : 's'}; version ${diff.base.version || '?'} → ${diff.head.version || '?'})`,
  ];
  for (const [title, list] of groups(diff)) {
    if (!list.length) continue;
    lines.push(
      '',
      `#### ${title} (${list.length})`,
      '',
      '| where (head) | base | rule | provenance | guarantees | change |',
      '|---|---|---|---|---|---|',
    );
    for (const c of list)
      lines.push(
        `| ${where(c.head)} | ${where(c.base)} | \`${c.rule}\` | ${c.provenance ?? '—'} | ${c.guarantees.join(', ') || '—'} | ${cell(changeDetail(c))} |`,
      );
  }
  const n = notes(diff);
  if (n.length) lines.push('', ...n.map((x) => `- ${cell(x)}`));
  return `${lines.join('\n')}\n`;
}

export function renderJson(diff: ContractDiff): string {
  return `${JSON.stringify(diff, null, 2)}\n`;
}

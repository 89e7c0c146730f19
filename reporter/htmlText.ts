// Escaping and the small pieces every part of report.html uses.

import type { Verdict } from './types';

import { VERDICT_LABEL as LABEL } from './verdicts';

export { LABEL };

export function esc(s: string | number | null | undefined): string {
  return String(s ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export function safeHref(url: string): string | null {
  return /^https?:\/\/[^\s"'<>]+$/.test(url) ? url : null;
}

export function badge(v: Verdict): string {
  return `<span class="badge v-${v}">${esc(LABEL[v])}</span>`;
}

/** Escapes a text and turns the guarantee IDs of `known` into links to their rows. */
export function linkIds(text: string, known: ReadonlySet<string>): string {
  return esc(text).replace(/\b[A-Z][A-Z0-9]*-\d{2,3}\b/g, (id) => (known.has(id) ? `<a href="#g-${id}">${id}</a>` : id));
}

/** A copyable command: heading, copy button and the text. */
export function copyBlock(heading: string, text: string, cls = ''): string {
  return `<div class="cmd ${cls}"><h6>${esc(heading)} <button type="button" class="copy">copy</button></h6><pre class="copy-src">${esc(text)}</pre></div>`;
}

/** An ordered list whose items beyond the first `shown` fold into a <details> saying how many. */
export function foldedList(items: readonly string[], shown: number, what: string): string {
  if (items.length <= shown) return `<ol>${items.join('\n')}</ol>`;
  return `<ol>${items.slice(0, shown).join('\n')}</ol>\n<details class="more"><summary>${items.length - shown} more ${esc(what)}</summary><ol start="${shown + 1}">${items.slice(shown).join('\n')}</ol></details>`;
}

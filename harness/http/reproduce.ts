// How to run a failure again: the one builder of replay commands and curl lines, used by the
// harness (call records, property failures) and by the reporter. Both name everything the run
// depended on: the target (`$MESHI_BASE_URL`, or the bundled mock with its faults), seed and
// namespace. Keys stay `$MESHI_…` variables (the redactor's placeholders).

import { contract } from '../../contract';
import { KEY_ENV, type HarnessConfig } from '../settings/config';
import { SECRET_HEADERS, shellQuote, type Redactor } from './redact';

/** What a replay must reproduce about the run. */
export interface RunContext {
  readonly target: 'bundled-mock' | 'external' | 'unknown';
  /** The external target's URL (origin and path, no credentials). */
  readonly targetUrl: string | null;
  readonly mockFaults: readonly string[];
  readonly seed: number | null;
  readonly namespace: string | null;
}

/** `a, b` → `['a', 'b']` (MESHI_MOCK_FAULTS). */
export function splitFaults(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
}

export function runContextOf(c: HarnessConfig, mockFaults: readonly string[]): RunContext {
  return { target: c.target, targetUrl: c.target === 'external' ? c.rootUrl : null, mockFaults, seed: c.seed, namespace: c.runNamespace };
}

/**
 * The settings in front of a replay command. The bundled mock is started by the harness only when
 * MESHI_BASE_URL is unset, and a key in the environment would replace its seeded keys: both are
 * unset explicitly so a shell configured for staging still replays against the mock.
 */
export function runSettings(ctx: RunContext, extra: Readonly<Record<string, string>> = {}): string {
  const parts: string[] = [];
  if (ctx.target === 'bundled-mock') {
    parts.push('env', '-u MESHI_BASE_URL', ...Object.values(KEY_ENV).map((k) => `-u ${k}`));
    if (ctx.mockFaults.length) parts.push(`MESHI_MOCK_FAULTS=${shellQuote(ctx.mockFaults.join(','))}`);
  } else {
    parts.push(ctx.targetUrl ? `MESHI_BASE_URL=${shellQuote(ctx.targetUrl)}` : 'MESHI_BASE_URL="$MESHI_BASE_URL"');
  }
  if (ctx.namespace) parts.push(`MESHI_RUN_NAMESPACE=${shellQuote(ctx.namespace)}`);
  if (ctx.seed !== null) parts.push(`MESHI_SEED=${ctx.seed}`);
  for (const [k, v] of Object.entries(extra)) parts.push(`${k}=${shellQuote(v)}`);
  return parts.join(' ');
}

/** Escapes a string for a RegExp source (`-g` takes a regular expression). */
export function regexEscape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One line that runs one conformance test again against the same target, with the same settings. */
export function replayCommand(ctx: RunContext, t: { file: string; title: string; env?: Readonly<Record<string, string>> }): string {
  return `${runSettings(ctx, t.env)} npx playwright test --project=conformance ${shellQuote(t.file)} -g ${shellQuote(regexEscape(t.title))}`;
}

/** The root in front of the contract's base paths (`http://h:1/prefix` of `http://h:1/prefix/api/v0/partner/x`). */
export function apiRoot(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  for (const base of [contract.basePath, contract.aliasBasePath]) {
    const i =
      u.pathname.indexOf(`${base}/`) >= 0
        ? u.pathname.indexOf(`${base}/`)
        : u.pathname.endsWith(base)
          ? u.pathname.length - base.length
          : -1;
    if (i >= 0) return u.origin + u.pathname.slice(0, i);
  }
  return u.origin;
}

/** Whether a recorded body was cut (harness/http/record.ts and the reporter mark it at the end). */
export function isTruncated(body: string): boolean {
  return /… \[(?:truncated: \d+ more characters of \d+|cut at \d+ of \d+ characters[^\]]*)\]$/.test(body);
}

export const MAX_INLINE_BODY = 1024;

export interface CurlOptions {
  /** Write the URL as `"$MESHI_BASE_URL"/…` (the target's root, without the API base path). */
  readonly baseVariable?: boolean;
  /** Where a body too long to inline is kept (a path relative to the report), or null. */
  readonly bodyFile?: (body: string) => string | null;
}

/**
 * A curl line reproducing a request. Credentials appear as `$MESHI_…` variables (double-quoted so
 * the shell expands them); unknown credentials as `$MESHI_UNKNOWN_CREDENTIAL`. A body is inlined,
 * referenced as a file written next to the report, or the line says why it cannot be sent.
 */
export function curlLine(
  r: Redactor,
  method: string,
  url: string,
  headers: Readonly<Record<string, string>>,
  body: string | null,
  opts: CurlOptions = {},
): string {
  const shownUrl = r.text(url);
  const root = opts.baseVariable ? apiRoot(shownUrl) : null;
  const target = root !== null ? `"$MESHI_BASE_URL"${shellQuote(shownUrl.slice(root.length) || '/')}` : shellQuote(shownUrl);
  const parts = ['curl', '-sS', '-i', '-X', method, target];
  for (const [name, value] of Object.entries(headers)) {
    if (SECRET_HEADERS.has(name.toLowerCase())) {
      const m = /^(\S+)\s+(.*)$/.exec(value);
      const credential = m ? m[2]! : value;
      const ph = /^\$MESHI_[A-Z0-9_]+$/.test(credential) ? credential : (r.placeholderFor(credential) ?? '$MESHI_UNKNOWN_CREDENTIAL');
      parts.push('-H', `"${name}: ${m ? `${m[1]} ` : ''}${ph}"`);
    } else {
      parts.push('-H', shellQuote(`${name}: ${r.text(value)}`));
    }
  }
  if (body !== null) {
    const redacted = r.text(body);
    const file = redacted.length > MAX_INLINE_BODY && !isTruncated(redacted) ? (opts.bodyFile?.(redacted) ?? null) : null;
    if (isTruncated(redacted)) parts.push('  # the request body was truncated in the record: this line cannot send it');
    else if (redacted.length <= MAX_INLINE_BODY) parts.push('--data-binary', shellQuote(redacted));
    else if (file) parts.push('--data-binary', shellQuote(`@${file}`));
    else parts.push('  # the request body is not inlined (too long): take it from the record');
  }
  return parts.join(' ');
}

// Collect: turns Playwright's TestCase/TestResult into plain, redacted `CollectedTest`s — the
// declared guarantees (the `guarantee` annotations proves() adds), every attempt's status, error
// messages, annotations and call records (the JSON attachments of harness/http/record.ts). Everything
// downstream (attribution, verdicts, renderers) works on these plain objects.

import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { TestCase, TestResult } from '@playwright/test/reporter';
import { contract } from '../contract';
import { findingsIn } from '../harness/verdicts/findings';
import type { Redactor } from '../harness/http/redact';
import { LEDGER_ATTACHMENT, type LedgerData } from '../harness/checks/universalLedger';
import { scrubText } from './redaction';
import type { Annotation, AttemptStatus, CollectedAttempt, CollectedTest, FullRecord, RecordSummary } from './types';

const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;
const MAX_MESSAGE = 4000;

export function stripAnsi(s: string): string {
  return s.replace(ANSI, '');
}

/** The message of a Playwright TestError without the stack and colour codes, redacted and capped. */
export function errorText(r: Redactor, e: { message?: string; value?: string; stack?: string }): string {
  let text = stripAnsi(e.message ?? e.value ?? e.stack?.split('\n')[0] ?? 'unknown error');
  // Drop the call-log / stack part Playwright appends after the message.
  text = text.replace(/\n\s+at .*$/s, '');
  text = headlineFirst(scrubText(r, text).trimEnd());
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}… [truncated]` : text;
}

/**
 * Puts what happened on the message's first line: without Playwright's `Error: ` prefix, and with
 * the assertion's received value against the expected one when the label does not say it already
 * (`[EVT-07] GET matches the create: observed "B", expected "A"`).
 */
export function headlineFirst(message: string): string {
  const text = message.replace(/^(?:[A-Za-z]*(?:Error|Violation):\s*)+/, '');
  const [first = '', ...rest] = text.split('\n');
  if (/\bexpected\b/i.test(first)) return text;
  const e = /^\s*Expected(?: value| pattern| substring| length)?:\s*(.+)$/m.exec(text);
  const r = /^\s*Received(?: value| string| length)?:\s*(.+)$/m.exec(text);
  if (!e || !r) return text;
  const cap = (s: string) => (s.length > 120 ? `${s.slice(0, 117)}...` : s);
  return [`${first}: observed ${cap(r[1]!.trim())}, expected ${cap(e[1]!.trim())}`, ...rest].join('\n');
}

/** Which base a recorded URL addressed. */
export function baseOf(url: string, kind: string): RecordSummary['base'] {
  if (kind === 'outside') return 'none';
  let path = url;
  try {
    path = new URL(url).pathname;
  } catch {
    // keep the raw text
  }
  if (path.includes(`${contract.basePath}/`) || path.endsWith(contract.basePath)) return 'current';
  if (path.includes(`${contract.aliasBasePath}/`) || path.endsWith(contract.aliasBasePath)) return 'alias';
  return 'none';
}

const LEADING_IDS = /^\s*(?:\[([A-Z][A-Z0-9]*-\d{2,3})\]\s*)+/;

/**
 * The guarantee IDs a plain assertion message starts with (`expect(x, '[CTX-01] …')` in a spec,
 * which leaves no typed finding). Everything the harness reports travels as a finding instead.
 */
export function leadingIds(message: string): string[] {
  const m = LEADING_IDS.exec(message.replace(/^\s*(?:[A-Za-z]*(?:Error|Violation):\s*)+/, ''));
  if (!m) return [];
  return [...m[0].matchAll(/\[([A-Z][A-Z0-9]*-\d{2,3})\]/g)].map((x) => x[1]!);
}

function isRecord(v: unknown): v is FullRecord {
  if (!v || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  return (
    typeof o.n === 'number' &&
    typeof o.method === 'string' &&
    typeof o.url === 'string' &&
    typeof o.curl === 'string' &&
    'status' in o &&
    Array.isArray(o.violations)
  );
}

/** Summarises one call record for universal coverage. */
export function summarizeRecord(rec: FullRecord): RecordSummary {
  const status = rec.status;
  const hasCorr = !!rec.response?.headers && Object.keys(rec.response.headers).some((k) => k.toLowerCase() === 'x-correlation-id');
  const fromApi = status !== null && rec.response !== null && status !== 502 && status !== 504 && !(status === 503 && !hasCorr);
  return {
    kind: rec.kind,
    method: rec.method.toUpperCase(),
    setup: rec.setup,
    base: baseOf(rec.url, rec.kind),
    status,
    fromApi,
    skippedChecks: [...(rec.skippedChecks ?? [])],
    violationIds: [...new Set(rec.violations.map((v) => v.guarantee))],
    checkedGuarantees: [...(rec.checkedGuarantees ?? [])],
    operationId: rec.operationId ?? null,
    code: envelopeCode(rec),
  };
}

/** The `code` of an error response's envelope, or null. */
function envelopeCode(rec: FullRecord): string | null {
  if (rec.status === null || rec.status < 400 || !rec.response?.body) return null;
  try {
    const body: unknown = JSON.parse(rec.response.body);
    const code = body && typeof body === 'object' ? (body as Record<string, unknown>).code : undefined;
    return typeof code === 'string' ? code : null;
  } catch {
    return null;
  }
}

/** Parses the call-record attachments of one result (body or file). Unreadable ones are ignored. */
export function recordsOf(result: Pick<TestResult, 'attachments'>): FullRecord[] {
  const out: FullRecord[] = [];
  for (const a of result.attachments) {
    if (a.contentType !== 'application/json') continue;
    if (!/^(?:setup )?#\d+ /.test(a.name)) continue;
    const text = attachmentText(a);
    if (text === null) continue;
    try {
      const parsed: unknown = JSON.parse(text);
      if (isRecord(parsed)) out.push(parsed);
    } catch {
      // not a call record
    }
  }
  return out.sort((a, b) => a.n - b.n);
}

function attachmentText(a: TestResult['attachments'][number]): string | null {
  try {
    if (a.body) return a.body.toString('utf8');
    if (a.path) return readFileSync(a.path, 'utf8');
  } catch {
    // unreadable
  }
  return null;
}

/** The universal ledger an attempt attached (harness/checks/universalLedger.ts), or null. */
export function ledgerOf(result: Pick<TestResult, 'attachments'>): LedgerData | null {
  const a = result.attachments.find((x) => x.name === LEDGER_ATTACHMENT && x.contentType === 'application/json');
  const text = a ? attachmentText(a) : null;
  if (text === null) return null;
  try {
    const d = JSON.parse(text) as LedgerData;
    return d && typeof d === 'object' && d.checked && Array.isArray(d.violations) ? d : null;
  } catch {
    return null;
  }
}

function redactAnnotation(r: Redactor, a: { type: string; description?: string }): Annotation {
  return a.description === undefined ? { type: a.type } : { type: a.type, description: scrubText(r, a.description) };
}

/** One Playwright test (all its attempts) as a CollectedTest; `onRecord` sees every call record as it is read. */
export function collectTest(test: TestCase, rootDir: string, r: Redactor, onRecord?: (rec: FullRecord) => void): CollectedTest {
  const declared = test.annotations.filter((a) => a.type === 'guarantee' && a.description).map((a) => a.description!.trim());
  const attempts: CollectedAttempt[] = test.results.map((res) => collectAttempt(res, test, r, onRecord));
  const titlePath = test.titlePath().slice(3); // ['', project, file, ...describes, title]
  return {
    id: test.id,
    title: scrubText(r, test.title),
    fullTitle: scrubText(r, titlePath.join(' › ') || test.title),
    file: relative(rootDir, test.location.file).split('\\').join('/'),
    line: test.location.line,
    project: test.parent.project()?.name ?? '',
    declared: [...new Set(declared)],
    tags: [...test.tags],
    attempts,
  };
}

function collectAttempt(res: TestResult, test: TestCase, r: Redactor, onRecord?: (rec: FullRecord) => void): CollectedAttempt {
  const records = recordsOf(res);
  if (onRecord) records.forEach(onRecord);
  const passed = res.status === 'passed';
  // result.annotations (Playwright ≥ 1.52) are this attempt's; fall back to the test's.
  const annotations = ((res as TestResult & { annotations?: TestCase['annotations'] }).annotations ?? test.annotations).map((a) =>
    redactAnnotation(r, a),
  );
  return {
    retry: res.retry,
    status: res.status as AttemptStatus,
    durationMs: res.duration,
    errors: res.errors.map((e) => errorText(r, e)),
    annotations,
    records: records.map(summarizeRecord),
    // A passing attempt keeps only the records that show a universal violation (evidence of it).
    fullRecords: passed ? records.filter((x) => x.violations.length > 0) : records,
    ledger: ledgerOf(res),
    findings: findingsIn(annotations),
  };
}

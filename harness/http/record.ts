// The record of one HTTP call, attached to the test (JSON) so a failure can be debugged from the
// report alone: method, URL, status, correlation IDs, duration, redacted headers and bodies
// (truncated), violations, retries and a curl line with keys as `$MESHI_…` placeholders.

import type { TestInfo } from '@playwright/test';
import type { Violation } from '../checks';
import { truncate, type Redactor } from './redact';
import { curlLine } from './reproduce';

export const MAX_RECORDED_BODY = 16_384;

export interface CallRecord {
  readonly n: number;
  readonly label: string | null;
  readonly setup: boolean;
  readonly operationId: string | null;
  readonly kind: string;
  readonly method: string;
  readonly url: string;
  readonly correlationId: { readonly sent: string | null; readonly received: string | null };
  readonly status: number | null;
  readonly durationMs: number;
  readonly attempts: readonly { readonly status: number | null; readonly durationMs: number; readonly note: string }[];
  readonly request: { readonly headers: Record<string, string>; readonly body: string | null; readonly bodyBytes: number };
  readonly response: { readonly headers: Record<string, string>; readonly body: string; readonly bodyBytes: number } | null;
  /** Universal-check violations found on this response, as data. */
  readonly violations: readonly Violation[];
  /** Guarantees the universal checks evaluated on this response. */
  readonly checkedGuarantees: readonly string[];
  readonly skippedChecks: readonly string[];
  readonly error: string | null;
  readonly curl: string;
}

export interface RawCall {
  n: number;
  label: string | null;
  setup: boolean;
  operationId: string | null;
  kind: string;
  method: string;
  url: string;
  requestHeaders: Record<string, string>;
  requestBody: string | null;
  requestBytes: number;
  sentCorrelationId: string | null;
  status: number | null;
  responseHeaders: Record<string, string> | null;
  responseText: string | null;
  responseBytes: number;
  durationMs: number;
  attempts: { status: number | null; durationMs: number; note: string }[];
  violations: Violation[];
  checkedGuarantees: string[];
  skippedChecks: string[];
  error: string | null;
}

/** Builds the redacted record of a call. */
export function buildRecord(r: Redactor, c: RawCall): CallRecord {
  return {
    n: c.n,
    label: c.label,
    setup: c.setup,
    operationId: c.operationId,
    kind: c.kind,
    method: c.method,
    url: r.text(c.url),
    correlationId: { sent: c.sentCorrelationId, received: c.responseHeaders?.['x-correlation-id'] ?? null },
    status: c.status,
    durationMs: Math.round(c.durationMs * 10) / 10,
    attempts: c.attempts,
    request: {
      headers: r.headers(c.requestHeaders),
      body: c.requestBody === null ? null : truncate(r.text(c.requestBody), MAX_RECORDED_BODY),
      bodyBytes: c.requestBytes,
    },
    response:
      c.responseHeaders === null
        ? null
        : {
            headers: r.headers(c.responseHeaders),
            body: truncate(r.text(c.responseText ?? ''), MAX_RECORDED_BODY),
            bodyBytes: c.responseBytes,
          },
    violations: c.violations.map((v) => ({ ...v, message: r.text(v.message), ...(v.observed ? { observed: r.text(v.observed) } : {}) })),
    checkedGuarantees: c.checkedGuarantees,
    skippedChecks: c.skippedChecks,
    error: c.error === null ? null : r.text(c.error),
    curl: curlLine(r, c.method, c.url, c.requestHeaders, c.requestBody),
  };
}

/** Attachment name: `#3 POST /api/v0/partner/events → 201`. */
export function recordName(rec: CallRecord): string {
  let path = rec.url;
  try {
    const u = new URL(rec.url);
    path = u.pathname + u.search;
  } catch {
    // keep the raw text
  }
  if (path.length > 120) path = `${path.slice(0, 117)}...`;
  return `${rec.setup ? 'setup ' : ''}#${rec.n} ${rec.method} ${path} → ${rec.status ?? rec.error?.slice(0, 40) ?? 'no response'}`;
}

export async function attachRecord(testInfo: TestInfo, rec: CallRecord): Promise<void> {
  await testInfo.attach(recordName(rec), { body: JSON.stringify(rec, null, 2), contentType: 'application/json' });
}

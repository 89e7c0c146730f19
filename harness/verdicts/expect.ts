// `expect*`: assertions on what a test proves. Each states the observed value against the expected
// one (`[EVT-01] a valid create: POST /events answered 200, expected 201`) and carries it as data: a
// failing assertion records a typed `violation` finding (harness/verdicts/findings.ts: guarantee,
// operation, observed, expected, the exchange's correlation ID) that the reporter groups into root
// causes without parsing messages back, then fails the test. Every verb takes
// `(guarantee, what, subject, …expected)`; the vocabulary as a whole is in harness/verdicts/index.ts.

import { expect, test } from '@playwright/test';
import { operation, statusOf, type GuaranteeId } from '../../contract';
import type { MeshiResponse } from '../http/client';
import { isReplay } from '../http/json';
import { finding, noteFinding } from './findings';
import { requireThat } from './require';

interface Violation {
  readonly guarantee: string;
  /** Which verb judged: `status`, `error`, `accepted`, `no-run`, `equal`, `that`, `order` (statusLike causes read the first three). */
  readonly check: string;
  readonly operationId: string | null;
  /** `POST /events` (the operation's template when known), or null when no exchange is the subject. */
  readonly request: string | null;
  readonly observed: string;
  readonly expected: string;
  readonly correlationId: string | null;
}

/** `POST /events` for a response: the operation's path template when known, else the URL path. */
export function requestLine(res: Pick<MeshiResponse, 'method' | 'url' | 'operationId' | 'kind'>): string {
  let path = res.url;
  try {
    path = new URL(res.url).pathname;
  } catch {
    // keep the raw text
  }
  const template = res.operationId && res.kind === 'operation' ? operation(res.operationId).path : null;
  return `${res.method} ${template ?? path}`;
}

function note(v: Violation, message: string): void {
  const { operationId, ...rest } = v;
  noteFinding(test.info(), finding({ kind: 'violation', ...rest, subject: { operationId, base: null, property: null }, message }));
}

function codeOf(res: MeshiResponse): string | null {
  const code = (res.body as { code?: unknown } | undefined)?.code;
  return res.status >= 400 && typeof code === 'string' ? code : null;
}

function corrOf(res: MeshiResponse): string | null {
  return res.correlationId ?? res.sentCorrelationId;
}

/** The response's status is `expected` (one of, when a list). Hard by default (`soft: true` goes on). */
export function expectStatus(
  guarantee: GuaranteeId,
  what: string,
  res: MeshiResponse,
  expected: number | readonly number[],
  opts: { soft?: boolean } = {},
): void {
  const allowed = typeof expected === 'number' ? [expected] : expected;
  if (allowed.includes(res.status)) return;
  const code = codeOf(res);
  const observed = `${res.status}${code ? ` ${code}` : ''}`;
  const want = allowed.join(' or ');
  const message = `[${guarantee}] ${what}: ${requestLine(res)} answered ${observed}, expected ${want} (corr ${corrOf(res) ?? 'none'})`;
  note(
    {
      guarantee,
      check: 'status',
      operationId: res.operationId,
      request: requestLine(res),
      observed,
      expected: want,
      correlationId: corrOf(res),
    },
    message,
  );
  (opts.soft ? expect.soft : expect)(res.status, message).toBe(allowed[0]);
}

/** The error the contract pins to `code`: its status and that code. */
export function expectError(guarantee: GuaranteeId, what: string, res: MeshiResponse, code: string): void {
  const status = statusOf(code);
  const got = codeOf(res);
  if (res.status === status && got === code) return;
  const observed = `${res.status}${got ? ` ${got}` : ''}`;
  const message = `[${guarantee}] ${what}: ${requestLine(res)} answered ${observed}, expected ${status} ${code} (corr ${corrOf(res) ?? 'none'})`;
  note(
    {
      guarantee,
      check: 'error',
      operationId: res.operationId,
      request: requestLine(res),
      observed,
      expected: `${status} ${code}`,
      correlationId: corrOf(res),
    },
    message,
  );
  expect({ status: res.status, code: got }, message).toEqual({ status, code });
}

/** The response accepts the request (any 2xx): what a sentence means by "is accepted". */
export function expectAccepted(guarantee: GuaranteeId, what: string, res: MeshiResponse, opts: { soft?: boolean } = {}): void {
  if (res.status >= 200 && res.status < 300) return;
  const code = codeOf(res);
  const observed = `${res.status}${code ? ` ${code}` : ''}`;
  const message = `[${guarantee}] ${what}: ${requestLine(res)} answered ${observed}, expected 2xx (corr ${corrOf(res) ?? 'none'})`;
  note(
    {
      guarantee,
      check: 'accepted',
      operationId: res.operationId,
      request: requestLine(res),
      observed,
      expected: '2xx',
      correlationId: corrOf(res),
    },
    message,
  );
  (opts.soft ? expect.soft : expect)(res.status >= 200 && res.status < 300, message).toBe(true);
}

/**
 * A rejected run-creating request started no run, shown through its idempotency_key: `probe`, the
 * same key with a valid payload, starts a fresh run (accepted, not a replay). A 409 on the probe
 * cannot tell a run the rejected request started from a key it stored without one, which is
 * IDEM-07's sentence: that probe blocks the test by IDEM-07 instead of failing it.
 */
export function expectKeyStillFree(guarantee: GuaranteeId, what: string, probe: MeshiResponse): void {
  const conflict = 'IDEMPOTENCY_KEY_CONFLICT';
  requireThat(
    'IDEM-07',
    `${what}: the rejected request's idempotency_key is taken (${probe.status} ${conflict}), by a run it started or by the key stored without one`,
    !(probe.status === statusOf(conflict) && codeOf(probe) === conflict),
  );
  expectAccepted(guarantee, `${what}: the rejected request's idempotency_key starts a fresh run`, probe);
  if (!isReplay(probe)) return;
  const message = `[${guarantee}] ${what}: the rejected request started run ${String(probe.body?.run_id)}: reusing its key replays it`;
  note(
    {
      guarantee,
      check: 'no-run',
      operationId: probe.operationId,
      request: requestLine(probe),
      observed: `a replay of run ${String(probe.body?.run_id)}`,
      expected: 'a fresh run',
      correlationId: corrOf(probe),
    },
    message,
  );
  expect(isReplay(probe), message).toBe(false);
}

/** Playwright's one-line `Expected: …` / `Received: …` of a failed matcher, else short renderings of the values. */
function observedExpected(error: unknown, actual: unknown, expected: unknown): { observed: string; expected: string } {
  const text = error instanceof Error ? error.message : String(error);
  // eslint-disable-next-line no-control-regex
  const plain = text.replace(/\u001b\[[0-9;]*m/g, '');
  const e = /^\s*Expected(?: value)?:\s*(.+)$/m.exec(plain);
  const r = /^\s*Received(?: value)?:\s*(.+)$/m.exec(plain);
  if (e && r) return { observed: r[1]!.trim(), expected: e[1]!.trim() };
  return { observed: shown(actual), expected: shown(expected) };
}

/** A value as a finding or message shows it: text as is, anything else as (at most 200 characters of) JSON. */
export function shown(value: unknown): string {
  if (typeof value === 'string') return value;
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

/**
 * Runs one Playwright matcher under `message`; when it fails, records the violation first, then
 * fails exactly as the plain `expect(actual, message)` would (the same error, the same diff).
 */
function judged(
  guarantee: GuaranteeId,
  check: string,
  message: string,
  actual: unknown,
  expected: unknown,
  match: (e: ReturnType<typeof expect>) => void,
  data: { observed?: string; expected?: string } = {},
  soft = false,
): void {
  try {
    match(expect(actual, message));
  } catch (error) {
    const oe = observedExpected(error, actual, expected);
    note(
      {
        guarantee,
        check,
        operationId: null,
        request: null,
        observed: data.observed ?? oe.observed,
        expected: data.expected ?? oe.expected,
        correlationId: null,
      },
      message,
    );
    if (!soft) throw error;
    match(expect.soft(actual, message));
  }
}

/** `actual` deep-equals `expected` (Playwright's toEqual: recursive equality, undefined properties ignored). */
export function expectEqual(guarantee: GuaranteeId, what: string, actual: unknown, expected: unknown): void {
  judged(guarantee, 'equal', `[${guarantee}] ${what}`, actual, expected, (e) => e.toEqual(expected));
}

/**
 * Any condition the guarantee states. With `observed` (and `expected`) the message names them
 * (`[MATCH-01] scores: observed 0, expected > 0`) and so does the finding. `soft: true` goes on.
 */
export function expectThat(
  guarantee: GuaranteeId,
  what: string,
  condition: boolean,
  observed?: unknown,
  expected?: unknown,
  opts: { soft?: boolean } = {},
): void {
  if (condition === true) return;
  const said =
    observed === undefined ? '' : `: observed ${shown(observed)}${expected === undefined ? '' : `, expected ${shown(expected)}`}`;
  const data =
    observed === undefined ? {} : { observed: shown(observed), ...(expected === undefined ? {} : { expected: shown(expected) }) };
  judged(guarantee, 'that', `[${guarantee}] ${what}${said}`, condition, true, (e) => e.toBe(true), data, opts.soft);
}

/**
 * An order check that names both sequences (a diff alone leaves the report with nothing to show):
 * `served` equals `expected`, item for item.
 */
export function expectOrder(guarantee: GuaranteeId, what: string, served: readonly string[], expected: readonly string[]): void {
  const seq = (xs: readonly string[]) => `[${xs.join(', ')}]`;
  const same = served.length === expected.length && served.every((x, i) => x === expected[i]);
  if (same) return;
  judged(
    guarantee,
    'order',
    `[${guarantee}] ${what}: observed ${seq(served)}, expected ${seq(expected)}`,
    same,
    true,
    (e) => e.toBe(true),
    { observed: seq(served), expected: seq(expected) },
  );
}

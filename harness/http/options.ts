// What a caller gives the client: the per-call options and the state every client of one test
// shares. Kept apart from client.ts so that the stages read them without importing the facade.

import type { APIRequestContext, TestInfo } from '@playwright/test';
import type { BaseName } from '../../contract';
import type { Violation } from '../checks';
import type { UniversalLedger } from '../checks/universalLedger';
import type { HarnessConfig, KeyName } from '../settings/config';
import type { Pacer } from './pacer';
import type { Redactor } from './redact';
import type { SentRegistry } from './sentRegistry';

export type Base = BaseName;
export type QueryValue = string | number | boolean | null | undefined | readonly (string | number | boolean)[];
export type QueryInput = Readonly<Record<string, QueryValue>> | URLSearchParams | string;
/** A configured key by name (`write`, `read`, `orgB`, …), a literal bearer value, or null for no Authorization header. */
export type KeyOption = KeyName | (string & {}) | null;

export interface CallOptions {
  /** Path parameters by name; encoded with encodeURIComponent. */
  readonly params?: Readonly<Record<string, string | number>>;
  /** Query parameters (object, URLSearchParams, or a raw query string sent verbatim). */
  readonly query?: QueryInput;
  /** JSON body (serialised with JSON.stringify). */
  readonly body?: unknown;
  /** Body sent verbatim (invalid JSON, huge payloads…). Excludes `body`. */
  readonly rawBody?: string | Buffer;
  /** Extra headers (override the client's, including authorization). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly key?: KeyOption;
  readonly base?: Base;
  /** Content-Type of the body (default application/json); null sends none. */
  readonly contentType?: string | null;
  /** x-correlation-id to send; null sends none; default a fresh `ct-…` value. */
  readonly correlationId?: string | null;
  /** Method override, e.g. HEAD or OPTIONS on the operation's path (or PATCH for 405 tests). */
  readonly method?: string;
  /** A set-up call: tolerates transient failures (see harness/http/transient.ts) and must succeed. */
  readonly setup?: boolean;
  /** Statuses a set-up call accepts besides 2xx (e.g. [409]). */
  readonly okStatuses?: readonly number[];
  /** Universal checks switched off for this call (shown in the record). */
  readonly skipChecks?: readonly string[];
  /** A 429 is what the test is observing (default: true only for the rate-limit key). */
  readonly expectRateLimit?: boolean;
  /** Return 502/503/504 responses instead of throwing TransientError (tests of those responses). */
  readonly acceptTransient?: boolean;
  readonly timeoutMs?: number;
  /** A short label for the record (e.g. `create the event`). */
  readonly label?: string;
}

/**
 * Where each universal violation goes besides the ledger. By default nowhere: a universal violation
 * is data (the ledger, the call record), never a failure of the test it happens in.
 */
export type ViolationSink = (message: string, violation: Violation) => void;

export const dataOnlySink: ViolationSink = () => {};

/** State shared by every client of one test: the call counter, the test, the registry. */
export interface ClientContext {
  readonly request: APIRequestContext;
  readonly config: HarnessConfig;
  /** The running test (records, annotations, markers); null outside a test. */
  readonly testInfo: TestInfo | null;
  readonly redactor: Redactor;
  readonly registry: SentRegistry;
  readonly sink: ViolationSink;
  /** `ct-<namespace>-w<worker>` */
  readonly correlationPrefix: string;
  /** Records every call as an attachment (default true). */
  readonly record?: boolean;
  /** Sleep used by set-up retries and pacing (tests inject a fake clock). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Paces calls by the target's RateLimit header (worker-wide); none when absent. */
  readonly pacer?: Pacer;
  /** Counts what the universal checks evaluated and found, for the reporter (one per test). */
  readonly ledger?: UniversalLedger;
}

const sleepReal = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The context's sleep (a fake clock in tests), else a real timer. */
export function sleepOf(ctx: ClientContext): (ms: number) => Promise<void> {
  return ctx.sleep ?? sleepReal;
}

// One HTTP exchange as the client carries it: a single record that grows as the request goes
// through the stages (harness/http/stages/), each stage filling its own phase once. MeshiResponse
// (response.ts) and the call record are views of it; nothing is copied between shapes.

import type { APIResponse } from '@playwright/test';
import type { Addressing } from '../../contract';
import type { CheckCrash, Violation } from '../checks';
import type { CallRecord } from './record';
import type { Base, CallOptions, ClientContext, KeyOption } from './options';

/** What the caller asked for: an operation by ID, or a method and a path. */
export interface Asked {
  /** `call()`: the operation named; `raw()`: null. */
  readonly operationId: string | null;
  /** The method; null: the operation's own. */
  readonly method: string | null;
  /** `raw()`: the path (relative to the base, or to the root), optionally with `?query`; null: the operation's template, filled. */
  readonly path: string | null;
  readonly base: Base | 'root';
  readonly options: CallOptions;
  readonly setup: boolean;
  readonly key: KeyOption;
}

/** address: where the request goes, classified by contract/addressed.ts. */
export interface Addressed extends Addressing {
  readonly method: string;
  readonly url: string;
  readonly operationId: string | null;
}

/** prepare: what is sent, and how the answer may be waited for or resent. */
export interface Prepared {
  /** Header names lower case; credentials included (the record redacts them). */
  readonly headers: Readonly<Record<string, string>>;
  readonly data: Buffer | undefined;
  /** The body as text (the first 256 KiB), or null when none is sent. */
  readonly bodyText: string | null;
  readonly bearer: string | null;
  readonly correlationId: string | null;
  /** A 429 is the answer the test observes, not a reason to wait and resend. */
  readonly rateLimitExpected: boolean;
  /** Replaying is harmless (safe method, or a run-creating write with an idempotency_key). */
  readonly replayable: boolean;
}

/** transport: the answer of the latest attempt. */
export interface Received {
  readonly res: APIResponse | null;
  /** null: no answer (network error, timeout), see `error`. */
  readonly status: number | null;
  /** Lower-case names; repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string>> | null;
  readonly text: string;
  readonly bytes: number;
  readonly error: string | null;
  /** performance.now() when the attempt was sent. */
  readonly startedAt: number;
  readonly durationMs: number;
  /** The answer came from the API (not a network error or an intermediary). */
  readonly fromApi: boolean;
}

/** resend: one attempt, as the record shows it. */
export interface Attempt {
  readonly status: number | null;
  readonly durationMs: number;
  readonly note: string;
}

/** observe: the body read and the universal checks' verdict on the final answer. */
export interface Observed {
  /** Parsed JSON (undefined when empty or not JSON, see jsonError). */
  readonly body: unknown;
  readonly jsonError: string | null;
  /** Bytes the target sent after a HEAD response's headers, when the transport could not read that response; null otherwise. */
  readonly headBodyBytes: number | null;
  readonly violations: readonly Violation[];
  /** Guarantees the universal checks judged (their subject shown). */
  readonly checked: readonly string[];
  /** Checks that crashed (harness errors of the guarantees they were judging). */
  readonly crashes: readonly CheckCrash[];
  /** The subject property of each judged guarantee. */
  readonly subjects: Readonly<Record<string, string | null>>;
}

export interface Exchange {
  readonly asked: Asked;
  addressed?: Addressed;
  prepared?: Prepared;
  /** Every attempt, in order (the last one is `received`). */
  readonly attempts: Attempt[];
  received?: Received;
  observed?: Observed;
  /** The redacted call record (also attached to the test unless the context records nothing). */
  record?: CallRecord;
}

export type Phase = 'addressed' | 'prepared' | 'received' | 'observed' | 'record';

/** A phase a later stage needs; its absence is a defect of the stage order. */
export function phase<P extends Phase>(x: Exchange, p: P): NonNullable<Exchange[P]> {
  const v = x[p];
  if (v === undefined) throw new Error(`[HARNESS] exchange has no ${p} phase yet (stage order)`);
  return v as NonNullable<Exchange[P]>;
}

/** Sends an exchange on (fills its later phases). */
export type Dispatch = (x: Exchange) => Promise<void>;

/** A stage, in the shape of undici's interceptors: given the context, it wraps the next dispatch. */
export type Stage = (ctx: ClientContext) => (next: Dispatch) => Dispatch;

/** The stages around a transport, outermost first: each stage's work before `next` runs in list order, its work after `next` in reverse. */
export function compose(ctx: ClientContext, stages: readonly Stage[], transport: Dispatch): Dispatch {
  return stages.reduceRight<Dispatch>((next, stage) => stage(ctx)(next), transport);
}

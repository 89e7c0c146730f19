// The seam between the mock's HTTP layer and its route plugins.
// The HTTP layer (server, router, auth, correlation, rate limit, body parsing, envelope) runs every
// request up to the handler; a plugin registers one handler per operationId and only speaks
// partner-facing values; the body it gets has passed its checks. Errors are thrown as ApiError and turned into the envelope by the HTTP layer.

import type { HttpMethod } from '../contract/types';
import type { MockConfig } from './config';
import type { Store, OrgState } from './store';
import type { FaultSwitch } from './faults/switch';

export interface Principal {
  readonly key: string;
  readonly orgId: string | null;
  readonly scopes: readonly string[];
}

export interface RequestContext {
  readonly operationId: string;
  readonly method: HttpMethod;
  /** Path parameters, percent-decoded, already validated against their contract pattern. */
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** Parsed JSON body (already past 413, 415 and INVALID_JSON), or undefined when there is none. */
  readonly body: unknown;
  readonly principal: Principal;
  /** The caller's org state (created on first use). */
  readonly org: OrgState;
  readonly correlationId: string;
  /** True when the request came through the legacy alias base path. */
  readonly alias: boolean;
}

export interface HandlerResult {
  readonly status: number;
  /** The body without correlation_id: the HTTP layer adds it. */
  readonly body: Record<string, unknown>;
  readonly headers?: Readonly<Record<string, string>>;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

export type Handler = (ctx: RequestContext) => HandlerResult | Promise<HandlerResult>;

/**
 * The body checks of an operation, run by the HTTP layer before its handler (after path and query
 * parameters); throws the ApiError of the first failure. Default: the contract's field rules.
 */
export type BodyCheck = (ctx: RequestContext) => void;

export interface MockApp {
  readonly config: MockConfig;
  readonly store: Store;
  readonly faults: FaultSwitch;
  /** Milliseconds since the epoch; the one clock every timestamp and timer reads. */
  now(): number;
  /** Register the handler of one contract operation (and its body checks when not the contract's field rules). */
  route(operationId: string, handler: Handler, bodyCheck?: BodyCheck): void;
}

/** A route plugin: one concern, registering its operations. */
export type RoutePlugin = (app: MockApp) => void;

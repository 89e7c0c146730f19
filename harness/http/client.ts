// MeshiClient: the one way tests talk to the target. A call is one exchange (exchange.ts) that
// goes through the stages in harness/http/stages/, composed like undici's interceptors
// (`(ctx) => (next) => (exchange) => …`), over Playwright's APIRequestContext (the `request`
// fixture) as the transport:
//
//   address  → the request classified by the contract (contract/addressed.ts), the URL built
//   prepare  → key, unique x-correlation-id, body and headers; what is sent noted for the UUID oracle
//   record   → the call's number; after the answer, its redacted record attached, the ledger told
//   observe  → after the answer: the body parsed, a HEAD body counted, the universal checks run
//   resend   → a 429 of the harness's own key waited out, a transient answer to a replayable request resent
//   pace     → each attempt paced by the target's RateLimit header
//
// A universal violation is data (guarantee, check, observed, expected) for the ledger and the
// record, never a failure of the test itself. What the call returns is a view of the exchange
// (response.ts); a transient answer throws TransientError, a set-up step that does not succeed
// makes the test *blocked by* the operation's success guarantee.

import { compose, type Asked, type Dispatch, type Stage } from './exchange';
import type { Base, CallOptions, ClientContext, KeyOption } from './options';
import { settle, type MeshiResponse } from './response';
import { address } from './stages/address';
import { observe } from './stages/observe';
import { pace } from './stages/pace';
import { prepare } from './stages/prepare';
import { record } from './stages/record';
import { resend } from './stages/resend';
import { transport } from './stages/transport';

export type { Base, CallOptions, ClientContext, KeyOption, QueryInput, QueryValue, ViolationSink } from './options';
export { dataOnlySink } from './options';
export type { MeshiResponse } from './response';
export { buildQuery, fillPath } from './stages/address';

/** The stages, outermost first (work before `next` in this order, after it in reverse). */
export const STAGES: readonly Stage[] = [address, prepare, record, observe, resend, pace];

const pipelines = new WeakMap<ClientContext, Dispatch>();

function pipelineOf(ctx: ClientContext): Dispatch {
  let p = pipelines.get(ctx);
  if (!p) pipelines.set(ctx, (p = compose(ctx, STAGES, transport(ctx))));
  return p;
}

export class MeshiClient {
  constructor(
    readonly ctx: ClientContext,
    readonly defaults: { readonly key: KeyOption; readonly base?: Base; readonly setup?: boolean } = { key: 'write' },
  ) {}

  /** The same client with another default key (a configured key name or a literal value). */
  withKey(key: KeyOption): MeshiClient {
    return new MeshiClient(this.ctx, { ...this.defaults, key });
  }

  /** The same client addressing the legacy alias base by default. */
  get alias(): MeshiClient {
    return new MeshiClient(this.ctx, { ...this.defaults, base: 'alias' });
  }

  /** The same client for set-up calls: transient-tolerant, must succeed. */
  get setup(): MeshiClient {
    return new MeshiClient(this.ctx, { ...this.defaults, setup: true });
  }

  /** Calls a contract operation. */
  call<T = any>(operationId: string, opts: CallOptions = {}): Promise<MeshiResponse<T>> {
    return this.send<T>({ operationId, method: opts.method ?? null, path: null, base: opts.base ?? this.defaults.base ?? 'current' }, opts);
  }

  /**
   * Calls a path that is not (or not necessarily) a contract operation: unknown routes (404),
   * unsupported methods (405), HEAD/OPTIONS. `path` is relative to the base (`/nope`), or, with
   * base 'root', relative to the target's root (`/api/v0/partner/auth`, `/`, `/elsewhere`).
   */
  raw<T = any>(
    method: string,
    path: string,
    opts: Omit<CallOptions, 'params' | 'base' | 'method'> & { base?: Base | 'root' } = {},
  ): Promise<MeshiResponse<T>> {
    const { base, ...options } = opts;
    return this.send<T>({ operationId: null, method, path, base: base ?? this.defaults.base ?? 'current' }, options);
  }

  private async send<T>(where: Pick<Asked, 'operationId' | 'method' | 'path' | 'base'>, options: CallOptions): Promise<MeshiResponse<T>> {
    const key = options.key !== undefined ? options.key : this.defaults.key;
    const asked: Asked = { ...where, options, setup: options.setup ?? this.defaults.setup ?? false, key };
    const x = { asked, attempts: [] };
    await pipelineOf(this.ctx)(x);
    return settle<T>(this.ctx, x);
  }
}

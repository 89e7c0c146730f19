// The property client: the harness client plus a compact call log of each execution (attached when
// the execution fails) and key rotation for reads. It records nothing per call (a property makes
// hundreds of calls); pacing and 429 waits stay in the base client.

import { MeshiClient, type CallOptions, type ClientContext, type MeshiResponse } from '../http/client';
import type { KeyName } from '../settings/config';

/** One call of the current execution (compact; the failing execution's log is attached). */
export interface PropertyCall {
  readonly n: number;
  readonly key: string;
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly code: string | null;
  readonly sentCorrelationId: string | null;
  readonly ms: number;
}

/** State shared by every property client of one test. */
export class PropertySession {
  /** The calls of the current execution. */
  log: PropertyCall[] = [];
  /** The calls of the last failing execution (attached on failure). */
  failingLog: PropertyCall[] = [];
  calls = 0;

  beginExecution(): void {
    this.log = [];
  }

  noteFailure(): void {
    this.failingLog = this.log;
  }
}

/**
 * The client for properties: the harness client plus a compact call log of each execution (attached
 * when it fails) and key rotation for reads. Universal violations are data in the test's ledger,
 * like everywhere else; a 429 the call did not expect is waited out by the base client.
 */
export class PropertyClient extends MeshiClient {
  private turn = 0;

  constructor(
    ctx: ClientContext,
    defaults: MeshiClient['defaults'],
    readonly session: PropertySession,
    /**
     * Keys of one org taken in turn by calls that name no key (reads spread over the org's keys,
     * so a property's reads do not exhaust one key's rate limit). Empty: the default key.
     */
    readonly rotation: readonly KeyName[] = [],
  ) {
    super(ctx, defaults);
  }

  override withKey(key: KeyName | (string & {}) | null): PropertyClient {
    return new PropertyClient(this.ctx, { ...this.defaults, key }, this.session);
  }

  override get alias(): PropertyClient {
    return new PropertyClient(this.ctx, { ...this.defaults, base: 'alias' }, this.session, this.rotation);
  }

  override get setup(): PropertyClient {
    return new PropertyClient(this.ctx, { ...this.defaults, setup: true }, this.session, this.rotation);
  }

  /** The same client on the current base (undoes `alias`). */
  get current(): PropertyClient {
    return new PropertyClient(this.ctx, { ...this.defaults, base: 'current' }, this.session, this.rotation);
  }

  override async call<T = any>(operationId: string, opts: CallOptions = {}): Promise<MeshiResponse<T>> {
    const s = this.session;
    if (opts.key === undefined && this.rotation.length > 0) opts = { ...opts, key: this.rotation[this.turn++ % this.rotation.length]! };
    const key = opts.key !== undefined ? opts.key : this.defaults.key;
    const started = performance.now();
    // Pacing and 429 waits are the base client's (one place); universal violations go to the ledger.
    const res = await super.call<T>(operationId, opts);
    const body = res.body as { code?: unknown } | undefined;
    s.calls++;
    s.log.push({
      n: s.calls,
      key: String(key ?? 'none'),
      method: res.method,
      url: res.url,
      status: res.status,
      code: res.status >= 400 && body && typeof body.code === 'string' ? body.code : null,
      sentCorrelationId: res.sentCorrelationId,
      ms: Math.round(performance.now() - started),
    });
    if (s.log.length > 400) s.log.splice(0, s.log.length - 400);
    return res;
  }
}

// The bundled mock's admin API (outside any partner base): reset state, switch faults, read and
// patch the mock's configuration. Only available when MESHI_ADMIN_URL is set (globalSetup sets it
// for the bundled mock); tests needing it skip as `not exercised` on any other target.

export interface MockFaults {
  readonly faults: readonly string[];
}

export class MockAdmin {
  constructor(
    /** e.g. http://127.0.0.1:PORT/__mock */
    readonly adminUrl: string,
    private readonly timeoutMs = 10_000,
  ) {}

  private async req<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.adminUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`[HARNESS] mock admin ${method} ${path} → ${res.status}: ${text.slice(0, 500)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Clears every org's state (events, runs, idempotency keys, rate-limit windows). */
  async reset(): Promise<void> {
    await this.req('POST', '/reset');
  }

  async faults(): Promise<string[]> {
    const r = await this.req<MockFaults>('GET', '/faults');
    return [...(r?.faults ?? [])];
  }

  /** Replaces the set of faults that are on. */
  async setFaults(names: readonly string[]): Promise<void> {
    await this.req('PUT', '/faults', { faults: names });
  }

  /** Runs `fn` with exactly these faults on, restoring the previous set afterwards. */
  async withFaults<T>(names: readonly string[], fn: () => Promise<T>): Promise<T> {
    const before = await this.faults();
    await this.setFaults(names);
    try {
      return await fn();
    } finally {
      await this.setFaults(before);
    }
  }

  async getConfig<T = Record<string, unknown>>(): Promise<T> {
    return this.req<T>('GET', '/config');
  }

  async patchConfig<T = Record<string, unknown>>(patch: Record<string, unknown>): Promise<T> {
    return this.req<T>('PATCH', '/config', patch);
  }
}

/** The admin client for a configuration, or null when the target is not the bundled mock. */
export function mockAdmin(adminUrl: string | null): MockAdmin | null {
  return adminUrl ? new MockAdmin(adminUrl) : null;
}

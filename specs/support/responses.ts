// What the cross-cutting suites (http, errors, alias, …) share beyond the contract: reading an Allow
// header, comparing two reads, a media type. The operation groups, routes and Allow sets they sweep
// come from contract/operations.ts; the world they seed: harness/world/world.ts.

/** Parses an Allow header into a sorted, upper-case method list. */
export function parseAllow(value: string | undefined): string[] {
  if (value === undefined) return [];
  return [
    ...new Set(
      value
        .split(',')
        .map((m) => m.trim().toUpperCase())
        .filter(Boolean),
    ),
  ].sort();
}

/** Drops the fields that may legitimately differ between two reads: correlation_id and timestamps. */
export function normalise(body: unknown): unknown {
  if (Array.isArray(body)) return body.map(normalise);
  if (body && typeof body === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(body)) {
      if (k === 'correlation_id') continue;
      out[k] = /_at$/.test(k) && (typeof v === 'string' || v === null) ? '<timestamp>' : normalise(v);
    }
    return out;
  }
  return body;
}

/** The media type of a Content-Type value (lower case, without parameters). */
export function mediaType(value: string | undefined): string | null {
  if (value === undefined) return null;
  return value.split(';')[0]!.trim().toLowerCase();
}

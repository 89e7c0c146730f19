// Contract constructs the generated SDK (types, SDK functions and the fetch client of
// @hey-api/openapi-ts) does not carry: what a partner on that generator loses. Each finder counts
// the construct in the contract; the SDK check prints every one that occurs.

import { operationsOf } from '../contractDiff/rules/operations';

export interface Unexpressible {
  readonly construct: string;
  readonly count: number;
  readonly lost: string;
}

function walk(node: unknown, visit: (n: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) node.forEach((n) => walk(n, visit));
  else if (node && typeof node === 'object') {
    visit(node as Record<string, unknown>);
    for (const v of Object.values(node)) walk(v, visit);
  }
}

function count(api: any, test: (n: Record<string, unknown>) => boolean): number {
  let n = 0;
  walk(api, (x) => {
    if (test(x)) n++;
  });
  return n;
}

export function unexpressible(api: any): Unexpressible[] {
  const constraintKeys = ['pattern', 'format', 'minLength', 'maxLength', 'minimum', 'maximum', 'minItems', 'maxItems', 'uniqueItems'];
  const ops = operationsOf(api);
  const headerCount = ops.reduce(
    (sum, o) => sum + Object.values<any>(o.op.responses ?? {}).filter((r) => r && (r.headers || r.$ref)).length,
    0,
  );
  const found: Unexpressible[] = [
    {
      construct: 'unevaluatedProperties: false (closed objects)',
      count: count(api, (x) => x.unevaluatedProperties === false),
      lost: 'TypeScript object types are open: extra keys in a request are not refused and extra keys in a response are not noticed',
    },
    {
      construct: 'anyOf variants that need a non-empty value',
      count: count(api, (x) => Array.isArray(x.anyOf) && JSON.stringify(x.anyOf).includes('"minLength"')),
      lost: 'the variants become a union type, but their minLength is not: a body of empty strings type-checks and is refused by the server',
    },
    {
      construct: 'x-meshi-alias (legacy base path)',
      count: api?.['x-meshi-alias']?.base_path ? 1 : 0,
      lost: `the alias base ${api?.['x-meshi-alias']?.base_path ?? ''} and its Deprecation/Link headers are not a server of the SDK`,
    },
    {
      construct: 'x-meshi-generic-responses (HEAD, OPTIONS, 405, route 404)',
      count: Object.keys(api?.['x-meshi-generic-responses'] ?? {}).length,
      lost: 'no SDK function or typed response for HEAD/OPTIONS, and 405/route-404 bodies are untyped',
    },
    {
      construct: 'x-meshi-error-codes / x-meshi-run-error-codes (code registry)',
      count: Object.keys(api?.['x-meshi-error-codes'] ?? {}).length + Object.keys(api?.['x-meshi-run-error-codes'] ?? {}).length,
      lost: "code meanings and each code's one status are documentation only; run error codes are plain strings",
    },
    {
      construct: 'x-meshi-limits (body size, rate limit, top-k, raw size)',
      count: Object.keys(api?.['x-meshi-limits'] ?? {}).length,
      lost: 'limits are not checked or exposed by the SDK',
    },
    {
      construct: 'response headers (x-correlation-id, RateLimit, Retry-After, …)',
      count: headerCount,
      lost: 'response headers are not typed: read them from response.headers by name',
    },
    {
      construct: 'value constraints (pattern, format, lengths, bounds)',
      count: count(api, (x) => constraintKeys.some((k) => k in x) && ('type' in x || '$ref' in x)),
      lost: 'types only: no runtime validation of what is sent or received',
    },
    {
      construct: 'x-meshi-row-level / x-meshi-rules (cross-field and per-row rules)',
      count: count(api, (x) => 'x-meshi-rules' in x || 'x-meshi-row-level' in x),
      lost: 'rules such as end_date >= start_date are not typed',
    },
  ];
  return found.filter((f) => f.count > 0);
}

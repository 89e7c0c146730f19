// Base paths: the current base (`contract.basePath`) and the legacy alias (`contract.aliasBasePath`)
// serve the same routes. Alias responses add `Deprecation` and a `Link` to the successor URL
// (the same path under the current base) with the contract's rel.

import { contract as C } from '../../contract';

export interface BaseMatch {
  readonly alias: boolean;
  /** The path relative to the base, starting with `/` (empty base root gives `/`). */
  readonly rel: string;
}

const CURRENT = C.basePath;
const ALIAS = C.aliasBasePath;

function strip(path: string, base: string): string | null {
  if (!path.startsWith(base)) return null;
  if (path.length === base.length) return '/';
  return path.charCodeAt(base.length) === 47 /* / */ ? path.slice(base.length) : null;
}

export function splitBase(path: string): BaseMatch | null {
  const cur = strip(path, CURRENT);
  if (cur !== null) return { alias: false, rel: cur };
  const alias = strip(path, ALIAS);
  if (alias !== null) return { alias: true, rel: alias };
  return null;
}

/** Headers every alias response carries. `rel` is the path below the base, `search` the raw query. */
export function aliasHeaders(rel: string, search: string): Record<string, string> {
  const target = `${CURRENT}${rel === '/' ? '' : rel}${search ? `?${search}` : ''}`;
  return { deprecation: C.aliasHeaders.deprecation, link: `<${target}>; rel="${C.aliasHeaders.linkRel}"` };
}

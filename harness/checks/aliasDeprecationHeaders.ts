// Oracle (provisional): responses under the legacy alias base carry `Deprecation` with the
// contract's value and a `Link` to the same route under the current base with the contract's rel;
// responses under the current base carry neither marker.
import { contract } from '../../contract';
import { gid } from './ids';
import { defineCheck, where, type Violation } from './types';

/** Parses `<uri>; rel="x", <uri2>; rel=y` into [{uri, rel}]. */
export function parseLinks(value: string): { uri: string; rel: string | null }[] {
  const out: { uri: string; rel: string | null }[] = [];
  for (const m of value.matchAll(/<([^>]*)>((?:\s*;\s*[^,;]+)*)/g)) {
    const rel = /;\s*rel="?([^";,]+)"?/i.exec(m[2] ?? '');
    out.push({ uri: m[1]!, rel: rel ? rel[1]! : null });
  }
  return out;
}

export const aliasDeprecationHeaders = defineCheck(
  'aliasDeprecationHeaders',
  [gid('aliasHeaders')],
  (x) => {
    if (x.kind === 'outside') return [];
    const id = gid('aliasHeaders');
    const out: Violation[] = [];
    const dep = x.response.headers['deprecation'];
    const link = x.response.headers['link'];
    const rel = contract.aliasHeaders.linkRel;
    if (x.request.base === 'alias') {
      if (dep === undefined)
        out.push({
          guarantee: id,
          check: 'aliasDeprecationHeaders',
          message: `Deprecation header missing under the legacy alias ${where(x)}`,
        });
      else if (dep.trim() !== contract.aliasHeaders.deprecation)
        out.push({
          guarantee: id,
          check: 'aliasDeprecationHeaders',
          message: `Deprecation ${JSON.stringify(dep)} is not ${JSON.stringify(contract.aliasHeaders.deprecation)} ${where(x)}`,
        });
      const successor = link === undefined ? undefined : parseLinks(link).find((l) => l.rel === rel);
      if (!successor) {
        out.push({
          guarantee: id,
          check: 'aliasDeprecationHeaders',
          message: `Link header with rel="${rel}" missing under the legacy alias ${where(x)}`,
        });
      } else {
        let target: URL | null = null;
        try {
          target = new URL(successor.uri, x.request.url);
        } catch {
          target = null;
        }
        const expectedPath = contract.basePath + x.request.path;
        const expectedSearch = new URL(x.request.url).search;
        if (!target || target.pathname !== expectedPath || target.search !== expectedSearch) {
          out.push({
            guarantee: id,
            check: 'aliasDeprecationHeaders',
            message: `Link rel="${rel}" points to ${JSON.stringify(successor.uri)}, expected the same route and query under the current base (${expectedPath}${expectedSearch}) ${where(x)}`,
          });
        }
      }
    } else if (x.request.base === 'current') {
      if (dep !== undefined)
        out.push({
          guarantee: id,
          check: 'aliasDeprecationHeaders',
          message: `Deprecation header sent under the current base ${where(x)}`,
        });
      if (link !== undefined && parseLinks(link).some((l) => l.rel === rel))
        out.push({ guarantee: id, check: 'aliasDeprecationHeaders', message: `Link rel="${rel}" sent under the current base ${where(x)}` });
    }
    return out;
  },
  {
    [gid('aliasHeaders')]: {
      property: 'a response under the legacy base',
      present: (x) => x.kind !== 'outside' && x.request.base === 'alias',
    },
  },
);

// `tsx scripts/release/resolveTarget.ts` (TARGET, BASE_URL_INPUT from the environment): the base
// URL the SDK release gate runs against, as GITHUB_ENV lines on stdout. `production` runs only
// against the contract's production host — no other host, no IP literal, no custom base-url —
// and only then is MESHI_ALLOW_PRODUCTION=1 set; any other target refuses the production host.
// Exit 2 (with a workflow error line) when refused.

import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { contract } from '../../contract';
import { isProductionUrl, normalisedHost } from '../../harness/settings';

export class TargetRefused extends Error {
  override readonly name = 'TargetRefused';
}

export const TARGETS = ['staging', 'production', 'other'] as const;

/** The origin of the contract server whose description names `kind` (Staging, Production). */
function serverOrigin(kind: RegExp): string {
  const s = contract.servers.find((x) => kind.test(x.description));
  if (!s) throw new TargetRefused(`the contract declares no ${kind.source} server`);
  return new URL(s.url).origin;
}

function parseUrl(text: string): URL {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new TargetRefused(`base-url is not a URL`);
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new TargetRefused(`base-url must be http(s)`);
  return u;
}

export interface ResolvedTarget {
  readonly baseUrl: string;
  readonly allowProduction: boolean;
}

export function resolveTarget(target: string, baseUrlInput: string): ResolvedTarget {
  const given = baseUrlInput.trim();
  if (target === 'production') {
    const production = serverOrigin(/prod/i);
    if (!given) return { baseUrl: production, allowProduction: true };
    const u = parseUrl(given);
    const host = normalisedHost(u).replace(/^\[|\]$/g, '');
    if (isIP(host)) throw new TargetRefused(`target production: an IP literal is refused; leave base-url empty to use ${production}`);
    if (!isProductionUrl(u))
      throw new TargetRefused(
        `target production: ${u.hostname} is not the contract's production host; leave base-url empty to use ${production}`,
      );
    if (`${u.protocol}//${normalisedHost(u)}${u.port ? `:${u.port}` : ''}${u.pathname.replace(/\/+$/, '')}` !== production)
      throw new TargetRefused(`target production: a custom base-url is refused; leave base-url empty to use ${production}`);
    return { baseUrl: production, allowProduction: true };
  }
  if (target === 'staging' || target === 'other') {
    const url = given || (target === 'staging' ? serverOrigin(/staging/i) : '');
    if (!url) throw new TargetRefused(`target other needs a base-url`);
    if (isProductionUrl(parseUrl(url)))
      throw new TargetRefused(`target ${target}: ${parseUrl(url).hostname} is the production host; use target production`);
    return { baseUrl: url, allowProduction: false };
  }
  throw new TargetRefused(`unknown target ${JSON.stringify(target)} (${TARGETS.join(', ')})`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    const r = resolveTarget(process.env.TARGET ?? '', process.env.BASE_URL_INPUT ?? '');
    process.stdout.write(`MESHI_BASE_URL=${r.baseUrl}\n${r.allowProduction ? 'MESHI_ALLOW_PRODUCTION=1\n' : ''}`);
  } catch (e) {
    if (!(e instanceof TargetRefused)) throw e;
    process.stderr.write(`::error title=target refused::${e.message}\n`);
    process.exit(2);
  }
}

// Adapter: the guarantee catalogue now and at the --base git ref: its version
// (reporter/catalogueVersion.ts) and guarantee IDs, so the decision can say what was added and
// removed since the base.

import { execFileSync } from 'node:child_process';
import { parse } from 'yaml';
import { CATALOGUE_FILE, catalogueVersion, catalogueVersionOf, type CatalogueVersion } from '../../../reporter/catalogueVersion';
import { guarantees } from '../../../contract';
import { ReleaseConfigError } from '../errors';

export interface CatalogueSide {
  readonly version: CatalogueVersion;
  readonly ids: readonly string[];
}

export interface CatalogueInput {
  readonly current: CatalogueSide;
  /** The catalogue at --base; null without --base. */
  readonly base: (CatalogueSide & { readonly ref: string }) | null;
}

function gitShow(root: string, ref: string, path: string): string {
  try {
    return execFileSync('git', ['show', `${ref}:${path}`], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (e) {
    const why = String((e as { stderr?: unknown }).stderr ?? '')
      .trim()
      .split('\n')[0];
    throw new ReleaseConfigError(`--base ${ref}: cannot read ${path} (${why || (e as Error).message})`);
  }
}

function idsOf(text: string): string[] {
  const doc = parse(text) as { guarantees?: { id?: unknown }[] } | null;
  return (doc?.guarantees ?? []).map((g) => String(g.id));
}

export function readCatalogue(root: string, baseRef: string | null): CatalogueInput {
  const current = { version: catalogueVersion(root), ids: guarantees.map((g) => g.id as string) };
  if (!baseRef) return { current, base: null };
  if (!/^[\w./@{}~^:-]+$/.test(baseRef) || baseRef.startsWith('-')) throw new ReleaseConfigError(`--base ${baseRef}: not a git ref`);
  const text = gitShow(root, baseRef, CATALOGUE_FILE);
  const api = parse(gitShow(root, baseRef, 'contracts/partner-api.yaml')) as { info?: { version?: unknown } } | null;
  return { current, base: { ref: baseRef, version: catalogueVersionOf(text, String(api?.info?.version ?? '')), ids: idsOf(text) } };
}

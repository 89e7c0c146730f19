// The version of the guarantee catalogue a report was scored against: the contract's `info.version`
// and a content hash of contracts/guarantees.yaml. Two reports with the same version were judged
// by the same sentences; the release decision (scripts/release/) refuses to compare others.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contract } from '../contract';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CATALOGUE_FILE = 'contracts/guarantees.yaml';

export interface CatalogueVersion {
  /** `<info.version>+<first 12 hex digits of the hash>`: what tables print. */
  readonly version: string;
  /** The contract's `info.version`. */
  readonly infoVersion: string;
  /** SHA-256 of contracts/guarantees.yaml (its bytes, line endings normalised to LF). */
  readonly sha256: string;
}

/** The version of catalogue text `text` under contract version `infoVersion`. */
export function catalogueVersionOf(text: string, infoVersion: string): CatalogueVersion {
  const sha256 = createHash('sha256').update(text.replace(/\r\n/g, '\n')).digest('hex');
  return { version: `${infoVersion}+${sha256.slice(0, 12)}`, infoVersion, sha256 };
}

/** The version of the catalogue in this checkout (or under `root`). */
export function catalogueVersion(root: string = ROOT): CatalogueVersion {
  return catalogueVersionOf(readFileSync(join(root, CATALOGUE_FILE), 'utf8'), contract.version);
}

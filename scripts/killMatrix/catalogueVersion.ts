// The version of the guarantee catalogue a kill matrix was scored against: the contract's
// `info.version` and the SHA-256 of contracts/guarantees.yaml (line endings normalised to LF), the
// same pair the release decision compares conformance reports by. A matrix scored against another
// catalogue says nothing about this one's guarantees.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { contract } from '../../contract';

export const CATALOGUE_FILE = 'contracts/guarantees.yaml';

export interface CatalogueVersion {
  /** `<info.version>+<first 12 hex digits of sha256>`. */
  version: string;
  infoVersion: string;
  sha256: string;
}

export function catalogueVersion(root: string): CatalogueVersion {
  const text = readFileSync(join(root, CATALOGUE_FILE), 'utf8').replace(/\r\n/g, '\n');
  const sha256 = createHash('sha256').update(text).digest('hex');
  return { version: `${contract.version}+${sha256.slice(0, 12)}`, infoVersion: contract.version, sha256 };
}

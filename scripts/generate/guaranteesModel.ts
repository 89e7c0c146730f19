// Validates contracts/guarantees.yaml against the contract index and emits generated/guarantees.ts.
import type { ContractIndex } from '../../contract/types';

type Obj = Record<string, any>;

export const PROFILES = [
  'read-key',
  'second-org',
  'exhausts-rate-limit',
  'writes',
  'disabled-key',
  'user-token-key',
  'no-org-key',
] as const;

export const GUARANTEE_ID = /^([A-Z]+)-(\d{2})$/;
const RFC2119 = /\b(MUST NOT|MUST|SHOULD NOT|SHOULD|MAY)\b/g;

export interface Guarantee {
  id: string;
  family: string;
  level: 'MUST' | 'SHOULD';
  statement: string;
  provenance: 'documented' | 'observed' | 'provisional';
  doc: string | null;
  /** Where and when an observed guarantee was seen (`observed:` of the catalogue entry). */
  observed: { target: string; first: string; last: string; runs: number } | null;
  profiles: string[];
  universal: boolean;
  operations: string[];
}

/** Returns the problems of a catalogue; empty when it is well formed. */
export function catalogueProblems(cat: Obj, index: ContractIndex): string[] {
  const problems: string[] = [];
  const families: Obj = cat?.families ?? {};
  const seen = new Set<string>();
  for (const g of cat?.guarantees ?? []) {
    const where = g?.id ?? '(no id)';
    const m = GUARANTEE_ID.exec(String(g?.id ?? ''));
    if (!m) problems.push(`${where}: id must be FAMILY-NN`);
    if (seen.has(g.id)) problems.push(`${where}: duplicate id`);
    seen.add(g.id);
    if (m && g.family !== m[1]) problems.push(`${where}: family ${g.family} does not match the id prefix`);
    if (!(g.family in families)) problems.push(`${where}: unknown family ${g.family}`);
    if (g.level !== 'MUST' && g.level !== 'SHOULD') problems.push(`${where}: level must be MUST or SHOULD`);
    if (g.provenance !== 'documented' && g.provenance !== 'observed' && g.provenance !== 'provisional')
      problems.push(`${where}: provenance missing`);
    if (g.provenance === 'observed' && !(g.observed?.target && g.observed?.first && g.observed?.last && Number.isInteger(g.observed?.runs)))
      problems.push(`${where}: observed guarantee without observed: {target, first, last, runs}`);
    if (g.provenance === 'documented' && !g.doc) problems.push(`${where}: documented guarantee without doc reference`);
    const keywords = String(g.statement ?? '').match(RFC2119) ?? [];
    if (keywords.length !== 1) problems.push(`${where}: statement needs exactly one RFC 2119 keyword, has ${keywords.length}`);
    else if (!keywords[0]!.startsWith(g.level)) problems.push(`${where}: keyword ${keywords[0]} does not match level ${g.level}`);
    for (const p of g.profiles ?? []) if (!(PROFILES as readonly string[]).includes(p)) problems.push(`${where}: unknown profile ${p}`);
    for (const op of g.operations ?? []) if (!(op in index.operations)) problems.push(`${where}: unknown operation ${op}`);
  }
  return problems;
}

export function buildGuaranteesModule(cat: Obj, index: ContractIndex): string {
  const problems = catalogueProblems(cat, index);
  if (problems.length) throw new Error(`contracts/guarantees.yaml:\n  ${problems.join('\n  ')}`);
  const guarantees: Guarantee[] = cat.guarantees.map((g: Obj) => ({
    id: g.id,
    family: g.family,
    level: g.level,
    statement: String(g.statement).trim(),
    provenance: g.provenance,
    doc: g.doc ?? null,
    observed:
      g.provenance === 'observed'
        ? {
            target: String(g.observed.target),
            first: String(g.observed.first),
            last: String(g.observed.last),
            runs: Number(g.observed.runs),
          }
        : null,
    profiles: g.profiles ?? [],
    universal: g.universal === true,
    operations: g.operations ?? [],
  }));
  return `
export const families = ${JSON.stringify(cat.families, null, 2)} as const;

export const profiles = ${JSON.stringify(PROFILES)} as const;

export const guarantees = ${JSON.stringify(guarantees, null, 2)} as const;

export type GuaranteeId = (typeof guarantees)[number]['id'];
export type Profile = (typeof profiles)[number];
export type Family = keyof typeof families;
`;
}

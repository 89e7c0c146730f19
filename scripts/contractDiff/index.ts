// The contract diff: two versions of contracts/partner-api.yaml and contracts/guarantees.yaml
// compared rule by rule (rules/), each change classified (breaking on the wire, breaking a
// guarantee, or not breaking), located in both versions and checked against the accepted changes.
// scripts/contract-diff.ts is its CLI; the release decision calls diffContracts directly.

import { acceptance, isMajorBump, parseAccepted } from './accepted';
import { createContext, indexGuarantees, type Side, type Unaccepted } from './context';
import { parseFile } from './parsed';
import { RULE_IDS } from './rules/catalogue';
import { aliasRules, errorRegistryRules, limitRules, serverRules } from './rules/extensions';
import { guaranteeRules } from './rules/guarantees';
import { operationRules } from './rules/operations';
import { securitySchemeRules } from './rules/security';
import { API_FILE, GUARANTEES_FILE } from './sources';
import type { ContractChange, ContractDiff, ContractSources } from './types';

export type { ChangeAcceptance, ChangeSeverity, ContractChange, ContractDiff, ContractSources, Provenance, SourceLocation } from './types';
export { ContractDiffInputError } from './types';
export { loadSources } from './sources';
export { diffFindings, diffSarif } from './findings';
export { renderJson, renderMarkdown, renderText } from './render';
export { RULES, RULE_IDS } from './rules/catalogue';

function side(src: ContractSources): Side {
  const api = parseFile(API_FILE, src.api);
  const guaranteesFile = parseFile(GUARANTEES_FILE, src.guarantees);
  return { api, guaranteesFile, guarantees: indexGuarantees(guaranteesFile.data) };
}

const SEVERITY_ORDER = { 'breaking-wire': 0, 'breaking-guarantee': 1, 'non-breaking': 2 } as const;

function byImportance(a: ContractChange, b: ContractChange): number {
  return (
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    (a.head?.line ?? a.base?.line ?? 0) - (b.head?.line ?? b.base?.line ?? 0) ||
    a.id.localeCompare(b.id)
  );
}

export function diffContracts(
  base: ContractSources,
  head: ContractSources,
  opts: { accepted?: string; today?: string } = {},
): ContractDiff {
  const b = side(base);
  const h = side(head);
  const raw: Unaccepted[] = [];
  const ctx = createContext(b, h, raw);
  operationRules(ctx);
  securitySchemeRules(ctx);
  serverRules(ctx);
  aliasRules(ctx);
  limitRules(ctx);
  errorRegistryRules(ctx);
  guaranteeRules(ctx);
  const baseVersion = String(b.api.data?.info?.version ?? '');
  const headVersion = String(h.api.data?.info?.version ?? '');
  const today = opts.today ?? new Date().toISOString().slice(0, 10);
  const acc = acceptance(parseAccepted(opts.accepted), today, isMajorBump(baseVersion, headVersion));
  const changes: ContractChange[] = raw
    .map((c) => ({ ...c, accepted: c.severity === 'non-breaking' ? null : acc.accept(c.id) }))
    .sort(byImportance);
  return {
    base: { label: base.label, version: baseVersion },
    head: { label: head.label, version: headVersion },
    changes,
    unacceptedBreaking: changes.filter((c) => c.severity !== 'non-breaking' && !c.accepted).length,
    expiredEntries: acc.expired,
    unusedEntries: acc.unused(),
  };
}

/** How many rules the diff knows (the catalogue). */
export const RULE_COUNT = RULE_IDS.length;

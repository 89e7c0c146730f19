// Deterministic enrichment of one attendee: seniority, industry, interests and headline derived
// from the import row (title keywords, company, raw values). No randomness, no clock except the
// timestamp the caller passes.

import type { AttendeeRecord, EnrichmentRecord } from '../store';
import { compareStrings, rawLeaves, tokens } from './text';

const SENIORITY: readonly [string, readonly string[]][] = [
  ['executive', ['ceo', 'cto', 'cfo', 'coo', 'cmo', 'cio', 'ciso', 'chief', 'founder', 'cofounder', 'president', 'owner', 'partner']],
  ['vice_president', ['vp', 'svp', 'evp', 'vice']],
  ['director', ['director', 'head']],
  ['manager', ['manager', 'lead', 'principal', 'staff']],
  ['senior', ['senior', 'sr']],
  ['entry', ['intern', 'junior', 'jr', 'trainee', 'graduate', 'student', 'assistant']],
];

const INDUSTRY: readonly [string, readonly string[]][] = [
  [
    'financial_services',
    ['bank', 'banking', 'capital', 'finance', 'financial', 'fintech', 'payments', 'insurance', 'invest', 'investment', 'fund', 'credit'],
  ],
  ['healthcare', ['health', 'healthcare', 'medical', 'pharma', 'biotech', 'clinic', 'hospital', 'bio', 'therapeutics']],
  ['education', ['university', 'school', 'education', 'edtech', 'academy', 'college', 'learning']],
  ['media', ['media', 'news', 'publishing', 'studio', 'entertainment', 'games', 'gaming']],
  ['retail', ['retail', 'commerce', 'ecommerce', 'shop', 'store', 'consumer', 'fashion']],
  ['energy', ['energy', 'solar', 'oil', 'gas', 'climate', 'power', 'utilities']],
  ['consulting', ['consulting', 'consultancy', 'advisory', 'advisors', 'agency']],
  [
    'technology',
    [
      'software',
      'tech',
      'technologies',
      'labs',
      'ai',
      'cloud',
      'data',
      'saas',
      'cyber',
      'security',
      'systems',
      'digital',
      'engineer',
      'engineering',
      'developer',
    ],
  ],
];

const TOPICS = new Set([
  'ai',
  'ml',
  'data',
  'analytics',
  'cloud',
  'security',
  'devops',
  'product',
  'design',
  'marketing',
  'sales',
  'growth',
  'fintech',
  'payments',
  'crypto',
  'blockchain',
  'health',
  'climate',
  'energy',
  'robotics',
  'mobile',
  'saas',
  'partnerships',
  'hr',
  'recruiting',
  'leadership',
  'operations',
  'strategy',
  'finance',
  'legal',
  'research',
  'engineering',
  'education',
  'edtech',
  'media',
  'community',
  'sustainability',
  'investing',
  'startups',
  'ecommerce',
  'gaming',
  'hardware',
]);

const MAX_INTERESTS = 5;

function pick(words: readonly string[], table: readonly [string, readonly string[]][]): string | null {
  const set = new Set(words);
  for (const [label, keys] of table) if (keys.some((key) => set.has(key))) return label;
  return null;
}

/** True when the attendee has nothing to enrich from: no email, no LinkedIn URL, no company. */
export function lacksIdentity(a: Pick<AttendeeRecord, 'email' | 'linkedin_url' | 'company'>): boolean {
  return !a.email && !a.linkedin_url && !a.company;
}

/** The enrichment of one attendee, computed from its row only. */
export function enrich(a: AttendeeRecord, enrichedAt: string): EnrichmentRecord {
  if (lacksIdentity(a)) {
    return { status: 'failed', seniority: null, industry: null, interests: [], headline: null, enriched_at: enrichedAt };
  }
  const titleWords = tokens(a.title);
  const companyWords = tokens(a.company);
  const rawWords = rawLeaves(a.raw).flatMap((leaf) => tokens(leaf));
  const seniority = a.title ? (pick(titleWords, SENIORITY) ?? 'individual_contributor') : null;
  const industry = pick([...companyWords, ...rawWords, ...titleWords], INDUSTRY);
  const interests = [...new Set([...titleWords, ...rawWords].filter((w) => TOPICS.has(w)))].sort(compareStrings).slice(0, MAX_INTERESTS);
  const title = a.title?.trim() || null;
  const company = a.company?.trim() || null;
  const headline = (title && company ? `${title} at ${company}` : (title ?? company ?? a.name)).slice(0, 200);
  return { status: 'enriched', seniority, industry, interests, headline, enriched_at: enrichedAt };
}

export function pendingEnrichment(): EnrichmentRecord {
  return { status: 'pending', seniority: null, industry: null, interests: [], headline: null, enriched_at: null };
}

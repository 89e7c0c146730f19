// In-memory state of the mock, one OrgState per org. Internal records carry an internal UUID
// (as Meshi's do); only partner-facing fields ever leave through the route plugins.

import { randomUUID } from 'node:crypto';

export interface Internal {
  /** Internal identifier: never serialised into a response. */
  readonly internalId: string;
  /** Insertion sequence within the org: a stable tiebreak for ordering and cursors. */
  readonly seq: number;
}

export interface EventRecord extends Internal {
  event_id: string;
  title: string;
  description: string | null;
  start_date: string | null;
  end_date: string | null;
  timezone: string | null;
  visibility: string | null;
  url_slug: string | null;
  created_at: string;
  updated_at: string;
  context: ContextRecord | null;
  sessions: Map<string, SessionRecord>;
  attendees: Map<string, AttendeeRecord>;
  /** Scores of the latest succeeded/partial matching run, in served order. */
  matches: MatchRecord[];
}

export interface ContextRecord {
  event_details: string | null;
  objectives: string | null;
  welcome_instructions: string | null;
  updated_at: string;
}

export interface SessionRecord extends Internal {
  session_id: string;
  event_id: string;
  title: string;
  description: string | null;
  starts_at: string | null;
  ends_at: string | null;
  location: string | null;
  created_at: string;
  updated_at: string;
}

export interface EnrichmentRecord {
  status: 'pending' | 'enriched' | 'ambiguous' | 'failed';
  seniority: string | null;
  industry: string | null;
  interests: string[];
  headline: string | null;
  enriched_at: string | null;
}

export interface AttendeeRecord extends Internal {
  attendee_id: string;
  event_id: string;
  name: string;
  email: string | null;
  linkedin_url: string | null;
  title: string | null;
  company: string | null;
  session_ids: string[];
  raw: Record<string, unknown> | null;
  enrichment: EnrichmentRecord;
  created_at: string;
  updated_at: string;
}

export interface RunRecord extends Internal {
  run_id: string;
  kind: 'import' | 'enrichment' | 'matching';
  status: 'queued' | 'running' | 'succeeded' | 'partial' | 'failed';
  event_id: string;
  webhook_url: string | null;
  counts: { total: number; succeeded: number; failed: number };
  errors: { attendee_id: string | null; code: string; message: string }[];
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

export interface MatchRecord {
  attendee_id: string;
  matched_attendee_id: string;
  score: number;
  rank: number;
  reasons: string[];
  run_id: string;
}

export interface ReviewRecord extends Internal {
  review_id: string;
  scope: 'org' | 'event';
  event_id: string | null;
  attendee_id: string;
  reason: string;
  candidates: { event_id: string; attendee_id: string }[];
  status: 'open';
  created_at: string;
  /** Internal: the sorted member set (the attendee and its candidates); never serialised. */
  identity: string;
}

export interface IdempotencyRecord {
  key: string;
  operationId: string;
  eventId: string;
  fingerprint: string;
  runId: string;
  createdAt: number;
}

export interface OrgState {
  readonly orgId: string;
  readonly events: Map<string, EventRecord>;
  readonly runs: Map<string, RunRecord>;
  /** Review queues: the org-wide one and one per event. A review sits in exactly one. */
  readonly orgReviews: Map<string, ReviewRecord>;
  readonly eventReviews: Map<string, Map<string, ReviewRecord>>;
  readonly idempotency: Map<string, IdempotencyRecord>;
  nextSeq(): number;
}

export class Store {
  private readonly orgs = new Map<string, OrgState>();

  org(orgId: string): OrgState {
    let state = this.orgs.get(orgId);
    if (!state) {
      let seq = 0;
      state = {
        orgId,
        events: new Map(),
        runs: new Map(),
        orgReviews: new Map(),
        eventReviews: new Map(),
        idempotency: new Map(),
        nextSeq: () => ++seq,
      };
      this.orgs.set(orgId, state);
    }
    return state;
  }

  /** The state of an org if it has any (no creation). */
  peek(orgId: string): OrgState | undefined {
    return this.orgs.get(orgId);
  }

  /** Every org that has state. For the admin API and faults only: handlers stay inside their org. */
  orgStates(): IterableIterator<OrgState> {
    return this.orgs.values();
  }

  reset(): void {
    this.orgs.clear();
  }
}

export function internal(org: OrgState): Internal {
  return { internalId: randomUUID(), seq: org.nextSeq() };
}

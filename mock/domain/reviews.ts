// Identity reviews. Attendees that share an email or a LinkedIn URL are one ambiguous identity:
// all of them inside one event → one review in that event's queue; spread over two or more events
// of the org → one review in the org-wide queue. A review sits in exactly one queue, and
// recomputing over unchanged data keeps the same reviews (no duplicates on re-run).

import type { AttendeeRecord, OrgState, ReviewRecord } from '../store';
import { internal } from '../store';
import { compareStrings, normalise } from './text';

type Member = { readonly event_id: string; readonly attendee_id: string };

const SEP = '\u0000';

function memberKey(m: Member): string {
  return `${m.event_id}${SEP}${m.attendee_id}`;
}

/** The identity of a review: its sorted member set (the attendee under review and its candidates). */
export function identityOf(members: readonly Member[]): string {
  return members.map(memberKey).sort(compareStrings).join('\u0001');
}

export function normaliseEmail(email: string | null): string | null {
  const e = normalise(email);
  return e === '' ? null : e;
}

export function normaliseLinkedIn(url: string | null): string | null {
  const u = normalise(url)
    .replace(/^https?:\/\//, '')
    .replace(/^(www\.|[a-z]{2}\.)linkedin\.com/, 'linkedin.com')
    .replace(/[?#].*$/, '')
    .replace(/\/+$/, '');
  return u === '' ? null : u;
}

class UnionFind {
  private readonly parent: number[] = [];
  add(): number {
    this.parent.push(this.parent.length);
    return this.parent.length - 1;
  }
  find(x: number): number {
    let root = x;
    while (this.parent[root] !== root) root = this.parent[root]!;
    while (this.parent[x] !== root) {
      const next = this.parent[x]!;
      this.parent[x] = root;
      x = next;
    }
    return root;
  }
  union(a: number, b: number): void {
    const ra = this.find(a),
      rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

interface Cluster {
  readonly members: AttendeeRecord[];
  email: boolean;
  linkedin: boolean;
}

/** Ambiguous identities of the org that involve at least one attendee of `eventId`. */
function clustersTouching(org: OrgState, eventId: string): Cluster[] {
  const nodes: AttendeeRecord[] = [];
  const uf = new UnionFind();
  const byEmail = new Map<string, number>();
  const byLinkedIn = new Map<string, number>();
  const sharedBy = new Map<number, { email: boolean; linkedin: boolean }>();
  const events = [...org.events.values()].sort((a, b) => compareStrings(a.event_id, b.event_id));
  for (const event of events) {
    const attendees = [...event.attendees.values()].sort((a, b) => compareStrings(a.attendee_id, b.attendee_id));
    for (const a of attendees) {
      const id = uf.add();
      nodes.push(a);
      const email = normaliseEmail(a.email);
      const linkedin = normaliseLinkedIn(a.linkedin_url);
      const link = (index: Map<string, number>, key: string | null, kind: 'email' | 'linkedin'): void => {
        if (key === null) return;
        const other = index.get(key);
        if (other === undefined) {
          index.set(key, id);
          return;
        }
        uf.union(id, other);
        for (const n of [id, other]) {
          const flags = sharedBy.get(n) ?? { email: false, linkedin: false };
          flags[kind] = true;
          sharedBy.set(n, flags);
        }
      };
      link(byEmail, email, 'email');
      link(byLinkedIn, linkedin, 'linkedin');
    }
  }
  const groups = new Map<number, Cluster>();
  nodes.forEach((a, i) => {
    const root = uf.find(i);
    let cluster = groups.get(root);
    if (!cluster) groups.set(root, (cluster = { members: [], email: false, linkedin: false }));
    cluster.members.push(a);
    const flags = sharedBy.get(i);
    if (flags?.email) cluster.email = true;
    if (flags?.linkedin) cluster.linkedin = true;
  });
  return [...groups.values()].filter((c) => c.members.length >= 2 && c.members.some((m) => m.event_id === eventId));
}

function reasonOf(cluster: Cluster, scope: 'org' | 'event'): string {
  const what = cluster.email && cluster.linkedin ? 'email and LinkedIn URL' : cluster.email ? 'email' : 'LinkedIn URL';
  return scope === 'event'
    ? `${cluster.members.length} attendees of this event share one ${what}`
    : `Attendees of ${new Set(cluster.members.map((m) => m.event_id)).size} events share one ${what}`;
}

export interface ReviewOutcome {
  /** attendee_ids of `eventId` that belong to an open review. */
  readonly ambiguous: ReadonlySet<string>;
}

/**
 * Recomputes the reviews that involve `eventId`: keeps those whose candidate set and scope are
 * unchanged, files new ones in exactly one queue, and drops those that no longer apply.
 */
export function recomputeReviews(org: OrgState, eventId: string, createdAt: () => string, newReviewId: () => string): ReviewOutcome {
  const clusters = clustersTouching(org, eventId);
  // Reviews that may change: those involving this event or any member of a current cluster.
  const involved = new Set<string>();
  for (const cluster of clusters) for (const m of cluster.members) involved.add(memberKey(m));
  const existing = new Map<string, { review: ReviewRecord; queue: Map<string, ReviewRecord> }>();
  const queues: Map<string, ReviewRecord>[] = [org.orgReviews, ...org.eventReviews.values()];
  for (const queue of queues) {
    for (const review of queue.values()) {
      const members = review.identity.split('\u0001');
      if (members.some((m) => m.startsWith(`${eventId}${SEP}`) || involved.has(m))) existing.set(review.identity, { review, queue });
    }
  }
  const ambiguous = new Set<string>();
  const wanted = new Set<string>();
  for (const cluster of clusters) {
    const members = cluster.members.map((m) => ({ event_id: m.event_id, attendee_id: m.attendee_id }));
    const eventIds = new Set(members.map((c) => c.event_id));
    const scope: 'org' | 'event' = eventIds.size > 1 ? 'org' : 'event';
    for (const m of cluster.members) if (m.event_id === eventId) ambiguous.add(m.attendee_id);
    const key = identityOf(members);
    const found = existing.get(key);
    if (found && found.review.scope === scope) {
      wanted.add(key);
      continue;
    }
    if (found) {
      found.queue.delete(found.review.review_id);
      existing.delete(key);
    }
    // The attendee under review: the first member of this event; the others are its candidates.
    const first = members.find((c) => c.event_id === eventId) ?? members[0]!;
    const candidates = members.filter((c) => c !== first);
    const review: ReviewRecord = {
      ...internal(org),
      review_id: newReviewId(),
      scope,
      event_id: scope === 'event' ? first.event_id : null,
      attendee_id: first.attendee_id,
      reason: reasonOf(cluster, scope),
      candidates,
      status: 'open',
      created_at: createdAt(),
      identity: key,
    };
    if (scope === 'org') org.orgReviews.set(review.review_id, review);
    else {
      let queue = org.eventReviews.get(first.event_id);
      if (!queue) org.eventReviews.set(first.event_id, (queue = new Map()));
      queue.set(review.review_id, review);
    }
    wanted.add(key);
  }
  for (const [key, { review, queue }] of existing) if (!wanted.has(key)) queue.delete(review.review_id);
  return { ambiguous };
}

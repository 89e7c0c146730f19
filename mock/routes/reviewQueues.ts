// GET /review-queue (org-scoped reviews) and GET /events/{event_id}/review-queue (that event's
// event-scoped reviews), oldest created_at first, then review_id. A review sits in one queue.

import type { RoutePlugin } from '../app';
import { D } from '../faults/domain';
import { compareStrings } from '../domain/text';
import { arrayList, listId, pageOf, pageRequest } from '../pagination/pages';
import { compareKeys, type SortKey } from '../pagination/sortedIndex';
import { instantKey } from '../time';
import type { ReviewRecord } from '../store';
import { requireEvent } from '../domain/events';

/** The partner-facing review (no internal fields). */
export function reviewView(r: ReviewRecord): Record<string, unknown> {
  return {
    review_id: r.review_id,
    scope: r.scope,
    event_id: r.event_id,
    attendee_id: r.attendee_id,
    reason: r.reason,
    candidates: r.candidates.map((c) => ({ event_id: c.event_id, attendee_id: c.attendee_id })),
    status: r.status,
    created_at: r.created_at,
  };
}

const keyOf = (r: ReviewRecord): SortKey => [...instantKey(r.created_at), r.review_id];

function sorted(reviews: Iterable<ReviewRecord>): ReviewRecord[] {
  return [...reviews].sort(
    (a, b) => compareKeys(instantKey(a.created_at), instantKey(b.created_at)) || compareStrings(a.review_id, b.review_id),
  );
}

export const reviewQueuesPlugin: RoutePlugin = (app) => {
  app.route('listOrgReviewQueue', (ctx) => {
    const list = arrayList(sorted(ctx.org.orgReviews.values()), keyOf, listId('reviews', ctx.org.orgId));
    const page = pageOf(list, pageRequest(ctx, app.config), app.faults);
    return { status: 200, body: { items: page.items.map(reviewView), next_cursor: page.next_cursor } };
  });

  app.route('listEventReviewQueue', (ctx) => {
    const event = requireEvent(ctx);
    const own = ctx.org.eventReviews.get(event.event_id)?.values() ?? [];
    let reviews = [...own];
    if (app.faults.isOn(D.reviewInBothQueues)) {
      // The fault: org-scoped reviews involving this event are listed here too.
      for (const r of ctx.org.orgReviews.values()) {
        if (r.identity.split('\u0001').some((m) => m.startsWith(`${event.event_id}\u0000`))) reviews.push(r);
      }
    }
    const list = arrayList(sorted(reviews), keyOf, listId('reviews', ctx.org.orgId, event.event_id));
    const page = pageOf(list, pageRequest(ctx, app.config), app.faults);
    return { status: 200, body: { items: page.items.map(reviewView), next_cursor: page.next_cursor } };
  });
};

// GET /events/{event_id}/attendees (ordered by attendee_id) and
// GET /events/{event_id}/attendees/{attendee_id}.

import type { RoutePlugin } from '../app';
import { apiError } from '../contract';
import { sortedAttendees } from '../domain/attendeeIndex';
import { arrayList, listId, pageOf, pageRequest } from '../pagination/pages';
import type { AttendeeRecord } from '../store';
import { requireEvent } from '../domain/events';

/** The partner-facing attendee (no internal fields). */
export function attendeeView(a: AttendeeRecord): Record<string, unknown> {
  const e = a.enrichment;
  return {
    attendee_id: a.attendee_id,
    name: a.name,
    email: a.email,
    linkedin_url: a.linkedin_url,
    title: a.title,
    company: a.company,
    session_ids: [...a.session_ids],
    raw: a.raw,
    enrichment: {
      status: e.status,
      seniority: e.seniority,
      industry: e.industry,
      interests: [...e.interests],
      headline: e.headline,
      enriched_at: e.enriched_at,
    },
    created_at: a.created_at,
    updated_at: a.updated_at,
  };
}

const keyOf = (a: AttendeeRecord) => [a.attendee_id] as const;

export const attendeesPlugin: RoutePlugin = (app) => {
  app.route('listAttendees', (ctx) => {
    const event = requireEvent(ctx);
    const list = arrayList(sortedAttendees(event), keyOf, listId('attendees', ctx.org.orgId, event.event_id));
    const page = pageOf(list, pageRequest(ctx, app.config), app.faults);
    return { status: 200, body: { items: page.items.map(attendeeView), next_cursor: page.next_cursor } };
  });

  app.route('getAttendee', (ctx) => {
    const event = requireEvent(ctx);
    const attendee = event.attendees.get(ctx.params.attendee_id!);
    if (!attendee) throw apiError('ATTENDEE_NOT_FOUND', 'No attendee exists for that partner id in this event');
    return { status: 200, body: attendeeView(attendee) };
  });
};

// Events: POST /events (201, 409 PARTNER_ID_CONFLICT), GET /events (newest created_at first, ties
// by event_id), GET /events/{event_id}, PUT /events/{event_id} (replace mutable fields).

import type { RoutePlugin } from '../app';
import { apiError } from '../contract';
import { requireEvent } from '../domain/events';
import { F } from '../faults/http';
import { indexList, listId, pageOf, pageRequest } from '../pagination/pages';
import { indexPerOwner, type SortedIndex } from '../pagination/sortedIndex';
import { internal, type EventRecord, type OrgState, type Store } from '../store';
import { instantKey, nowIso } from '../time';
import { keepBeforeWrite, servedView } from '../domain/staleReads';
import { stringOrNull } from '../domain/text';

/** The partner-facing Event (no internal fields). */
export function eventView(e: EventRecord): Record<string, unknown> {
  return {
    event_id: e.event_id,
    title: e.title,
    description: e.description,
    start_date: e.start_date,
    end_date: e.end_date,
    timezone: e.timezone,
    visibility: e.visibility,
    url_slug: e.url_slug,
    created_at: e.created_at,
    updated_at: e.updated_at,
  };
}

// Served order: created_at descending, then event_id ascending. Cursors carry the seq only.
function eventKey(e: EventRecord): readonly (string | number)[] {
  const [ms, ns] = instantKey(e.created_at);
  return [-ms, -ns, e.event_id];
}

export const eventIndex: (org: OrgState) => SortedIndex<EventRecord> = indexPerOwner(
  (org: OrgState) => org.events,
  eventKey,
  (e) => e.seq,
);

function crossOrgEvent(store: Store, self: OrgState, id: string): EventRecord | undefined {
  for (const org of store.orgStates()) {
    if (org === self) continue;
    const e = org.events.get(id);
    if (e) return e;
  }
  return undefined;
}

/** The event's own fields from a valid create or update body (the absent optional ones null). */
function eventFields(body: Record<string, unknown>) {
  return {
    title: body.title as string,
    description: stringOrNull(body.description),
    start_date: stringOrNull(body.start_date),
    end_date: stringOrNull(body.end_date),
    timezone: stringOrNull(body.timezone),
    visibility: stringOrNull(body.visibility),
    url_slug: stringOrNull(body.url_slug),
  };
}

export const eventsPlugin: RoutePlugin = (app) => {
  const { faults } = app;

  app.route('createEvent', (ctx) => {
    const body = ctx.body as Record<string, unknown>;
    const org = ctx.org;
    const id = body.event_id as string;
    const now = nowIso(app);
    const existing = org.events.get(id);
    const fields = eventFields(body);
    let record: EventRecord;
    if (existing) {
      if (!faults.isOn(F.createDuplicateAccepted)) {
        throw apiError('PARTNER_ID_CONFLICT', 'An event with that event_id already exists in this org');
      }
      record = Object.assign(existing, fields, { updated_at: now });
    } else {
      record = {
        ...internal(org),
        event_id: id,
        ...fields,
        created_at: now,
        updated_at: now,
        context: null,
        sessions: new Map(),
        attendees: new Map(),
        matches: [],
      };
      const index = eventIndex(org);
      org.events.set(id, record);
      index.insert(record);
    }
    return { status: 201, body: eventView(record) };
  });

  app.route('listEvents', (ctx) => {
    const org = ctx.org;
    const order = faults.isOn(F.eventsWrongOrder) ? 'desc' : 'asc';
    const page = pageOf(
      indexList(eventIndex(org), listId('events', org.orgId), order, (e) => e.internalId),
      pageRequest(ctx, app.config),
      faults,
    );
    const leak = faults.isOn(F.uuidLeakNested);
    const items = page.items.map((e) => {
      const view = servedView(app, e, eventView);
      if (leak) view.description = `ref ${e.internalId}`;
      return view;
    });
    return { status: 200, body: { items, next_cursor: page.next_cursor } };
  });

  app.route('getEvent', (ctx) => {
    let event = ctx.org.events.get(ctx.params.event_id!);
    if (!event && faults.isOn(F.crossOrgRead)) event = crossOrgEvent(app.store, ctx.org, ctx.params.event_id!);
    if (!event) throw apiError('EVENT_NOT_FOUND', 'No event exists for that partner id');
    return { status: 200, body: servedView(app, event, eventView) };
  });

  app.route('updateEvent', (ctx) => {
    const body = ctx.body as Record<string, unknown>;
    const event = requireEvent(ctx);
    keepBeforeWrite(app, event);
    Object.assign(event, eventFields(body), { updated_at: nowIso(app) });
    return { status: 200, body: eventView(event) };
  });
};

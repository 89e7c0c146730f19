// Sessions of an event: create (201; a session_id mapped anywhere in the org → 409), list (by
// starts_at, nulls last, then session_id), read, PUT (replace mutable fields).

import type { RequestContext, RoutePlugin } from '../app';
import { apiError } from '../contract';
import { arrayList, indexList, listId, pageOf, pageRequest, type PagedList } from '../pagination/pages';
import { compareKeys, indexPerOwner } from '../pagination/sortedIndex';
import { internal, type EventRecord, type OrgState, type SessionRecord } from '../store';
import { instantKey, nowIso, toUtc } from '../time';
import { keepBeforeWrite, servedView } from '../domain/staleReads';
import { stringOrNull } from '../domain/text';
import { requireEvent } from '../domain/events';
import { D } from '../faults/domain';
import type { FaultSwitch } from '../faults/switch';

export function sessionView(s: SessionRecord): Record<string, unknown> {
  return {
    session_id: s.session_id,
    event_id: s.event_id,
    title: s.title,
    description: s.description,
    starts_at: s.starts_at,
    ends_at: s.ends_at,
    location: s.location,
    created_at: s.created_at,
    updated_at: s.updated_at,
  };
}

// The org-wide session_id map (session is one id-map kind per org).
const orgSessions = new WeakMap<OrgState, Map<string, SessionRecord>>();

export function sessionsOfOrg(org: OrgState): Map<string, SessionRecord> {
  let map = orgSessions.get(org);
  if (!map) {
    map = new Map();
    for (const e of org.events.values()) for (const s of e.sessions.values()) map.set(s.session_id, s);
    orgSessions.set(org, map);
  }
  return map;
}

function sessionKey(s: SessionRecord): readonly (string | number)[] {
  return s.starts_at === null ? [1, 0, 0, s.session_id] : [0, ...instantKey(s.starts_at), s.session_id];
}

const sessionIndex = indexPerOwner(
  (event: EventRecord) => event.sessions,
  sessionKey,
  (s: SessionRecord) => s.seq,
);

function requireSession(ctx: RequestContext, event: EventRecord): SessionRecord {
  const s = event.sessions.get(ctx.params.session_id!);
  if (!s) throw apiError('SESSION_NOT_FOUND', 'No session exists for that partner id in this event');
  return s;
}

function fields(body: Record<string, unknown>, faults: FaultSwitch) {
  // session-times-truncated: a millisecond store drops the digits past the third.
  const utc = (v: string) => (faults.isOn(D.sessionTimesTruncated) ? toUtc(v).replace(/(\.\d{3})\d+Z$/, '$1Z') : toUtc(v));
  return {
    title: body.title as string,
    description: stringOrNull(body.description),
    starts_at: typeof body.starts_at === 'string' ? utc(body.starts_at) : null,
    ends_at: typeof body.ends_at === 'string' ? utc(body.ends_at) : null,
    location: stringOrNull(body.location),
  };
}

export const sessionsPlugin: RoutePlugin = (app) => {
  app.route('createSession', (ctx) => {
    const body = ctx.body as Record<string, unknown>;
    const event = requireEvent(ctx);
    const org = ctx.org;
    const id = body.session_id as string;
    const all = sessionsOfOrg(org);
    // session-id-conflict-overwrites: a session_id already in this event is replaced, not refused.
    const overwrite = app.faults.isOn(D.sessionIdConflictOverwrites) && event.sessions.has(id);
    if (all.has(id) && !overwrite) throw apiError('PARTNER_ID_CONFLICT', 'A session with that session_id already exists in this org');
    if (overwrite) sessionIndex(event).remove(event.sessions.get(id)!);
    const now = nowIso(app);
    const record: SessionRecord = {
      ...internal(org),
      session_id: id,
      event_id: event.event_id,
      ...fields(body, app.faults),
      created_at: now,
      updated_at: now,
    };
    const index = sessionIndex(event);
    event.sessions.set(id, record);
    index.insert(record);
    all.set(id, record);
    return { status: 201, body: sessionView(record) };
  });

  app.route('listSessions', (ctx) => {
    const event = requireEvent(ctx);
    const id = listId('sessions', ctx.org.orgId, event.seq);
    let list: PagedList<SessionRecord> = indexList(sessionIndex(event), id, 'asc', (s) => s.internalId);
    if (app.faults.isOn(D.sessionsListCrossOrg)) {
      // The fault: sessions found by event_id in every org, not only the caller's.
      const all = [...app.store.orgStates()].flatMap((org) => [...(org.events.get(event.event_id)?.sessions.values() ?? [])]);
      list = arrayList(
        all.sort((a, b) => compareKeys(sessionKey(a), sessionKey(b))),
        sessionKey,
        id,
      );
    }
    const page = pageOf(list, pageRequest(ctx, app.config), app.faults);
    return { status: 200, body: { items: page.items.map((s) => servedView(app, s, sessionView)), next_cursor: page.next_cursor } };
  });

  app.route('getSession', (ctx) => {
    const event = requireEvent(ctx);
    return { status: 200, body: servedView(app, requireSession(ctx, event), sessionView) };
  });

  app.route('updateSession', (ctx) => {
    const body = ctx.body as Record<string, unknown>;
    const event = requireEvent(ctx);
    const session = requireSession(ctx, event);
    const index = sessionIndex(event);
    index.remove(session);
    keepBeforeWrite(app, session);
    Object.assign(session, fields(body, app.faults), { updated_at: nowIso(app) });
    index.insert(session);
    return { status: 200, body: sessionView(session) };
  });
};

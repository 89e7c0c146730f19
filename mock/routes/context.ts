// Event context: POST /events/{event_id}/context merges the non-empty fields given (200, the whole
// context); GET returns it, fields never set being null and updated_at null until the first POST.

import type { RoutePlugin } from '../app';
import type { ContextRecord, EventRecord } from '../store';
import { nowIso } from '../time';
import { isPresent } from '../validation';
import { requireEvent } from '../domain/events';

const FIELDS = ['event_details', 'objectives', 'welcome_instructions'] as const;

export function contextView(event: EventRecord): Record<string, unknown> {
  const c = event.context;
  return {
    event_id: event.event_id,
    event_details: c?.event_details ?? null,
    objectives: c?.objectives ?? null,
    welcome_instructions: c?.welcome_instructions ?? null,
    updated_at: c?.updated_at ?? null,
  };
}

export const contextPlugin: RoutePlugin = (app) => {
  app.route('upsertEventContext', (ctx) => {
    const body = ctx.body as Record<string, unknown>;
    const event = requireEvent(ctx);
    const next: ContextRecord = event.context
      ? { ...event.context }
      : { event_details: null, objectives: null, welcome_instructions: null, updated_at: '' };
    for (const f of FIELDS) if (isPresent(body[f])) next[f] = body[f] as string;
    next.updated_at = nowIso(app);
    event.context = next;
    return { status: 200, body: contextView(event) };
  });

  app.route('getEventContext', (ctx) => ({ status: 200, body: contextView(requireEvent(ctx)) }));
};

// Event lookups shared by routes and domain flows.

import type { RequestContext } from '../app';
import { apiError } from '../contract';
import type { EventRecord } from '../store';

/** The event of the path's event_id in the caller's org, or 404 EVENT_NOT_FOUND. */
export function requireEvent(ctx: RequestContext): EventRecord {
  const event = ctx.org.events.get(ctx.params.event_id!);
  if (!event) throw apiError('EVENT_NOT_FOUND', 'No event exists for that partner id');
  return event;
}

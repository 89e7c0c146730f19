// The attendees of an event in served order (attendee_id, code-point order), cached until an
// import changes them.

import type { AttendeeRecord, EventRecord } from '../store';
import { compareStrings } from './text';

const cache = new WeakMap<EventRecord, { size: number; list: AttendeeRecord[] }>();

export function sortedAttendees(event: EventRecord): readonly AttendeeRecord[] {
  const hit = cache.get(event);
  if (hit && hit.size === event.attendees.size) return hit.list;
  const list = [...event.attendees.values()].sort((a, b) => compareStrings(a.attendee_id, b.attendee_id));
  cache.set(event, { size: event.attendees.size, list });
  return list;
}

export function invalidateAttendees(event: EventRecord): void {
  cache.delete(event);
}

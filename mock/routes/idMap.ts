// GET /id-map/{kind}/{partner_id}: is this partner ID mapped in the caller's org? Known kinds
// (contract.idMapKinds: event, session, attendee) are looked up in the org's state; any other
// well-formed kind is never mapped. Unmapped → 404 PARTNER_ID_NOT_FOUND (never `mapped: false`).

import type { RoutePlugin } from '../app';
import { contract as C } from '../../contract';
import { apiError } from '../contract';
import { F } from '../faults/http';
import type { OrgState } from '../store';
import { sessionsOfOrg } from './sessions';

type Lookup = (org: OrgState, id: string) => boolean;

const LOOKUPS: Readonly<Record<string, Lookup>> = {
  event: (org, id) => org.events.has(id),
  session: (org, id) => sessionsOfOrg(org).has(id),
  attendee: (org, id) => {
    for (const e of org.events.values()) if (e.attendees.has(id)) return true;
    return false;
  },
};

for (const kind of C.idMapKinds) {
  if (!LOOKUPS[kind]) throw new Error(`id-map kind ${kind} (contract) has no lookup in mock/routes/idMap.ts`);
}

export const idMapPlugin: RoutePlugin = (app) => {
  app.route('getIdMapping', (ctx) => {
    const { kind, partner_id: id } = ctx.params as { kind: string; partner_id: string };
    const known = (C.idMapKinds as readonly string[]).includes(kind);
    if (!known || !LOOKUPS[kind]!(ctx.org, id)) {
      throw apiError('PARTNER_ID_NOT_FOUND', `No ${kind} with that partner id is mapped in this org`);
    }
    // The fault: session and attendee IDs are found by walking the org's events, and report their kind.
    const answered = kind !== 'event' && app.faults.isOn(F.idMapWrongKind) ? 'event' : kind;
    return { status: 200, body: { kind: answered, partner_id: id, mapped: true } };
  });
};

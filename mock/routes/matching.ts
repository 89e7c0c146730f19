// POST /events/{event_id}/matches:run (a matching run) and GET /events/{event_id}/matches
// (the scores of the latest succeeded or partial matching run; filters attendee_id, min_score).

import type { RoutePlugin } from '../app';
import { D } from '../faults/domain';
import { matchIndexOf, type MatchKey } from '../domain/matchIndex';
import { round } from '../domain/matchEngine';
import { matchingWork } from '../domain/matchingRun';
import { pageOf } from '../domain/paging';
import { handleRunRequest } from '../domain/runRequests';
import { operation } from '../../contract';
import { apiError } from '../contract';
import { pageRequest, type SortKey } from '../pagination';
import type { MatchRecord } from '../store';
import { queryValue, validateBody } from '../validation';
import { requireEvent } from './events';

const CURSOR_CODE = operation('listMatches').parameters.find((p) => p.name === 'cursor')?.errorCode ?? 'INVALID_CURSOR';

const keyOf = (m: MatchRecord): SortKey => [m.score, m.attendee_id, m.matched_attendee_id];

function toMatchKey(key: SortKey): MatchKey {
  const [score, attendee, matched] = key;
  if (key.length !== 3 || typeof score !== 'number' || typeof attendee !== 'string' || typeof matched !== 'string') {
    throw apiError(CURSOR_CODE, 'The cursor does not belong to this list');
  }
  return { score, attendee_id: attendee, matched_attendee_id: matched };
}

export const matchingPlugin: RoutePlugin = (app) => {
  const runOp = operation('runMatching');
  const listOp = operation('listMatches');

  app.route('runMatching', (ctx) =>
    handleRunRequest(app, ctx, {
      operationId: runOp.operationId,
      kind: 'matching',
      validate: (body) => validateBody(runOp, body, app),
      total: (event) => event.attendees.size,
      work: (event, _v, run) => matchingWork(app, event, run),
    }),
  );

  app.route('listMatches', (ctx) => {
    const event = requireEvent(ctx);
    const attendeeId = ctx.query.get('attendee_id');
    const minScore = ctx.query.has('min_score') ? (queryValue(listOp, ctx.query, 'min_score') as number) : null;
    const index = matchIndexOf(event);
    const listId = `matches\u0000${ctx.org.orgId}\u0000${event.event_id}\u0000${attendeeId ?? ''}\u0000${minScore ?? ''}`;
    const page = pageOf(app, pageRequest(ctx, app.config), listId, keyOf, (after, n) =>
      index.slice({ attendeeId, minScore, after: after === null ? null : toMatchKey(after), limit: n }).items,
    );
    let items = page.items.map((m) => ({
      attendee_id: m.attendee_id,
      matched_attendee_id: m.matched_attendee_id,
      score: app.faults.isOn(D.matchScoreOutOfRange) ? round(m.score + 1.01) : m.score,
      rank: m.rank,
      reasons: [...m.reasons],
      run_id: m.run_id,
    }));
    if (app.faults.isOn(D.matchWrongOrder)) items = items.reverse();
    return { status: 200, body: { items, next_cursor: page.next_cursor } };
  });
};


// POST /events/{event_id}/matches:run (a matching run) and GET /events/{event_id}/matches
// (the scores of the latest succeeded or partial matching run; filters attendee_id, min_score).

import type { RoutePlugin } from '../app';
import { matchIndexOf, type MatchKey } from '../domain/matchIndex';
import { matchingWork } from '../domain/matchingRun';
import { handleRunRequest, runBodyCheck } from '../domain/runRequests';
import { operation } from '../../contract';
import { apiError } from '../contract';
import { listId, pageOf, pageRequest, type PagedList } from '../pagination/pages';
import type { SortKey } from '../pagination/sortedIndex';
import type { MatchRecord } from '../store';
import { queryValue } from '../validation';
import { requireEvent } from '../domain/events';

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
  const listOp = operation('listMatches');

  app.route(
    'runMatching',
    (ctx) =>
      handleRunRequest(app, ctx, {
        operationId: 'runMatching',
        kind: 'matching',
        total: (event) => event.attendees.size,
        work: (event, _body, run) => matchingWork(app, event, run),
      }),
    runBodyCheck(app, 'runMatching'),
  );

  app.route('listMatches', (ctx) => {
    const event = requireEvent(ctx);
    const attendeeId = ctx.query.get('attendee_id');
    const minScore = ctx.query.has('min_score') ? (queryValue(listOp, ctx.query, 'min_score') as number) : null;
    const index = matchIndexOf(event);
    const list: PagedList<MatchRecord> = {
      id: listId('matches', ctx.org.orgId, event.event_id, attendeeId, minScore),
      cursorKeyOf: keyOf,
      after: (key, n) => index.slice({ attendeeId, minScore, after: key === null ? null : toMatchKey(key), limit: n }).items,
    };
    const page = pageOf(list, pageRequest(ctx, app.config), app.faults);
    const items = page.items.map((m) => ({
      attendee_id: m.attendee_id,
      matched_attendee_id: m.matched_attendee_id,
      score: m.score,
      rank: m.rank,
      reasons: [...m.reasons],
      run_id: m.run_id,
    }));
    return { status: 200, body: { items, next_cursor: page.next_cursor } };
  });
};

// POST /events/{event_id}/attendees:enrich: an enrichment run over every attendee of the event.

import type { RoutePlugin } from '../app';
import { enrichmentWork } from '../domain/enrichmentRun';
import { handleRunRequest, runBodyCheck } from '../domain/runRequests';

export const enrichmentPlugin: RoutePlugin = (app) => {
  app.route(
    'enrichAttendees',
    (ctx) =>
      handleRunRequest(app, ctx, {
        operationId: 'enrichAttendees',
        kind: 'enrichment',
        total: (event) => event.attendees.size,
        work: (event, _body, run) => enrichmentWork(app, ctx.org, event, run),
      }),
    runBodyCheck(app, 'enrichAttendees'),
  );
};

// POST /events/{event_id}/attendees:enrich: an enrichment run over every attendee of the event.

import type { RoutePlugin } from '../app';
import { operation } from '../../contract';
import { enrichmentWork } from '../domain/enrichmentRun';
import { handleRunRequest } from '../domain/runRequests';
import { validateBody } from '../validation';

export const enrichmentPlugin: RoutePlugin = (app) => {
  const op = operation('enrichAttendees');
  app.route('enrichAttendees', (ctx) =>
    handleRunRequest(app, ctx, {
      operationId: op.operationId,
      kind: 'enrichment',
      validate: (body) => validateBody(op, body, app),
      total: (event) => event.attendees.size,
      work: (event, _v, run) => enrichmentWork(app, ctx.org, event, run),
    }),
  );
};

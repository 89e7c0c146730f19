// PUT /events/{event_id}/attendees:import: validates synchronously, then returns 202 with an
// import run (or the original run on an idempotent replay).

import type { RoutePlugin } from '../app';
import { importRowsOf, importWork, validateImport } from '../domain/imports';
import { handleRunRequest, runBodyCheck } from '../domain/runRequests';

export const importsPlugin: RoutePlugin = (app) => {
  app.route(
    'importAttendees',
    (ctx) =>
      handleRunRequest(app, ctx, {
        operationId: 'importAttendees',
        kind: 'import',
        total: (_event, body) => importRowsOf(body).length,
        work: (event, body, run) => importWork(app, ctx.org, event, importRowsOf(body), run),
      }),
    runBodyCheck(app, 'importAttendees', (body) => validateImport(app, body)),
  );
};

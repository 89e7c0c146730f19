// PUT /events/{event_id}/attendees:import: validates synchronously, then returns 202 with an
// import run (or the original run on an idempotent replay).

import type { RoutePlugin } from '../app';
import { importWork, validateImport } from '../domain/imports';
import { handleRunRequest } from '../domain/runRequests';

export const importsPlugin: RoutePlugin = (app) => {
  app.route('importAttendees', (ctx) =>
    handleRunRequest(app, ctx, {
      operationId: 'importAttendees',
      kind: 'import',
      validate: (body) => validateImport(app, body),
      total: (_event, rows) => rows.length,
      work: (event, rows, run) => importWork(app, ctx.org, event, rows, run),
    }),
  );
};

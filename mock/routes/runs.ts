// GET /runs/{run_id}: the run's current state, within the caller's org.

import type { RoutePlugin } from '../app';
import { findRun, runView } from '../domain/runs';

export const runsPlugin: RoutePlugin = (app) => {
  app.route('getRun', (ctx) => ({ status: 200, body: runView(app, findRun(app, ctx.org, ctx.params.run_id!)) }));
};

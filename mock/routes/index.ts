// Every route plugin of the mock, one concern each. The HTTP layer owns everything up to the
// handler (see mock/http/pipeline.ts); a plugin registers handlers by operationId.

import type { RoutePlugin } from '../app';
import { attendeesPlugin } from './attendees';
import { authPlugin } from './auth';
import { contextPlugin } from './context';
import { enrichmentPlugin } from './enrichment';
import { eventsPlugin } from './events';
import { idMapPlugin } from './idMap';
import { importsPlugin } from './imports';
import { matchingPlugin } from './matching';
import { reviewQueuesPlugin } from './reviewQueues';
import { runsPlugin } from './runs';
import { sessionsPlugin } from './sessions';

export const routePlugins: readonly RoutePlugin[] = [
  authPlugin,
  idMapPlugin,
  eventsPlugin,
  contextPlugin,
  sessionsPlugin,
  attendeesPlugin,
  importsPlugin,
  enrichmentPlugin,
  matchingPlugin,
  runsPlugin,
  reviewQueuesPlugin,
];

// createMockServer: the reference mock of the Meshi Partner API v0 on node:http.
//   const mock = await createMockServer({ port: 0 });
//   mock.baseUrl  → http://127.0.0.1:PORT/api/v0/partner   (mock.aliasUrl → …/v0/partner)
//   mock.keys     → { write, read, orgB, rateLimit, disabled, userToken, noOrg } bearer values
//   await mock.close();

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BodyCheck, Handler, MockApp, RoutePlugin } from './app';
import { createAdmin } from './admin';
import { checkListenHost } from './adminAccess';
import { capProblem, configFromEnv, resolveConfig, type MockConfig } from './config';
import { contract as C } from '../contract';
import { faultCatalogue } from './faults/catalogue';
import { FaultSwitch } from './faults/switch';
import { clientErrorHandler } from './http/clientError';
import { KeyTable, loadKeys, type KeyEntry } from './http/keys';
import { createPipeline } from './http/pipeline';
import { RateLimiter } from './http/rateLimit';
import { Router } from './http/router';
import { RequestStats } from './http/stats';
import { TransientFailures } from './http/transient';
import { runCloseHooks, runResetHooks } from './lifecycle';
import { createLogger, type LogSink } from './logging';
import { routePlugins } from './routes/index';
import { Store } from './store';

export interface MockServerOptions extends Partial<MockConfig> {
  /** A keys table replacing keys.json / config.keysFile. */
  readonly keys?: readonly KeyEntry[];
  /** Route plugins (default: every plugin of mock/routes/index.ts). */
  readonly plugins?: readonly RoutePlugin[];
  /** The clock (default Date.now). */
  readonly now?: () => number;
  /** Read MOCK_* environment variables under the options (default true). */
  readonly readEnv?: boolean;
  /** Where request logs go when logRequests is on (default stdout). */
  readonly logSink?: LogSink;
}

export interface MockServer {
  /** http://host:port */
  readonly url: string;
  /** The current partner base URL. */
  readonly baseUrl: string;
  /** The legacy alias base URL. */
  readonly aliasUrl: string;
  /** The admin API root (…/__mock). */
  readonly adminUrl: string;
  /** Bearer values by role (write, read, orgB, rateLimit, disabled, userToken, noOrg). */
  readonly keys: Readonly<Record<string, string>>;
  /** The whole keys table. */
  readonly keyTable: readonly KeyEntry[];
  readonly app: MockApp;
  readonly config: MockConfig;
  readonly server: Server;
  /** Same as POST /__mock/reset. */
  reset(): void;
  close(): Promise<void>;
}

function checkCaps(config: MockConfig): void {
  for (const [name, value] of Object.entries(config.caps)) {
    const problem = capProblem(name, value);
    if (problem) throw new Error(problem);
  }
  for (const code of Object.keys(config.codeOverrides))
    if (!C.errorCodes[code]) throw new Error(`error-codes: ${code} is not a contract error code`);
}

/** Builds the app (config, store, faults, handlers) without listening: used by createMockServer. */
export function createMockApp(options: MockServerOptions = {}) {
  const { keys: keyRows, plugins, now, readEnv, logSink, ...overrides } = options;
  const config = resolveConfig(readEnv === false ? undefined : configFromEnv(), overrides);
  checkCaps(config);
  const faults = new FaultSwitch(faultCatalogue, config.faults);
  const store = new Store();
  const handlers = new Map<string, Handler>();
  const bodyChecks = new Map<string, BodyCheck>();
  const app: MockApp = {
    config,
    store,
    faults,
    now: now ?? Date.now,
    route(operationId: string, handler: Handler, bodyCheck?: BodyCheck) {
      const op = C.operations[operationId];
      if (!op) throw new Error(`route(): ${operationId} is not a contract operation`);
      if (handlers.has(operationId)) throw new Error(`route(): ${operationId} is registered twice`);
      if (bodyCheck && !op.requestBody) throw new Error(`route(): ${operationId} has no request body to check`);
      handlers.set(operationId, handler);
      if (bodyCheck) bodyChecks.set(operationId, bodyCheck);
    },
  };
  for (const plugin of plugins ?? routePlugins) plugin(app);

  const keys = new KeyTable(keyRows ? [...keyRows] : loadKeys(config.keysFile));
  const limiter = new RateLimiter();
  const transient = new TransientFailures(config);
  const stats = new RequestStats();
  const reset = () => {
    store.reset();
    limiter.reset();
    transient.reseed();
    runResetHooks(app);
  };
  const handler = createPipeline({
    app,
    router: new Router(Object.values(C.operations)),
    keys,
    limiter,
    handlers,
    bodyChecks,
    transient,
    stats,
    admin: createAdmin({ config, faults, reset, stats, patched: (fields) => fields.includes('seed') && transient.reseed() }),
    logger: createLogger(logSink),
  });
  return { app, config, keys, handler, reset, handlers };
}

export async function createMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const built = createMockApp(options);
  const { app, config, keys, handler, reset } = built;
  checkListenHost(config);
  const server = createServer({ keepAliveTimeout: 30_000 }, handler);
  server.on('clientError', clientErrorHandler(config));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host =
    address.family === 'IPv6' || config.host.includes(':') ? `[${address.address}]` : config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  const url = `http://${host}:${address.port}`;
  let closed: Promise<void> | null = null;
  return {
    url,
    baseUrl: url + C.basePath,
    aliasUrl: url + C.aliasBasePath,
    adminUrl: `${url}/__mock`,
    keys: keys.roles,
    keyTable: keys.entries,
    app,
    config,
    server,
    reset,
    close() {
      closed ??= new Promise<void>((resolve) => {
        runCloseHooks(app);
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

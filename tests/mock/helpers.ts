// Shared fixtures of the mock's own tests: an in-process mock per test (`mock`, options through
// `test.use({ mockOptions })`), and `api`, a small client whose every response is checked against
// the contract: the operation's declared status (an undocumented status fails), the body validator
// of generated/validators.cjs, the declared headers, the error code list, x-correlation-id ===
// body.correlation_id, and no UUID the test did not send.

import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { test as base, expect } from '@playwright/test';
import { contract as C, matchRoute, validator, type OperationIndex, type ResponseIndex, type Validator } from '../../contract';
import { createMockServer, type MockServer, type MockServerOptions } from '../../mock/server';

export { C };

export { expect };

export const UUID_RE = /[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}/gi;

// ---------------------------------------------------------------------------------------------
// Operation lookup (independent of the mock's router: straight from the contract's regexes)

export function findOperation(method: string, relPath: string): { op: OperationIndex | null; pathKnown: boolean } {
  const m = matchRoute(method === 'HEAD' ? 'GET' : method, relPath);
  return { op: m.operation, pathKnown: m.path !== null };
}

function splitBase(path: string): { rel: string; alias: boolean } | null {
  for (const [b, alias] of [
    [C.basePath, false],
    [C.aliasBasePath, true],
  ] as const) {
    if (path === b) return { rel: '/', alias };
    if (path.startsWith(`${b}/`)) return { rel: path.slice(b.length), alias };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Responses

export interface Res {
  readonly method: string;
  readonly url: string;
  readonly status: number;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string;
  /** Parsed JSON body, or undefined when there is none or it is not JSON. */
  readonly body: any;
  /** The response's contract problems (empty when it conforms). */
  readonly problems: readonly string[];
  readonly operationId: string | null;
}

/** The mock answered `status` with the error envelope's `code` (`label` names the case, in table tests). */
export function expectCode(r: Pick<Res, 'status' | 'body'>, status: number, code: unknown, label?: string): void {
  expect(r.status, label).toBe(status);
  expect(r.body.code, label).toBe(code);
}

/** Each body, sent by `send`, is refused 400 with its code (the body, cut to 120 characters, names the case). */
export async function expectBodyCodes(send: (body: any) => Promise<Res>, cases: readonly (readonly [unknown, string])[]): Promise<void> {
  for (const [body, code] of cases) expectCode(await send(body), 400, code, JSON.stringify(body).slice(0, 120));
}

/** Each query string on `path` is refused 400 with its code. */
export async function expectQueryCodes(api: Api, path: string, cases: readonly (readonly [string, string])[]): Promise<void> {
  for (const [q, code] of cases) expectCode(await api.get(`${path}?${q}`), 400, code, q);
}

export interface Sent {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

function headerValue(schemaKey: string, raw: string): unknown {
  const v = validator(schemaKey);
  if (!v) return raw;
  // Integer headers (Retry-After) are validated as numbers when they look like one.
  return /^-?\d+$/.test(raw) && !v(raw) ? Number(raw) : raw;
}

function validatorErrors(v: Validator): string {
  return (v.errors ?? [])
    .slice(0, 3)
    .map(
      (e) =>
        `${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}${e.params && 'unevaluatedProperty' in e.params ? ` (${String(e.params.unevaluatedProperty)})` : ''}`,
    )
    .join('; ');
}

/** Every way a response departs from the contract (empty when it conforms). */
export function contractProblems(
  sent: Sent,
  status: number,
  headers: Readonly<Record<string, string>>,
  text: string,
): { problems: string[]; operationId: string | null } {
  const problems: string[] = [];
  const url = new URL(sent.url);
  const split = splitBase(url.pathname);
  if (!split) return { problems: ['not a partner URL'], operationId: null };
  const { op, pathKnown } = findOperation(sent.method, split.rel);
  let res: ResponseIndex | undefined;
  let key: string | null = null;
  if (sent.method === 'OPTIONS' && pathKnown && status === 204) {
    res = C.genericResponses.options;
  } else if (status === 405) {
    res = C.genericResponses.method_not_allowed;
    key = 'generic:method_not_allowed';
  } else if (status === 404 && !pathKnown) {
    res = C.genericResponses.route_not_found;
    key = 'generic:route_not_found';
  } else if (op) {
    res = op.responses[String(status)];
    key = `${op.operationId}:${status}`;
    if (!res) problems.push(`undocumented status ${status} for ${op.operationId}`);
  } else {
    // No operation (unknown path, or a method the path lacks): the shared auth/rate responses of a
    // read (GET /auth) or a write (POST /events) apply.
    const stand = ['GET', 'HEAD', 'OPTIONS'].includes(sent.method) ? 'getAuth' : 'createEvent';
    res = C.operations[stand]!.responses[String(status)];
    key = `${stand}:${status}`;
    if (!res || status < 400) problems.push(`undocumented status ${status} without an operation`);
  }
  const isHead = sent.method === 'HEAD';
  if (res) {
    for (const [name, h] of Object.entries(res.headers)) {
      const v = headers[name];
      if (v === undefined) {
        if (h.required) problems.push(`missing header ${name}`);
        continue;
      }
      const validate = validator(h.validator);
      if (validate && !validate(headerValue(h.validator, v)))
        problems.push(`header ${name}: ${JSON.stringify(v)} ${validatorErrors(validate)}`);
    }
    if (split.alias) {
      for (const name of ['Deprecation', 'Link']) {
        const v = headers[name.toLowerCase()];
        const validate = validator(`header:${name}`);
        if (v === undefined) problems.push(`alias response without ${name}`);
        else if (validate && !validate(v)) problems.push(`header ${name}: ${JSON.stringify(v)} ${validatorErrors(validate)}`);
      }
    }
  }
  let body: unknown;
  const bodyExpected = res ? res.validator !== null : status !== 204;
  if (isHead || status === 204) {
    if (text.length > 0) problems.push(`${sent.method} ${status} has a body`);
  } else if (bodyExpected) {
    const type = headers['content-type'] ?? '';
    if (!/^application\/json(;|$)/.test(type)) problems.push(`content-type ${JSON.stringify(type)} is not application/json`);
    try {
      body = JSON.parse(text);
    } catch {
      problems.push(`body is not JSON: ${JSON.stringify(text.slice(0, 80))}`);
    }
    if (body !== undefined && res?.validator && key) {
      const validate = validator(res.validator) ?? validator(key);
      if (!validate) problems.push(`no validator ${res.validator}`);
      else if (!validate(body)) problems.push(`body does not match ${res.validator}: ${validatorErrors(validate)}`);
    }
    if (body && typeof body === 'object') {
      const b = body as Record<string, unknown>;
      if (b.correlation_id !== headers['x-correlation-id']) {
        problems.push(
          `x-correlation-id ${JSON.stringify(headers['x-correlation-id'])} != body correlation_id ${JSON.stringify(b.correlation_id)}`,
        );
      }
      if (status >= 400 && res && res.codes.length && !res.codes.includes(String(b.code))) {
        problems.push(`code ${String(b.code)} not declared for ${status} (${res.codes.join(', ')})`);
      }
    }
  }
  if (headers['x-correlation-id'] === undefined) problems.push('missing x-correlation-id');
  // No UUID the client did not send, anywhere.
  const sentText = `${sent.url}\n${Object.values(sent.headers).join('\n')}\n${sent.body}`.toLowerCase();
  const allowed = new Set((sentText.match(UUID_RE) ?? []).map((u) => u.replace(/-/g, '')));
  const haystack = `${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n')}\n${text}`;
  for (const u of haystack.match(UUID_RE) ?? []) {
    if (!allowed.has(u.toLowerCase().replace(/-/g, ''))) problems.push(`leaked UUID ${u}`);
  }
  return { problems, operationId: op?.operationId ?? null };
}

// ---------------------------------------------------------------------------------------------
// The client

export interface CallOptions {
  /** Bearer key; a role name of mock.keys (write, read, …), a literal value, or null for none. Default: write. */
  readonly key?: string | null;
  /** JSON body (serialised) … */
  readonly json?: unknown;
  /** … or raw bytes/text. */
  readonly raw?: string | Buffer;
  /** Content-Type of a body (default application/json); null sends none. */
  readonly contentType?: string | null;
  readonly headers?: Readonly<Record<string, string>>;
  /** Use the legacy alias base path. */
  readonly alias?: boolean;
  /** Assert the response conforms to the contract (default true). */
  readonly conform?: boolean;
}

export class Api {
  constructor(readonly mock: MockServer) {}

  private keyValue(key: string | null | undefined): string | null {
    if (key === null) return null;
    const k = key ?? 'write';
    return this.mock.keys[k] ?? k;
  }

  /** A request under the partner base (or the alias): `path` is relative, e.g. `/events`. */
  async call(method: string, path: string, opts: CallOptions = {}): Promise<Res> {
    const baseUrl = opts.alias ? this.mock.aliasUrl : this.mock.baseUrl;
    return this.send(method, baseUrl + path, opts);
  }

  /** A request to an absolute path on the mock's origin (outside or inside the bases). */
  async send(method: string, url: string, opts: CallOptions = {}): Promise<Res> {
    const full = url.startsWith('http') ? url : this.mock.url + url;
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    const key = this.keyValue(opts.key);
    if (key !== null && headers.authorization === undefined) headers.authorization = `Bearer ${key}`;
    let body: Buffer | null = null;
    if (opts.json !== undefined) body = Buffer.from(JSON.stringify(opts.json));
    else if (opts.raw !== undefined) body = Buffer.isBuffer(opts.raw) ? opts.raw : Buffer.from(opts.raw);
    if (body !== null && opts.contentType !== null && headers['content-type'] === undefined)
      headers['content-type'] = opts.contentType ?? 'application/json';
    const r = await rawRequest(method, full, headers, body);
    const sent: Sent = { method, url: full, headers, body: body ? body.toString('latin1') : '' };
    const partnerUrl = splitBase(new URL(full).pathname) !== null;
    const { problems, operationId } = partnerUrl
      ? contractProblems(sent, r.status, r.headers, r.text)
      : { problems: [], operationId: null };
    let parsed: unknown;
    try {
      parsed = r.text ? JSON.parse(r.text) : undefined;
    } catch {
      parsed = undefined;
    }
    const res: Res = { method, url: full, status: r.status, headers: r.headers, text: r.text, body: parsed, problems, operationId };
    if (opts.conform !== false && partnerUrl) {
      expect(problems, `${method} ${full} → ${r.status} conforms to the contract\n${r.text.slice(0, 300)}`).toEqual([]);
      // 503 SERVICE_UNAVAILABLE is the configured transient failure (documented); nothing else 5xx.
      if (r.status !== 503) expect(r.status, `${method} ${full}: never a 5xx`).toBeLessThan(500);
    }
    return res;
  }

  get(path: string, opts?: CallOptions) {
    return this.call('GET', path, opts);
  }
  post(path: string, json: unknown, opts?: CallOptions) {
    return this.call('POST', path, { ...opts, json });
  }
  put(path: string, json: unknown, opts?: CallOptions) {
    return this.call('PUT', path, { ...opts, json });
  }

  /** Creates an event (201 asserted) and returns its body. */
  async createEvent(eventId: string, fields: Record<string, unknown> = {}, key?: string): Promise<any> {
    const r = await this.post('/events', { event_id: eventId, title: `Event ${eventId}`, ...fields }, key === undefined ? {} : { key });
    expect(r.status, `create event ${eventId}`).toBe(201);
    return r.body;
  }

  async createSession(eventId: string, sessionId: string, fields: Record<string, unknown> = {}): Promise<any> {
    const r = await this.post(`/events/${encodeURIComponent(eventId)}/sessions`, {
      session_id: sessionId,
      title: `Session ${sessionId}`,
      ...fields,
    });
    expect(r.status, `create session ${sessionId}`).toBe(201);
    return r.body;
  }

  admin(method: string, path: string, json?: unknown) {
    return this.send(method, `${this.mock.adminUrl}${path}`, json === undefined ? {} : { json });
  }

  async setFaults(faults: readonly string[]): Promise<void> {
    const r = await this.admin('PUT', '/faults', { faults });
    expect(r.status, `PUT /__mock/faults ${faults.join(',')}`).toBe(200);
  }
}

/** node:http request (no fetch restrictions: GET bodies, any header, exact bytes). */
export function rawRequest(
  method: string,
  url: string,
  headers: Readonly<Record<string, string>>,
  body: Buffer | null,
): Promise<{ status: number; headers: Record<string, string>; text: string; bytes: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers: body ? { ...headers, 'content-length': String(body.length) } : headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const bytes = Buffer.concat(chunks);
        const h: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) h[k] = Array.isArray(v) ? v.join(', ') : v;
        resolve({ status: res.statusCode ?? 0, headers: h, text: bytes.toString('utf8'), bytes });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body) req.end(body);
    else req.end();
  });
}

// ---------------------------------------------------------------------------------------------
// Fixtures

export const test = base.extend<{ mockOptions: MockServerOptions; mock: MockServer; api: Api }>({
  mockOptions: [{}, { option: true }],
  mock: async ({ mockOptions }, use) => {
    const mock = await createMockServer({ readEnv: false, port: 0, ...mockOptions });
    await use(mock);
    await mock.close();
  },
  api: async ({ mock }, use) => {
    await use(new Api(mock));
  },
});

/** Starts an extra in-process mock (port 0); close it yourself. */
export function startMock(options: MockServerOptions = {}): Promise<MockServer> {
  return createMockServer({ readEnv: false, port: 0, ...options });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * Writes `bytes` on a fresh TCP connection to the mock and collects everything it answers until it
 * closes (a reset after the answer counts as the end); for requests node:http would not send.
 */
export function rawExchange(mock: MockServer, bytes: string | Buffer, timeoutMs = 5000): Promise<string> {
  const { hostname, port } = new URL(mock.url);
  return new Promise((resolve) => {
    const s = connect(Number(port), hostname.replace(/^\[|\]$/g, ''));
    const chunks: Buffer[] = [];
    const done = () => {
      clearTimeout(timer);
      s.destroy();
      resolve(Buffer.concat(chunks).toString('latin1'));
    };
    const timer = setTimeout(done, timeoutMs);
    s.on('data', (c: Buffer) => chunks.push(c));
    s.on('end', done);
    s.on('close', done);
    s.on('error', done);
    s.write(bytes);
  });
}

/** The status, lower-case headers and body of a raw HTTP/1.1 response text. */
export function parseRawResponse(text: string): { status: number; headers: Record<string, string>; body: string } {
  const split = text.indexOf('\r\n\r\n');
  const head = split < 0 ? text : text.slice(0, split);
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return { status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0), headers, body: split < 0 ? '' : text.slice(split + 4) };
}

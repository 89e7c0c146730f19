// A tiny scripted HTTP server for the harness's own tests (node:http; no dependency on the mock).
// Each request is answered by the handler; by default responses look like the API's (correlation
// echo, RateLimit headers, JSON with correlation_id) so the universal checks stay quiet unless a
// test breaks something on purpose.

import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

export interface FakeResponse {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Object → JSON with correlation_id added (unless `noCorrelation`); string → sent verbatim. */
  readonly body?: unknown;
  readonly noCorrelation?: boolean;
  /** Close the socket without answering (network error). */
  readonly destroy?: boolean;
}

export type FakeHandler = (req: FakeRequest, n: number) => FakeResponse | Promise<FakeResponse>;

export interface FakeServer {
  readonly url: string;
  readonly requests: FakeRequest[];
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startFakeServer(handler: FakeHandler): Promise<FakeServer> {
  const requests: FakeRequest[] = [];
  let seq = 0;
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const fr: FakeRequest = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body };
    requests.push(fr);
    const out = await handler(fr, ++seq);
    if (out.destroy) {
      req.socket.destroy();
      return;
    }
    const sent = typeof req.headers['x-correlation-id'] === 'string' ? req.headers['x-correlation-id'] : undefined;
    const corr = sent && /^[A-Za-z0-9._:-]{1,128}$/.test(sent) ? sent : 'corr_01J8ZQ4M7AFAKE0000000000000';
    const headers: Record<string, string> = {
      'x-correlation-id': corr,
      ratelimit: '"default";r=599;t=60',
      'ratelimit-policy': '"default";q=600;w=60',
      ...(out.headers ?? {}),
    };
    for (const [k, v] of Object.entries(headers)) if (v === '__omit__') delete headers[k];
    let text = '';
    if (typeof out.body === 'string') text = out.body;
    else if (out.body !== undefined) {
      const b = out.noCorrelation ? out.body : { ...(out.body as object), correlation_id: corr };
      text = JSON.stringify(b);
      if (!Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
    }
    res.writeHead(out.status ?? 200, headers);
    res.end(req.method === 'HEAD' ? undefined : text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// transport: one attempt over Playwright's APIRequestContext (the `request` fixture), with no
// hidden retries (failOnStatusCode false, maxRetries 0, no redirects). A network error or timeout
// is an answer too: status null with the error's first line.

import type { APIResponse } from '@playwright/test';
import { phase, type Dispatch } from '../exchange';
import type { ClientContext } from '../options';

function headerMap(res: APIResponse): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { name, value } of res.headersArray()) {
    const k = name.toLowerCase();
    out[k] = k in out ? `${out[k]}, ${value}` : value;
  }
  return out;
}

export const transport =
  (ctx: ClientContext): Dispatch =>
  async (x) => {
    const a = phase(x, 'addressed');
    const p = phase(x, 'prepared');
    const startedAt = performance.now();
    try {
      const res = await ctx.request.fetch(a.url, {
        method: a.method,
        headers: p.headers as Record<string, string>,
        data: p.data,
        failOnStatusCode: false,
        maxRetries: 0,
        maxRedirects: 0,
        timeout: x.asked.options.timeoutMs ?? ctx.config.requestTimeoutMs,
      });
      const buf = await res.body();
      const headers = headerMap(res);
      const status = res.status();
      // 502/504 and 503s without a correlation header come from an intermediary, not the API.
      const fromApi = status !== 502 && status !== 504 && !(status === 503 && !headers['x-correlation-id']);
      x.received = {
        res,
        status,
        headers,
        text: buf.toString('utf8'),
        bytes: buf.length,
        error: null,
        startedAt,
        durationMs: performance.now() - startedAt,
        fromApi,
      };
    } catch (e) {
      const error = e instanceof Error ? e.message.split('\n')[0]! : String(e);
      x.received = {
        res: null,
        status: null,
        headers: null,
        text: '',
        bytes: 0,
        error,
        startedAt,
        durationMs: performance.now() - startedAt,
        fromApi: false,
      };
    }
  };

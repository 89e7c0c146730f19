// pace: each attempt waits when the key's rate-limit window is nearly spent (harness/http/pacer.ts,
// worker-wide, from the target's RateLimit header), and every answer's RateLimit header feeds the
// pacer. A call that observes rate limiting is never held back. It runs inside `resend`: a resend
// spends the key's quota like any call (a 503 past the rate limiter counted too), so it is paced
// the same.

import { KEY_NAMES } from '../../settings/config';
import { phase, type Exchange, type Stage } from '../exchange';
import { sleepOf, type ClientContext } from '../options';

async function waitForWindow(ctx: ClientContext, x: Exchange, bearer: string): Promise<void> {
  const wait = ctx.pacer!.waitMs(bearer);
  if (wait <= 0) return;
  const a = phase(x, 'addressed');
  const key = x.asked.key;
  const which = typeof key === 'string' && (KEY_NAMES as readonly string[]).includes(key) ? `the ${key} key` : 'this key';
  ctx.testInfo?.annotations.push({
    type: 'rate-pacing',
    description: `waited ${wait} ms for the rate-limit window of ${which} to reset before ${a.method} ${a.path}`,
  });
  if (ctx.testInfo && ctx.testInfo.timeout > 0) ctx.testInfo.setTimeout(ctx.testInfo.timeout + wait);
  await sleepOf(ctx)(wait);
  ctx.pacer!.reset(bearer);
}

export const pace: Stage = (ctx) => (next) => async (x) => {
  const { bearer, rateLimitExpected } = phase(x, 'prepared');
  if (!ctx.pacer || bearer === null) return next(x);
  if (!rateLimitExpected) await waitForWindow(ctx, x, bearer);
  await next(x);
  const headers = phase(x, 'received').headers;
  if (headers) ctx.pacer.observe(bearer, headers['ratelimit']);
};

// RATE: the dedicated rate-limit key (a tiny window) is exhausted on purpose: the refusal is the
// error envelope with PARTNER_RATE_LIMIT_EXCEEDED, status 429 and an integer Retry-After ≥ 1, and
// waiting that long makes the same request succeed. The refusal comes before routing and body
// checks (check order). Every response carries the RateLimit-Policy / RateLimit headers.
// Only this file uses the rate-limit key (its tests run in one worker, one after the other, as
// every file's tests do without fullyParallel).

import { test, proves } from '../harness/run/fixtures';
import type { MeshiClient, MeshiResponse } from '../harness/http/client';
import { contract, type GuaranteeId } from '../contract';
import { parseSfList } from '../harness/checks/rateLimitHeaders';
import { sleep } from '../harness/world/concurrency';
import { expectEqual, expectStatus, expectThat, observeSubject, requireObserved } from '../harness/verdicts';

const CODE = 'PARTNER_RATE_LIMIT_EXCEEDED';

/** Sends GET /auth until the first 429 (at most `max` requests); returns the 429 and how many succeeded before it. */
async function exhaust(client: MeshiClient, max: number): Promise<{ refused: MeshiResponse | null; allowed: number }> {
  let allowed = 0;
  for (let i = 0; i < max; i++) {
    const res = await client.call('getAuth', { label: `exhaust ${i + 1}` });
    if (res.status === 429) return { refused: res, allowed };
    expectStatus('RATE-02', `request ${i + 1} inside the window succeeds`, res, 200);
    allowed++;
  }
  return { refused: null, allowed };
}

test(...proves('RATE-01', 'RATE-02', 'RATE-03', 'HTTP-07'), async ({ meshiRateLimit, target, ns }) => {
  const quota = target.limits.rateLimitKeyQuota!;
  const windowSeconds = target.limits.rateLimitKeyWindowSeconds!;
  // One burst of quota + 1 requests lands inside one window whatever the latency (sequential
  // requests could straddle a window boundary and look like more than the quota succeeding); a
  // burst that did straddle one is sent again once.
  let burst: MeshiResponse[] = [];
  for (let attempt = 0; attempt < 2 && !burst.some((r) => r.status === 429); attempt++) {
    burst = await Promise.all(
      Array.from({ length: quota + 1 }, (_, i) => meshiRateLimit.call('getAuth', { label: `burst ${attempt + 1}.${i + 1}` })),
    );
  }
  const refused = burst.find((r) => r.status === 429) ?? null;
  const allowed = burst.filter((r) => r.status === 200).length;
  expectThat(
    'RATE-02',
    `a burst of ${quota + 1} requests is refused at least once (configured quota ${quota} per ${windowSeconds} s)`,
    refused !== null,
    refused,
    'not null',
  );
  const res = refused!;
  expectThat('RATE-02', `no more than the quota (${quota}) succeeds in one window`, allowed <= quota, allowed, `<= ${quota}`);
  for (const r of burst)
    expectThat('RATE-02', 'a burst request is either served or refused', [200, 429].includes(r.status), r.status, '200 or 429');

  // The code (the envelope's shape and media type are ERR-01/02/03's, judged on every response).
  expectEqual('RATE-02', 'the refusal carries code PARTNER_RATE_LIMIT_EXCEEDED', res.body?.code, CODE);

  // Status and Retry-After.
  expectStatus('RATE-03', 'a rate-limited request is answered 429', res, 429);
  expectEqual('RATE-03', 'the contract gives PARTNER_RATE_LIMIT_EXCEEDED status 429', contract.errorCodes[CODE]?.status, 429);
  const retryAfter = res.headers['retry-after'];
  expectThat('RATE-01', 'the refusal carries Retry-After', retryAfter !== undefined);
  expectThat('RATE-03', 'Retry-After is a whole number of seconds', /^\d+$/.test(retryAfter ?? ''), retryAfter ?? '', 'digits');
  const seconds = Number(retryAfter);
  expectThat('RATE-03', 'Retry-After is at least 1', seconds >= 1, seconds, '>= 1');
  expectThat(
    'RATE-03',
    `Retry-After does not exceed the window (${windowSeconds} s) by more than a second`,
    seconds <= Math.ceil(windowSeconds) + 1,
    seconds,
    `<= ${Math.ceil(windowSeconds) + 1}`,
  );

  // While refused: the 429 comes before routing, method, size, media type and body checks. The
  // window is tiny, so a check may land in the next window: only refusals are informative, and
  // the key is exhausted again (up to three times) until some check is refused.
  const big = Buffer.alloc(target.limits.maxBodyBytes! + 1, 0x20);
  let latest: MeshiResponse = res;
  let refusedChecks = 0;
  for (let round = 0; round < 3 && refusedChecks === 0; round++) {
    if (round > 0) latest = (await exhaust(meshiRateLimit, quota * 3 + 5)).refused ?? latest;
    const order: [string, () => Promise<MeshiResponse>][] = [
      ['unknown route', () => meshiRateLimit.raw('GET', `/nope-${ns.id('r')}`)],
      ['wrong method', () => meshiRateLimit.call('getAuth', { method: 'DELETE' })],
      ['oversized body', () => meshiRateLimit.call('createEvent', { rawBody: big })],
      ['wrong media type', () => meshiRateLimit.call('createEvent', { rawBody: 'x', contentType: 'text/plain' })],
      ['invalid JSON', () => meshiRateLimit.call('createEvent', { rawBody: '{' })],
      ['invalid ID', () => meshiRateLimit.call('getEvent', { params: { event_id: '-bad' } })],
    ];
    for (const [what, send] of order) {
      const r = await send();
      if (r.status !== 429 && r.body?.code !== CODE) continue;
      refusedChecks++;
      latest = r;
      expectEqual('HTTP-07', `${what} while rate-limited: 429 first`, r.body?.code, CODE);
      expectStatus('HTTP-07', `${what} while rate-limited: status 429`, r, 429);
      expectThat(
        'RATE-01',
        `${what} while rate-limited: Retry-After`,
        typeof r.headers['retry-after'] === 'string' && /^\d+$/.test(r.headers['retry-after']),
        r.headers['retry-after'] ?? 'none',
        'digits',
      );
    }
  }
  expectThat('HTTP-07', 'the rate-limited key is refused before any other check', refusedChecks > 0, refusedChecks, '> 0');

  // Waiting Retry-After (of the latest refusal) makes the same request succeed. Another test may
  // share the key (e.g. a property suite): up to three well-formed refusals are waited out.
  let after: MeshiResponse = latest;
  for (let attempt = 0; attempt < 3 && after.status === 429; attempt++) {
    const wait = Number(after.headers['retry-after']);
    expectThat(
      'RATE-03',
      `Retry-After ${JSON.stringify(after.headers['retry-after'])} is a whole number ≥ 1`,
      Number.isInteger(wait) && wait >= 1,
    );
    await new Promise((r) => setTimeout(r, (Number.isFinite(wait) ? wait : 1) * 1000 + 50));
    after = await meshiRateLimit.call('getAuth', { label: `after Retry-After (${attempt + 1})` });
    if (after.status === 429) expectEqual('RATE-02', 'a repeated refusal is PARTNER_RATE_LIMIT_EXCEEDED', after.body?.code, CODE);
  }
  expectStatus('RATE-03', 'after waiting Retry-After the same request succeeds', after, 200);
});

/** `r` of a response's "default" RateLimit item, or null. */
function remainingOf(res: MeshiResponse): number | null {
  const item = parseSfList(res.headers['ratelimit'] ?? '')?.find((x) => x.name === 'default');
  const r = Number(item?.params.r);
  return item && Number.isInteger(r) ? r : null;
}

/** Seconds until the key's window resets, from `t` (or Retry-After on a refusal); null when neither is given. */
function resetSecondsOf(res: MeshiResponse): number | null {
  const item = parseSfList(res.headers['ratelimit'] ?? '')?.find((x) => x.name === 'default');
  const t = Number(item?.params.t ?? res.headers['retry-after']);
  return Number.isFinite(t) && t >= 0 ? t : null;
}

// The boundary itself, on the rate-limit key: in a fresh window, quota requests are served and
// request quota + 1 is refused, and r counts down from quota − 1 to 0, one step per request served.
// The burst goes out on parallel connections, so it lands inside one window even on a slow
// target; only more requests than the quota (never fewer, which another client of the key could
// cause) and a repeated r are failures.
test(...proves('RATE-02', 'RATE-04'), async ({ meshiRateLimit, target }) => {
  const quota = target.limits.rateLimitKeyQuota!;
  const windowMs = target.limits.rateLimitKeyWindowSeconds! * 1000;
  const margin = quota;
  let judged = false;
  for (let attempt = 1; attempt <= 2 && !judged; attempt++) {
    // Wait for the key's next window: the probe's t (rounded up by the server) or Retry-After.
    const probe = await meshiRateLimit.call('getAuth', { label: `probe ${attempt}` });
    await sleep((resetSecondsOf(probe) ?? target.limits.rateLimitKeyWindowSeconds!) * 1000 + 100);
    const started = Date.now();
    const burst = await Promise.all(
      Array.from({ length: quota + 1 }, (_, i) => meshiRateLimit.call('getAuth', { label: `boundary ${attempt}.${i + 1}` })),
    );
    const tookMs = Date.now() - started;
    // No refusal yet: up to `margin` more, one at a time, until the first 429.
    const more: MeshiResponse[] = [];
    while (!burst.some((r) => r.status === 429) && !more.some((r) => r.status === 429) && more.length < margin) {
      more.push(await meshiRateLimit.call('getAuth', { label: `boundary ${attempt}, extra ${more.length + 1}` }));
    }
    const served = [...burst, ...more].filter((r) => r.status === 200);
    const refused = [...burst, ...more].find((r) => r.status === 429);
    expectThat(
      'RATE-02',
      `${quota + 1 + more.length} requests on the rate-limit key (quota ${quota} per ${windowMs} ms), none refused`,
      refused !== undefined,
    );
    if (tookMs >= windowMs) continue; // the burst straddled windows: nothing exact to say; once more
    judged = true;
    observeSubject('RATE-02', 'a burst of quota + 1 requests inside one window');
    const servedCount = burst.filter((r) => r.status === 200).length;
    expectThat(
      'RATE-02',
      `a burst of ${quota + 1} requests in ${tookMs} ms of a fresh ${windowMs} ms window: at most the quota (${quota}) served, request ${quota + 1} refused`,
      servedCount <= quota,
      servedCount,
      `<= ${quota}`,
    );
    const rs = served.map(remainingOf).filter((r): r is number => r !== null);
    const repeated = rs.filter((r, i) => rs.indexOf(r) !== i);
    expectEqual(
      'RATE-04',
      `r of the ${served.length} requests served in one window counts down one step per request (r seen: ${[...rs].sort((a, b) => b - a).join(', ')})`,
      repeated,
      [],
    );
    expectThat(
      'RATE-04',
      `a request served counts itself: r is at most quota − 1 (${quota - 1}) in its response (r seen: ${[...rs].sort((a, b) => b - a).join(', ')})`,
      Math.max(...rs, 0) <= quota - 1,
      Math.max(...rs, 0),
      `<= ${quota - 1}`,
    );
  }
  requireObserved(['RATE-02', 'RATE-04'], 'a burst of quota + 1 requests inside one window');
});

/** Checks the two headers of one response against a quota and window. */
function expectRateHeaders(g: GuaranteeId, what: string, res: MeshiResponse, quota: number, windowSeconds: number): number | null {
  const policyText = res.headers['ratelimit-policy'];
  const limitText = res.headers['ratelimit'];
  expectThat(g, `${what}: RateLimit-Policy`, policyText !== undefined);
  expectThat(g, `${what}: RateLimit`, limitText !== undefined);
  const policies = parseSfList(policyText ?? '');
  const limits = parseSfList(limitText ?? '');
  expectThat(
    g,
    `${what}: RateLimit-Policy ${JSON.stringify(policyText)} is a structured-field list`,
    policies !== null,
    policies,
    'not null',
  );
  expectThat(g, `${what}: RateLimit ${JSON.stringify(limitText)} is a structured-field list`, limits !== null, limits, 'not null');
  const p = policies?.find((x) => x.name === 'default');
  const l = limits?.find((x) => x.name === 'default');
  expectThat(g, `${what}: a "default" policy`, p !== undefined);
  expectThat(g, `${what}: a "default" RateLimit`, l !== undefined);
  expectEqual(g, `${what}: q is the key's quota`, p?.params.q, String(quota));
  expectEqual(g, `${what}: w is the window in seconds`, p?.params.w, String(Math.max(1, Math.ceil(windowSeconds))));
  const r = Number(l?.params.r);
  const t = Number(l?.params.t);
  expectThat(g, `${what}: r=${l?.params.r} is the remaining quota (0..${quota})`, Number.isInteger(r) && r >= 0 && r <= quota);
  expectThat(g, `${what}: t=${l?.params.t} is within the window`, Number.isInteger(t) && t >= 0 && t <= Math.ceil(windowSeconds));
  return Number.isInteger(r) ? r : null;
}

test(...proves('RATE-04'), async ({ meshi, meshiWithKey, target, ns }) => {
  const quota = target.limits.rateLimitQuota!;
  const windowSeconds = target.limits.rateLimitWindowSeconds!;
  const eventId = ns.id('rate4');
  const responses: [string, MeshiResponse][] = [
    ['200', await meshi.call('getAuth')],
    ['201', await meshi.call('createEvent', { body: { event_id: eventId, title: 'Rate headers' } })],
    ['400', await meshi.call('listEvents', { query: { limit: 0 } })],
    ['404', await meshi.call('getEvent', { params: { event_id: ns.id('missing') } })],
    ['404 route', await meshi.raw('GET', '/nope')],
    ['405', await meshi.call('getAuth', { method: 'DELETE' })],
    ['OPTIONS', await meshi.call('getAuth', { method: 'OPTIONS' })],
    ['HEAD', await meshi.call('getAuth', { method: 'HEAD' })],
    ['alias', await meshi.call('getAuth', { base: 'alias' })],
  ];
  for (const [what, res] of responses) expectRateHeaders('RATE-04', what, res, quota, windowSeconds);
  // The remaining count goes down (or the window resets) from one request to the next of the same key.
  const r1 = expectRateHeaders('RATE-04', 'first of two', await meshi.call('getAuth'), quota, windowSeconds);
  const r2 = expectRateHeaders('RATE-04', 'second of two', await meshi.call('getAuth'), quota, windowSeconds);
  // (Other tests share the key, so it may drop by more than one; a rise means the window reset.)
  if (r1 !== null && r2 !== null) expectThat('RATE-04', 'remaining changes from one request to the next', r2 !== r1, r2, `not ${r1}`);
  // The rate-limit key reports its own (smaller) quota.
  if (target.keys.rateLimit) {
    expectRateHeaders(
      'RATE-04',
      'rate-limit key',
      await meshiWithKey('rateLimit').call('getAuth'),
      target.limits.rateLimitKeyQuota!,
      target.limits.rateLimitKeyWindowSeconds!,
    );
  }
});

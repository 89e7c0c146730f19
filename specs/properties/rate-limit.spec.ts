// Properties of rate limiting: 429s, whenever they occur, are PARTNER_RATE_LIMIT_EXCEEDED envelopes
// with a whole-second Retry-After ≥ 1 after which the same request succeeds; a burst well over the
// quota (sent in parallel, so it lands in one window on any target) meets them. Uses the dedicated rate-limit key (its tiny window: MESHI_RATE_LIMIT_KEY_QUOTA
// requests per MESHI_RATE_LIMIT_KEY_WINDOW_SECONDS, defaults from the contract).

import fc from 'fast-check';
import { test, proves } from '../../harness/property';
import type { MeshiResponse } from '../../harness/http/client';
import { code } from '../../harness/arbitraries/codes';
import { expectEqual, expectThat, observeSubject, requireObserved } from '../../harness/verdicts';

const RATE_LIMITED = code('PARTNER_RATE_LIMIT_EXCEEDED');
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

test(...proves('RATE-01', 'RATE-02', 'RATE-03'), async ({ props, target }) => {
  const limited = props.keyed('rateLimit');
  const quota = target.limits.rateLimitKeyQuota!;
  const windowMs = target.limits.rateLimitKeyWindowSeconds! * 1000;
  // More than quota + margin requests in one window without a 429 is a target without the limit.
  const margin = quota;
  const request = fc.constantFrom<{ op: string; params: Record<string, string>; query: Record<string, string | number> }>(
    { op: 'getAuth', params: {}, query: {} },
    { op: 'listEvents', params: {}, query: { limit: 1 } },
    { op: 'getIdMapping', params: { kind: 'event', partner_id: `${props.ns.prefix}zz-unknown` }, query: {} },
    { op: 'getEvent', params: { event_id: `${props.ns.prefix}zz-unknown` }, query: {} },
  );
  const check429 = (res: MeshiResponse, what: string) => {
    observeSubject('RATE-01', 'a 429');
    expectEqual('RATE-02', `${what}: a 429 carries code ${RATE_LIMITED}`, res.body?.code, RATE_LIMITED);
    const ra = res.headers['retry-after'];
    expectThat('RATE-01', `${what}: a 429 carries Retry-After`, ra !== undefined);
    expectThat(
      'RATE-03',
      `${what}: Retry-After ${JSON.stringify(ra)} is a whole number of seconds ≥ 1`,
      /^\d+$/.test(ra ?? '') && Number(ra) >= 1,
    );
  };
  await props.run(
    '429s whenever they occur are envelopes with Retry-After, after which the request succeeds',
    fc.asyncProperty(fc.array(request, { minLength: 1, maxLength: quota * 3 }), async (burst) => {
      // The burst goes out on parallel connections: it reaches the server inside one window
      // whatever the target's latency, so a burst over quota + margin must meet a 429.
      const started = Date.now();
      const answers = await Promise.all(burst.map((r) => limited.call(r.op, { params: r.params, query: r.query })));
      const tookMs = Date.now() - started;
      let first429: { i: number; res: MeshiResponse } | null = null;
      for (const [i, res] of answers.entries()) {
        if (res.status !== 429) continue;
        check429(res, `request ${i + 1} of a burst of ${burst.length}`);
        first429 ??= { i, res };
      }
      if (burst.length > quota + margin) {
        expectThat(
          'RATE-02',
          `a parallel burst of ${burst.length} requests (quota ${quota} per ${windowMs} ms, sent in ${tookMs} ms) must meet a 429`,
          first429 !== null,
          first429,
          'not null',
        );
      }
      if (first429) {
        const r = burst[first429.i]!;
        let res = first429.res;
        // Another worker may share the key: wait out up to three well-formed 429s.
        for (let attempt = 0; attempt < 3 && res.status === 429; attempt++) {
          await sleep(Number(res.headers['retry-after']) * 1000);
          res = await limited.call(r.op, { params: r.params, query: r.query });
          if (res.status === 429) check429(res, `the request repeated after Retry-After (attempt ${attempt + 1})`);
        }
        expectThat(
          'RATE-03',
          `${r.op} repeated after waiting Retry-After must not be rate-limited again`,
          res.status !== 429,
          res.status,
          'not 429',
        );
      }
    }),
    // The first burst is three times the quota: the subject (a 429) is met whatever the seed draws.
    { numRuns: 2, examples: [[Array.from({ length: quota * 3 }, () => ({ op: 'getAuth', params: {}, query: {} }))]] },
  );
  requireObserved(['RATE-01', 'RATE-02', 'RATE-03'], 'a 429');
});

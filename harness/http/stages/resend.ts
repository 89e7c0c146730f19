// resend: a 429 of the harness's own key is waited out and the request resent; a transient answer
// to a replayable request is resent within the retry budget (harness/http/transient.ts decides).
// Every attempt is noted on the exchange; every resend is annotated on the test (counted in the
// report's totals) and lengthens its timeout by the wait.

import { phase, type Stage } from '../exchange';
import { sleepOf, type ClientContext } from '../options';
import { RESEND_ANNOTATION, retryDecision, TRANSIENT_STATUSES, type RetryDecision } from '../transient';

/**
 * The resend budget: the configured one; for a 429, at least one rate-limit window (a Retry-After
 * is never longer by the contract), since the test's timeout grows by every wait.
 */
function retryBudgetMs(ctx: ClientContext, status: number | null): number {
  const { setupRetryBudgetMs, limits } = ctx.config;
  const windowMs = ((limits.rateLimitWindowSeconds ?? 0) + 1) * 1000;
  return status === 429 ? Math.max(setupRetryBudgetMs, windowMs) : setupRetryBudgetMs;
}

function noteOf(transientish: boolean, attempt: number, decision: RetryDecision): string {
  if (!transientish) return attempt === 0 ? 'answered' : `answered after ${attempt} resend(s)`;
  return decision.retry
    ? `transient (${decision.reason}); resent after ${decision.waitMs} ms`
    : `transient, not resent: ${decision.reason}`;
}

export const resend: Stage = (ctx) => (next) => async (x) => {
  const a = phase(x, 'addressed');
  const p = phase(x, 'prepared');
  let firstSentAt: number | null = null;
  for (let attempt = 0; ; attempt++) {
    await next(x);
    const got = phase(x, 'received');
    firstSentAt ??= got.startedAt;
    const decision = retryDecision({
      method: a.method,
      replayable: p.replayable,
      status: got.status,
      retryAfter: got.headers?.['retry-after'],
      attempt,
      elapsedMs: performance.now() - firstSentAt,
      budgetMs: retryBudgetMs(ctx, got.status),
      rateLimitExpected: p.rateLimitExpected,
      acceptTransient: x.asked.options.acceptTransient,
    });
    const transientish = got.status === null || got.status === 429 || TRANSIENT_STATUSES.includes(got.status);
    x.attempts.push({ status: got.status, durationMs: got.durationMs, note: noteOf(transientish, attempt, decision) });
    if (!transientish || !decision.retry) return;
    ctx.testInfo?.annotations.push({
      type: 'transient-retry',
      description: ctx.redactor.text(
        `${a.method} ${a.url} → ${got.status ?? got.error}: ${decision.reason}; resent after ${decision.waitMs} ms`,
      ),
    });
    ctx.testInfo?.annotations.push({
      type: RESEND_ANNOTATION,
      description: JSON.stringify({ status: got.status, waitMs: decision.waitMs }),
    });
    if (ctx.testInfo && ctx.testInfo.timeout > 0) ctx.testInfo.setTimeout(ctx.testInfo.timeout + decision.waitMs);
    await sleepOf(ctx)(decision.waitMs);
  }
};

// observe: what the final answer shows. The body parsed as JSON; for a HEAD answer the transport
// could not read, the bytes the target sent after the headers (harness/http/headBody.ts); and the
// universal checks on an answer that came from the API: each violation is data (guarantee, check,
// observed, expected), what was judged is counted in the ledger, and UUIDs found in a leak are
// noted for the run.

import { judge, type Exchange as JudgedExchange } from '../../checks';
import { findUuids } from '../../checks/uuid';
import { phase, type Exchange, type Observed, type Stage } from '../exchange';
import { headBodyBytes } from '../headBody';
import type { ClientContext } from '../options';

function parseBody(text: string): Pick<Observed, 'body' | 'jsonError'> {
  if (text.length === 0) return { body: undefined, jsonError: null };
  try {
    return { body: JSON.parse(text), jsonError: null };
  } catch (e) {
    return { body: undefined, jsonError: e instanceof Error ? e.message : String(e) };
  }
}

/** A target that answered the HEAD once answers its header block again quickly; a hung one is not waited for twice. */
const HEAD_PROBE_TIMEOUT_MS = 5000;

const UNJUDGED = { violations: [], checked: [], crashes: [], subjects: {} } as const;

/** Runs the universal checks; counts what was checked in the ledger. */
function verdictOn(
  ctx: ClientContext,
  x: Exchange,
  parsed: Pick<Observed, 'body' | 'jsonError'>,
): Pick<Observed, 'violations' | 'checked' | 'crashes' | 'subjects'> {
  const a = phase(x, 'addressed');
  const p = phase(x, 'prepared');
  const r = phase(x, 'received');
  const skip = x.asked.options.skipChecks ?? [];
  const judged = (exempt: ReadonlySet<string>): JudgedExchange => ({
    kind: a.kind,
    operationId: a.operationId,
    request: {
      method: a.method,
      url: a.url,
      path: a.path,
      base: a.base,
      headers: p.headers,
      bodyText: p.bodyText,
      correlationId: p.correlationId,
    },
    response: { status: r.status!, headers: r.headers!, text: r.text, ...parsed },
    exemptUuids: exempt,
  });
  const first = judge(judged(ctx.registry.local()), skip);
  let violations = first.violations;
  if (violations.some((v) => v.check === 'assertNoUuidLeak')) {
    // Another worker may have sent these UUIDs (org-wide lists): consult the shared registry.
    violations = judge(judged(ctx.registry.withShared()), skip).violations;
  }
  ctx.registry.noteReceived(violations.filter((v) => v.check === 'assertNoUuidLeak').flatMap((v) => findUuids(v.message)));
  ctx.ledger?.noteChecked(first.checked);
  ctx.ledger?.noteExempted(first.exempted);
  return { violations, checked: first.checked, crashes: first.crashes, subjects: first.subjects };
}

export const observe: Stage = (ctx) => (next) => async (x) => {
  await next(x);
  const a = phase(x, 'addressed');
  const r = phase(x, 'received');
  const parsed = parseBody(r.text);
  const unreadHead = a.method === 'HEAD' && r.status === null;
  const timeoutMs = Math.min(x.asked.options.timeoutMs ?? ctx.config.requestTimeoutMs, HEAD_PROBE_TIMEOUT_MS);
  const headBytes = unreadHead ? await headBodyBytes(a.url, phase(x, 'prepared').headers, timeoutMs) : null;
  const verdict = r.res && r.headers && r.fromApi ? verdictOn(ctx, x, parsed) : UNJUDGED;
  x.observed = { ...parsed, headBodyBytes: headBytes, ...verdict };
};

// What false-alarms prints for a run, and whether the run was a false alarm. The budget against
// the quota: each key's floor is requests / quota × window (no schedule can send them faster);
// the latency floor is requests × added latency / concurrent clients (shards × workers, each
// sending one request at a time); the goal is wall time ≤ 1.5 × (the highest key floor + latency floor).
import type { RunOutcome } from './execute';
import type { Waits } from './waits';

export const BUDGET_GOAL = 1.5;

export interface Verdict {
  readonly falseAlarms: string[];
  readonly lines: string[];
}

const s = (ms: number) => `${(ms / 1000).toFixed(0)} s`;

export function judgeRun(o: RunOutcome, waits: Waits | null): Verdict {
  const lines: string[] = [];
  const falseAlarms: string[] = [];
  const r = o.report;
  const clients = o.run.shards * o.run.workers;
  lines.push(`${o.run.name}: ${o.run.shards} × ${o.run.workers} workers, wall ${s(o.wallMs)}, merge --gate exit ${o.gateExit}`);
  if (!r) {
    falseAlarms.push('no merged report');
    return { falseAlarms, lines };
  }
  const failed = r.guarantees.filter((g) => g.observed === 'failed' || g.observed === 'flaky');
  const notExercised = r.guarantees.filter((g) => g.verdict === 'not-exercised');
  // A crash of the harness, and a guarantee it could not judge for an outage, are false alarms too:
  // a conforming server must get every verdict passed.
  const unjudged = r.guarantees.filter((g) => g.verdict === 'error' || g.verdict === 'inconclusive');
  const lost = r.totals.tests.transient + r.totals.tests.interrupted;
  lines.push(
    `  ${r.totals.passed}/${r.totals.guarantees} guarantees passed, ${failed.length} failed, ${notExercised.length} not exercised; ` +
      `tests: ${r.totals.tests.total}, ${r.totals.tests.failed} failed, ${lost} lost (transient on every attempt or interrupted)`,
  );
  for (const g of failed) lines.push(`    failed ${g.id} (${g.level}, ${g.provenance})${g.reason ? `: ${g.reason}` : ''}`);
  for (const g of notExercised) lines.push(`    not exercised ${g.id}: ${g.reason ?? '?'}`);
  for (const g of unjudged) lines.push(`    ${g.verdict} ${g.id}: ${g.reason ?? '?'}`);
  if (failed.length) falseAlarms.push(`${failed.length} failed (${failed.map((g) => g.id).join(' ')})`);
  if (notExercised.length) falseAlarms.push(`${notExercised.length} not exercised (${notExercised.map((g) => g.id).join(' ')})`);
  if (unjudged.length)
    falseAlarms.push(`${unjudged.length} in error or inconclusive (${unjudged.map((g) => `${g.id} ${g.verdict}`).join(' ')})`);
  if (lost) falseAlarms.push(`${lost} lost tests`);
  if (o.gateExit !== 0) falseAlarms.push(`gate exit ${o.gateExit}`);

  if (waits) {
    lines.push(
      `  waits: ${waits.pacing.count} pacing (${s(waits.pacing.ms)}), ${waits.after429.count} after a 429 (${s(waits.after429.ms)}), ` +
        `${waits.afterOtherTransient.count} after another transient answer (${s(waits.afterOtherTransient.ms)}); ` +
        `attempts ended transient: ${waits.transientAttempts} (${waits.transientAttemptsBy429} by a 429)`,
    );
  }
  if (o.keys) {
    let topFloorMs = 0;
    let total = 0;
    let unexpected = 0;
    for (const k of o.keys) {
      total += k.counts.requests;
      unexpected += k.unexpected429s;
      if (k.name === 'anonymous') {
        lines.push(`  key anonymous: ${k.counts.requests} requests (no quota)`);
        continue;
      }
      const floorMs = (k.counts.requests / k.limit.quota) * k.limit.windowSeconds * 1000;
      topFloorMs = Math.max(topFloorMs, floorMs);
      lines.push(
        `  key ${k.name}: ${k.counts.requests} requests, ${k.counts.rateLimited} × 429${k.unexpected429s ? ' (UNEXPECTED)' : ''}, ${k.counts.serverErrors} × 5xx; ` +
          `floor ${s(floorMs)} at ${k.limit.quota} per ${k.limit.windowSeconds} s`,
      );
    }
    const latencyMs = (total * o.addedLatencyMs) / clients;
    const ratio = o.wallMs / (topFloorMs + latencyMs);
    const budget = `wall ${s(o.wallMs)} / (quota floor ${s(topFloorMs)} + latency floor ${s(latencyMs)}) = ${ratio.toFixed(2)}× (goal ≤ ${BUDGET_GOAL}×${ratio > BUDGET_GOAL ? ', OVER' : ''}); `;
    lines.push(`  ${o.run.budget ? `budget: ${budget}` : ''}unexpected 429s of the harness's own keys: ${unexpected}`);
    if (unexpected) falseAlarms.push(`${unexpected} unexpected 429s of the harness's own keys`);
  }
  return { falseAlarms, lines };
}

// `npm run bench:rewritable`: how often each echo property's generator draws a value a normalising
// server would change (harness/arbitraries/rewritable.ts) — per property, the share of runs that
// drew one and the share whose request is accepted, so that the echo is judged with one. Printed,
// not asserted (target: at least 30 % of judged runs). Samples the arbitraries only; no target.
// Options: --runs N (default 2000), --seed N (default 1).

import fc from 'fast-check';
import { bodyCase, expectedOf, materialise, type BodyCase } from '../harness/arbitraries/bodies';
import { failingCase, passingCase, ruleOf, rulesOf, shapeOf, type FieldCase } from '../harness/arbitraries/fields';
import { rewrites, type Rewrite } from '../harness/arbitraries/rewritable';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const RUNS = arg('--runs', 2000);
const SEED = arg('--seed', 1);

/** The rewrites a careless server applies to a field of this shape. */
const BY_SHAPE: Partial<Record<ReturnType<typeof shapeOf>, Rewrite[]>> = {
  text: ['nfc', 'nfkc', 'trim', 'collapseSpaces'],
  uri: ['url'],
  timezone: ['timeZone'],
};

/** Sub-millisecond digits a millisecond clock would drop. */
const subMillisecond = (v: unknown) => typeof v === 'string' && /T\d{2}:\d{2}:\d{2}\.\d{4,}/.test(v);

function rewritable(schema: string, body: Record<string, unknown>): boolean {
  return rulesOf(schema).some((r) => {
    const shape = shapeOf(r);
    if (shape === 'date-time') return subMillisecond(body[r.name]);
    const which = BY_SHAPE[shape];
    return which !== undefined && rewrites(body[r.name], which).length > 0;
  });
}

function report(name: string, drawn: number, judged: number, judgedRewritable: number): void {
  const pct = (n: number, of: number) => `${of ? ((100 * n) / of).toFixed(1) : '0.0'} %`;
  console.log(
    `${name.padEnd(46)} drew one in ${pct(drawn, RUNS).padStart(7)} of runs; accepted with one in ${pct(judgedRewritable, RUNS).padStart(7)} of runs (${pct(judgedRewritable, judged)} of the ${judged} accepted)`,
  );
}

function bodies(name: string, schema: string, arb: fc.Arbitrary<BodyCase>): void {
  let drawn = 0,
    judged = 0,
    judgedRewritable = 0;
  for (const bc of fc.sample(arb, { numRuns: RUNS, seed: SEED })) {
    const hit = rewritable(schema, materialise(bc, { event_id: 'ev-1', session_id: 'ses-1' }));
    const ok = expectedOf(bc).ok;
    drawn += Number(hit);
    judged += Number(ok);
    judgedRewritable += Number(hit && ok);
  }
  report(name, drawn, judged, judgedRewritable);
}

console.log(`values a normalising server would change, ${RUNS} samples per property (seed ${SEED})\n`);
bodies('caps: EventCreate (EVT-01 echo)', 'EventCreate', bodyCase('EventCreate', { supplied: ['event_id'] }));
bodies('caps: SessionCreate (SES-01 echo)', 'SessionCreate', bodyCase('SessionCreate', { supplied: ['session_id'] }));
bodies('caps: EventContextUpdate (CTX-01 echo)', 'EventContextUpdate', bodyCase('EventContextUpdate', { maxFailing: 1 }));
{
  const rule = ruleOf('AttendeeImportRequest', 'webhook_url');
  const hook: fc.Arbitrary<FieldCase> = fc.oneof(
    { weight: 3, arbitrary: passingCase(rule)! },
    { weight: 1, arbitrary: failingCase(rule)! },
  );
  let drawn = 0,
    judged = 0,
    judgedRewritable = 0;
  for (const h of fc.sample(hook, { numRuns: RUNS, seed: SEED })) {
    const hit = rewrites(h.value, ['url']).length > 0;
    const ok = !h.fails && h.state !== 'absent';
    drawn += Number(hit);
    judged += Number(ok);
    judgedRewritable += Number(hit && ok);
  }
  report('caps: webhook_url (RUN-04 echo)', drawn, judged, judgedRewritable);
}

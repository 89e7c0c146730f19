// Judges every provisional element of the contract and the catalogue against the runs'
// observations, one small judge per element kind over a shared ledger: guarantees (from the
// reports' verdicts), statuses, codes, headers and fields per response, the code of a bad parameter
// or body field, and limits; and collects what the target did that the contract lacks.

import { judgeBodyCodes, judgeParameterCodes } from './codes';
import { judgeContext, type Judge, type Obj } from './context';
import { figures } from './figures';
import { judgeGuarantees } from './guarantees';
import { judgeLimits } from './limits';
import { judgeResponses } from './responses';
import type { Run } from './runs';
import type { Judgement, Thresholds } from './types';

const JUDGES: readonly Judge[] = [judgeGuarantees, judgeResponses, judgeLimits, judgeParameterCodes, judgeBodyCodes];

/** `target`: the name every `x-meshi-observed` stamp of the proposal carries. */
export function judge(runs: readonly Run[], doc: Obj, catalogue: Obj, target: string, thresholds: Thresholds): Judgement {
  const c = judgeContext(runs, doc, catalogue);
  for (const j of JUDGES) j(c);
  const settled = c.ledger.settle(target, thresholds);
  const extras = c.undeclared.settle(target);
  return {
    elements: settled.elements,
    undeclared: extras.undeclared,
    edits: [...settled.edits, ...extras.edits],
    figures: figures(runs.map((r) => r.observations)),
  };
}

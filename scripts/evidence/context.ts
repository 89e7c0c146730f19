// What every judge of the evidence loop works on: the runs, the contract and catalogue documents
// (for YAML locations), the element ledger and the undeclared ledger they fill.

import { Ledger } from './ledger';
import type { Run } from './runs';
import { UndeclaredLedger } from './undeclared';

export type Obj = Record<string, any>;

export interface JudgeContext {
  readonly runs: readonly Run[];
  readonly doc: Obj;
  readonly catalogue: Obj;
  readonly ledger: Ledger;
  readonly undeclared: UndeclaredLedger;
}

export function judgeContext(runs: readonly Run[], doc: Obj, catalogue: Obj): JudgeContext {
  return { runs, doc, catalogue, ledger: new Ledger(runs), undeclared: new UndeclaredLedger(runs) };
}

/** One judge per element kind: declares its elements and feeds the ledgers from every run. */
export type Judge = (c: JudgeContext) => void;

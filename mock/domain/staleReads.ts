// The stale-read-one-in-five fault: a lagging replica behind a round-robin. Each PUT of an
// event or session keeps the record as it was before; every fifth read of that record
// (item or list) then serves the old version.

import type { MockApp } from '../app';
import { D } from '../faults/domain';

const before = new WeakMap<object, object>();
const reads = new WeakMap<object, number>();

/** Called just before `record` is changed in place. */
export function keepBeforeWrite<T extends object>(app: Pick<MockApp, 'faults'>, record: T): void {
  if (app.faults.isOn(D.staleReadOneInFive)) before.set(record, { ...record });
}

/** The view a read serves: the record's, or under the fault every fifth time the version before its last write. */
export function servedView<T extends object>(
  app: Pick<MockApp, 'faults'>,
  record: T,
  view: (r: T) => Record<string, unknown>,
): Record<string, unknown> {
  const old = app.faults.isOn(D.staleReadOneInFive) ? (before.get(record) as T | undefined) : undefined;
  if (!old) return view(record);
  const n = (reads.get(record) ?? 0) + 1;
  reads.set(record, n);
  return view(n % 5 === 0 ? old : record);
}

// The work of an enrichment run: enrich every attendee of the event from its row, then refresh
// the identity reviews that involve the event. Attendees with no email, LinkedIn URL or company
// cannot be enriched: they fail alone (INSUFFICIENT_ENRICHMENT_INPUT) and the run is `partial`.

import type { MockApp } from '../app';
import type { EventRecord, OrgState, RunRecord } from '../store';
import { reviewId } from '../ids';
import { enrich, lacksIdentity } from './enrichmentRules';
import { recomputeReviews } from './reviews';
import type { RunOutcome, RunWork } from './scheduler';
import { compareStrings } from './text';
import { nowIso } from '../time';
import { runErrorCode } from './runErrors';
import { D } from '../faults/domain';

export function enrichmentWork(app: MockApp, org: OrgState, event: EventRecord, _run: RunRecord): RunWork {
  return (): RunOutcome => {
    const now = nowIso(app);
    const attendees = [...event.attendees.values()].sort((a, b) => compareStrings(a.attendee_id, b.attendee_id));
    const errors: RunRecord['errors'] = [];
    for (const a of attendees) {
      a.enrichment = enrich(a, now);
      if (a.enrichment.status === 'failed' && app.faults.isOn(D.enrichMissingInputSucceeds)) a.enrichment.status = 'enriched';
      a.updated_at = now;
      if (lacksIdentity(a) && !app.faults.isOn(D.enrichMissingInputSucceeds)) {
        errors.push({
          attendee_id: a.attendee_id,
          code: runErrorCode('insufficientData'),
          message: 'No email, LinkedIn URL or company to enrich from',
        });
      }
    }
    const { ambiguous } = recomputeReviews(
      org,
      event.event_id,
      () => nowIso(app),
      () => reviewId(app.now()),
    );
    for (const id of ambiguous) {
      const a = event.attendees.get(id);
      if (a && a.enrichment.status === 'enriched') a.enrichment.status = 'ambiguous';
    }
    const total = attendees.length;
    const failed = errors.length;
    // Attendees without input fail alone: the run is partial even if none could be enriched
    // (contract-decisions.md › Async runs; guarantee ENR-02).
    const status = failed === 0 ? 'succeeded' : 'partial';
    return { status, counts: { total, succeeded: total - failed, failed }, errors };
  };
}

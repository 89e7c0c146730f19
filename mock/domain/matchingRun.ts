// The work of a matching run: score every attendee of the event against every other one and keep
// the top K each. Fewer than two attendees: the run fails with NOT_ENOUGH_ATTENDEES. Only a
// succeeded run replaces the event's served scores (the latest succeeded/partial run wins).

import type { MockApp } from '../app';
import type { EventRecord, RunRecord } from '../store';
import { computeMatches } from './matchEngine';
import type { RunOutcome, RunWork } from './scheduler';
import { runErrorCode } from './runErrors';
import { matchIndexOf } from './matchIndex';
import { D } from '../faults/domain';

export function matchingWork(app: MockApp, event: EventRecord, run: RunRecord): RunWork {
  return (): RunOutcome => {
    const attendees = [...event.attendees.values()];
    const total = attendees.length;
    if (total < 2) {
      if (app.faults.isOn(D.matchTooFewSucceeds)) {
        return { status: 'succeeded', counts: { total, succeeded: total, failed: 0 }, errors: [] };
      }
      return {
        status: 'failed',
        counts: { total, succeeded: 0, failed: total },
        errors: [
          {
            attendee_id: null,
            code: runErrorCode('notEnoughAttendees'),
            message: `Matching needs at least two attendees; the event has ${total}`,
          },
        ],
      };
    }
    const matches = computeMatches({
      attendees,
      context: event.context,
      topK: app.config.matchTopK,
      runId: run.run_id,
      jitter: app.faults.isOn(D.matchNondeterministic) ? () => Math.random() * 0.2 : null,
    });
    // The fault match-serves-stale-scores: the first run's scores are never replaced.
    if (!(app.faults.isOn(D.matchStaleScores) && event.matches.length > 0)) {
      event.matches = matches;
      matchIndexOf(event).reset(matches);
    }
    return { status: 'succeeded', counts: { total, succeeded: total, failed: 0 }, errors: [] };
  };
}

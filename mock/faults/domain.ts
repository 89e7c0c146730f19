// Deliberate faults of the domain families (runs, idempotency, imports, pages, reviews, matching).
// Each breaks exactly one guarantee of contracts/guarantees.yaml; the behaviour sits where the
// guarantee is kept (grep for `D.<name>`): mock/idempotency.ts, mock/domain/*, mock/routes/*,
// mock/pagination/pages.ts (page faults), mock/faults/response.ts (response rewrites).

import { faultSpecs, type FaultSpec } from './switch';

/** Fault names, so call sites cannot misspell them. */
export const D = {
  idemReplayCreatesRun: 'idem-replay-creates-new-run',
  idemPayloadConflictUndetected: 'idem-payload-conflict-undetected',
  idemRejectedStoresKey: 'idem-rejected-request-stores-key',
  idemKeysNotOrgScoped: 'idem-keys-not-org-scoped',
  importDuplicatesAccepted: 'import-duplicates-accepted',
  importRowCapIgnored: 'import-row-cap-ignored',
  pageRepeatsItem: 'page-repeats-item',
  pageSkipsItem: 'page-skips-item',
  matchWrongOrder: 'match-wrong-order',
  matchScoreOutOfRange: 'match-score-out-of-range',
  matchNondeterministic: 'match-nondeterministic',
  matchTooFewSucceeds: 'match-too-few-attendees-succeeds',
  matchStaleScores: 'match-serves-stale-scores',
  runNeverFinishes: 'run-never-finishes',
  runTerminalChanges: 'run-terminal-changes',
  runWebhookNotEchoed: 'run-webhook-not-echoed',
  runStatusOutsideContract: 'run-status-outside-contract',
  runCrossOrgReadable: 'run-cross-org-readable',
  runErrorLeaksUuid: 'run-error-leaks-uuid',
  reviewInBothQueues: 'review-in-both-queues',
  enrichMissingInputSucceeds: 'enrich-missing-input-succeeds',
  cursorSingleUse: 'cursor-single-use',
  webhookUrlNormalised: 'webhook-url-normalised',
  staleReadOneInFive: 'stale-read-one-in-five',
  sessionTimesTruncated: 'session-times-truncated',
  sessionIdConflictOverwrites: 'session-id-conflict-overwrites',
  importEmptyAccepted: 'import-empty-accepted',
  idemEmptyKeyAccepted: 'idem-empty-key-accepted',
  idemEventNotCompared: 'idem-event-not-compared',
  sessionsListCrossOrg: 'sessions-list-cross-org',
  importRunNotReadable: 'import-run-not-readable',
} as const;

export type DomainFaultName = (typeof D)[keyof typeof D];

const spec = faultSpecs<DomainFaultName>(true);

export const domainFaults: FaultSpec[] = [
  // Concurrent identical writes are replays of each other: they too start several runs (IDEM-06).
  spec(
    D.idemReplayCreatesRun,
    'IDEM-03',
    'A replay (same idempotency_key, operation, event and payload) starts a second run with a new run_id.',
    true,
    ['IDEM-06'],
  ),
  spec(
    D.idemPayloadConflictUndetected,
    'IDEM-05',
    'Reusing an idempotency_key with a different payload (same operation and event) replays the original run instead of 409 IDEMPOTENCY_KEY_CONFLICT.',
  ),
  spec(
    D.idemRejectedStoresKey,
    'IDEM-07',
    'A request rejected by validation stores its idempotency_key, so the corrected request gets 409 IDEMPOTENCY_KEY_CONFLICT.',
  ),
  spec(
    D.idemKeysNotOrgScoped,
    'IDEM-08',
    'Idempotency keys are global: a key already used in another org gets 409 IDEMPOTENCY_KEY_CONFLICT.',
  ),
  spec(
    D.importDuplicatesAccepted,
    'IMP-04',
    'An import with the same attendee_id twice is accepted (202, last row wins) instead of 400 DUPLICATE_ATTENDEE_ID.',
    false,
  ),
  spec(D.importRowCapIgnored, 'IMP-03', 'An import over the row cap is accepted (202) instead of 400 INVALID_ATTENDEES.', false),
  spec(
    D.pageRepeatsItem,
    'PAGE-01',
    'next_cursor of every list points one item back: the last item of a page is served again on the next.',
  ),
  spec(D.pageSkipsItem, 'PAGE-01', 'next_cursor of every list points one item ahead: one item between two pages is never served.'),
  spec(D.matchWrongOrder, 'MATCH-01', 'Each page of match scores is served in reverse (ascending score) order.'),
  // The schema bounds score to [0, 1] too (SCHEMA-01).
  spec(D.matchScoreOutOfRange, 'MATCH-01', 'Served match scores are shifted above 1 (score + 1.01).', true, ['SCHEMA-01']),
  spec(D.matchNondeterministic, 'MATCH-02', 'Matching adds random noise to scores: two runs over the same input give different scores.'),
  spec(
    D.matchTooFewSucceeds,
    'MATCH-03',
    'A matching run on an event with fewer than two attendees ends succeeded (no scores) instead of failed NOT_ENOUGH_ATTENDEES.',
  ),
  spec(
    D.matchStaleScores,
    'MATCH-04',
    "A later matching run does not replace the event's scores: the first succeeded run's scores stay served.",
  ),
  spec(D.runNeverFinishes, 'RUN-02', 'Runs created while the fault is on move to running and never reach a terminal status.'),
  // A run read after its switch ends with the wrong status for the import, enrichment and matching
  // sentences too (a failed matching run of too few attendees switches to succeeded: MATCH-03).
  spec(
    D.runTerminalChanges,
    'RUN-03',
    'A run changes after reaching a terminal status: a little later it switches to another terminal status (succeeded → partial; partial or failed → succeeded).',
    true,
    ['IMP-05', 'ENR-02', 'MATCH-03'],
  ),
  spec(D.runWebhookNotEchoed, 'RUN-04', 'Run objects show webhook_url null even when one was given.', false),
  // The schema's status enum refuses it too (SCHEMA-01).
  spec(D.runStatusOutsideContract, 'RUN-02', 'A succeeded run is reported with status "completed" (not in the contract set).', true, [
    'SCHEMA-01',
  ]),
  spec(D.runCrossOrgReadable, 'ISO-01', "GET /runs/{run_id} returns another org's run when the caller's org has none with that id."),
  spec(D.runErrorLeaksUuid, 'UUID-01', 'Run error messages carry the internal UUID of the run.'),
  spec(D.reviewInBothQueues, 'REV-02', 'An org-scoped review is also listed in the event queue of each event it involves.'),
  spec(
    D.cursorSingleUse,
    'PAGE-04',
    'Every next_cursor is deleted on first use: reading the same page again (a retry) answers 400 INVALID_CURSOR.',
  ),
  spec(
    D.webhookUrlNormalised,
    'RUN-04',
    'A webhook_url is stored in its WHATWG canonical form (https://Hooks.Example.com:443/x → https://hooks.example.com/x), not as given.',
    false,
  ),
  // The session round trip reads a session back after its PUTs too (SES-01).
  spec(
    D.staleReadOneInFive,
    'EVT-07',
    'A lagging replica: after a PUT, every fifth read of that event or session, item or list, serves the version before the PUT.',
    true,
    ['SES-01'],
  ),
  spec(
    D.sessionIdConflictOverwrites,
    'SES-04',
    'A POST of a session_id already in the event replaces that session (201) instead of 409 PARTNER_ID_CONFLICT.',
  ),
  spec(
    D.sessionTimesTruncated,
    'SES-01',
    'Session starts_at and ends_at are stored at millisecond precision: microseconds and nanoseconds sent are dropped.',
    false,
  ),
  spec(
    D.importEmptyAccepted,
    'IMP-02',
    'An import with an empty attendees array is accepted (202) and its run ends succeeded with nothing imported, instead of 400 INVALID_ATTENDEES.',
    false,
  ),
  spec(
    D.idemEmptyKeyAccepted,
    'IDEM-01',
    'An empty idempotency_key ("") is accepted as a key (the run starts) instead of 400 INVALID_IDEMPOTENCY_KEY; a missing or null key is still refused.',
    false,
  ),
  // IDEM-05's sentence names a different event among its 409 conflicts too.
  spec(
    D.idemEventNotCompared,
    'IDEM-04',
    "The idempotency fingerprint leaves out the path's event: the same key and payload for another event replays the first event's run instead of 409 IDEMPOTENCY_KEY_CONFLICT.",
    true,
    ['IDEM-05'],
  ),
  spec(
    D.enrichMissingInputSucceeds,
    'ENR-02',
    'Attendees with no email, linkedin_url or company are counted as enriched: the run ends succeeded without INSUFFICIENT_ENRICHMENT_INPUT errors.',
  ),
  spec(
    D.sessionsListCrossOrg,
    'ISO-03',
    "GET /events/{event_id}/sessions looks sessions up by event_id alone: an event's list also holds the sessions of another org's event with the same event_id.",
  ),
  spec(
    D.importRunNotReadable,
    'IMP-01',
    "GET /runs/{run_id} of an import run answers 404 RUN_NOT_FOUND: the run lookup searches the enrichment and matching runs only (the import's run is still created, processed and replayed).",
  ),
];

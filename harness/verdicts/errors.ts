// Error classes of the harness. Each one tells the reporter (and a human) what kind of failure it
// is: a conformance violation carries bracketed guarantee IDs; the others never do, so a harness,
// configuration, set-up or transient problem is never attributed to a guarantee by its message.
// A malformed setting is harness/settings/configError.ts (the settings sit below the verdicts).

/**
 * The target answered a conformance call with a transient failure (502/503/504, a network error,
 * or a 429 the test did not provoke). It is neither a conformance failure nor a pass: the message
 * starts with `[TRANSIENT]` (not a guarantee ID) and the test carries a `transient` annotation.
 * See harness/http/transient.ts for the retry policy.
 */
export class TransientError extends Error {
  override readonly name = 'TransientError';
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(`[TRANSIENT] ${message}`);
  }
}

/**
 * A precondition of the test did not hold (harness/verdicts/preconditions.ts). Inside a test the test is
 * skipped as blocked instead; this is thrown only outside one (and after the skip, for the type).
 */
export class BlockedError extends Error {
  override readonly name = 'BlockedError';
  constructor(message: string) {
    super(`[BLOCKED] ${message}`);
  }
}

/** A hard conformance failure raised by harness helpers (e.g. pollRun); message starts with `[ID]`. */
export class GuaranteeViolation extends Error {
  override readonly name = 'GuaranteeViolation';
  constructor(
    readonly guarantee: string,
    readonly detail: string,
  ) {
    super(`[${guarantee}] ${detail}`);
  }
}

/** A write was attempted against a read-only (production) target. */
export class ReadOnlyTargetError extends Error {
  override readonly name = 'ReadOnlyTargetError';
  constructor(what: string) {
    super(`[HARNESS] refused ${what}: the target is read-only (production; set MESHI_ALLOW_PRODUCTION=1 only runs read-only guarantees)`);
  }
}

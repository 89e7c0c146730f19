// The verdict vocabulary: one argument order, `(guarantee, what, subject, …expected)`, and the verb
// says the outcome when it does not hold.
//
//   expect*  fails: a typed `violation` finding of `guarantee`, then the test fails (expect.ts)
//     expectStatus(g, what, res, 201 | [200, 201], {soft?})   the status is one of expected
//     expectAccepted(g, what, res, {soft?})                   any 2xx
//     expectError(g, what, res, 'EVENT_NOT_FOUND')            the code and the status the contract pins to it
//     expectKeyStillFree(g, what, probe)                      a rejected run-creating request started no run
//     expectEqual(g, what, actual, expected)                  deep equality (Playwright's toEqual)
//     expectThat(g, what, condition, observed?, expected?, {soft?})   any condition the guarantee states
//     expectOrder(g, what, served, expected)                  two sequences, item for item
//     expectReadsShow(g, what, meshi, place, expected)        sampled read-your-writes (harness/world/readBack.ts)
//   require*  blocks: a typed `blocked` finding naming `guarantee`, the test skipped as not exercised (require.ts)
//     requireAccepted(g, what, res, ok?)                      returns res
//     requireHeader(g, what, res, 'Retry-After')              returns the value
//     requireThat(g | null, what, condition)                  null: a condition no guarantee states
//     requireObserved(g | [g…], subject)                      not exercised when the subject never showed (no finding)
//   observe*  records evidence: a typed `evidence` finding (observe.ts)
//     observeSubject(g, subject, n?)                          counts the subject requireObserved asks for
//
// Exceptions, each because the guarantee is not the caller's to name:
//   requireSuccess(what, res)      blocked by the answering operation's success guarantee (the contract's)
//   requireRunDone(what, run)      a set-up run's outcome, by its kind's guarantee (harness/world/builders.ts)
//   requireContract(what, cond)    the contract itself, not the target: a `[HARNESS]` error, never a verdict
//   caseNotExercised(what)         a note on one case of a many-case test, not a verdict
// The mechanism under require* (blockedBy, failOrBlock, insideProperty) is in preconditions.ts.

export {
  expectAccepted,
  expectEqual,
  expectError,
  expectKeyStillFree,
  expectOrder,
  expectStatus,
  expectThat,
  requestLine,
  shown,
} from './expect';
export { requireAccepted, requireContract, requireHeader, requireObserved, requireSuccess, requireThat } from './require';
export { caseNotExercised, observeSubject, timesObserved } from './observe';

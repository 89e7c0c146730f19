// Attribution: what one test's attempts say about each guarantee.
//
// Outcome of a test (harness/http/transient.ts grants retries only after a transient attempt):
//   * skipped on the first attempt → `skipped` (with its reason); a later attempt that is skipped,
//     or fails only with "not retried: …", is the transient gate declining a retry after a real
//     failure, and is ignored (the earlier attempt's failure is the verdict);
//   * an attempt fails *transiently* when every error it has starts with `[TRANSIENT]` (or it has
//     none and carries a `transient` annotation); any other failed/timed-out attempt is a real failure;
//   * last attempt passed: `flaky` if an earlier attempt really failed, else `passed` (a transient
//     attempt before it is a note, not flakiness); otherwise `failed` if any attempt really failed,
//     else `transient` / `interrupted` (inconclusive).
//
// A skipped test is *blocked* when it carries a `blocked` finding (harness/verdicts/preconditions.ts), which
// names the guarantee that blocked it; otherwise it is skipped with its reason (profile, key).
//
// Attribution of a real failure (the failing attempts' typed findings, then their error messages):
//   * the guarantee of every `violation` finding fails (assertions, pollRun), and so does every
//     guarantee ID a plain assertion message starts with (`expect(x, '[EVT-01] …')` in a spec,
//     which leaves no finding), declared by the test or not;
//   * a `harness-error` finding (the test crashed: TypeError, a thrown helper, a timeout naming no
//     guarantee; harness/run/fixtures.ts) makes every declared guarantee no violation names `error`:
//     the harness could not judge it, which is never a pass and never a failure of the target;
//   * another message with no catalogue ID is unattributed: the test's declared guarantees fail with it;
//   * a declared guarantee no message names, when every message is attributed:
//       - `passed` when every named guarantee is a universal one the test does not declare: universal
//         violations are soft failures (the test runs on), so the test's own assertions all held;
//       - `blocked` otherwise (a hard failure of another guarantee stopped the test before it could
//         show this one): counted as not exercised unless another test passes it.
//   * for a flaky test the named guarantees are `flaky` and the others `passed` (the last attempt
//     passed them all).

import type { Finding } from '../harness/verdicts/findings';
import { GUARANTEE_ID } from './catalogue';
import { leadingIds } from './collect';
import type { CollectedAttempt, CollectedTest, Evidence, EvidenceKind, FullRecord, TestAnalysis, TestOutcome } from './types';

type AttemptClass = 'pass' | 'fail' | 'transient' | 'interrupted';

function startsTransient(message: string): boolean {
  return /^\s*(?:[A-Za-z]*(?:Error|Violation):\s*)*\[TRANSIENT\]/.test(message);
}

/** The transient gate's refusal to retry after a non-transient failure (harness/run/fixtures.ts). */
function isDeclinedRetry(a: CollectedAttempt): boolean {
  return (
    a.retry > 0 &&
    a.errors.length > 0 &&
    /^\s*(?:[A-Za-z]*(?:Error|Violation):\s*)*not retried:/.test(a.errors[0]!) &&
    a.errors.slice(1).every((e) => /^\s*(?:[A-Za-z]*(?:Error|Violation):\s*)*not retried:/.test(e))
  );
}

export function classifyAttempt(a: CollectedAttempt): AttemptClass | 'skipped' {
  if (isDeclinedRetry(a)) return 'skipped';
  switch (a.status) {
    case 'passed':
      return 'pass';
    case 'skipped':
      return 'skipped';
    case 'interrupted':
      return 'interrupted';
    default: {
      const hasTransientNote = a.annotations.some((x) => x.type === 'transient');
      if (a.errors.length > 0 && a.errors.every(startsTransient)) return 'transient';
      if (a.errors.length === 0 && hasTransientNote) return 'transient';
      return 'fail';
    }
  }
}

function skipReasonOf(a: CollectedAttempt): string {
  const skip = [...a.annotations].reverse().find((x) => (x.type === 'skip' || x.type === 'fixme') && x.description);
  return skip?.description ?? 'skipped (no reason given)';
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.slice(0, 300);
}

export interface AttributionOptions {
  /** Known guarantee IDs (the catalogue). */
  readonly known: ReadonlySet<string>;
  /** IDs of universal guarantees. */
  readonly universal: ReadonlySet<string>;
}

/**
 * The catalogue IDs a message names: its leading brackets; for a message without one that wraps
 * others (a property's or a retry's report), the brackets that start its wrapped lines.
 */
export function attributedIds(message: string, known: ReadonlySet<string>): string[] {
  const isKnown = (id: string) => GUARANTEE_ID.test(id) && known.has(id);
  const leading = leadingIds(message).filter(isKnown);
  // A message with its own tag ([EVT-01], [HARNESS], [TRANSIENT]…) is attributed by that tag alone.
  if (leading.length > 0 || /^\s*(?:[A-Za-z]*(?:Error|Violation):\s*)*\[[A-Z][A-Z0-9-]*\]/.test(message)) return leading;
  return [
    ...new Set(
      message
        .split('\n')
        .slice(1)
        .flatMap((line) => leadingIds(line))
        .filter(isKnown),
    ),
  ];
}

/** The `blocked` finding of an attempt (the last one: the block that ended it), or null. */
export function blockOf(a: CollectedAttempt | undefined): Finding | null {
  return [...(a?.findings ?? [])].reverse().find((f) => f.kind === 'blocked') ?? null;
}

/** Harness errors of an attempt's own (the test crashed), as opposed to a universal check's (in the ledger). */
function testErrors(a: CollectedAttempt): Finding[] {
  return a.findings.filter((f) => f.kind === 'harness-error');
}

/**
 * Evidence of what an attempt's ledger counted: each universally violated guarantee fails; each
 * guarantee a universal check crashed on is in `error` (unless it failed).
 */
function ledgerEvidence(test: CollectedTest, attempts: readonly CollectedAttempt[], declared: readonly string[]): Evidence[] {
  const byGuarantee = new Map<string, { messages: string[]; records: FullRecord[]; corr: string[] }>();
  const errors = new Map<string, string[]>();
  for (const a of attempts) {
    for (const v of a.ledger?.violations ?? []) {
      const e = byGuarantee.get(v.guarantee) ?? { messages: [], records: [], corr: [] };
      if (e.messages.length < 5) e.messages.push(`[${v.guarantee}] ${v.message}`);
      if (v.correlationId && !e.corr.includes(v.correlationId)) e.corr.push(v.correlationId);
      byGuarantee.set(v.guarantee, e);
    }
    for (const x of a.ledger?.errors ?? []) {
      const list = errors.get(x.guarantee) ?? [];
      if (list.length < 5 && !list.includes(x.message)) list.push(x.message);
      errors.set(x.guarantee, list);
    }
    for (const r of a.fullRecords) {
      for (const g of new Set(r.violations.map((v) => v.guarantee))) byGuarantee.get(g)?.records.push(r);
    }
  }
  const failed = [...byGuarantee].map(([g, e]) => ({
    ...ev(g, 'failed', test, 'found by the universal checks', declared.includes(g), e.messages),
    records: e.records,
    correlationIds: e.corr,
  }));
  const crashed = [...errors]
    .filter(([g]) => !byGuarantee.has(g))
    .map(([g, msgs]) => ev(g, 'error', test, `a universal check crashed while judging it: ${msgs[0]}`, declared.includes(g), msgs));
  return [...failed, ...crashed];
}

export function analyzeTest(test: CollectedTest, opts: AttributionOptions): TestAnalysis {
  const declared = [...new Set(test.declared)];
  const ran: { attempt: CollectedAttempt; cls: AttemptClass }[] = [];
  const first = test.attempts[0];
  const replay =
    [...test.attempts]
      .reverse()
      .flatMap((a) => a.annotations.filter((x) => x.type === 'replay' && x.description))
      .map((x) => x.description!)[0] ?? null;

  if (!first || classifyAttempt(first) === 'skipped') {
    const reason = first ? skipReasonOf(first) : 'did not run';
    const block = blockOf(first);
    const kind: EvidenceKind = block ? 'blocked' : 'skipped';
    return {
      test,
      outcome: 'skipped',
      skipReason: reason,
      transientNotes: [],
      failingAttempts: [],
      evidence: [
        ...declared.map((g) => ev(g, kind, test, reason, true, [])),
        ...ledgerEvidence(test, first ? [first] : [], declared).filter((e) => !declared.includes(e.guarantee)),
      ],
      replay,
      blockedBy: block?.guarantee ?? null,
      block,
    };
  }
  for (const a of test.attempts) {
    const cls = classifyAttempt(a);
    if (cls !== 'skipped') ran.push({ attempt: a, cls });
  }
  const last = ran[ran.length - 1]!;
  const failing = ran.filter((x) => x.cls === 'fail').map((x) => x.attempt);
  const transientNotes = ran
    .filter((x) => x.cls === 'transient')
    .map(
      (x) =>
        `attempt ${x.attempt.retry + 1} ended transiently: ${firstLine(x.attempt.errors[0] ?? x.attempt.annotations.find((a) => a.type === 'transient')?.description ?? 'transient')}`,
    );
  const setupRetries = last.attempt.annotations.filter(
    (a) => a.type === 'transient-retry' && a.description && !/^attempt \d+: re-run/.test(a.description),
  ).length;
  if (setupRetries > 0)
    transientNotes.push(`${setupRetries} set-up call retr${setupRetries === 1 ? 'y' : 'ies'} after transient responses`);

  let outcome: TestOutcome;
  if (last.cls === 'pass') outcome = failing.length > 0 ? 'flaky' : 'passed';
  else if (failing.length > 0) outcome = 'failed';
  else if (ran.some((x) => x.cls === 'transient')) outcome = 'transient';
  else outcome = 'interrupted';

  let evidence: Evidence[];
  switch (outcome) {
    case 'passed':
      evidence = declared.map((g) => ev(g, 'passed', test, transientNotes.length ? transientNotes.join('; ') : null, true, []));
      break;
    case 'transient': {
      const note = `inconclusive: ${transientNotes.join('; ') || 'transient on every attempt'}`;
      evidence = declared.map((g) => ev(g, 'transient', test, note, true, []));
      break;
    }
    case 'interrupted':
      evidence = declared.map((g) => ev(g, 'interrupted', test, 'the run was interrupted', true, []));
      break;
    default:
      evidence = attribute(test, declared, failing, outcome === 'flaky', opts);
  }
  // Universal violations are data: they fail their own guarantee, whatever the test's outcome.
  const fromLedger = ledgerEvidence(
    test,
    ran.map((x) => x.attempt),
    declared,
  );
  evidence = [...evidence.filter((e) => !(e.kind === 'passed' && fromLedger.some((l) => l.guarantee === e.guarantee))), ...fromLedger];
  return { test, outcome, skipReason: null, transientNotes, failingAttempts: failing, evidence, replay, blockedBy: null, block: null };
}

function ev(
  guarantee: string,
  kind: EvidenceKind,
  test: CollectedTest,
  note: string | null,
  declared: boolean,
  messages: readonly string[],
): Evidence {
  return { guarantee, kind, testId: test.id, note, declared, messages };
}

function attribute(
  test: CollectedTest,
  declared: readonly string[],
  failing: readonly CollectedAttempt[],
  flaky: boolean,
  opts: AttributionOptions,
): Evidence[] {
  const named = new Map<string, string[]>();
  const unattributed: string[] = [];
  const unknownIds = new Set<string>();
  const crashes: string[] = [];
  const typed = new Map<string, string[]>();
  const corr = new Map<string, string[]>();
  for (const a of failing) {
    for (const f of a.findings) {
      if (f.kind !== 'violation' || !f.guarantee || !opts.known.has(f.guarantee)) continue;
      const list = typed.get(f.guarantee) ?? [];
      if (!list.includes(f.message)) list.push(f.message);
      typed.set(f.guarantee, list);
      const ids = corr.get(f.guarantee) ?? [];
      if (f.correlationId && !ids.includes(f.correlationId)) ids.push(f.correlationId);
      corr.set(f.guarantee, ids);
    }
    const crashed = testErrors(a);
    crashes.push(...crashed.map((f) => f.message));
    for (const msg of a.errors) {
      const ids = attributedIds(msg, opts.known);
      for (const id of leadingIds(msg)) if (!opts.known.has(id)) unknownIds.add(id);
      if (ids.length === 0) {
        if (crashed.length === 0) unattributed.push(msg);
        continue;
      }
      for (const id of ids) {
        const list = named.get(id) ?? [];
        if (!list.includes(msg)) list.push(msg);
        named.set(id, list);
      }
    }
  }
  // A violation finding whose error message was not kept (a soft failure caught by a helper) still fails its guarantee.
  for (const [id, msgs] of typed) if (!named.has(id)) named.set(id, msgs);
  const failKind: EvidenceKind = flaky ? 'flaky' : 'failed';
  const out: Evidence[] = [];
  for (const [id, msgs] of named) {
    out.push({
      ...ev(
        id,
        failKind,
        test,
        declared.includes(id) ? null : 'named by a failure message (not declared by the test)',
        declared.includes(id),
        msgs,
      ),
      correlationIds: corr.get(id) ?? [],
    });
  }
  const namedIds = [...named.keys()];
  const onlySoftUniversal = namedIds.length > 0 && namedIds.every((id) => opts.universal.has(id) && !declared.includes(id));
  const unknownNote = unknownIds.size
    ? ` (unknown guarantee ID${unknownIds.size > 1 ? 's' : ''} ${[...unknownIds].map((i) => `[${i}]`).join(' ')})`
    : '';
  for (const id of declared) {
    if (named.has(id)) continue;
    if (crashes.length > 0) {
      out.push(
        ev(
          id,
          'error',
          test,
          `harness error: ${firstLine(crashes[0]!)} (the test crashed before it could judge this guarantee)`,
          true,
          crashes,
        ),
      );
    } else if (unattributed.length > 0) {
      out.push(
        ev(
          id,
          failKind,
          test,
          `the failure names no guarantee${unknownNote}: attributed to the test's declared guarantees`,
          true,
          unattributed,
        ),
      );
    } else if (flaky) {
      out.push(ev(id, 'passed', test, `passed on retry; the earlier failure named ${namedIds.join(', ')}`, true, []));
    } else if (onlySoftUniversal) {
      out.push(
        ev(id, 'passed', test, `its own assertions held; the test failed on universal violation(s) of ${namedIds.join(', ')}`, true, []),
      );
    } else {
      out.push(
        ev(
          id,
          'blocked',
          test,
          `blocked by ${namedIds.join(', ')} (the test failed on another guarantee before it could show this one)`,
          true,
          [],
        ),
      );
    }
  }
  return out;
}

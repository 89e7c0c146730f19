// pollRun: polls GET /runs/{run_id} with backoff until the run is terminal, within a budget, and
// checks the run lifecycle on the way: every status is one of the contract's run statuses, moves
// only forward (queued → running → terminal), and a terminal status never changes (one extra read
// confirms it). A violation fails a test that declares its RUN guarantee and blocks any other
// (failOrBlock), with the last state. Every poll has its own budget. A budget spent while the
// target answered transiently (503s, network losses past the client's resends) is an outage, not a
// run that never finishes: the attempt ends transient (TransientError), so the guarantees it was
// judging are inconclusive, never RUN-02 violations. A read that does not answer the run at all (a
// non-transient error, another run_id) is judged by the guarantee that says the run is readable
// (readableBy): IMP-01 for an import's run, so every other test needing that run is blocked by it.

import { contract } from '../../contract';
import { gid } from '../checks/ids';
import type { MeshiClient, MeshiResponse } from '../http/client';
import { GuaranteeViolation, TransientError } from '../verdicts/errors';
import { failOrBlock } from '../verdicts/preconditions';
import { markTransientAttempt, TRANSIENT_STATUSES } from '../http/transient';

export interface PollOptions {
  /** Overall budget in ms (default: the client's configured MESHI_RUN_TIMEOUT_MS). */
  readonly budgetMs?: number;
  /** Backoff schedule in ms; the last value repeats. Default 50, 100, 200, 400, 800, 1000. */
  readonly intervalsMs?: readonly number[];
  /** Read the run once more after it turned terminal and require it unchanged (default true). */
  readonly confirmTerminal?: boolean;
  /** Key for the reads (default: the client's). */
  readonly key?: Parameters<MeshiClient['withKey']>[0];
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface PollResult<Run = any> {
  /** The terminal run (the body of the last read). */
  readonly run: Run;
  /** Every status observed, in order (consecutive repeats included). */
  readonly statuses: readonly string[];
  /** Distinct consecutive statuses, e.g. ['queued', 'running', 'succeeded']. */
  readonly transitions: readonly string[];
  readonly polls: number;
  readonly elapsedMs: number;
}

export const DEFAULT_POLL_INTERVALS: readonly number[] = [50, 100, 200, 400, 800, 1000];

/** The run to poll: the run object a write answered (its run_id and kind), or its run_id alone. */
export type RunRef = string | { readonly run_id?: unknown; readonly kind?: unknown };

/**
 * The guarantee by which a run of `kind` is readable through GET /runs/{run_id}: IMP-01's sentence
 * says it of an import's run. No sentence says it of the other kinds; a run that cannot be read
 * cannot be seen reaching a terminal status (RUN-02). Provisional, like RUN_OUTCOME_GUARANTEE.
 */
export function readableBy(kind: unknown): string {
  return kind === 'import' ? gid('importRunReadable') : gid('runReachesTerminal');
}

/** Rank of a status in the lifecycle: non-terminal statuses in contract order, every terminal status last. */
export function lifecycleRank(status: string): number {
  const terminal = contract.terminalRunStatuses;
  if (terminal.includes(status)) return contract.runStatuses.filter((s) => !terminal.includes(s)).length;
  return contract.runStatuses.filter((s) => !terminal.includes(s)).indexOf(status);
}

export function isTerminal(status: string): boolean {
  return contract.terminalRunStatuses.includes(status);
}

const sleepReal = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * The poll's budget is spent. While the target answered transiently (`outage`) nothing could be
 * looked at: the attempt ends transient, no verdict on the run nor on what the test was judging.
 * Otherwise the run did not reach a terminal status: a RUN-02 violation.
 */
function budgetSpent(
  client: MeshiClient,
  runId: string,
  budget: number,
  outage: { transientReads: number; lastStatus: number | null } | null,
  polls: number,
  state: string,
): never {
  if (outage) {
    const detail = `pollRun ${runId}: the target answered transiently until the ${budget} ms poll budget was spent (${outage.transientReads} of ${polls} polls transient); ${state}`;
    if (client.ctx.testInfo) markTransientAttempt(client.ctx.testInfo, detail, 'pollRun');
    throw new TransientError(detail, outage.lastStatus);
  }
  return failOrBlock(
    new GuaranteeViolation(
      gid('runReachesTerminal'),
      `run did not reach a terminal status (${contract.terminalRunStatuses.join(', ')}) within ${budget} ms (${polls} polls); ${state}`,
    ),
  );
}

/**
 * One 200 read of the run, judged: the run asked for (else `readable`, the guarantee that it is
 * readable), a contract status, and a lifecycle that only moves forward and stays terminal.
 * Pushes the status seen and returns it.
 */
function judgeRead(
  runId: string,
  body: Record<string, unknown> | undefined,
  readable: string,
  statuses: string[],
  state: () => string,
): string {
  if (body?.run_id !== undefined && body.run_id !== runId) {
    failOrBlock(
      new GuaranteeViolation(readable, `GET /runs/${runId} returned run_id ${JSON.stringify(body.run_id)}; ${state()}`),
      'pollRun',
      { observed: `run_id ${JSON.stringify(body.run_id)}`, expected: `run_id ${runId}` },
    );
  }
  const status = body?.status;
  if (typeof status !== 'string' || !contract.runStatuses.includes(status)) {
    failOrBlock(
      new GuaranteeViolation(
        gid('runStatusKnown'),
        `run status ${JSON.stringify(status)} is not one of ${contract.runStatuses.join(', ')}; ${state()}`,
      ),
    );
  }
  const prev = statuses[statuses.length - 1];
  statuses.push(status);
  if (prev !== undefined && prev !== status) {
    if (isTerminal(prev))
      failOrBlock(new GuaranteeViolation(gid('runTerminalStable'), `terminal run changed ${prev} → ${status}; ${state()}`));
    if (lifecycleRank(status) < lifecycleRank(prev))
      failOrBlock(new GuaranteeViolation(gid('runForward'), `run went backwards ${prev} → ${status}; ${state()}`));
  }
  return status;
}

export async function pollRun<Run = any>(client: MeshiClient, run: RunRef, options: PollOptions = {}): Promise<PollResult<Run>> {
  const runId = (typeof run === 'string' ? run : run.run_id) as string;
  /** The run's kind: as the write answered it, else as a read showed it. */
  let kind = typeof run === 'string' ? undefined : run.kind;
  const budget = options.budgetMs ?? client.ctx.config.runTimeoutMs;
  const intervals = options.intervalsMs ?? DEFAULT_POLL_INTERVALS;
  const sleep = options.sleep ?? sleepReal;
  const reader = options.key !== undefined ? client.withKey(options.key) : client;
  const started = Date.now();
  const statuses: string[] = [];
  let last: MeshiResponse<Run> | null = null;
  let polls = 0;
  /** The last read was a transient answer (or no answer at all). */
  let lastTransient = false;
  let transientReads = 0;

  const state = () => {
    const b = last?.body as Record<string, unknown> | undefined;
    return `run ${runId}: statuses seen ${statuses.length ? statuses.join(' → ') : '(none)'}; last read ${last ? `${last.status} ${JSON.stringify(b && typeof b === 'object' ? { status: b.status, counts: b.counts, updated_at: b.updated_at } : b)} (corr ${last.correlationId})` : 'none'}`;
  };

  // Polling is repetition by nature: a transient answer is simply polled again (recorded).
  const pollAgain = (note: string): null => {
    client.ctx.testInfo?.annotations.push({ type: 'transient-retry', description: `pollRun ${runId}: ${note}` });
    lastTransient = true;
    transientReads++;
    return null;
  };

  const read = async (): Promise<string | null> => {
    polls++;
    let res: MeshiResponse<Run>;
    try {
      res = await reader.call<Run>('getRun', { params: { run_id: runId }, acceptTransient: true, label: `poll ${polls}` });
    } catch (e) {
      if (e instanceof TransientError) return pollAgain(e.message);
      throw e;
    }
    last = res;
    if (res.status !== 200) {
      if (TRANSIENT_STATUSES.includes(res.status)) return pollAgain(`transient ${res.status}, polling again`);
      const code = (res.body as Record<string, unknown> | undefined)?.code;
      const observed = `${res.status}${typeof code === 'string' ? ` ${code}` : ''}`;
      failOrBlock(
        new GuaranteeViolation(readableBy(kind), `GET /runs/${runId} answered ${observed} while polling; ${state()}`),
        'pollRun',
        { observed, expected: '200' },
      );
    }
    lastTransient = false;
    const body = res.body as Record<string, unknown> | undefined;
    const readable = readableBy(kind); // the kind known before this read: a read of another run cannot name it
    kind ??= body?.kind as typeof kind;
    return judgeRead(runId, body, readable, statuses, state);
  };

  for (let i = 0; ; i++) {
    const status = await read();
    if (status !== null && isTerminal(status)) break;
    const elapsed = Date.now() - started;
    const wait = intervals[Math.min(i, intervals.length - 1)] ?? 1000;
    if (elapsed + wait > budget)
      budgetSpent(
        client,
        runId,
        budget,
        lastTransient ? { transientReads, lastStatus: (last as MeshiResponse<Run> | null)?.status ?? null } : null,
        polls,
        state(),
      );
    await sleep(wait);
  }

  const terminalStatus = statuses[statuses.length - 1]!;
  let terminalRun = (last as MeshiResponse<Run> | null)!.body;
  if (options.confirmTerminal !== false) {
    const again = await read();
    if (again !== null && again !== terminalStatus) {
      failOrBlock(new GuaranteeViolation(gid('runTerminalStable'), `terminal run changed ${terminalStatus} → ${again}; ${state()}`));
    }
    if (again !== null) terminalRun = (last as MeshiResponse<Run> | null)!.body;
  }
  const transitions = statuses.filter((s, i) => i === 0 || statuses[i - 1] !== s);
  return { run: terminalRun, statuses, transitions, polls, elapsedMs: Date.now() - started };
}

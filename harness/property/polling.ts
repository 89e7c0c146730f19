// Run polling tuned for properties.

import type { MeshiClient } from '../http/client';
import { sleep } from '../world/concurrency';
import { pollRun, type PollOptions, type PollResult, type RunRef } from '../world/pollRun';

/**
 * Polling for properties: a run is seen terminal soon after it gets there (the model re-reads it
 * later to prove it stays so), without spending the key's rate limit on needless reads.
 */
export const FAST_POLL = { intervalsMs: [100, 150, 200, 300, 500, 800], confirmTerminal: false } as const;

/** FAST_POLL plus pollRun's immediate re-read of the terminal run (RUN-03 on the spot). */
export const FAST_POLL_CONFIRMED = { ...FAST_POLL, confirmTerminal: true } as const;

/**
 * pollRun for a run just created (its 202 said queued): waits the first interval before the first
 * read instead of reading at once.
 */
export async function pollNew(client: MeshiClient, run: RunRef, options: PollOptions = FAST_POLL): Promise<PollResult> {
  await sleep(options.intervalsMs?.[0] ?? 0);
  return pollRun(client, run, options);
}

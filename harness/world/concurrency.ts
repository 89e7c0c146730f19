// Waiting and bounded concurrency for independent probes.

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * Runs `fn` over `items` with at most `concurrency` calls in flight (default 8): independent
 * probes (validation sweeps, not-found sweeps) finish in a fraction of the sequential time on a
 * slow link without flooding the target.
 */
export async function forEachConcurrent<T>(
  items: readonly T[],
  fn: (item: T, index: number) => Promise<void>,
  concurrency = 8,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

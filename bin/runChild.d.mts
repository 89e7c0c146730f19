import type { SpawnOptions } from 'node:child_process';

/** Runs `node <args>` with the terminal and the signals forwarded; resolves with its exit code (2 when it could not start). */
export function runChild(args: readonly string[], options: Omit<SpawnOptions, 'stdio'>, onError: (e: Error) => void): Promise<number>;

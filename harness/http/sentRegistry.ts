// The UUIDs the harness itself sent during the run: the only UUIDs a response may contain (the
// "no internal UUIDs" guarantee exempts what the partner sent). Kept per worker in memory and, when
// MESHI_SENT_REGISTRY names a file (globalSetup creates one per run in the run's output directory),
// shared across workers by appending to that file, since org-wide lists can show another worker's data.

import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findUuids } from '../checks/uuid';

/** Creates the run's empty shared registry file in `dir` (the run's output directory) and returns its path. */
export function createRunRegistryFile(dir: string, namespace: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `meshi-sent-uuids-${namespace}.txt`);
  writeFileSync(file, '');
  return file;
}

export class SentRegistry {
  private readonly sent = new Set<string>();
  private readonly received = new Set<string>();

  constructor(private readonly file: string | null = null) {}

  /** Records the UUIDs in outgoing texts (URL, headers, body) — unless they first came from the server. */
  noteSent(...texts: (string | null | undefined)[]): void {
    const fresh: string[] = [];
    for (const t of texts) {
      if (!t) continue;
      for (const u of findUuids(t)) {
        if (this.received.has(u) || this.sent.has(u)) continue;
        this.sent.add(u);
        fresh.push(u);
      }
    }
    if (fresh.length && this.file) {
      try {
        appendFileSync(this.file, fresh.map((u) => `${u}\n`).join(''));
      } catch {
        // The shared file is an optimisation for cross-worker lists; the local set still applies.
      }
    }
  }

  /** Records UUIDs seen in a response that were not exempt (so sending them back never exempts them). */
  noteReceived(uuids: readonly string[]): void {
    for (const u of uuids) if (!this.sent.has(u)) this.received.add(u);
  }

  /** The UUIDs this worker sent. */
  local(): ReadonlySet<string> {
    return this.sent;
  }

  /** This worker's UUIDs plus those other workers recorded in the shared file (read on demand: only when a leak is suspected). */
  withShared(): ReadonlySet<string> {
    if (!this.file) return this.sent;
    let shared: string[] = [];
    try {
      shared = readFileSync(this.file, 'utf8').split('\n').filter(Boolean);
    } catch {
      return this.sent;
    }
    const all = new Set(this.sent);
    for (const u of shared) if (!this.received.has(u)) all.add(u);
    return all;
  }

  has(uuid: string): boolean {
    return this.sent.has(uuid);
  }

  get size(): number {
    return this.sent.size;
  }
}

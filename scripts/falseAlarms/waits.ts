// The harness's waits in a run, read from the annotations of every attempt (Playwright's JSON
// reporter over the run's blob reports): pacing waits (`rate-pacing`), waits and resends after a
// 429 or a transient answer (`transient-retry`), and attempts that ended transient (`transient`).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PLAYWRIGHT_CLI } from '../conformance';
import { ROOT } from './paths';

export interface Waits {
  readonly pacing: { count: number; ms: number };
  readonly after429: { count: number; ms: number };
  readonly afterOtherTransient: { count: number; ms: number };
  /** Attempts that ended transient, and those among them that a 429 ended. */
  readonly transientAttempts: number;
  readonly transientAttemptsBy429: number;
}

interface Annotation {
  type: string;
  description?: string;
}

interface JsonSuite {
  suites?: JsonSuite[];
  specs?: { tests: { results: { annotations?: Annotation[] }[] }[] }[];
}

function* annotationsOf(suite: JsonSuite): Generator<Annotation> {
  for (const s of suite.suites ?? []) yield* annotationsOf(s);
  for (const spec of suite.specs ?? []) for (const t of spec.tests) for (const r of t.results) yield* r.annotations ?? [];
}

const msIn = (text: string, re: RegExp) => Number(re.exec(text)?.[1] ?? 0);

/** The waits recorded in the blob reports under `blobRoot` (null when they cannot be read). */
export function readWaits(blobRoot: string): Waits | null {
  const tmp = mkdtempSync(join(tmpdir(), 'false-alarms-json-'));
  const file = join(tmp, 'results.json');
  const blobs = join(tmp, 'blobs');
  try {
    // One folder per shard (run.shards × report-*.zip of the same name): copied side by side.
    mkdirSync(blobs);
    for (const shard of readdirSync(blobRoot)) {
      for (const zip of readdirSync(join(blobRoot, shard)).filter((f) => f.endsWith('.zip')))
        copyFileSync(join(blobRoot, shard, zip), join(blobs, `${shard}-${zip}`));
    }
    spawnSync(process.execPath, [PLAYWRIGHT_CLI, 'merge-reports', '--reporter', 'json', blobs], {
      cwd: ROOT,
      env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: file },
      stdio: 'ignore',
    });
    const json = JSON.parse(readFileSync(file, 'utf8')) as JsonSuite;
    const w = {
      pacing: { count: 0, ms: 0 },
      after429: { count: 0, ms: 0 },
      afterOtherTransient: { count: 0, ms: 0 },
      transientAttempts: 0,
      transientAttemptsBy429: 0,
    };
    for (const a of annotationsOf(json)) {
      const d = a.description ?? '';
      if (a.type === 'rate-pacing') {
        w.pacing.count++;
        w.pacing.ms += msIn(d, /waited (\d+) ms/);
      } else if (a.type === 'transient-retry') {
        const bucket = /→ 429\b/.test(d) ? w.after429 : w.afterOtherTransient;
        bucket.count++;
        bucket.ms += msIn(d, /after (\d+) ms/);
      } else if (a.type === 'transient') {
        w.transientAttempts++;
        if (/\b429\b/.test(d)) w.transientAttemptsBy429++;
      }
    }
    return w;
  } catch {
    return null;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

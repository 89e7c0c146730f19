// The run scheduler: every run moves queued → running → terminal on timers. Runs of one event run
// one after another (FIFO), so an import, then an enrichment, then a matching run see each
// other's results without the client polling in between. The work of a run executes when it
// turns terminal; a terminal run is never touched again (unless a fault says otherwise).
// Timers are unref'd and cancelled by cancelAll() (server close, admin reset).

import type { MockApp } from '../app';
import type { OrgState, RunRecord } from '../store';
import { D } from '../faults/domain';
import { onClose, onReset } from '../lifecycle';
import { runErrorCode } from './runErrors';
import { nowIso } from '../time';

export type TerminalStatus = 'succeeded' | 'partial' | 'failed';

export interface RunOutcome {
  readonly status: TerminalStatus;
  readonly counts: RunRecord['counts'];
  readonly errors: RunRecord['errors'];
}

/** The work of a run, executed once when the run turns terminal. */
export type RunWork = () => RunOutcome;

interface Job {
  readonly org: OrgState;
  readonly run: RunRecord;
  readonly work: RunWork;
  /** Fault run-never-finishes was on at submission: the run stays running forever. */
  readonly stuck: boolean;
}

export class RunScheduler {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly queues = new Map<string, Job[]>();
  private generation = 0;
  /** Cost of the last run's work (for tests and benchmarks). */
  lastWork: { readonly runId: string; readonly wallMs: number; readonly cpuMs: number } | null = null;

  constructor(private readonly app: MockApp) {}

  /** Queues a run (already stored in org.runs with status `queued`). */
  submit(org: OrgState, run: RunRecord, work: RunWork): void {
    const job: Job = { org, run, work, stuck: this.app.faults.isOn(D.runNeverFinishes) };
    const key = `${org.orgId}\u0000${run.event_id}`;
    let queue = this.queues.get(key);
    if (!queue) this.queues.set(key, (queue = []));
    queue.push(job);
    if (queue.length === 1) this.begin(key, job);
  }

  /** Number of runs not yet terminal (stuck ones excluded). */
  pending(): number {
    let n = 0;
    for (const q of this.queues.values()) n += q.length;
    return n;
  }

  /** Cancels every timer and forgets every queue; runs in flight stay as they are. */
  cancelAll(): void {
    this.generation++;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.queues.clear();
  }

  private later(ms: number, fn: () => void): void {
    const generation = this.generation;
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        if (generation === this.generation) fn();
      },
      Math.max(0, ms),
    );
    timer.unref();
    this.timers.add(timer);
  }

  private touch(run: RunRecord): string {
    const now = nowIso(this.app);
    run.updated_at = now;
    return now;
  }

  private begin(key: string, job: Job): void {
    this.later(this.app.config.queuedMs, () => {
      job.run.status = 'running';
      this.touch(job.run);
      if (job.stuck) {
        // The fault: this run never leaves `running`. It does not hold up the runs behind it.
        this.next(key, job);
        return;
      }
      this.later(this.app.config.runningMs, () => {
        this.finish(job);
        this.next(key, job);
      });
    });
  }

  private finish(job: Job): void {
    let outcome: RunOutcome;
    const wall0 = performance.now();
    const cpu0 = process.cpuUsage();
    try {
      outcome = job.work();
    } catch (err) {
      outcome = {
        status: 'failed',
        counts: { total: job.run.counts.total, succeeded: 0, failed: job.run.counts.total },
        errors: [{ attendee_id: null, code: runErrorCode('internal'), message: 'The run could not be completed' }],
      };
      if (process.env.MOCK_DEBUG) console.error(err);
    }
    const cpu = process.cpuUsage(cpu0);
    this.lastWork = { runId: job.run.run_id, wallMs: performance.now() - wall0, cpuMs: (cpu.user + cpu.system) / 1000 };
    const run = job.run;
    run.status = outcome.status;
    run.counts = { ...outcome.counts };
    run.errors = outcome.errors.map((e) => ({ ...e }));
    run.finished_at = this.touch(run);
    if (this.app.faults.isOn(D.runTerminalChanges)) {
      // The fault: a little later the terminal run switches to another terminal status.
      this.later(Math.max(50, this.app.config.runningMs), () => {
        run.status = run.status === 'succeeded' ? 'partial' : 'succeeded';
        run.finished_at = this.touch(run);
      });
    }
  }

  private next(key: string, done: Job): void {
    const queue = this.queues.get(key);
    if (!queue) return;
    const i = queue.indexOf(done);
    if (i >= 0) queue.splice(i, 1);
    if (queue.length === 0) this.queues.delete(key);
    else if (i === 0) this.begin(key, queue[0]!);
  }
}

const schedulers = new WeakMap<MockApp, RunScheduler>();

/** The scheduler of one app (one per mock server). */
export function schedulerOf(app: MockApp): RunScheduler {
  let s = schedulers.get(app);
  if (!s) {
    const scheduler = new RunScheduler(app);
    schedulers.set(app, scheduler);
    onReset(app, () => scheduler.cancelAll());
    onClose(app, () => scheduler.cancelAll());
    s = scheduler;
  }
  return s;
}

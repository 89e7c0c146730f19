// Model-based test (fc.commands / fc.asyncModelRun): random sequences of commands against the
// target, each checked against a SMALL model — which events, sessions and attendees exist, which
// idempotency keys were used for what, which runs exist and which of them were seen terminal —
// that decides the expected answer. After every command: the universal checks hold (the property
// client throws on any violation), the runs seen equal the runs the model expects, terminal runs
// stay terminal (a re-read waits `terminalSettleMs` after the terminal status was first seen), and
// every review of the sequence sits in exactly one queue.
//
// Each sequence works in two fresh events of its own (set-up), with attendee IDs, emails and keys
// tagged by a fresh namespaced ID, so sequences — shrinks and replays included — never meet.

import fc from 'fast-check';
import { test, proves, replayPathFromEnv, FAST_POLL } from '../../harness/property';
import type { PropertyClient } from '../../harness/property';
import type { MeshiResponse } from '../../harness/http/client';
import { pollRun } from '../../harness/world/pollRun';
import { validLimit } from '../../harness/arbitraries/paging';
import { code } from '../../harness/arbitraries/codes';
import { cursorPages, lister } from '../../harness/world/pages';
import { contract, type GuaranteeId } from '../../contract';
import { expectReadsShow } from '../../harness/world/readBack';
import { expectEqual, expectStatus, expectThat } from '../../harness/verdicts';

type RunOp = 'importAttendees' | 'enrichAttendees' | 'runMatching';
const KIND: Record<RunOp, string> = { importAttendees: 'import', enrichAttendees: 'enrichment', runMatching: 'matching' };
const CONTEXT_FIELDS = ['event_details', 'objectives', 'welcome_instructions'] as const;
type ContextField = (typeof CONTEXT_FIELDS)[number];

const CONFLICT = code('IDEMPOTENCY_KEY_CONFLICT');
const DUPLICATE = code('DUPLICATE_ATTENDEE_ID');
const PARTNER_ID_CONFLICT = code('PARTNER_ID_CONFLICT');
const EVENT_NOT_FOUND = code('EVENT_NOT_FOUND');
const RUN_NOT_FOUND = code('RUN_NOT_FOUND');
const PARTNER_ID_NOT_FOUND = code('PARTNER_ID_NOT_FOUND');

// ---------------------------------------------------------------------------------------------
// The model

interface RunModel {
  readonly id: string;
  readonly op: RunOp;
  readonly eventId: string;
  /** The terminal status the model predicts, or null when it does not predict one. */
  readonly expected: string | null;
  /** attendee_ids expected in the run's errors (imports). */
  readonly failingRows: readonly string[];
  terminal: string | null;
  seenTerminalAt: number;
  /** When the model last re-read it after it turned terminal. */
  rechecked: number;
}

interface KeyModel {
  readonly op: RunOp;
  readonly eventId: string;
  readonly body: Record<string, unknown>;
  readonly runId: string;
}

interface Model {
  readonly orgB: boolean;
  events: string[];
  sessions: { eventId: string; sessionId: string }[];
  context: Map<string, Record<ContextField, string | null>>;
  /** attendee_ids per event once every submitted import has run. */
  attendees: Map<string, Set<string>>;
  keys: Map<string, KeyModel>;
  runs: RunModel[];
}

interface Real {
  readonly client: PropertyClient;
  readonly reader: PropertyClient;
  readonly orgB: PropertyClient | null;
  /** Fresh per sequence: tags attendee IDs, emails and new IDs. */
  readonly tag: string;
  readonly fresh: (label: string) => string;
  readonly key: () => string;
  readonly settleMs: number;
  /** run_ids the target answered with. */
  readonly seen: Set<string>;
}

const at = <T>(list: readonly T[], i: number): T => list[i % list.length]!;
const replayed = (r: MeshiResponse) => (r.headers['idempotent-replayed'] ?? '').toLowerCase() === 'true';
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Re-reads a run seen terminal (once it had `settleMs` to change) and requires it unchanged. */
async function recheckTerminal(r: Real, run: RunModel, why: string): Promise<void> {
  const wait = run.seenTerminalAt + r.settleMs - Date.now();
  if (wait > 0) await sleep(wait);
  const res = await r.reader.call('getRun', { params: { run_id: run.id } });
  run.rechecked = Date.now();
  expectEqual(
    'RUN-03',
    `${KIND[run.op]} run ${run.id} was ${run.terminal} and must never change again (${why})`,
    [res.status, res.body?.status],
    [200, run.terminal],
  );
}

/**
 * After every command: the runs the target made are exactly the runs the model expects, and a run
 * seen terminal long enough ago and not re-read yet is still what it was.
 */
async function invariants(m: Model, r: Real, after: string): Promise<void> {
  expectEqual(
    'IDEM-03',
    `after ${after}: the target made ${r.seen.size} runs, the model expects ${m.runs.length}`,
    r.seen.size,
    m.runs.length,
  );
  // Each terminal run is re-read once, the first time a command ends after its settle time.
  const now = Date.now();
  const due = m.runs.find((x) => x.terminal !== null && x.rechecked === 0 && now - x.seenTerminalAt >= r.settleMs);
  if (due) await recheckTerminal(r, due, `re-read after ${after}`);
}

/** Polls a run to terminal (pollRun checks RUN-02/RUN-03 on the way) and checks the model's prediction. */
async function settle(r: Real, run: RunModel): Promise<void> {
  if (run.terminal !== null) return;
  const { run: body } = await pollRun(r.reader, { run_id: run.id, kind: KIND[run.op] }, FAST_POLL);
  run.terminal = body.status as string;
  run.seenTerminalAt = Date.now();
  if (run.expected !== null && run.terminal !== run.expected) {
    // A terminal status that later changes is a RUN-03 failure first: re-read before judging.
    await recheckTerminal(r, run, `it ended ${run.terminal} where ${run.expected} was expected`);
    const gid = run.op === 'importAttendees' ? 'IMP-05' : 'MATCH-03';
    expectEqual(gid, `${KIND[run.op]} run ${run.id} of ${run.eventId} must end ${run.expected}`, run.terminal, run.expected);
  }
  if (run.failingRows.length) {
    const errs = new Set((body.errors as { attendee_id: string | null }[]).map((e) => e.attendee_id));
    for (const id of run.failingRows)
      expectThat('IMP-05', `import run ${run.id}: the failing row ${id} must be listed in errors`, errs.has(id));
  }
}

async function settleEvent(m: Model, r: Real, eventId: string | null): Promise<void> {
  for (const run of m.runs) if (eventId === null || run.eventId === eventId) await settle(r, run);
}

/** Records a run-creating answer: a new run (fresh key) or the original one (replay). */
function noteRun(r: Real, res: MeshiResponse, op: RunOp, eventId: string, what: string, replayOf: string | null): string {
  expectStatus('RUN-01', `${what} (got ${res.body?.code ?? res.status})`, res, 202);
  expectEqual(
    'RUN-01',
    `${what}: a run of the matching kind for the path's event`,
    [res.body.kind, res.body.event_id],
    [KIND[op], eventId],
  );
  const id = res.body.run_id as string;
  if (replayOf !== null) {
    expectEqual('IDEM-03', `${what}: the original run ${replayOf} with Idempotent-Replayed: true`, [id, replayed(res)], [replayOf, true]);
  } else {
    expectThat('IDEM-03', `${what} with a fresh key answered with an existing run ${id}`, !r.seen.has(id));
  }
  r.seen.add(id);
  return id;
}

// ---------------------------------------------------------------------------------------------
// Commands

abstract class Cmd implements fc.AsyncCommand<Model, Real> {
  check(_m: Readonly<Model>): boolean {
    return true;
  }
  abstract act(m: Model, r: Real): Promise<void>;
  async run(m: Model, r: Real): Promise<void> {
    await this.act(m, r);
    await invariants(m, r, this.toString());
  }
  abstract toString(): string;
}

class CreateEvent extends Cmd {
  constructor(
    readonly duplicate: boolean,
    readonly e: number,
  ) {
    super();
  }
  async act(m: Model, r: Real) {
    if (this.duplicate) {
      const id = at(m.events, this.e);
      const res = await r.client.call('createEvent', { body: { event_id: id, title: 'model: duplicate' } });
      expectEqual('EVT-02', `POST /events with the existing event_id ${id}`, [res.status, res.body?.code], [409, PARTNER_ID_CONFLICT]);
      return;
    }
    const id = r.fresh('mev');
    const res = await r.client.call('createEvent', { body: { event_id: id, title: 'model event' } });
    expectStatus('EVT-01', `POST /events ${id}`, res, 201);
    m.events.push(id);
    m.attendees.set(id, new Set());
  }
  toString() {
    return this.duplicate ? `CreateEvent(duplicate of e${this.e})` : 'CreateEvent()';
  }
}

class CreateSession extends Cmd {
  constructor(readonly e: number) {
    super();
  }
  async act(m: Model, r: Real) {
    const eventId = at(m.events, this.e);
    const sessionId = r.fresh('mses');
    const res = await r.client.call('createSession', {
      params: { event_id: eventId },
      body: { session_id: sessionId, title: 'model session' },
    });
    expectEqual('SES-01', `POST /events/${eventId}/sessions`, [res.status, res.body?.session_id], [201, sessionId]);
    m.sessions.push({ eventId, sessionId });
    await expectReadsShow('SES-01', `after POST of session ${sessionId}`, r.reader, sessionPlace(eventId, sessionId), res.body);
  }
  toString() {
    return `CreateSession(e${this.e})`;
  }
}

function sessionPlace(eventId: string, sessionId: string) {
  return {
    item: { op: 'getSession', params: { event_id: eventId, session_id: sessionId } },
    list: { op: 'listSessions', params: { event_id: eventId }, idField: 'session_id', id: sessionId },
  };
}

class UpdateSession extends Cmd {
  constructor(
    readonly s: number,
    readonly n: number,
  ) {
    super();
  }
  override check(m: Readonly<Model>) {
    return m.sessions.length > 0;
  }
  async act(m: Model, r: Real) {
    const { eventId, sessionId } = at(m.sessions, this.s);
    const title = `model session v${this.n}`;
    const res = await r.client.call('updateSession', { params: { event_id: eventId, session_id: sessionId }, body: { title } });
    expectEqual('SES-01', `PUT /events/${eventId}/sessions/${sessionId}`, [res.status, res.body?.title], [200, title]);
    await expectReadsShow('SES-01', `after PUT of session ${sessionId}`, r.reader, sessionPlace(eventId, sessionId), res.body);
  }
  toString() {
    return `UpdateSession(s${this.s}, v${this.n})`;
  }
}

class SetContext extends Cmd {
  constructor(
    readonly e: number,
    readonly fields: readonly ContextField[],
    readonly n: number,
  ) {
    super();
  }
  async act(m: Model, r: Real) {
    const eventId = at(m.events, this.e);
    const body = Object.fromEntries(this.fields.map((f) => [f, `${f} v${this.n}`]));
    const res = await r.client.call('upsertEventContext', { params: { event_id: eventId }, body });
    const before = m.context.get(eventId) ?? { event_details: null, objectives: null, welcome_instructions: null };
    const merged = { ...before, ...body } as Record<ContextField, string | null>;
    expectStatus('CTX-01', `POST /events/${eventId}/context`, res, 200);
    expectEqual('CTX-01', `the merged context of ${eventId}`, Object.fromEntries(CONTEXT_FIELDS.map((f) => [f, res.body[f]])), merged);
    m.context.set(eventId, merged);
  }
  toString() {
    return `SetContext(e${this.e}, ${this.fields.join('+')})`;
  }
}

type ImportVariant = 'valid' | 'partial' | 'duplicate' | 'replayed' | 'conflicting';
interface RowPlan {
  readonly j: number;
  readonly mail: number;
  readonly bad: 'no' | 'name' | 'email';
}

class Import extends Cmd {
  constructor(
    readonly e: number,
    readonly variant: ImportVariant,
    readonly rows: readonly RowPlan[],
    readonly k: number,
  ) {
    super();
  }
  override check(m: Readonly<Model>) {
    if (this.variant === 'replayed') return [...m.keys.values()].some((k) => k.op === 'importAttendees');
    if (this.variant === 'conflicting') return m.keys.size > 0;
    return true;
  }
  private build(r: Real, rows: readonly RowPlan[]): { attendees: Record<string, unknown>[]; good: string[]; bad: string[] } {
    const attendees: Record<string, unknown>[] = [];
    const good: string[] = [];
    const bad: string[] = [];
    for (const p of rows) {
      const id = `${r.tag}-a${p.j}`;
      const row: Record<string, unknown> = { attendee_id: id };
      if (p.bad !== 'name') row.name = `Person ${p.j}`;
      row.email = p.bad === 'email' ? 'not-an-email' : p.mail === 2 ? null : `${r.tag}-m${p.mail}@example.test`;
      row.company = 'Example Ltd';
      attendees.push(row);
      (p.bad === 'no' ? good : bad).push(id);
    }
    return { attendees, good, bad };
  }
  async act(m: Model, r: Real) {
    if (this.variant === 'replayed') {
      const keys = [...m.keys.entries()].filter(([, k]) => k.op === 'importAttendees');
      const [key, use] = at(keys, this.k);
      const res = await r.client.call('importAttendees', { params: { event_id: use.eventId }, body: use.body });
      noteRun(r, res, 'importAttendees', use.eventId, `replayed import (key ${key})`, use.runId);
      return;
    }
    if (this.variant === 'conflicting') {
      const keys = [...m.keys.entries()];
      const [key, use] = at(keys, this.k);
      const otherEvent = m.events.find((e) => e !== use.eventId);
      let res: MeshiResponse;
      let gid: GuaranteeId;
      let how: string;
      if (use.op !== 'importAttendees') {
        res = await r.client.call('importAttendees', {
          params: { event_id: use.eventId },
          body: { attendees: this.build(r, this.rows).attendees, idempotency_key: key },
        });
        [gid, how] = ['IDEM-04', `an import reusing the key of a ${KIND[use.op]} run`];
      } else if (this.k % 2 === 1 && otherEvent) {
        res = await r.client.call('importAttendees', { params: { event_id: otherEvent }, body: use.body });
        [gid, how] = ['IDEM-04', `the same import on another event`];
      } else {
        const body = {
          ...use.body,
          attendees: [...(use.body.attendees as unknown[]), { attendee_id: `${r.tag}-extra`, name: 'Extra Row' }],
        };
        res = await r.client.call('importAttendees', { params: { event_id: use.eventId }, body });
        [gid, how] = ['IDEM-05', `the import's key with a different payload`];
      }
      expectEqual(gid, `${how} (key ${key}) must be rejected with 409 ${CONFLICT}`, [res.status, res.body?.code], [409, CONFLICT]);
      return;
    }
    const eventId = at(m.events, this.e);
    const key = r.key();
    let rows = this.rows;
    if (this.variant === 'valid') rows = rows.map((p) => ({ ...p, bad: 'no' as const }));
    if (this.variant === 'partial' && rows.every((p) => p.bad === 'no'))
      rows = [...rows.slice(0, -1), { ...rows[rows.length - 1]!, bad: 'email' as const }];
    const built = this.build(r, rows);
    if (this.variant === 'duplicate') {
      const attendees = [...built.attendees, { ...built.attendees[0]!, name: 'Same ID Again' }];
      const res = await r.client.call('importAttendees', { params: { event_id: eventId }, body: { attendees, idempotency_key: key } });
      expectEqual(
        'IMP-04',
        `an import repeating ${String(built.attendees[0]!.attendee_id)} must be rejected`,
        [res.status, res.body?.code],
        [400, DUPLICATE],
      );
      return;
    }
    const body = { attendees: built.attendees, idempotency_key: key };
    const res = await r.client.call('importAttendees', { params: { event_id: eventId }, body });
    const id = noteRun(r, res, 'importAttendees', eventId, `${this.variant} import of ${rows.length} rows into ${eventId}`, null);
    const expected = built.bad.length === 0 ? 'succeeded' : built.good.length === 0 ? 'failed' : 'partial';
    m.runs.push({ id, op: 'importAttendees', eventId, expected, failingRows: built.bad, terminal: null, seenTerminalAt: 0, rechecked: 0 });
    m.keys.set(key, { op: 'importAttendees', eventId, body, runId: id });
    const set = m.attendees.get(eventId) ?? new Set<string>();
    for (const g of built.good) set.add(g);
    m.attendees.set(eventId, set);
  }
  toString() {
    const rows = this.rows.map((p) => `a${p.j}:${p.mail === 2 ? '-' : `m${p.mail}`}${p.bad === 'no' ? '' : `!${p.bad}`}`).join(' ');
    return `Import(e${this.e}, ${this.variant}${this.variant === 'replayed' || this.variant === 'conflicting' ? ` k${this.k}` : ''}, [${rows}])`;
  }
}

type RunMode = 'fresh' | 'replay' | 'conflict';

class StartRun extends Cmd {
  constructor(
    readonly op: 'enrichAttendees' | 'runMatching',
    readonly e: number,
    readonly mode: RunMode,
    readonly k: number,
  ) {
    super();
  }
  override check(m: Readonly<Model>) {
    return this.mode === 'fresh' || [...m.keys.values()].some((k) => k.op === this.op);
  }
  async act(m: Model, r: Real) {
    if (this.mode !== 'fresh') {
      const keys = [...m.keys.entries()].filter(([, k]) => k.op === this.op);
      const [key, use] = at(keys, this.k);
      if (this.mode === 'replay') {
        const res = await r.client.call(this.op, { params: { event_id: use.eventId }, body: use.body });
        noteRun(r, res, this.op, use.eventId, `replayed ${KIND[this.op]} (key ${key})`, use.runId);
        return;
      }
      // The same key, operation and event with another payload (a webhook_url added or changed).
      const body = { ...use.body, webhook_url: `https://example.com/hooks/${this.k}-${String(use.body.webhook_url ?? 'none').length}` };
      const res = await r.client.call(this.op, { params: { event_id: use.eventId }, body });
      expectEqual(
        'IDEM-05',
        `${KIND[this.op]} reusing key ${key} with a different payload must be rejected with 409 ${CONFLICT}`,
        [res.status, res.body?.code],
        [409, CONFLICT],
      );
      return;
    }
    const eventId = at(m.events, this.e);
    const key = r.key();
    const body = { idempotency_key: key };
    // MATCH-03 is predicted only when every earlier run of the event was seen terminal.
    const earlierDone = m.runs.filter((x) => x.eventId === eventId).every((x) => x.terminal !== null);
    const expected = this.op === 'runMatching' && earlierDone && (m.attendees.get(eventId)?.size ?? 0) < 2 ? 'failed' : null;
    const res = await r.client.call(this.op, { params: { event_id: eventId }, body });
    const id = noteRun(r, res, this.op, eventId, `${KIND[this.op]} of ${eventId}`, null);
    m.runs.push({ id, op: this.op, eventId, expected, failingRows: [], terminal: null, seenTerminalAt: 0, rechecked: 0 });
    m.keys.set(key, { op: this.op, eventId, body, runId: id });
  }
  toString() {
    return `${this.op === 'enrichAttendees' ? 'Enrich' : 'Match'}(${this.mode === 'fresh' ? `e${this.e}` : `${this.mode} k${this.k}`})`;
  }
}

class Poll extends Cmd {
  constructor(readonly i: number) {
    super();
  }
  override check(m: Readonly<Model>) {
    return m.runs.length > 0;
  }
  async act(m: Model, r: Real) {
    const run = at(m.runs, this.i);
    if (run.terminal === null) {
      await settle(r, run);
      return;
    }
    // Seen terminal before: read it again once it had time to change, and require it unchanged.
    await recheckTerminal(r, run, 'polled again');
  }
  toString() {
    return `Poll(r${this.i})`;
  }
}

class ListAttendees extends Cmd {
  constructor(
    readonly e: number,
    readonly limit: number,
  ) {
    super();
  }
  async act(m: Model, r: Real) {
    const eventId = at(m.events, this.e);
    await settleEvent(m, r, eventId);
    const expected = [...(m.attendees.get(eventId) ?? [])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const got: string[] = [];
    for await (const { res, n: page } of cursorPages(lister(r.reader, 'listAttendees', { event_id: eventId }), { limit: this.limit })) {
      expectStatus('PAGE-01', `listAttendees page ${page}`, res, 200);
      expectThat('PAGE-01', `page ${page} holds more than limit ${this.limit}`, res.body.items.length <= this.limit);
      got.push(...(res.body.items as { attendee_id: string }[]).map((a) => a.attendee_id));
      if (res.body.next_cursor === null) break;
      expectThat('PAGE-01', `listAttendees of ${eventId} does not end after ${page} pages of ${this.limit}`, page <= expected.length + 2);
    }
    const dup = got.filter((id, i) => got.indexOf(id) !== i);
    const what = `${expected.length} attendees of ${eventId} walked with limit ${this.limit}`;
    expectEqual('PAGE-01', `${what}: served more than once`, dup, []);
    expectEqual(
      'PAGE-01',
      `${what}: never served`,
      expected.filter((id) => !got.includes(id)),
      [],
    );
    expectEqual('ATT-01', `${what}: exactly the imported rows that did not fail, by attendee_id`, got, expected);
  }
  toString() {
    return `ListAttendees(e${this.e}, limit ${this.limit})`;
  }
}

type MapTarget = 'event' | 'session' | 'attendee' | 'unknown';

class IdMap extends Cmd {
  constructor(
    readonly target: MapTarget,
    readonly i: number,
  ) {
    super();
  }
  override check(m: Readonly<Model>) {
    if (this.target === 'session') return m.sessions.length > 0;
    if (this.target === 'attendee') return [...m.attendees.values()].some((s) => s.size > 0);
    return true;
  }
  async act(m: Model, r: Real) {
    if (this.target === 'unknown') {
      const res = await r.reader.call('getIdMapping', { params: { kind: 'event', partner_id: r.fresh('never') } });
      expectEqual('IDMAP-02', 'an ID mapped nowhere', [res.status, res.body?.code], [404, PARTNER_ID_NOT_FOUND]);
      return;
    }
    let id: string;
    if (this.target === 'event') id = at(m.events, this.i);
    else if (this.target === 'session') id = at(m.sessions, this.i).sessionId;
    else {
      const pairs = [...m.attendees.entries()].flatMap(([e, s]) => [...s].map((a) => [e, a] as const));
      const [eventId, attendeeId] = at(pairs, this.i);
      await settleEvent(m, r, eventId);
      id = attendeeId;
    }
    const res = await r.reader.call('getIdMapping', { params: { kind: this.target, partner_id: id } });
    expectEqual(
      'IDMAP-01',
      `id-map of the ${this.target} ${id}`,
      [res.status, res.body?.kind, res.body?.partner_id, res.body?.mapped],
      [200, this.target, id, true],
    );
  }
  toString() {
    return `IdMap(${this.target}${this.target === 'unknown' ? '' : ` #${this.i}`})`;
  }
}

/** Org B reads every kind of org A object the model knows (one of each, picked by `i`). */
class CrossOrgRead extends Cmd {
  constructor(readonly i: number) {
    super();
  }
  override check(m: Readonly<Model>) {
    return m.orgB;
  }
  async act(m: Model, r: Real) {
    const b = r.orgB!;
    const reads: { what: string; op: string; params: Record<string, string>; want: string }[] = [];
    const eventId = at(m.events, this.i);
    reads.push({ what: 'event', op: 'getEvent', params: { event_id: eventId }, want: EVENT_NOT_FOUND });
    reads.push({ what: 'id-map entry', op: 'getIdMapping', params: { kind: 'event', partner_id: eventId }, want: PARTNER_ID_NOT_FOUND });
    if (m.sessions.length) {
      const s = at(m.sessions, this.i);
      reads.push({ what: 'session', op: 'getSession', params: { event_id: s.eventId, session_id: s.sessionId }, want: EVENT_NOT_FOUND });
    }
    if (m.runs.length) reads.push({ what: 'run', op: 'getRun', params: { run_id: at(m.runs, this.i).id }, want: RUN_NOT_FOUND });
    const pairs = [...m.attendees.entries()].flatMap(([e, s]) => [...s].map((a) => [e, a] as const));
    if (pairs.length) {
      const [e, a] = at(pairs, this.i);
      reads.push({ what: 'attendee', op: 'getAttendee', params: { event_id: e, attendee_id: a }, want: EVENT_NOT_FOUND });
    }
    for (const read of reads) {
      const res = await b.call(read.op, { params: read.params });
      expectEqual(
        'ISO-01',
        `org B reading org A's ${read.what} (${read.op}) must be not found, like a read of nothing`,
        [res.status, res.body?.code],
        [404, read.want],
      );
    }
  }
  toString() {
    return `CrossOrgRead(#${this.i})`;
  }
}

interface Review {
  review_id: string;
  scope: string;
  event_id: string | null;
  attendee_id: string;
  candidates: { event_id: string; attendee_id: string }[];
}

class ListReviews extends Cmd {
  async act(m: Model, r: Real) {
    await settleEvent(m, r, null);
    const mine = new Set(m.events);
    const walkQueue = async (op: string, params: Record<string, string>): Promise<Review[]> => {
      const out: Review[] = [];
      for await (const { res, n } of cursorPages(lister(r.reader, op, params), { limit: contract.limits.pageLimitMax!, maxPages: 50 })) {
        expectStatus('REV-02', `${op} page ${n}`, res, 200);
        out.push(...(res.body.items as Review[]));
      }
      return out;
    };
    const involvesMine = (rv: Review) => (rv.event_id !== null && mine.has(rv.event_id)) || rv.candidates.some((c) => mine.has(c.event_id));
    const where = new Map<string, string[]>();
    const note = (rv: Review, queue: string) => where.set(rv.review_id, [...(where.get(rv.review_id) ?? []), queue]);
    const orgQueue = (await walkQueue('listOrgReviewQueue', {})).filter(involvesMine);
    for (const rv of orgQueue) note(rv, 'org');
    const eventQueues: [string, Review[]][] = [];
    for (const e of m.events) {
      const items = await walkQueue('listEventReviewQueue', { event_id: e });
      eventQueues.push([e, items]);
      for (const rv of items) note(rv, `event ${e}`);
    }
    for (const [id, queues] of where) expectEqual('REV-02', `review ${id} must sit in exactly one queue`, queues?.length, 1);
    for (const rv of orgQueue) expectEqual('REV-01', `review ${rv.review_id} in the org-wide queue has scope org`, rv.scope, 'org');
    for (const [e, items] of eventQueues)
      for (const rv of items) expectEqual('REV-01', `review ${rv.review_id} in the queue of ${e}`, [rv.scope, rv.event_id], ['event', e]);
  }
  toString() {
    return 'ListReviews()';
  }
}

// ---------------------------------------------------------------------------------------------
// Arbitraries of commands

const rowPlans = fc.uniqueArray(
  fc.record({ j: fc.nat(7), mail: fc.nat(2), bad: fc.constantFrom<RowPlan['bad']>('no', 'no', 'no', 'name', 'email') }),
  { selector: (p) => p.j, minLength: 1, maxLength: 5 },
);

function commandArbitraries(): fc.Arbitrary<Cmd>[] {
  const importArb = fc
    .tuple(
      fc.nat(3),
      fc.constantFrom<ImportVariant>('valid', 'valid', 'partial', 'duplicate', 'replayed', 'conflicting'),
      rowPlans,
      fc.nat(7),
    )
    .map(([e, v, rows, k]) => new Import(e, v, rows, k));
  return [
    fc.tuple(fc.boolean(), fc.nat(3)).map(([dup, e]) => new CreateEvent(dup && e % 3 === 0, e)),
    fc.nat(3).map((e) => new CreateSession(e)),
    fc.tuple(fc.nat(7), fc.nat(9)).map(([s, n]) => new UpdateSession(s, n)),
    fc.tuple(fc.nat(3), fc.subarray([...CONTEXT_FIELDS], { minLength: 1 }), fc.nat(9)).map(([e, f, n]) => new SetContext(e, f, n)),
    importArb,
    importArb,
    fc
      .tuple(fc.nat(3), fc.constantFrom<RunMode>('fresh', 'fresh', 'replay', 'conflict'), fc.nat(7))
      .map(([e, mode, k]) => new StartRun('enrichAttendees', e, mode, k)),
    fc
      .tuple(fc.nat(3), fc.constantFrom<RunMode>('fresh', 'fresh', 'replay', 'conflict'), fc.nat(7))
      .map(([e, mode, k]) => new StartRun('runMatching', e, mode, k)),
    fc.nat(15).map((i) => new Poll(i)),
    fc.nat(15).map((i) => new Poll(i)),
    fc
      .tuple(fc.nat(3), fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 2, max: 3 }) }, { weight: 1, arbitrary: validLimit(6) }))
      .map(([e, l]) => new ListAttendees(e, l)),
    fc.tuple(fc.constantFrom<MapTarget>('event', 'session', 'attendee', 'unknown'), fc.nat(7)).map(([t, i]) => new IdMap(t, i)),
    fc.nat(7).map((i) => new CrossOrgRead(i)),
    fc.constant(new ListReviews()),
  ];
}

// ---------------------------------------------------------------------------------------------

test(
  ...proves(
    'IDEM-03',
    'RUN-03',
    'PAGE-01',
    'ISO-01',
    'IMP-04',
    'REV-02',
    'IDEM-05',
    'IMP-05',
    'ATT-01',
    'IDMAP-01',
    'MATCH-03',
    'CTX-01',
    'EVT-02',
    'SES-01',
  ),
  async ({ props, target }) => {
    const { client, reader, ns, budget } = props;
    // A passing model run takes seconds; a failing one is shrunk by re-running sequences of up to
    // maxCommands commands against the target, which needs more room than a plain property.
    test.setTimeout(Math.max(test.info().timeout, budget.testTimeoutMs * 2.5));
    const orgB = target.keys.orgB ? props.keyed('orgB') : null;
    // size 'max': sequence lengths spread over 0..maxCommands (default 50: three in five reach 20+).
    const commands = fc.commands(commandArbitraries(), { maxCommands: budget.maxCommands, size: 'max', replayPath: replayPathFromEnv() });
    let sequences = 0;
    let longest = 0;
    await props.run(
      'model-based sequences: the model decides every answer; run counts, terminal runs and review queues stay consistent',
      fc.asyncProperty(commands, async (cmds) => {
        sequences++;
        const setup = async () => {
          const tag = ns.id('m');
          const model: Model = {
            orgB: orgB !== null,
            events: [],
            sessions: [],
            context: new Map(),
            attendees: new Map(),
            keys: new Map(),
            runs: [],
          };
          const real: Real = {
            client,
            reader,
            orgB,
            tag,
            fresh: (l) => ns.id(l),
            key: () => ns.idempotencyKey('model'),
            settleMs: budget.terminalSettleMs,
            seen: new Set(),
          };
          for (let i = 0; i < 2; i++) {
            const id = ns.id('mev');
            await client.setup.call('createEvent', { body: { event_id: id, title: 'model event' } });
            model.events.push(id);
            model.attendees.set(id, new Set());
          }
          return { model, real };
        };
        await fc.asyncModelRun(setup, cmds);
        longest = Math.max(longest, [...cmds].length);
      }),
      // Tried first: an import, its replay and a cross-org read of what they made, so the faults
      // these commands exist for (a replay starting a new run, org B reading org A's event or run)
      // are met whatever the seed draws.
      {
        numRuns: 5,
        examples: [
          [
            [
              new Import(0, 'valid', [{ j: 0, mail: 0, bad: 'no' }], 0),
              new Import(0, 'replayed', [{ j: 0, mail: 0, bad: 'no' }], 0),
              new CrossOrgRead(0),
            ],
          ],
        ],
      },
    );
    test
      .info()
      .annotations.push({
        type: 'model',
        description: `${sequences} sequences, longest ${longest} commands (maxCommands ${budget.maxCommands})`,
      });
  },
);

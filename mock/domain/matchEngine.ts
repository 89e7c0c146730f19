// The matching engine: deterministic TF-IDF cosine similarity between attendees, plus a bonus for
// shared sessions, clamped to [0, 1], top K per attendee.
//
// Built for thousands of attendees: every attendee is a sparse unit vector; an inverted index
// (term → postings, CSR typed arrays) accumulates the dot products of each pair once (a < b) into
// one reused Float64Array, and each attendee keeps its K best in a bounded heap (flat typed
// arrays, N·K entries). Nothing is O(N²) in memory. The served text (`reasons`) is computed only
// for the kept pairs.

import type { AttendeeRecord, ContextRecord, MatchRecord } from '../store';
import { compareStrings, normalise, rawLeaves, tokens } from './text';

export interface MatchInput {
  readonly attendees: readonly AttendeeRecord[];
  readonly context: ContextRecord | null;
  readonly topK: number;
  readonly runId: string;
  /** Only for the match-nondeterministic fault: noise added to every raw score. */
  readonly jitter?: (() => number) | null;
}

/** Weight multiplier of a term that also appears in the event's objectives or details. */
const CONTEXT_BOOST = 1.5;
/** Score bonus per shared session, and the most it can add. */
const SESSION_BONUS = 0.05;
const SESSION_BONUS_MAX = 0.2;
/** Scores are served rounded to 1/SCALE (ordering uses the rounded value). */
const SCALE = 10_000;
const HALF_STEP = 0.5 / SCALE;
const MAX_REASONS = 3;
/** Terms with a smaller idf (present in over ~95% of attendees) are ignored. */
const MIN_IDF = 0.05;

interface Doc {
  /** Term ids, ascending. */
  readonly terms: Int32Array;
  /** Unit-normalised TF-IDF weights, parallel to terms. */
  readonly weights: Float64Array;
  readonly sessions: readonly string[];
  readonly company: string;
}

export function round(score: number): number {
  return Math.round(score * SCALE) / SCALE;
}

function docText(a: AttendeeRecord): string[] {
  const out: string[] = [];
  out.push(...tokens(a.title));
  out.push(...tokens(a.company));
  for (const interest of a.enrichment.interests) out.push(...tokens(interest));
  for (const leaf of rawLeaves(a.raw)) out.push(...tokens(leaf));
  return out;
}

/** Scores for every attendee against every other, top K each, in served order. */
export function computeMatches(input: MatchInput): MatchRecord[] {
  const attendees = [...input.attendees].sort((x, y) => compareStrings(x.attendee_id, y.attendee_id));
  const n = attendees.length;
  const k = Math.max(0, Math.min(input.topK, n - 1));
  if (n < 2 || k === 0) return [];
  const vocabulary = vocabularyOf(attendees);
  const docs = unitDocs(attendees, vocabulary, contextTermsOf(input.context, vocabulary.termIds));
  const index = invertedIndex(docs, vocabulary.termNames.length);
  const sessions = sessionIndex(docs);
  const heaps = new TopK(n, k);
  scorePairs(docs, index, sessions, heaps, input.jitter ?? null);
  return servedRows(attendees, docs, sessions.docSessions, heaps, vocabulary.termNames, input.runId);
}

interface Vocabulary {
  readonly termIds: Map<string, number>;
  readonly termNames: string[];
  /** Document frequency per term id. */
  readonly df: number[];
  /** Term frequencies per attendee. */
  readonly rawDocs: Map<number, number>[];
}

/** Vocabulary and document frequency. */
function vocabularyOf(attendees: readonly AttendeeRecord[]): Vocabulary {
  const termIds = new Map<string, number>();
  const termNames: string[] = [];
  const df: number[] = [];
  const rawDocs: Map<number, number>[] = [];
  for (const a of attendees) {
    const tf = new Map<number, number>();
    for (const word of docText(a)) {
      let id = termIds.get(word);
      if (id === undefined) {
        id = termNames.length;
        termIds.set(word, id);
        termNames.push(word);
        df.push(0);
      }
      tf.set(id, (tf.get(id) ?? 0) + 1);
    }
    for (const id of tf.keys()) df[id] = (df[id] ?? 0) + 1;
    rawDocs.push(tf);
  }
  return { termIds, termNames, df, rawDocs };
}

/** Term ids of the event's objectives and details (boosted). */
function contextTermsOf(context: ContextRecord | null, termIds: ReadonlyMap<string, number>): Set<number> {
  const out = new Set<number>();
  if (context) {
    for (const word of [...tokens(context.objectives), ...tokens(context.event_details)]) {
      const id = termIds.get(word);
      if (id !== undefined) out.add(id);
    }
  }
  return out;
}

/** Sparse unit vectors. */
function unitDocs(attendees: readonly AttendeeRecord[], v: Vocabulary, contextTerms: ReadonlySet<number>): Doc[] {
  const n = attendees.length;
  return v.rawDocs.map((tf, i) => {
    const ids = [...tf.keys()].sort((x, y) => x - y);
    let norm = 0;
    // idf = ln((N + 1) / df). A term (nearly) every attendee has carries almost no information:
    // below MIN_IDF it is dropped, so it does not make every attendee touch every other one.
    const kept: number[] = [];
    const keptWeights: number[] = [];
    for (const id of ids) {
      const idf = Math.log((n + 1) / (v.df[id] ?? n));
      if (idf < MIN_IDF) continue;
      let w = (1 + Math.log(tf.get(id) ?? 1)) * idf;
      if (contextTerms.has(id)) w *= CONTEXT_BOOST;
      kept.push(id);
      keptWeights.push(w);
      norm += w * w;
    }
    norm = Math.sqrt(norm);
    const terms = Int32Array.from(kept);
    const weights = Float64Array.from(keptWeights, (w) => (norm > 0 ? w / norm : 0));
    const a = attendees[i]!;
    return { terms, weights, sessions: [...new Set(a.session_ids)].sort(compareStrings), company: normalise(a.company) };
  });
}

/** Inverted index in CSR form: term t's postings are [start[t], start[t + 1]), docs ascending. */
interface InvertedIndex {
  readonly start: Int32Array;
  readonly postDoc: Int32Array;
  readonly postW: Float64Array;
}

function invertedIndex(docs: readonly Doc[], termCount: number): InvertedIndex {
  const start = new Int32Array(termCount + 1);
  for (const d of docs) for (let j = 0; j < d.terms.length; j++) start[d.terms[j]! + 1]!++;
  for (let t = 0; t < termCount; t++) start[t + 1] = start[t + 1]! + start[t]!;
  const postDoc = new Int32Array(start[termCount]!);
  const postW = new Float64Array(start[termCount]!);
  const fill = Int32Array.from(start.subarray(0, termCount));
  docs.forEach((d, i) => {
    for (let j = 0; j < d.terms.length; j++) {
      const at = fill[d.terms[j]!]!++;
      postDoc[at] = i;
      postW[at] = d.weights[j]!;
    }
  });
  return { start, postDoc, postW };
}

/** Sessions by id: the docs attending each (ascending), and each doc's session ids. */
interface SessionIndex {
  readonly sessionLists: number[][];
  readonly docSessions: Int32Array[];
}

function sessionIndex(docs: readonly Doc[]): SessionIndex {
  const sessionIds = new Map<string, number>();
  const sessionLists: number[][] = [];
  const docSessions: Int32Array[] = docs.map((d, i) =>
    Int32Array.from(d.sessions, (s) => {
      let id = sessionIds.get(s);
      if (id === undefined) {
        id = sessionLists.length;
        sessionIds.set(s, id);
        sessionLists.push([]);
      }
      sessionLists[id]!.push(i);
      return id;
    }),
  );
  return { sessionLists, docSessions };
}

/** Per attendee, a bounded heap of its k best (score desc, index asc) with its worst at the root (flat typed arrays, N·K entries). */
class TopK {
  readonly idx: Int32Array;
  readonly score: Float64Array;
  readonly size: Int32Array;

  constructor(
    n: number,
    readonly k: number,
  ) {
    this.idx = new Int32Array(n * k);
    this.score = new Float64Array(n * k);
    this.size = new Int32Array(n);
  }

  /** Whether `b` with `score` would enter `owner`'s heap (cheap rejection before offer). */
  admits(owner: number, b: number, score: number): boolean {
    const base = owner * this.k;
    return this.size[owner]! < this.k || score > this.score[base]! || (score === this.score[base] && b < this.idx[base]!);
  }

  offer(owner: number, b: number, score: number): void {
    const { k, idx, score: sc, size: sizes } = this;
    const base = owner * k;
    const size = sizes[owner]!;
    if (size < k) {
      idx[base + size] = b;
      sc[base + size] = score;
      sizes[owner] = size + 1;
      for (let i = size; i > 0;) {
        const parent = (i - 1) >> 1;
        if (!this.worse(base, i, parent)) break;
        this.swap(base, i, parent);
        i = parent;
      }
      return;
    }
    const rootScore = sc[base]!;
    if (score < rootScore || (score === rootScore && b > idx[base]!)) return;
    idx[base] = b;
    sc[base] = score;
    for (let i = 0; ;) {
      const l = 2 * i + 1,
        r = l + 1;
      let m = i;
      if (l < k && this.worse(base, l, m)) m = l;
      if (r < k && this.worse(base, r, m)) m = r;
      if (m === i) break;
      this.swap(base, i, m);
      i = m;
    }
  }

  private worse(base: number, i: number, j: number): boolean {
    const sc = this.score;
    return sc[base + i]! < sc[base + j]! || (sc[base + i] === sc[base + j] && this.idx[base + i]! > this.idx[base + j]!);
  }

  private swap(base: number, i: number, j: number): void {
    const { idx, score } = this;
    const ti = idx[base + i]!;
    idx[base + i] = idx[base + j]!;
    idx[base + j] = ti;
    const ts = score[base + i]!;
    score[base + i] = score[base + j]!;
    score[base + j] = ts;
  }
}

/** Every pair is scored once (a < b) and offered to both attendees' bounded heaps. */
function scorePairs(docs: readonly Doc[], index: InvertedIndex, sessions: SessionIndex, heaps: TopK, jitter: (() => number) | null): void {
  const n = docs.length;
  const { k } = heaps;
  const { start, postDoc, postW } = index;
  const { sessionLists, docSessions } = sessions;
  const dot = new Float64Array(n);
  const shared = new Uint32Array(n);
  const seen = new Uint8Array(n);
  const touched = new Int32Array(n);
  // next[t]: the first posting of term t whose doc is > the current attendee (moves forward only).
  const next = Int32Array.from(start.subarray(0, start.length - 1));
  const sessionNext = new Int32Array(sessionLists.length);

  for (let a = 0; a < n; a++) {
    const d = docs[a]!;
    let touchedCount = 0;
    for (let j = 0; j < d.terms.length; j++) {
      const t = d.terms[j]!;
      const w = d.weights[j]!;
      // a itself is the first remaining posting of each of its terms: skip it, then every later doc.
      const from = ++next[t]!;
      const to = start[t + 1]!;
      for (let p = from; p < to; p++) {
        const b = postDoc[p]!;
        if (!seen[b]) {
          seen[b] = 1;
          touched[touchedCount++] = b;
        }
        dot[b] = dot[b]! + w * postW[p]!;
      }
    }
    const mine = docSessions[a]!;
    for (let j = 0; j < mine.length; j++) {
      const s = mine[j]!;
      const list = sessionLists[s]!;
      const from = ++sessionNext[s]!;
      for (let p = from; p < list.length; p++) {
        const b = list[p]!;
        if (!seen[b]) {
          seen[b] = 1;
          touched[touchedCount++] = b;
        }
        shared[b] = shared[b]! + 1;
      }
    }
    const baseA = a * k;
    for (let i = 0; i < touchedCount; i++) {
      const b = touched[i]!;
      const sharedCount = shared[b]!;
      let raw = dot[b]! + (sharedCount === 0 ? 0 : Math.min(SESSION_BONUS_MAX, SESSION_BONUS * sharedCount));
      if (jitter !== null) raw += jitter();
      dot[b] = 0;
      shared[b] = 0;
      seen[b] = 0;
      // Most pairs cannot enter either full heap: skip them before rounding.
      const baseB = b * k;
      if (heaps.size[a] === k && heaps.size[b] === k && raw + HALF_STEP < heaps.score[baseA]! && raw + HALF_STEP < heaps.score[baseB]!)
        continue;
      const score = raw >= 1 ? 1 : raw <= 0 ? 0 : Math.round(raw * SCALE) / SCALE;
      if (score <= 0) continue;
      // Cheap rejections first: most pairs do not beat a full heap's worst entry.
      if (heaps.admits(a, b, score)) heaps.offer(a, b, score);
      if (heaps.admits(b, a, score)) heaps.offer(b, a, score);
    }
  }
}

function sharedSessionCount(x: Int32Array, y: Int32Array): number {
  let c = 0;
  for (let i = 0; i < x.length; i++) if (y.includes(x[i]!)) c++;
  return c;
}

/** Each attendee's kept pairs (topped up with zero scores to k), in served order: score desc, then attendee_id, then matched_attendee_id. */
function servedRows(
  attendees: readonly AttendeeRecord[],
  docs: readonly Doc[],
  docSessions: readonly Int32Array[],
  heaps: TopK,
  termNames: readonly string[],
  runId: string,
): MatchRecord[] {
  const n = attendees.length;
  const { k } = heaps;
  const picked = new Uint8Array(n);
  const out: MatchRecord[] = [];
  const outRow: number[] = [];
  const outCol: number[] = [];
  for (let a = 0; a < n; a++) {
    const base = a * k;
    const size = heaps.size[a]!;
    const row: { b: number; score: number }[] = [];
    for (let i = 0; i < size; i++) row.push({ b: heaps.idx[base + i]!, score: heaps.score[base + i]! });
    row.sort((x, y) => y.score - x.score || x.b - y.b);
    // Fewer than k positive scores: fill with zero-score attendees in attendee_id order.
    for (const r of row) picked[r.b] = 1;
    for (let b = 0; row.length < k && b < n; b++) if (b !== a && !picked[b]) row.push({ b, score: 0 });
    for (const r of row) picked[r.b] = 0;
    row.forEach((r, i) => {
      out.push({
        attendee_id: attendees[a]!.attendee_id,
        matched_attendee_id: attendees[r.b]!.attendee_id,
        score: r.score,
        rank: i + 1,
        reasons: reasons(docs[a]!, docs[r.b]!, sharedSessionCount(docSessions[a]!, docSessions[r.b]!), termNames, attendees[a]!.company),
        run_id: runId,
      });
      outRow.push(a);
      outCol.push(r.b);
    });
  }
  // Indices follow id order, so sorting by them sorts by the ids.
  const order = out.map((_, i) => i);
  order.sort((i, j) => out[j]!.score - out[i]!.score || outRow[i]! - outRow[j]! || outCol[i]! - outCol[j]!);
  return order.map((i) => out[i]!);
}

/** Short human-readable rationales for one pair. */
function reasons(a: Doc, b: Doc, sharedSessions: number, termNames: readonly string[], company: string | null): string[] {
  const out: string[] = [];
  if (a.company !== '' && a.company === b.company) out.push(`Same company: ${(company ?? '').trim().slice(0, 60)}`);
  const common: { term: string; w: number }[] = [];
  for (let i = 0, j = 0; i < a.terms.length && j < b.terms.length;) {
    const ti = a.terms[i]!,
      tj = b.terms[j]!;
    if (ti === tj) {
      const term = termNames[ti]!;
      if (!/^\d+$/.test(term)) common.push({ term, w: a.weights[i]! * b.weights[j]! });
      i++;
      j++;
    } else if (ti < tj) i++;
    else j++;
  }
  if (common.length > 0) {
    common.sort((x, y) => y.w - x.w || compareStrings(x.term, y.term));
    out.push(
      `Shared topics: ${common
        .slice(0, 3)
        .map((c) => c.term)
        .join(', ')}`,
    );
  }
  if (sharedSessions > 0) out.push(sharedSessions === 1 ? 'Attending 1 common session' : `Attending ${sharedSessions} common sessions`);
  if (out.length === 0) out.push('No strong overlap');
  return out.slice(0, MAX_REASONS);
}

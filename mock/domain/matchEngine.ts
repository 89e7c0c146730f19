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

  // Vocabulary and document frequency.
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
  const contextTerms = new Set<number>();
  if (input.context) {
    for (const word of [...tokens(input.context.objectives), ...tokens(input.context.event_details)]) {
      const id = termIds.get(word);
      if (id !== undefined) contextTerms.add(id);
    }
  }

  // Sparse unit vectors.
  const docs: Doc[] = rawDocs.map((tf, i) => {
    const ids = [...tf.keys()].sort((x, y) => x - y);
    let norm = 0;
    // idf = ln((N + 1) / df). A term (nearly) every attendee has carries almost no information:
    // below MIN_IDF it is dropped, so it does not make every attendee touch every other one.
    const kept: number[] = [];
    const keptWeights: number[] = [];
    for (const id of ids) {
      const idf = Math.log((n + 1) / (df[id] ?? n));
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

  // Inverted index in CSR form: term t's postings are [start[t], start[t + 1]), docs ascending.
  const termCount = termNames.length;
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

  // Every pair is scored once (a < b) and offered to both attendees' bounded heaps. A heap keeps
  // the k best (score desc, index asc) with its worst at the root.
  const heapIdx = new Int32Array(n * k);
  const heapScore = new Float64Array(n * k);
  const heapSize = new Int32Array(n);
  const worse = (base: number, i: number, j: number): boolean =>
    heapScore[base + i]! < heapScore[base + j]! || (heapScore[base + i] === heapScore[base + j] && heapIdx[base + i]! > heapIdx[base + j]!);
  const swap = (base: number, i: number, j: number): void => {
    const ti = heapIdx[base + i]!; heapIdx[base + i] = heapIdx[base + j]!; heapIdx[base + j] = ti;
    const ts = heapScore[base + i]!; heapScore[base + i] = heapScore[base + j]!; heapScore[base + j] = ts;
  };
  const offer = (owner: number, b: number, score: number): void => {
    const base = owner * k;
    const size = heapSize[owner]!;
    if (size < k) {
      heapIdx[base + size] = b;
      heapScore[base + size] = score;
      heapSize[owner] = size + 1;
      for (let i = size; i > 0;) {
        const parent = (i - 1) >> 1;
        if (!worse(base, i, parent)) break;
        swap(base, i, parent);
        i = parent;
      }
      return;
    }
    const rootScore = heapScore[base]!;
    if (score < rootScore || (score === rootScore && b > heapIdx[base]!)) return;
    heapIdx[base] = b;
    heapScore[base] = score;
    for (let i = 0; ;) {
      const l = 2 * i + 1, r = l + 1;
      let m = i;
      if (l < k && worse(base, l, m)) m = l;
      if (r < k && worse(base, r, m)) m = r;
      if (m === i) break;
      swap(base, i, m);
      i = m;
    }
  };

  const jitter = input.jitter ?? null;
  const dot = new Float64Array(n);
  const shared = new Uint32Array(n);
  const seen = new Uint8Array(n);
  const touched = new Int32Array(n);
  // next[t]: the first posting of term t whose doc is > the current attendee (moves forward only).
  const next = Int32Array.from(start.subarray(0, termCount));
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
        if (!seen[b]) { seen[b] = 1; touched[touchedCount++] = b; }
        dot[b] = dot[b]! + w * postW[p]!;
      }
    }
    const sessions = docSessions[a]!;
    for (let j = 0; j < sessions.length; j++) {
      const s = sessions[j]!;
      const list = sessionLists[s]!;
      const from = ++sessionNext[s]!;
      for (let p = from; p < list.length; p++) {
        const b = list[p]!;
        if (!seen[b]) { seen[b] = 1; touched[touchedCount++] = b; }
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
      if (heapSize[a] === k && heapSize[b] === k && raw + HALF_STEP < heapScore[baseA]! && raw + HALF_STEP < heapScore[baseB]!) continue;
      const score = raw >= 1 ? 1 : raw <= 0 ? 0 : Math.round(raw * SCALE) / SCALE;
      if (score <= 0) continue;
      // Cheap rejections first: most pairs do not beat a full heap's worst entry.
      if (heapSize[a]! < k || score > heapScore[baseA]! || (score === heapScore[baseA] && b < heapIdx[baseA]!)) offer(a, b, score);
      if (heapSize[b]! < k || score > heapScore[baseB]! || (score === heapScore[baseB] && a < heapIdx[baseB]!)) offer(b, a, score);
    }
  }

  const picked = new Uint8Array(n);
  const out: MatchRecord[] = [];
  const outRow: number[] = [];
  const outCol: number[] = [];
  const sharedSessions = (x: Int32Array, y: Int32Array): number => {
    let c = 0;
    for (let i = 0; i < x.length; i++) if (y.includes(x[i]!)) c++;
    return c;
  };

  for (let a = 0; a < n; a++) {
    const d = docs[a]!;
    const base = a * k;
    const size = heapSize[a]!;
    const row: { b: number; score: number }[] = [];
    for (let i = 0; i < size; i++) row.push({ b: heapIdx[base + i]!, score: heapScore[base + i]! });
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
        reasons: reasons(d, docs[r.b]!, sharedSessions(docSessions[a]!, docSessions[r.b]!), termNames, attendees[a]!.company),
        run_id: input.runId,
      });
      outRow.push(a);
      outCol.push(r.b);
    });
  }

  // Served order: score desc, then attendee_id, then matched_attendee_id (indices follow id order).
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
    const ti = a.terms[i]!, tj = b.terms[j]!;
    if (ti === tj) {
      const term = termNames[ti]!;
      if (!/^\d+$/.test(term)) common.push({ term, w: a.weights[i]! * b.weights[j]! });
      i++; j++;
    }
    else if (ti < tj) i++;
    else j++;
  }
  if (common.length > 0) {
    common.sort((x, y) => y.w - x.w || compareStrings(x.term, y.term));
    out.push(`Shared topics: ${common.slice(0, 3).map((c) => c.term).join(', ')}`);
  }
  if (sharedSessions > 0) out.push(sharedSessions === 1 ? 'Attending 1 common session' : `Attending ${sharedSessions} common sessions`);
  if (out.length === 0) out.push('No strong overlap');
  return out.slice(0, MAX_REASONS);
}

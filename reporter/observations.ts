// Observations: a compact summary of what the target did during one run, accumulated from every
// call record as the reporter reads it (reporter/collect.ts) and written as observations.json next
// to the report. `npm run evidence` compares them with the contract's provisional elements.
//
// Bounded and key-free by construction: no bodies and no values are kept — only field paths with
// their JSON types and string formats, header names, error codes, counts, a few correlation IDs
// per item, and the numbers limit probes revealed (page sizes, byte sizes, RateLimit-Policy,
// run durations). Every table has a fixed cap, so the size does not grow with the number of calls.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { contract, matchRoute, validator, type JsonSchema, type ParameterIndex } from '../contract';
import type { FullRecord, RunProvenance } from './types';

export const OBSERVATIONS_FILE = 'observations.json';
/** 2: the run's provenance, body-field codes, and body sizes counted only where the limit decided. */
export const OBSERVATIONS_VERSION = 2;

/** Caps that keep the file flat however many calls a run makes. */
const MAX_EXAMPLES = 3;
const MAX_FIELDS = 160;
const MAX_FIELD_DEPTH = 4;
const MAX_HEADERS = 40;
const MAX_CODES = 24;
const MAX_VALUES = 16;

/** A count with a few example correlation IDs. */
export interface Seen {
  count: number;
  examples: string[];
}

export interface FieldSeen {
  count: number;
  /** JSON type → count (`string`, `number`, `integer`, `boolean`, `null`, `object`, `array`). */
  types: Record<string, number>;
  /** String format recognised → count (`date-time`, `date`, `uri`, `email`, `uuid`). */
  formats: Record<string, number>;
  examples: string[];
}

export interface StatusSeen extends Seen {
  /** Paths like `items[].attendee_id`; `+` marks that the cap dropped more. */
  fields: Record<string, FieldSeen>;
  headers: Record<string, number>;
  codes: Record<string, Seen>;
  /** Bodies not parsed (truncated or not JSON). */
  unparsed: number;
}

export interface MinMax {
  count: number;
  min: number | null;
  max: number | null;
}

export interface Observations {
  version: number;
  run: {
    id: string | null;
    target: string;
    url: string | null;
    startedAt: string | null;
    finishedAt: string | null;
    provenance: RunProvenance | null;
  };
  exchanges: number;
  /** operationId (or `(route-not-found)`, `(method-not-allowed)`, `(options)`, `(head)`, `(outside)`) → status → what was seen. */
  operations: Record<string, Record<string, StatusSeen>>;
  /** `operationId.param` → `STATUS CODE` → seen: the answers to requests where this parameter alone broke its schema. */
  paramCodes: Record<string, Record<string, Seen>>;
  /** `operationId.field.case` (case: the JSON Schema keyword the field alone broke) → `STATUS CODE` → seen. */
  bodyCodes: Record<string, Record<string, Seen>>;
  limits: {
    /** Pages of list operations fetched without `limit`: sizes of full pages (next_cursor set) and the largest last page. */
    defaultPageSize: { full: Record<string, Seen>; largestLast: number | null };
    /** Integer `limit` values sent to list operations: accepted range and rejected values. */
    pageLimit: { accepted: MinMax; rejected: number[] };
    /** Request body sizes where the body limit decided: largest answered 2xx, smallest answered 413 (any other answer was decided by an earlier or later step). */
    bodyBytes: { largestAccepted: number | null; smallestRejected: number | null; rejected: Seen };
    /** RateLimit-Policy values seen → count. */
    rateLimitPolicies: Record<string, number>;
    /** Quota/window of the 429 answers' policies. */
    rateLimited: Record<string, Seen>;
    /** created_at → finished_at of terminal runs, ms. */
    runDurationMs: MinMax;
    /** Run statuses seen in run bodies → count. */
    runStatuses: Record<string, number>;
  };
}

function bump(table: Record<string, number>, key: string, cap = MAX_VALUES): void {
  if (key in table) table[key]!++;
  else if (Object.keys(table).length < cap) table[key] = 1;
}

function see(s: Seen, corr: string | null): void {
  s.count++;
  if (corr && s.examples.length < MAX_EXAMPLES && !s.examples.includes(corr)) s.examples.push(corr);
}

function seenIn(table: Record<string, Seen>, key: string, corr: string | null, cap: number): void {
  if (!(key in table)) {
    if (Object.keys(table).length >= cap) return;
    table[key] = { count: 0, examples: [] };
  }
  see(table[key]!, corr);
}

function minMax(m: MinMax, v: number): void {
  m.count++;
  m.min = m.min === null ? v : Math.min(m.min, v);
  m.max = m.max === null ? v : Math.max(m.max, v);
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

const FORMATS: readonly (readonly [string, RegExp])[] = [
  ['date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/],
  ['date', /^\d{4}-\d{2}-\d{2}$/],
  ['uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i],
  ['uri', /^https?:\/\/\S+$/],
  ['email', /^[^\s@]+@[^\s@]+\.[^\s@]+$/],
];

function formatOf(s: string): string | null {
  return FORMATS.find(([, re]) => re.test(s))?.[0] ?? null;
}

/** Does a raw query/path value fit the parameter's schema (the keywords the contract uses)? */
export function fitsParam(schema: JsonSchema, raw: string): boolean {
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.includes('integer') || types.includes('number')) {
    if (!/^-?\d+(?:\.\d+)?$/.test(raw)) return false;
    const n = Number(raw);
    if (types.includes('integer') && !types.includes('number') && !Number.isInteger(n)) return false;
    if (typeof schema.minimum === 'number' && n < schema.minimum) return false;
    if (typeof schema.maximum === 'number' && n > schema.maximum) return false;
    return true;
  }
  if (typeof schema.minLength === 'number' && [...raw].length < schema.minLength) return false;
  if (typeof schema.maxLength === 'number' && [...raw].length > schema.maxLength) return false;
  if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(raw)) return false;
  if (Array.isArray(schema.enum) && !schema.enum.includes(raw)) return false;
  return true;
}

function relativePath(pathname: string): string | null {
  for (const prefix of [contract.basePath, contract.aliasBasePath]) {
    if (pathname === prefix || pathname.startsWith(`${prefix}/`)) return pathname.slice(prefix.length);
  }
  return null;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export class ObservationAccumulator {
  private exchanges = 0;
  private readonly operations: Observations['operations'] = {};
  private readonly paramCodes: Observations['paramCodes'] = {};
  private readonly bodyCodes: Observations['bodyCodes'] = {};
  private readonly limits: Observations['limits'] = {
    defaultPageSize: { full: {}, largestLast: null },
    pageLimit: { accepted: { count: 0, min: null, max: null }, rejected: [] },
    bodyBytes: { largestAccepted: null, smallestRejected: null, rejected: { count: 0, examples: [] } },
    rateLimitPolicies: {},
    rateLimited: {},
    runDurationMs: { count: 0, min: null, max: null },
    runStatuses: {},
  };
  private readonly runsTimed = new Set<string>();

  /** Feeds one call record (every attempt's, passing or failing). */
  add(rec: FullRecord): void {
    if (rec.status === null || rec.response === null) return;
    this.exchanges++;
    const corr = rec.correlationId.received ?? rec.correlationId.sent;
    const key = rec.kind === 'operation' && rec.operationId ? rec.operationId : `(${rec.kind})`;
    const byStatus = (this.operations[key] ??= {});
    const st = (byStatus[String(rec.status)] ??= { count: 0, examples: [], fields: {}, headers: {}, codes: {}, unparsed: 0 });
    see(st, corr);
    for (const name of Object.keys(rec.response.headers)) bump(st.headers, name.toLowerCase(), MAX_HEADERS);

    let body: unknown = undefined;
    if (rec.response.body !== '') {
      try {
        body = JSON.parse(rec.response.body);
      } catch {
        st.unparsed++;
      }
    }
    if (body !== undefined) this.fields(st, body, corr);
    const code =
      body && typeof body === 'object' && !Array.isArray(body) && typeof (body as { code?: unknown }).code === 'string' && rec.status >= 400
        ? (body as { code: string }).code
        : null;
    if (code) seenIn(st.codes, code, corr, MAX_CODES);

    let url: URL | null = null;
    try {
      url = new URL(rec.url);
    } catch {
      url = null;
    }
    const policy = Object.entries(rec.response.headers).find(([k]) => k.toLowerCase() === 'ratelimit-policy')?.[1];
    if (policy && /^[\w;=,\s"-]{1,80}$/.test(policy)) {
      bump(this.limits.rateLimitPolicies, policy.trim());
      if (rec.status === 429) seenIn(this.limits.rateLimited, policy.trim(), corr, MAX_VALUES);
    }
    if (rec.request.bodyBytes > 0) {
      const b = this.limits.bodyBytes;
      if (rec.status === 413) {
        b.smallestRejected = b.smallestRejected === null ? rec.request.bodyBytes : Math.min(b.smallestRejected, rec.request.bodyBytes);
        see(b.rejected, corr);
      } else if (rec.status >= 200 && rec.status < 300 && rec.kind === 'operation')
        b.largestAccepted = Math.max(b.largestAccepted ?? 0, rec.request.bodyBytes);
    }
    if (rec.kind === 'operation' && rec.operationId && url) this.operationProbes(rec, rec.operationId, url, body, code, corr);
  }

  private fields(st: StatusSeen, body: unknown, corr: string | null): void {
    const visit = (v: unknown, path: string, depth: number) => {
      if (path) {
        let f = st.fields[path];
        if (!f) {
          if (Object.keys(st.fields).length >= MAX_FIELDS) {
            st.fields['+'] ??= { count: 0, types: {}, formats: {}, examples: [] };
            st.fields['+']!.count++;
            return;
          }
          f = st.fields[path] = { count: 0, types: {}, formats: {}, examples: [] };
        }
        f.count++;
        bump(f.types, jsonType(v));
        if (typeof v === 'string') {
          const fmt = formatOf(v);
          if (fmt) bump(f.formats, fmt);
        }
        if (corr && f.examples.length < 1) f.examples.push(corr);
      }
      if (depth >= MAX_FIELD_DEPTH) return;
      if (Array.isArray(v)) for (const item of v) visit(item, `${path}[]`, depth + 1);
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) visit(x, path ? `${path}.${k}` : k, depth + 1);
    };
    visit(body, '', 0);
  }

  private operationProbes(rec: FullRecord, operationId: string, url: URL, body: unknown, code: string | null, corr: string | null): void {
    const op = contract.operations[operationId];
    if (!op) return;
    const status = rec.status!;
    const obj = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : null;

    // Pagination: default page size and the accepted range of `limit`.
    const limitParam = op.parameters.find((p) => p.name === 'limit' && p.in === 'query');
    if (limitParam && rec.method.toUpperCase() === op.method) {
      const raw = url.searchParams.get('limit');
      if (raw === null && status === 200 && obj && Array.isArray(obj.items)) {
        const n = obj.items.length;
        if (obj.next_cursor !== null && obj.next_cursor !== undefined)
          seenIn(this.limits.defaultPageSize.full, String(n), corr, MAX_VALUES);
        else this.limits.defaultPageSize.largestLast = Math.max(this.limits.defaultPageSize.largestLast ?? 0, n);
      } else if (raw !== null && /^-?\d+$/.test(raw)) {
        const n = Number(raw);
        if (status === 200) minMax(this.limits.pageLimit.accepted, n);
        else if (status === 400 && code && limitParam.errorCode && this.onlyBadParam(rec, op.parameters, url) === 'limit') {
          const r = this.limits.pageLimit.rejected;
          if (!r.includes(n) && r.length < MAX_VALUES * 2) r.push(n);
        }
      }
    }

    // The code a request gets when exactly one parameter breaks its schema.
    if (status >= 400 && status < 500 && status !== 401 && status !== 403 && status !== 429 && code) {
      const bad = this.onlyBadParam(rec, op.parameters, url);
      if (bad) {
        const table = (this.paramCodes[`${operationId}.${bad}`] ??= {});
        seenIn(table, `${status} ${code}`, corr, MAX_CODES);
      }
    }
    // The code a request gets when one body field alone breaks the schema (path IDs and query
    // parameters come first in the check order: all of them must be fine).
    if (status === 400 && code && this.badParams(rec, op.parameters, url).length === 0) {
      const bad = onlyBadField(rec, operationId);
      if (bad && Object.keys(this.bodyCodes).length < MAX_FIELDS)
        seenIn((this.bodyCodes[`${operationId}.${bad}`] ??= {}), `${status} ${code}`, corr, MAX_CODES);
    }

    // Runs: statuses and created_at → finished_at.
    if (obj && typeof obj.run_id === 'string' && typeof obj.status === 'string' && contract.runStatuses.includes(obj.status)) {
      bump(this.limits.runStatuses, obj.status);
      if (
        contract.terminalRunStatuses.includes(obj.status) &&
        typeof obj.created_at === 'string' &&
        typeof obj.finished_at === 'string' &&
        !this.runsTimed.has(obj.run_id)
      ) {
        const ms = Date.parse(obj.finished_at) - Date.parse(obj.created_at);
        if (Number.isFinite(ms) && ms >= 0) {
          if (this.runsTimed.size < 10_000) this.runsTimed.add(obj.run_id);
          minMax(this.limits.runDurationMs, ms);
        }
      }
    }
  }

  /** The name of the only parameter (with an error code) whose value breaks its schema, else null. */
  private onlyBadParam(rec: FullRecord, params: readonly ParameterIndex[], url: URL): string | null {
    const bad = this.badParams(rec, params, url);
    return bad.length === 1 ? bad[0]! : null;
  }

  /** The parameters (with an error code) whose values break their schemas. */
  private badParams(rec: FullRecord, params: readonly ParameterIndex[], url: URL): string[] {
    const rel = relativePath(url.pathname);
    const pathParams = rel === null ? {} : matchRoute(rec.method, rel).params;
    const bad: string[] = [];
    for (const p of params) {
      if (!p.errorCode || p.in === 'header') continue;
      const raw = p.in === 'query' ? url.searchParams.get(p.name) : pathParams[p.name] === undefined ? null : decode(pathParams[p.name]!);
      if (raw === null) continue;
      if (!fitsParam(p.schema, raw)) bad.push(p.name);
    }
    return bad;
  }

  result(run: Observations['run']): Observations {
    return {
      version: OBSERVATIONS_VERSION,
      run,
      exchanges: this.exchanges,
      operations: this.operations,
      paramCodes: this.paramCodes,
      bodyCodes: this.bodyCodes,
      limits: this.limits,
    };
  }
}

/**
 * `field.case` when exactly one top-level body field breaks the request schema, in one way (the JSON
 * Schema keyword: maxLength, pattern, required, …) and at its own level, as the suites probe field
 * codes; else null.
 */
export function onlyBadField(rec: Pick<FullRecord, 'request'>, operationId: string): string | null {
  const name = contract.operations[operationId]?.requestBody?.validator;
  const validate = name ? validator(name) : undefined;
  const text = rec.request.body;
  if (!validate || text === null || Buffer.byteLength(text) !== rec.request.bodyBytes) return null;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return null;
  }
  if (!body || typeof body !== 'object' || Array.isArray(body) || validate(body)) return null;
  const broken = new Set<string>();
  for (const e of validate.errors ?? []) {
    const field =
      e.instancePath === ''
        ? e.keyword === 'required'
          ? String((e.params as { missingProperty?: unknown }).missingProperty)
          : null
        : decode(e.instancePath.split('/')[1]!.replace(/~1/g, '/').replace(/~0/g, '~'));
    // A nested value (a row of an import) has its own rules and codes: not a case of the field.
    if (field === null || e.instancePath.split('/').length > 2) return null;
    broken.add(`${field}.${e.keyword}`);
  }
  return broken.size === 1 ? [...broken][0]! : null;
}

/** Writes observations.json into the report folder; returns its path. */
export function writeObservations(dir: string, obs: Observations): string {
  const file = join(dir, OBSERVATIONS_FILE);
  writeFileSync(file, `${JSON.stringify(obs)}\n`);
  return file;
}

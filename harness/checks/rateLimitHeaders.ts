// Oracle (provisional): RateLimit-Policy and RateLimit are present where the contract declares them
// and well-formed structured fields (IETF httpapi ratelimit draft): `"<policy>";q=<quota>;w=<window>`
// and `"<policy>";r=<remaining>;t=<seconds to reset>`, with matching policy names, r ≤ q and t ≤ w.
import { validator } from '../../contract';
import { declaredResponse } from './expectations';
import { gid } from './ids';
import { defineCheck, where, type Violation } from './types';

export interface SfItem {
  readonly name: string;
  readonly params: Readonly<Record<string, string>>;
}

/** Parses a structured-field list of `"name";k=v;k=v` items; null when malformed. */
export function parseSfList(value: string): SfItem[] | null {
  const items: SfItem[] = [];
  for (const raw of value.split(',')) {
    const part = raw.trim();
    const m = /^"([^"\\]*)"((?:;[a-z*][a-z0-9_.*-]*=(?:[0-9]+|"[^"]*"|[A-Za-z*][A-Za-z0-9_:/.*-]*))*)$/.exec(part);
    if (!m) return null;
    const params: Record<string, string> = {};
    for (const p of m[2]!.split(';').slice(1)) {
      const eq = p.indexOf('=');
      params[p.slice(0, eq)] = p.slice(eq + 1).replace(/^"|"$/g, '');
    }
    items.push({ name: m[1]!, params });
  }
  return items.length ? items : null;
}

const isInt = (s: string | undefined) => s !== undefined && /^[0-9]+$/.test(s);

export const rateLimitHeaders = defineCheck('rateLimitHeaders', [gid('rateLimitHeaders')], (x) => {
  if (x.kind === 'outside') return [];
  const id = gid('rateLimitHeaders');
  const out: Violation[] = [];
  const add = (message: string) => out.push({ guarantee: id, check: 'rateLimitHeaders', message: `${message} ${where(x)}` });
  const declared = declaredResponse(x)?.headers ?? {};
  const policyText = x.response.headers['ratelimit-policy'];
  const limitText = x.response.headers['ratelimit'];
  for (const [name, label, text] of [
    ['ratelimit-policy', 'RateLimit-Policy', policyText],
    ['ratelimit', 'RateLimit', limitText],
  ] as const) {
    const d = declared[name];
    if (text === undefined) {
      if (d?.required) add(`${label} header missing`);
      continue;
    }
    const v = d ? validator(d.validator) : undefined;
    if (v && !v(text)) add(`${label} ${JSON.stringify(text)} does not match ${d!.validator}`);
  }
  if (policyText === undefined || limitText === undefined) return out;
  const policies = parseSfList(policyText);
  const limits = parseSfList(limitText);
  if (!policies) add(`RateLimit-Policy ${JSON.stringify(policyText)} is not a structured-field list`);
  if (!limits) add(`RateLimit ${JSON.stringify(limitText)} is not a structured-field list`);
  if (!policies || !limits) return out;
  for (const p of policies) {
    if (!isInt(p.params.q) || Number(p.params.q) < 1) add(`RateLimit-Policy "${p.name}" needs q=<positive integer>`);
    if (p.params.w !== undefined && (!isInt(p.params.w) || Number(p.params.w) < 1))
      add(`RateLimit-Policy "${p.name}" w must be a positive integer`);
  }
  for (const l of limits) {
    const p = policies.find((q) => q.name === l.name);
    if (!p) {
      add(`RateLimit names policy "${l.name}" that RateLimit-Policy does not declare`);
      continue;
    }
    if (!isInt(l.params.r)) add(`RateLimit "${l.name}" needs r=<remaining>`);
    else if (isInt(p.params.q) && Number(l.params.r) > Number(p.params.q))
      add(`RateLimit r=${l.params.r} exceeds the quota q=${p.params.q}`);
    if (!isInt(l.params.t)) add(`RateLimit "${l.name}" needs t=<seconds to reset>`);
    else if (isInt(p.params.w) && Number(l.params.t) > Number(p.params.w))
      add(`RateLimit t=${l.params.t} exceeds the window w=${p.params.w}`);
  }
  return out;
});

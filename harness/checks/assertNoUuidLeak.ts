// Oracle: no UUID the harness did not send appears in a response. Attributed by location: a
// Meshi-issued handle field (org_id, run_id, … and the server-made correlation ID) → the handle
// guarantee; next_cursor, as written or decoded (base64, base64url, hex; nested JSON) → the cursor
// guarantee; another header → the header guarantee; anywhere else in the body → the body guarantee.
// UUIDs the harness sent in this request or earlier in the run (x.exemptUuids) may come back, and
// so may a body value that carries a harness-minted partner ID (carriesHarnessId).
import { contract } from '../../contract';
import { carriesHarnessId } from './harnessIds';
import { canonicalUuid, decodeToken, findUuids, stringLeaves } from './uuid';
import { gid, type CheckGuarantee } from './ids';
import { defineCheck, where, type Exchange, type Violation } from './types';

/** Keys whose string values are opaque tokens worth decoding. */
export function isCursorKey(key: string): boolean {
  return /cursor$/i.test(key);
}

let handleFieldsCache: Set<string> | null = null;

/**
 * Body fields holding Meshi-issued handles: those whose component pattern starts with a literal
 * `<prefix>_` (runId → run_id, orgId → org_id, …), plus correlation_id.
 */
export function handleFields(): Set<string> {
  if (handleFieldsCache) return handleFieldsCache;
  const out = new Set(['correlation_id']);
  for (const [name, src] of Object.entries(contract.patterns)) {
    if (/^\^[a-z]+_/.test(src)) out.add(name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));
  }
  handleFieldsCache = out;
  return out;
}

function lastKey(path: string): string {
  const m = /\.([^.[\]]+)(\[\d+\])*$/.exec(path);
  return m ? m[1]! : '';
}

function cursorValues(v: unknown, path = '$'): [string, string][] {
  if (Array.isArray(v)) return v.flatMap((x, i) => cursorValues(x, `${path}[${i}]`));
  if (v && typeof v === 'object') {
    return Object.entries(v).flatMap(([k, x]) =>
      typeof x === 'string' && isCursorKey(k) ? [[`${path}.${k}`, x] as [string, string]] : cursorValues(x, `${path}.${k}`),
    );
  }
  return [];
}

export const assertNoUuidLeak = defineCheck(
  'assertNoUuidLeak',
  [gid('uuidBody'), gid('uuidHeader'), gid('uuidCursor'), gid('uuidHandle')],
  (x) => {
    const out: Violation[] = [];
    const reported = new Set<string>();
    const report = (concern: CheckGuarantee, uuid: string, location: string) => {
      const u = canonicalUuid(uuid);
      if (x.exemptUuids.has(u) || reported.has(`${u}|${location}`)) return;
      reported.add(`${u}|${location}`);
      out.push({
        guarantee: gid(concern),
        check: 'assertNoUuidLeak',
        message: `UUID ${u} the partner never sent appears in ${location} ${where(x)}`,
        observed: `a UUID in ${location.replace(/\[\d+\]/g, '[]')}`,
        expected: 'no UUID the partner did not send',
      });
    };

    for (const [name, value] of Object.entries(x.response.headers)) {
      for (const u of findUuids(value)) report(name === 'x-correlation-id' ? 'uuidHandle' : 'uuidHeader', u, `header ${name}`);
    }

    const text = x.response.text;
    if (text.length === 0) return out;
    const handles = handleFields();
    const inBody = findUuids(text);
    if (inBody.length > 0) {
      const leaves = x.response.body !== undefined ? stringLeaves(x.response.body) : [];
      for (const u of inBody) {
        const hits = leaves.filter(([, s]) => findUuids(s).includes(u));
        if (hits.length === 0) report('uuidBody', u, 'body');
        // A value carrying a harness-minted partner ID is partner data, also when another shard or an
        // earlier run sent it (org-wide lists show theirs; their UUIDs are not in this run's registry).
        for (const [path] of hits.filter(([, s]) => !carriesHarnessId(s))) {
          const key = lastKey(path);
          report(isCursorKey(key) ? 'uuidCursor' : handles.has(key) ? 'uuidHandle' : 'uuidBody', u, `body ${path}`);
        }
      }
    }
    if (x.response.body !== undefined) {
      for (const [path, token] of cursorValues(x.response.body)) {
        for (const d of decodeToken(token)) for (const u of d.uuids) report('uuidCursor', u, `body ${path} (${d.via}-decoded)`);
      }
    }
    return out;
  },
  {
    [gid('uuidBody')]: { property: 'a response body', present: (x) => x.response.text.length > 0 },
    [gid('uuidCursor')]: {
      property: 'a next_cursor (or other cursor) in the body',
      present: (x) =>
        /cursor"\s*:\s*"[^"]/i.test(x.response.text) &&
        x.response.body !== undefined &&
        cursorValues(x.response.body).some(([, v]) => v.length > 0),
    },
    [gid('uuidHandle')]: {
      property: 'a Meshi-issued handle (run_id, review_id, org_id, service_account_user_id, or a server-made correlation ID)',
      present: (x) => carriesHandle(x),
    },
  },
);

let handleFieldRe: RegExp | null = null;

/** A quick pre-test on the body text: some handle field (correlation_id aside) with a non-empty string value. */
function handleFieldText(): RegExp {
  handleFieldRe ??= new RegExp(`"(?:${[...handleFields()].filter((f) => f !== 'correlation_id').join('|')})"\\s*:\\s*"[^"]`);
  return handleFieldRe;
}

/** The response shows a Meshi-issued handle: a handle field other than correlation_id, or a correlation ID the server made (none or a malformed one was sent). */
function carriesHandle(x: Exchange): boolean {
  const corr = x.response.headers['x-correlation-id'];
  if (corr !== undefined && corr !== '' && corr !== x.request.correlationId) return true;
  if (x.response.body === undefined || !handleFieldText().test(x.response.text)) return false;
  const handles = handleFields();
  return stringLeaves(x.response.body).some(
    ([path, v]) => v.length > 0 && lastKey(path) !== 'correlation_id' && handles.has(lastKey(path)),
  );
}

// Oracle: a response with a body says `Content-Type: application/json` (parameters such as charset
// allowed) and the body parses as JSON. Attributed to the error-envelope guarantee for non-2xx and
// to the schema guarantee (the contract declares application/json bodies) otherwise.
import { gid } from './ids';
import { defineCheck, where, type Violation } from './types';

export function mediaType(contentType: string | undefined): string | null {
  if (!contentType) return null;
  return contentType.split(';')[0]!.trim().toLowerCase();
}

export const contentTypeJson = defineCheck(
  'contentTypeJson',
  [gid('errorContentType'), gid('bodySchema')],
  (x) => {
    if (x.kind === 'head' || x.response.text.length === 0) return [];
    const id = x.response.status >= 300 ? gid('errorContentType') : gid('bodySchema');
    const out: Violation[] = [];
    const ct = x.response.headers['content-type'];
    const mt = mediaType(ct);
    if (mt === null) out.push({ guarantee: id, check: 'contentTypeJson', message: `body sent without a Content-Type header ${where(x)}` });
    else if (mt !== 'application/json')
      out.push({
        guarantee: id,
        check: 'contentTypeJson',
        message: `Content-Type ${JSON.stringify(ct)} is not application/json ${where(x)}`,
      });
    if (x.response.jsonError !== null)
      out.push({ guarantee: id, check: 'contentTypeJson', message: `body is not valid JSON (${x.response.jsonError}) ${where(x)}` });
    return out;
  },
  { [gid('errorContentType')]: { property: 'a non-2xx response', present: (x) => x.kind !== 'head' && x.response.status >= 300 } },
);

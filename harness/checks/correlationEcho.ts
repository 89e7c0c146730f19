// Oracle: every response carries a non-empty x-correlation-id; a JSON object body's correlation_id
// equals it; a valid client value is echoed unchanged; an absent or malformed one is replaced by a
// fresh server-made value (`corr_…`, CORR-04) matching the correlation-ID pattern.
import { pattern } from '../../contract';
import { gid } from './ids';
import { defineCheck, where, type Exchange, type Violation } from './types';

/** Prefix of server-made correlation IDs (CORR-04, UUID-04). */
export const SERVER_CORRELATION_PREFIX = 'corr_';

function headerOf(x: Exchange): string | null {
  const h = x.response.headers['x-correlation-id'];
  return h === undefined || h.trim() === '' ? null : h;
}

function sentValid(x: Exchange): boolean {
  return x.request.correlationId !== null && pattern('correlationId').test(x.request.correlationId);
}

function jsonObjectBody(x: Exchange): Record<string, unknown> | null {
  const body = x.response.body;
  return x.kind !== 'head' && body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
}

export const correlationEcho = defineCheck(
  'correlationEcho',
  [gid('correlationHeader'), gid('correlationBody'), gid('correlationEcho'), gid('correlationGenerated')],
  (x) => {
    if (x.kind === 'outside') return [];
    const valid = pattern('correlationId');
    const out: Violation[] = [];
    const header = x.response.headers['x-correlation-id'];
    const sent = x.request.correlationId;
    const sentValid = sent !== null && valid.test(sent);
    if (header === undefined || header.trim() === '') {
      out.push({
        guarantee: gid('correlationHeader'),
        check: 'correlationEcho',
        message: `x-correlation-id header ${header === undefined ? 'missing' : 'empty'} ${where(x)}`,
        observed: `x-correlation-id ${header === undefined ? 'missing' : 'empty'}`,
        expected: 'a non-empty x-correlation-id',
      });
    } else if (sentValid) {
      if (header !== sent) {
        out.push({
          guarantee: gid('correlationEcho'),
          check: 'correlationEcho',
          message: `x-correlation-id ${JSON.stringify(header)} is not the valid value sent (${JSON.stringify(sent)}) ${where(x)}`,
        });
      }
    } else {
      const what = sent === null ? 'none was sent' : 'a malformed one was sent';
      if (sent !== null && header === sent) {
        out.push({
          guarantee: gid('correlationGenerated'),
          check: 'correlationEcho',
          message: `the malformed x-correlation-id sent was echoed instead of replaced by a server-made one ${where(x)}`,
        });
      } else if (!header.startsWith(SERVER_CORRELATION_PREFIX) || !valid.test(header)) {
        out.push({
          guarantee: gid('correlationGenerated'),
          check: 'correlationEcho',
          message: `${what}, so x-correlation-id must be server-made (${SERVER_CORRELATION_PREFIX}…, ${valid.source}), got ${JSON.stringify(header)} ${where(x)}`,
        });
      }
    }
    const body = x.response.body;
    if (x.kind !== 'head' && body && typeof body === 'object' && !Array.isArray(body)) {
      const bodyCorr = (body as Record<string, unknown>).correlation_id;
      if (bodyCorr === undefined) {
        out.push({ guarantee: gid('correlationBody'), check: 'correlationEcho', message: `body has no correlation_id ${where(x)}` });
      } else if (header !== undefined && bodyCorr !== header) {
        out.push({
          guarantee: gid('correlationBody'),
          check: 'correlationEcho',
          message: `body correlation_id ${JSON.stringify(bodyCorr)} differs from the x-correlation-id header ${JSON.stringify(header)} ${where(x)}`,
        });
      }
    }
    return out;
  },
  {
    // Without the header there is nothing to compare the body with, to echo, or to find server-made.
    [gid('correlationBody')]: {
      property: 'a JSON object body beside an x-correlation-id header (or without correlation_id)',
      present: (x) =>
        x.kind !== 'outside' && jsonObjectBody(x) !== null && (headerOf(x) !== null || jsonObjectBody(x)!.correlation_id === undefined),
    },
    [gid('correlationEcho')]: {
      property: 'client correlation ID sent (valid), x-correlation-id answered',
      present: (x) => x.kind !== 'outside' && sentValid(x) && headerOf(x) !== null,
    },
    [gid('correlationGenerated')]: {
      property: 'no or a malformed client correlation ID sent, x-correlation-id answered',
      present: (x) => x.kind !== 'outside' && !sentValid(x) && headerOf(x) !== null,
    },
    [gid('correlationHeader')]: { property: 'a response inside a partner base', present: (x) => x.kind !== 'outside' },
  },
);

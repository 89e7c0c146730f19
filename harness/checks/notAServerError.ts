// Oracle: no request, however malformed, is answered with a 5xx — except the transient 502/503/504
// (handled by the transient policy, never counted as conformance observations of this kind).
import { TRANSIENT_STATUSES } from '../http/transient';
import { gid } from './ids';
import { defineCheck, where } from './types';

export const notAServerError = defineCheck('notAServerError', [gid('notAServerError')], (x) => {
  const s = x.response.status;
  if (s < 500 || TRANSIENT_STATUSES.includes(s)) return [];
  const code = x.response.body && typeof x.response.body === 'object' ? (x.response.body as Record<string, unknown>).code : undefined;
  return [
    {
      guarantee: gid('notAServerError'),
      check: 'notAServerError',
      message: `server error ${s}${typeof code === 'string' ? ` ${code}` : ''} ${where(x)}`,
    },
  ];
});

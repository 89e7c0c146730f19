// Oracle: the status is one the contract declares for this request (the operation's responses,
// or the generic OPTIONS/405/404-route responses and the statuses every route may answer).
import { allowedStatuses } from './expectations';
import { gid } from './ids';
import { defineCheck, where } from './types';

export const statusDocumented = defineCheck('statusDocumented', [gid('statusDocumented')], (x) => {
  if (x.kind === 'outside') return [];
  const allowed = allowedStatuses(x);
  if (allowed.includes(x.response.status)) return [];
  const what = x.operationId ? `${x.operationId}${x.kind === 'operation' ? '' : ` (${x.kind})`}` : x.kind;
  return [
    {
      guarantee: gid('statusDocumented'),
      check: 'statusDocumented',
      message: `status ${x.response.status} is not declared for ${what} (declared: ${allowed.join(', ')}) ${where(x)}`,
      observed: String(x.response.status),
      expected: allowed.join(' or '),
    },
  ];
});

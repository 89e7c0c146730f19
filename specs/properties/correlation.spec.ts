// Properties of correlation IDs: for any client x-correlation-id on any request (success or
// error), a valid one (1–128 characters of the contract's alphabet) is echoed unchanged in the
// header and the body, and an absent, empty, over-long or malformed one is replaced by a fresh
// server-made corr_… value. (The client's universal checks assert the same on every call.)

import fc from 'fast-check';
import { test, proves } from '../../harness/property';
import { anyCorrelationId } from '../../harness/arbitraries/correlationIds';
import { expectEqual, requireHeader } from '../../harness/verdicts';

test(...proves('CORR-03', 'CORR-04'), async ({ props }) => {
  const { reader, ns } = props;
  const request = fc.constantFrom<{ op: string; params: Record<string, string>; query: Record<string, string | number> }>(
    { op: 'getAuth', params: {}, query: {} },
    { op: 'listEvents', params: {}, query: { limit: 1 } },
    { op: 'getEvent', params: { event_id: `${ns.prefix}zz-unknown` }, query: {} },
    { op: 'listEvents', params: {}, query: { limit: 0 } },
    { op: 'getIdMapping', params: { kind: '1bad', partner_id: 'x' }, query: {} },
  );
  await props.run(
    'valid client correlation IDs are echoed, any other is replaced by a fresh corr_ one',
    fc.asyncProperty(anyCorrelationId(), request, async (c, r) => {
      const res = await reader.call(r.op, { params: r.params, query: r.query, correlationId: c.value });
      const what = `${r.op} (${res.status}) with x-correlation-id ${c.value === null ? 'absent' : JSON.stringify(c.value.length > 40 ? `${c.value.slice(0, 40)}…` : c.value)} (${c.why})`;
      requireHeader('CORR-01', what, res, 'x-correlation-id');
      if (c.echoed) {
        expectEqual(
          'CORR-03',
          `${what} must be echoed in header and body`,
          [res.correlationId, res.body?.correlation_id],
          [c.value, c.value],
        );
      } else {
        expectEqual(
          'CORR-04',
          `${what}: a fresh server-made corr_… value (got ${JSON.stringify(res.correlationId)})`,
          res.correlationId?.startsWith('corr_'),
          true,
        );
      }
    }),
    { numRuns: 24 },
  );
});

// Properties of the legacy alias base: for any read request — existing, unknown or malformed IDs,
// valid or invalid query parameters — the alias (/v0/partner) and the current base
// (/api/v0/partner) give the same status, code and body apart from correlation_id.

import fc from 'fast-check';
import { test, proves } from '../../harness/property';
import type { MeshiResponse } from '../../harness/http/client';
import { buildWorld, describeRequest, readRequest } from '../../harness/arbitraries/readRequests';
import { expectEqual, expectStatus } from '../../harness/verdicts';

/** Lists shared by every test of the org: their content may change between the two reads. */
const SHARED_LISTS = new Set(['listEvents', 'listOrgReviewQueue']);

function comparable(res: MeshiResponse): unknown {
  if (!res.body || typeof res.body !== 'object') return res.text;
  const { correlation_id: _c, ...rest } = res.body as Record<string, unknown>;
  // Cursors are opaque: only whether there is a next page must agree.
  if ('next_cursor' in rest) rest.next_cursor = rest.next_cursor === null ? null : '(a cursor)';
  // An error's message is free wording (it may carry a request-specific token): only its code must agree.
  if (typeof rest.code === 'string') delete rest.message;
  return rest;
}

test(...proves('ALIAS-02', 'ALIAS-01'), async ({ props, target }) => {
  const { client, ns } = props;
  // One key for both bases (GET /auth describes the key).
  const reader = target.keys.read ? props.keyed('read') : client;
  const world = await buildWorld(client, ns, props.reader);
  await props.run(
    'for any read request, the alias and the current base give the same answer',
    fc.asyncProperty(readRequest(world, ns.prefix), fc.boolean(), async (req, aliasFirst) => {
      const send = (c: typeof reader) => c.call(req.operationId, { params: req.params, query: req.query });
      const [current, alias] = aliasFirst
        ? (([await send(reader.alias), await send(reader)] as const).slice().reverse() as [MeshiResponse, MeshiResponse])
        : [await send(reader), await send(reader.alias)];
      const what = `${describeRequest(req)} (${aliasFirst ? 'alias first' : 'current first'})`;
      expectStatus('ALIAS-01', `${what}: the alias must answer with the current base's status`, alias, current.status);
      expectEqual('ALIAS-02', `${what}: same error code`, alias.body?.code, current.body?.code);
      if (!SHARED_LISTS.has(req.operationId)) {
        expectEqual('ALIAS-02', `${what}: same body apart from correlation_id`, comparable(alias), comparable(current));
      }
    }),
    { numRuns: 15 },
  );
});

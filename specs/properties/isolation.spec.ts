// Properties of org isolation: any read by org B of an object that exists only in org A is
// answered exactly like a read of one that exists nowhere (not found), on every read route; org
// B's lists never hold org A's items.

import fc from 'fast-check';
import { objectReadOperationIds } from '../../contract';
import { test, proves } from '../../harness/property';
import { buildWorld, describeRequest, readRequest, unknownId } from '../../harness/arbitraries/readRequests';
import type { World } from '../../harness/world/world';
import { validLimit } from '../../harness/arbitraries/paging';
import { cursorPages, lister } from '../../harness/world/pages';
import { expectEqual, expectStatus, requireSuccess } from '../../harness/verdicts';

let world: World | null = null;

test(...proves('ISO-01'), async ({ props }) => {
  const { client, reader, ns } = props;
  const orgB = props.keyed('orgB');
  world ??= await buildWorld(client, ns, reader);
  const w = world;
  const tail = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'), minLength: 1, maxLength: 6 });
  // One request per read route in every execution: "on every read route", literally.
  const perRoute = fc.tuple(
    ...objectReadOperationIds().map((op) => readRequest(w, ns.prefix, { existingOnly: true, withQuery: false, operations: [op] })),
  );
  await props.run(
    "org B's read of an org A object is answered like a read of nothing, on every read route",
    fc.asyncProperty(perRoute, tail, async (requests, t) => {
      for (const req of requests) {
        const mine = await reader.call(req.operationId, { params: req.params });
        requireSuccess(`set-up: org A reads its own object with ${describeRequest(req)}`, mine);
        const nowhere = {
          ...req,
          params: Object.fromEntries(Object.entries(req.params).map(([k, v]) => [k, k === 'kind' ? v : unknownId(k, ns.prefix, t)])),
        };
        const b = await orgB.call(req.operationId, { params: req.params });
        const none = await orgB.call(req.operationId, { params: nowhere.params });
        const what = `org B: ${describeRequest(req)} (org A's) vs ${describeRequest(nowhere)} (nobody's)`;
        expectEqual('ISO-01', `${what} must get the same answer`, [b.status, b.body?.code], [none.status, none.body?.code]);
        expectStatus('ISO-01', `${what} must be not found`, b, 404);
      }
    }),
    { numRuns: 3 },
  );
});

test(...proves('ISO-03'), async ({ props }) => {
  const { client, reader, ns } = props;
  const orgB = props.keyed('orgB');
  world ??= await buildWorld(client, ns, reader);
  const w = world;
  const mineIds = new Set<string>([w.eventId, ...(w.otherEventId ? [w.otherEventId] : []), ...w.attendeeIds, w.sessionId]);
  const mentions = (item: unknown): string[] => {
    const found: string[] = [];
    JSON.stringify(item, (_k, v) => {
      if (typeof v === 'string' && mineIds.has(v)) found.push(v);
      return v;
    });
    return found;
  };
  await props.run(
    "org B's event list and org-wide review queue never hold an org A item, on any page",
    fc.asyncProperty(fc.constantFrom('listEvents', 'listOrgReviewQueue'), validLimit(), async (op, limit) => {
      for await (const { res, n: page } of cursorPages(lister(orgB, op), { limit, maxPages: 60 })) {
        expectStatus('ISO-03', `org B ${op} page ${page}`, res, 200);
        for (const item of res.body.items as unknown[]) {
          expectEqual(
            'ISO-03',
            `org B's ${op} (limit ${limit}, page ${page}) holds org A's item ${JSON.stringify(item).slice(0, 200)}`,
            mentions(item),
            [],
          );
        }
      }
    }),
    { numRuns: 4 },
  );
});

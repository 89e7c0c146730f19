// The operation groups and path-template helpers of contract/operations.ts: the groups partition
// what they claim to, every operation stands on exactly one route, and the Allow rule is the one
// the mock's router answers with.
import { test, expect } from '@playwright/test';
import {
  allOperations,
  allowOf,
  bodyOperations,
  eventScopedOperations,
  expectedAllow,
  listOperations,
  objectReadOperationIds,
  pathParamNames,
  readOperationIds,
  readOperations,
  routes,
  runCreatingOperations,
  writeOperations,
} from '../../contract';
import { Router } from '../../mock/http/router';

const ids = (ops: readonly { operationId: string }[]) => ops.map((o) => o.operationId);

test('read and write operations partition the contract; bodies, runs and lists are subsets of their kind', () => {
  const all = ids(allOperations());
  const reads = ids(readOperations());
  const writes = ids(writeOperations());
  expect(reads.length).toBeGreaterThan(0);
  expect(writes.length).toBeGreaterThan(0);
  expect([...reads, ...writes].sort()).toEqual([...all].sort());
  expect(reads.filter((id) => writes.includes(id))).toEqual([]);
  for (const id of runCreatingOperations) expect(writes, `${id} is run-creating`).toContain(id);
  for (const id of ids(bodyOperations())) expect(writes, `${id} carries a body`).toContain(id);
  for (const id of objectReadOperationIds()) expect(readOperationIds(), `${id} reads one object`).toContain(id);
  for (const id of listOperations()) expect(readOperationIds(), `${id} is a list`).toContain(id);
  for (const id of eventScopedOperations()) expect(pathParamNames(allOperations().find((o) => o.operationId === id)!)[0]).toBe('event_id');
});

test('every operation stands on exactly one route, and its path parameters are the route regex groups', () => {
  const onRoutes = routes().flatMap((r) => ids(r.ops));
  expect(onRoutes.sort()).toEqual(ids(allOperations()).sort());
  expect(new Set(routes().map((r) => r.path)).size).toBe(routes().length);
  for (const op of allOperations()) {
    const groups = [...op.pathRegex.matchAll(/\(\?<([A-Za-z_][A-Za-z0-9_]*)>/g)].map((m) => m[1]);
    expect(pathParamNames(op), op.operationId).toEqual(groups);
  }
});

test('Allow lists OPTIONS always and HEAD exactly where GET is, and the mock answers with that rule', () => {
  expect(allowOf(['GET'])).toEqual(['GET', 'HEAD', 'OPTIONS']);
  expect(allowOf(['POST'])).toEqual(['OPTIONS', 'POST']);
  expect(allowOf(['PUT', 'GET'])).toEqual(['GET', 'HEAD', 'OPTIONS', 'PUT']);
  const router = new Router(allOperations());
  for (const route of routes()) {
    const served = router.routes.find((r) => r.template === route.path);
    expect(served?.allow, route.path).toBe(expectedAllow(route.path).join(', '));
  }
});

// contract/addressed.ts: the one classification of every request, for `call()` (a named operation)
// and `raw()` (a method and a path) alike, on the current base, the legacy alias, and from the
// target's root.
import { test, expect } from '@playwright/test';
import { addressed, contract, operation, operationsOnPath } from '../../contract';

const auth = operation('getAuth');
const event = operation('getEvent');
const update = operation('updateEvent');
const create = operation('createEvent');
/** A method no route of the contract defines. */
const UNDEFINED_METHOD = 'PATCH';
const kindOf = (method: string, path: string, where?: Parameters<typeof addressed>[2]) => {
  const a = addressed(method, path, where);
  return [a.kind, a.base, a.path, a.operation?.operationId ?? null];
};

test('the fixtures this file reads are in the contract: a route with GET and PUT, none with PATCH', () => {
  expect([auth.path, event.path, create.path]).toEqual(['/auth', '/events/{event_id}', '/events']);
  expect(
    operationsOnPath(event.path)
      .map((o) => o.method)
      .sort(),
  ).toEqual(['GET', 'PUT']);
  expect(Object.values(contract.operations).some((o) => (o.method as string) === UNDEFINED_METHOD)).toBe(false);
  expect(operationsOnPath(create.path)[0]!.operationId).not.toBe(create.operationId);
});

for (const base of ['current', 'alias'] as const) {
  test.describe(`on the ${base} base`, () => {
    test('each kind, for a method and a path', () => {
      expect(kindOf('GET', '/auth', { base })).toEqual(['operation', base, '/auth', auth.operationId]);
      expect(kindOf('get', '/events/e1', { base })).toEqual(['operation', base, '/events/e1', event.operationId]);
      expect(kindOf('PUT', '/events/e1', { base })).toEqual(['operation', base, '/events/e1', update.operationId]);
      expect(kindOf('HEAD', '/events/e1', { base })).toEqual(['head', base, '/events/e1', event.operationId]);
      expect(kindOf('OPTIONS', '/events/e1', { base })).toEqual([
        'options',
        base,
        '/events/e1',
        operationsOnPath(event.path)[0]!.operationId,
      ]);
      expect(kindOf(UNDEFINED_METHOD, '/events/e1', { base })).toEqual([
        'method-not-allowed',
        base,
        '/events/e1',
        operationsOnPath(event.path)[0]!.operationId,
      ]);
      expect(kindOf('GET', '/nope', { base })).toEqual(['route-not-found', base, '/nope', null]);
      expect(kindOf('GET', '', { base })).toEqual(['route-not-found', base, '', null]);
    });

    test('a named operation keeps its route and, for OPTIONS and an undefined method, itself', () => {
      const named = { base, operationId: update.operationId };
      expect(kindOf('PUT', '/events/e1', named)).toEqual(['operation', base, '/events/e1', update.operationId]);
      expect(kindOf('GET', '/events/e1', named)).toEqual(['operation', base, '/events/e1', event.operationId]);
      expect(kindOf('HEAD', '/events/e1', named)).toEqual(['head', base, '/events/e1', event.operationId]);
      expect(kindOf('OPTIONS', '/events/e1', named)).toEqual(['options', base, '/events/e1', update.operationId]);
      expect(kindOf(UNDEFINED_METHOD, '/events/e1', named)).toEqual(['method-not-allowed', base, '/events/e1', update.operationId]);
      expect(kindOf('OPTIONS', '/events', { base, operationId: create.operationId })).toEqual([
        'options',
        base,
        '/events',
        create.operationId,
      ]);
      // The route is the operation's, whatever its parameters' values look like (an empty ID too).
      expect(kindOf('GET', '/events/', { base, operationId: event.operationId })).toEqual([
        'operation',
        base,
        '/events/',
        event.operationId,
      ]);
    });

    test('from the root: the base is found by its prefix and stripped', () => {
      const prefix = base === 'alias' ? contract.aliasBasePath : contract.basePath;
      expect(kindOf('GET', `${prefix}/auth`, { base: 'root' })).toEqual(['operation', base, '/auth', auth.operationId]);
      expect(kindOf('HEAD', `${prefix}/auth`, { base: 'root' })).toEqual(['head', base, '/auth', auth.operationId]);
      expect(kindOf('OPTIONS', `${prefix}/auth`, { base: 'root' })).toEqual(['options', base, '/auth', auth.operationId]);
      expect(kindOf('DELETE', `${prefix}/auth`, { base: 'root' })).toEqual(['method-not-allowed', base, '/auth', auth.operationId]);
      expect(kindOf('GET', `${prefix}/nope`, { base: 'root' })).toEqual(['route-not-found', base, '/nope', null]);
      expect(kindOf('GET', prefix, { base: 'root' })).toEqual(['route-not-found', base, '', null]);
      expect(kindOf('GET', `${prefix}x/auth`, { base: 'root' })).toEqual(['outside', 'none', `${prefix}x/auth`, null]);
    });
  });
}

test('outside both bases: outside, whatever the method', () => {
  for (const m of ['GET', 'HEAD', 'OPTIONS', 'DELETE']) expect(kindOf(m, '/', { base: 'root' })).toEqual(['outside', 'none', '/', null]);
  expect(kindOf('GET', '/auth', { base: 'root' })).toEqual(['outside', 'none', '/auth', null]);
});

test('without a base: the current one', () => {
  expect(addressed('GET', '/auth')).toEqual(addressed('GET', '/auth', { base: 'current' }));
});

// The mock settings of the deviating scenario: every cap MOCK_CAPS accepts takes effect (the
// default page size included) and a cap the mock cannot honour is refused at start; another code
// for one case; an undeclared field on one operation's success body.

import { C, expect, test } from '../mock/helpers';
import { configFromEnv } from '../../mock/config';
import { createMockServer } from '../../mock/server';

test.describe('a cap the mock cannot honour is refused at start', () => {
  for (const [caps, problem] of [
    [{ pageLimitMax: 10 }, /cap pageLimitMax cannot be honoured/],
    [{ correlationIdMaxLength: 10 }, /cannot be honoured/],
    [{ pageLimitDefault: C.limits.pageLimitMax! + 1 }, /outside the contract's limit range/],
    [{ pageLimitDefault: 2.5 }, /outside the contract's limit range/],
    [{ noSuchLimit: 1 }, /unknown cap noSuchLimit/],
  ] as const) {
    test(JSON.stringify(caps), async () => {
      await expect(createMockServer({ readEnv: false, port: 0, caps })).rejects.toThrow(problem);
    });
  }
  test('unknown codes and operations in the deviation settings', async () => {
    await expect(createMockServer({ readEnv: false, port: 0, codeOverrides: { NO_SUCH_CODE: 'X' } })).rejects.toThrow(
      /NO_SUCH_CODE is not a contract error code/,
    );
    expect(() => configFromEnv({ MOCK_ERROR_CODES: 'INVALID_LIMIT' })).toThrow(/expected CODE=CODE/);
    expect(() => configFromEnv({ MOCK_EXTRA_FIELDS: 'noSuchOperation.x=1' })).toThrow(/contract operation/);
    expect(
      configFromEnv({ MOCK_EXTRA_FIELDS: 'getAuth.server_region=eu-1,getAuth.tier=gold', MOCK_ERROR_CODES: 'INVALID_LIMIT=INVALID_QUERY' }),
    ).toMatchObject({
      extraFields: { getAuth: { server_region: 'eu-1', tier: 'gold' } },
      codeOverrides: { INVALID_LIMIT: 'INVALID_QUERY' },
    });
  });
});

test.describe('MOCK_CAPS=pageLimitDefault=3 takes effect', () => {
  test.use({ mockOptions: { caps: { pageLimitDefault: 3 } } });
  test('a page without limit holds 3 items; an explicit limit still wins', async ({ api }) => {
    for (let i = 0; i < 5; i++) await api.createEvent(`cap-${i}`);
    const page = await api.get('/events');
    expect(page.body.items).toHaveLength(3);
    expect(page.body.next_cursor).not.toBeNull();
    expect((await api.get('/events?limit=5')).body.items).toHaveLength(5);
  });
  test('PATCH /__mock/config refuses a cap it cannot honour', async ({ api }) => {
    const r = await api.admin('PATCH', '/config', { caps: { pageLimitMax: 10 } });
    expect(r.status).toBe(400);
  });
});

test.describe('deviation settings', () => {
  test.use({ mockOptions: { codeOverrides: { INVALID_LIMIT: 'INVALID_QUERY' }, extraFields: { getAuth: { server_region: 'eu-1' } } } });
  test('another code for the same case (same status), an extra field on one operation only', async ({ api }) => {
    const bad = await api.get('/events?limit=0', { conform: false });
    expect({ status: bad.status, code: bad.body.code }).toEqual({ status: 400, code: 'INVALID_QUERY' });
    const auth = await api.get('/auth', { conform: false });
    expect(auth.body.server_region).toBe('eu-1');
    expect((await api.get('/events')).body.server_region).toBeUndefined();
    // Codes not overridden are unchanged.
    expect((await api.get('/events?cursor=junk', { conform: false })).body.code).toBe('INVALID_CURSOR');
  });
});

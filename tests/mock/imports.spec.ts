// Attendee imports: synchronous validation (400/404, in the contract's check order), 202 with a
// queued import run, row-level failures reported per row (partial / failed), upsert by attendee_id.

import { expect, expectCode, test } from './helpers';
import { FAST, enc, fieldCode, finished, importAndWait, importRows, key, limit, row } from './domainHelpers';

test.use({ mockOptions: FAST });

const REQ = 'AttendeeImportRequest';
const ROW = 'AttendeeImportRow';

test.describe('import: accepted requests', () => {
  test('a valid import answers 202 with a queued import run that echoes webhook_url, then succeeds', async ({ api }) => {
    await api.createEvent('imp-ok');
    const r = await importRows(api, 'imp-ok', [row('a1', { email: 'a1@example.com' }), row('a2')], {
      webhook_url: 'https://hooks.example.com/meshi?x=1',
    });
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({
      kind: 'import',
      status: 'queued',
      event_id: 'imp-ok',
      webhook_url: 'https://hooks.example.com/meshi?x=1',
      finished_at: null,
      errors: [],
    });
    expect(r.body.counts).toEqual({ total: 2, succeeded: 0, failed: 0 });
    expect(r.headers['idempotent-replayed']).toBeUndefined();
    const run = await finished(api, r);
    expect(run).toMatchObject({ status: 'succeeded', counts: { total: 2, succeeded: 2, failed: 0 }, errors: [] });
    expect(typeof run.finished_at).toBe('string');
    const list = await api.get('/events/imp-ok/attendees');
    expect(list.body.items.map((a: any) => a.attendee_id)).toEqual(['a1', 'a2']);
  });

  test('webhook_url is null on the run when none is given', async ({ api }) => {
    await api.createEvent('imp-nohook');
    const r = await importRows(api, 'imp-nohook', [row('a1')]);
    expect(r.body.webhook_url).toBeNull();
  });

  test('absent optional row fields are null (session_ids []); unknown row fields are ignored', async ({ api }) => {
    await api.createEvent('imp-norm');
    await importAndWait(api, 'imp-norm', [{ attendee_id: 'a1', name: 'Ann', favourite_colour: 'green' }]);
    const a = (await api.get('/events/imp-norm/attendees/a1')).body;
    expect(a).toMatchObject({ email: null, linkedin_url: null, title: null, company: null, session_ids: [], raw: null });
    expect(a.enrichment).toEqual({ status: 'pending', seniority: null, industry: null, interests: [], headline: null, enriched_at: null });
    expect(a).not.toHaveProperty('favourite_colour');
  });

  test('exactly the row cap is accepted', async ({ api }) => {
    await api.createEvent('imp-cap');
    const cap = limit('importMaxRows');
    const run = await finished(
      api,
      importRows(
        api,
        'imp-cap',
        Array.from({ length: cap }, (_, i) => ({ attendee_id: `r${i}`, name: 'x' })),
      ),
    );
    expect(run.counts).toEqual({ total: cap, succeeded: cap, failed: 0 });
  });

  test('re-importing an attendee_id upserts it: fields replaced, created_at kept, enrichment back to pending', async ({ api }) => {
    await api.createEvent('imp-upsert');
    await importAndWait(api, 'imp-upsert', [
      row('a1', { title: 'Engineer', company: 'Acme', email: 'a@x.io' }),
      row('a2', { company: 'Beta' }),
    ]);
    await finished(api, api.post('/events/imp-upsert/attendees:enrich', { idempotency_key: key() }));
    const before = (await api.get('/events/imp-upsert/attendees/a1')).body;
    expect(before.enrichment.status).toBe('enriched');
    await importAndWait(api, 'imp-upsert', [row('a1', { name: 'Renamed', title: 'CTO' })]);
    const after = (await api.get('/events/imp-upsert/attendees/a1')).body;
    expect(after).toMatchObject({ name: 'Renamed', title: 'CTO', company: null, email: null });
    expect(after.created_at).toBe(before.created_at);
    expect(after.updated_at >= before.updated_at).toBe(true);
    expect(after.enrichment.status).toBe('pending');
    const all = await api.get('/events/imp-upsert/attendees');
    expect(all.body.items).toHaveLength(2);
  });
});

test.describe('import: row-level failures', () => {
  test('each bad row fails alone with its field code; the run is partial and lists them in errors', async ({ api }) => {
    await api.createEvent('imp-rows');
    await api.createSession('imp-rows', 's1');
    const bad: [string, Record<string, unknown>, string][] = [
      ['no-name', { name: undefined }, 'name'],
      ['empty-name', { name: '' }, 'name'],
      ['long-name', { name: 'n'.repeat(201) }, 'name'],
      ['bad-email', { email: 'not-an-email' }, 'email'],
      ['bad-li', { linkedin_url: 'https://example.com/in/x' }, 'linkedin_url'],
      ['long-title', { title: 't'.repeat(201) }, 'title'],
      ['num-company', { company: 42 }, 'company'],
      ['unknown-session', { session_ids: ['nope'] }, 'session_ids'],
      ['dup-session', { session_ids: ['s1', 's1'] }, 'session_ids'],
      ['raw-array', { raw: [1, 2] }, 'raw'],
      ['raw-big', { raw: { blob: 'x'.repeat(limit('rawMaxBytes')) } }, 'raw'],
    ];
    const good = [
      row('good-1', { session_ids: ['s1'], linkedin_url: 'https://www.linkedin.com/in/good' }),
      row('good-2', { raw: { a: 1 } }),
    ];
    const attendees = [...good, ...bad.map(([id, f]) => ({ ...row(id), ...f }))];
    const run = await finished(api, importRows(api, 'imp-rows', attendees));
    expect(run.status).toBe('partial');
    expect(run.counts).toEqual({ total: attendees.length, succeeded: 2, failed: bad.length });
    expect(run.errors).toHaveLength(bad.length);
    for (const [id, , field] of bad) {
      const e = run.errors.find((x: any) => x.attendee_id === id);
      expect(e, `error for ${id}`).toBeDefined();
      expect(e.code, id).toBe(fieldCode(ROW, field));
      expect(e.message.length).toBeGreaterThan(0);
    }
    const ids = (await api.get('/events/imp-rows/attendees')).body.items.map((a: any) => a.attendee_id);
    expect(ids).toEqual(['good-1', 'good-2']);
  });

  test('a row fails on its first bad field in schema order', async ({ api }) => {
    await api.createEvent('imp-first');
    const run = await finished(api, importRows(api, 'imp-first', [row('a1', { email: 'bad', title: 't'.repeat(300) }), row('a2')]));
    expect(run.errors).toEqual([{ attendee_id: 'a1', code: fieldCode(ROW, 'email'), message: expect.any(String) }]);
  });

  test('when every row fails the run is failed', async ({ api }) => {
    await api.createEvent('imp-allbad');
    const run = await finished(api, importRows(api, 'imp-allbad', [row('a1', { name: '' }), row('a2', { email: '@' })]));
    expect(run.status).toBe('failed');
    expect(run.counts).toEqual({ total: 2, succeeded: 0, failed: 2 });
  });
});

/** A raw object nested `depth` levels deep ({"a":{"a":…1}}: the raw object itself is level 1). */
function nestedRaw(depth: number): string {
  return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

test.describe('import: raw nesting', () => {
  test('a raw nested far deeper than raw_max_depth (but under raw_max_bytes) fails only its row; counts and errors match what was stored', async ({
    api,
  }) => {
    await api.createEvent('imp-deep');
    const deep = nestedRaw(2200);
    expect(Buffer.byteLength(deep)).toBeLessThan(limit('rawMaxBytes'));
    const body = `{"idempotency_key":"${key()}","attendees":[${JSON.stringify(row('good1'))},{"attendee_id":"deep1","name":"Deep","raw":${deep}}]}`;
    const run = await finished(api, api.call('PUT', '/events/imp-deep/attendees:import', { raw: body }));
    expect(run.status).toBe('partial');
    expect(run.counts).toEqual({ total: 2, succeeded: 1, failed: 1 });
    expect(run.errors).toEqual([{ attendee_id: 'deep1', code: fieldCode(ROW, 'raw'), message: expect.any(String) }]);
    expect((await api.get('/events/imp-deep/attendees/good1')).status).toBe(200);
    expect((await api.get('/events/imp-deep/attendees/deep1')).status).toBe(404);
  });

  test('raw at exactly raw_max_depth is stored and echoed; one level more is the row error', async ({ api }) => {
    await api.createEvent('imp-depth');
    const max = limit('rawMaxDepth');
    const body = `{"idempotency_key":"${key()}","attendees":[{"attendee_id":"at","name":"At","raw":${nestedRaw(max)}},{"attendee_id":"over","name":"Over","raw":${nestedRaw(max + 1)}}]}`;
    const run = await finished(api, api.call('PUT', '/events/imp-depth/attendees:import', { raw: body }));
    expect(run.counts).toEqual({ total: 2, succeeded: 1, failed: 1 });
    expect(run.errors).toEqual([{ attendee_id: 'over', code: fieldCode(ROW, 'raw'), message: expect.any(String) }]);
    expect((await api.get('/events/imp-depth/attendees/at')).body.raw).toEqual(JSON.parse(nestedRaw(max)));
  });
});

test.describe('import: synchronous validation', () => {
  test.beforeEach(async ({ api }) => {
    await api.createEvent('imp-val');
  });

  const cases: [string, () => unknown, string][] = [
    ['attendees missing', () => ({ idempotency_key: key() }), fieldCode(REQ, 'attendees')],
    ['attendees not an array', () => ({ idempotency_key: key(), attendees: { a: 1 } }), fieldCode(REQ, 'attendees')],
    ['attendees empty', () => ({ idempotency_key: key(), attendees: [] }), fieldCode(REQ, 'attendees')],
    ['a row that is not an object', () => ({ idempotency_key: key(), attendees: [row('a1'), 'a2'] }), fieldCode(REQ, 'attendees')],
    ['a row without attendee_id', () => ({ idempotency_key: key(), attendees: [{ name: 'x' }] }), fieldCode(ROW, 'attendee_id')],
    ['a malformed attendee_id', () => ({ idempotency_key: key(), attendees: [row('-bad')] }), fieldCode(ROW, 'attendee_id')],
    [
      'an attendee_id over 128 characters',
      () => ({ idempotency_key: key(), attendees: [row('a'.repeat(129))] }),
      fieldCode(ROW, 'attendee_id'),
    ],
    [
      'the same attendee_id twice',
      () => ({ idempotency_key: key(), attendees: [row('a1'), row('a2'), row('a1')] }),
      'DUPLICATE_ATTENDEE_ID',
    ],
    ['idempotency_key missing', () => ({ attendees: [row('a1')] }), fieldCode(REQ, 'idempotency_key')],
    ['idempotency_key empty', () => ({ idempotency_key: '', attendees: [row('a1')] }), fieldCode(REQ, 'idempotency_key')],
    [
      'idempotency_key too long',
      () => ({ idempotency_key: 'k'.repeat(limit('idempotencyKeyMaxLength') + 1), attendees: [row('a1')] }),
      fieldCode(REQ, 'idempotency_key'),
    ],
    [
      'idempotency_key not printable ASCII',
      () => ({ idempotency_key: 'clé\n', attendees: [row('a1')] }),
      fieldCode(REQ, 'idempotency_key'),
    ],
    ['idempotency_key not a string', () => ({ idempotency_key: 12, attendees: [row('a1')] }), fieldCode(REQ, 'idempotency_key')],
    [
      'webhook_url not http(s)',
      () => ({ idempotency_key: key(), attendees: [row('a1')], webhook_url: 'ftp://x.example.com/' }),
      fieldCode(REQ, 'webhook_url'),
    ],
    [
      'webhook_url relative',
      () => ({ idempotency_key: key(), attendees: [row('a1')], webhook_url: '/hook' }),
      fieldCode(REQ, 'webhook_url'),
    ],
    [
      'webhook_url too long',
      () => ({ idempotency_key: key(), attendees: [row('a1')], webhook_url: `https://x.example.com/${'p'.repeat(2048)}` }),
      fieldCode(REQ, 'webhook_url'),
    ],
    // Check order: attendees (shape, count, row ids, duplicates) before idempotency_key before webhook_url.
    ['bad attendee_id and bad key', () => ({ idempotency_key: '', attendees: [row('-bad')] }), fieldCode(ROW, 'attendee_id')],
    [
      'duplicate ids and bad webhook',
      () => ({ idempotency_key: key(), attendees: [row('a1'), row('a1')], webhook_url: 'nope' }),
      'DUPLICATE_ATTENDEE_ID',
    ],
    [
      'bad key and bad webhook',
      () => ({ idempotency_key: '', attendees: [row('a1')], webhook_url: 'nope' }),
      fieldCode(REQ, 'idempotency_key'),
    ],
  ];
  for (const [what, body, code] of cases) {
    test(`${what} → 400 ${code}`, async ({ api }) => {
      const r = await api.put('/events/imp-val/attendees:import', body());
      expectCode(r, 400, code);
    });
  }

  test('more rows than the cap → 400 INVALID_ATTENDEES', async ({ api }) => {
    const cap = limit('importMaxRows');
    const r = await importRows(
      api,
      'imp-val',
      Array.from({ length: cap + 1 }, (_, i) => ({ attendee_id: `r${i}`, name: 'x' })),
    );
    expectCode(r, 400, fieldCode(REQ, 'attendees'));
  });

  test('nothing is stored by a rejected import', async ({ api }) => {
    await api.put('/events/imp-val/attendees:import', { idempotency_key: key(), attendees: [row('a1'), row('a1')] });
    expect((await api.get('/events/imp-val/attendees')).body.items).toEqual([]);
  });

  test('an unknown event → 404 EVENT_NOT_FOUND (after body validation)', async ({ api }) => {
    const r = await importRows(api, 'no-such-event', [row('a1')]);
    expectCode(r, 404, 'EVENT_NOT_FOUND');
    const bad = await api.put(`/events/${enc('no-such-event')}/attendees:import`, { idempotency_key: key(), attendees: [] });
    expect(bad.status).toBe(400);
  });

  test("another org's event is not found", async ({ api }) => {
    await api.createEvent('imp-orgb', {}, 'orgB');
    const r = await importRows(api, 'imp-orgb', [row('a1')]);
    expectCode(r, 404, 'EVENT_NOT_FOUND');
  });
});

test.describe('import: configurable row cap', () => {
  test.use({ mockOptions: { ...FAST, caps: { importMaxRows: 3 } } });

  test('the row cap follows config.caps.importMaxRows', async ({ api }) => {
    await api.createEvent('imp-smallcap');
    expect((await importRows(api, 'imp-smallcap', [row('a'), row('b'), row('c')])).status).toBe(202);
    const r = await importRows(api, 'imp-smallcap', [row('a'), row('b'), row('c'), row('d')]);
    expectCode(r, 400, fieldCode(REQ, 'attendees'));
  });
});

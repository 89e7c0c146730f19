// Enrichment runs: deterministic seniority/industry/interests/headline derived from the row;
// attendees without email, LinkedIn URL and company fail alone (run partial, INSUFFICIENT_ENRICHMENT_INPUT).

import { expect, expectBodyCodes, expectCode, test } from './helpers';
import { FAST, enrich, importAndWait, key, row, rows } from './domainHelpers';

test.use({ mockOptions: FAST });

const values = (a: any) => {
  const { enriched_at: _e, ...rest } = a.enrichment;
  return rest;
};

test('an enrichment run answers 202 with a queued enrichment run, then enriches every attendee', async ({ api }) => {
  await api.createEvent('enr-1');
  await importAndWait(api, 'enr-1', rows('enr-1', 6));
  const r = await api.post('/events/enr-1/attendees:enrich', { idempotency_key: key(), webhook_url: 'http://hooks.example.com/enrich' });
  expect(r.status).toBe(202);
  expect(r.body).toMatchObject({ kind: 'enrichment', status: 'queued', event_id: 'enr-1', webhook_url: 'http://hooks.example.com/enrich' });
  const run = await enrich(api, 'enr-1');
  expect(run).toMatchObject({ status: 'succeeded', counts: { total: 6, succeeded: 6, failed: 0 }, errors: [] });
  const list = (await api.get('/events/enr-1/attendees')).body.items;
  for (const a of list) {
    expect(a.enrichment.status).toBe('enriched');
    expect(typeof a.enrichment.enriched_at).toBe('string');
    expect(a.enrichment.headline).toContain(a.title);
    expect(a.enrichment.seniority).not.toBeNull();
  }
});

test('enrichment values are derived from title, company and raw', async ({ api }) => {
  await api.createEvent('enr-derive');
  await importAndWait(api, 'enr-derive', [
    row('cto', { title: 'Chief Technology Officer', company: 'Acme Capital', email: 'cto@acme.example' }),
    row('intern', { title: 'Marketing Intern', company: 'City University', raw: { topics: ['ai', 'climate'] } }),
    row('plain', { company: 'Somewhere' }),
  ]);
  await enrich(api, 'enr-derive');
  const get = async (id: string) => (await api.get(`/events/enr-derive/attendees/${id}`)).body.enrichment;
  const cto = await get('cto');
  expect(cto).toMatchObject({
    status: 'enriched',
    seniority: 'executive',
    industry: 'financial_services',
    headline: 'Chief Technology Officer at Acme Capital',
  });
  const intern = await get('intern');
  expect(intern).toMatchObject({ seniority: 'entry', industry: 'education' });
  expect(intern.interests).toEqual(expect.arrayContaining(['ai', 'climate', 'marketing']));
  const plain = await get('plain');
  expect(plain).toMatchObject({ status: 'enriched', seniority: null, headline: 'Somewhere' });
});

test('enrichment is deterministic: the same rows in two events, and a re-run, give the same values', async ({ api }) => {
  const data = rows('same', 12);
  for (const e of ['enr-a', 'enr-b']) {
    await api.createEvent(e);
    // Distinct emails per event: a shared email across events would (rightly) open org reviews.
    await importAndWait(
      api,
      e,
      data.map((r) => ({ ...r, email: `${e}.${String(r.email)}` })),
    );
    await enrich(api, e);
  }
  const a = (await api.get('/events/enr-a/attendees?limit=200')).body.items.map(values);
  const b = (await api.get('/events/enr-b/attendees?limit=200')).body.items.map(values);
  expect(b).toEqual(a);
  await enrich(api, 'enr-a');
  const again = (await api.get('/events/enr-a/attendees?limit=200')).body.items.map(values);
  expect(again).toEqual(a);
});

test('attendees without email, LinkedIn URL and company fail alone: run partial with INSUFFICIENT_ENRICHMENT_INPUT', async ({ api }) => {
  await api.createEvent('enr-partial');
  await importAndWait(api, 'enr-partial', [
    row('ok-email', { email: 'x@example.com' }),
    row('ok-li', { linkedin_url: 'https://linkedin.com/in/ok' }),
    row('ok-company', { company: 'Acme' }),
    row('bare-1', { title: 'CTO' }),
    row('bare-2'),
  ]);
  const run = await enrich(api, 'enr-partial');
  expect(run.status).toBe('partial');
  expect(run.counts).toEqual({ total: 5, succeeded: 3, failed: 2 });
  expect(run.errors.map((e: any) => [e.attendee_id, e.code])).toEqual([
    ['bare-1', 'INSUFFICIENT_ENRICHMENT_INPUT'],
    ['bare-2', 'INSUFFICIENT_ENRICHMENT_INPUT'],
  ]);
  expect((await api.get('/events/enr-partial/attendees/bare-1')).body.enrichment).toMatchObject({
    status: 'failed',
    seniority: null,
    headline: null,
  });
  expect((await api.get('/events/enr-partial/attendees/ok-li')).body.enrichment.status).toBe('enriched');
});

test('an enrichment run with only attendees lacking input is still partial', async ({ api }) => {
  await api.createEvent('enr-allbare');
  await importAndWait(api, 'enr-allbare', [row('b1'), row('b2')]);
  const run = await enrich(api, 'enr-allbare');
  expect(run.status).toBe('partial');
  expect(run.counts).toEqual({ total: 2, succeeded: 0, failed: 2 });
});

test('an event without attendees enriches nothing and succeeds', async ({ api }) => {
  await api.createEvent('enr-empty');
  const run = await enrich(api, 'enr-empty');
  expect(run).toMatchObject({ status: 'succeeded', counts: { total: 0, succeeded: 0, failed: 0 }, errors: [] });
});

test('enrichment validates its body and event', async ({ api }) => {
  await api.createEvent('enr-val');
  await expectBodyCodes(
    (body) => api.post('/events/enr-val/attendees:enrich', body),
    [
      [{}, 'INVALID_IDEMPOTENCY_KEY'],
      [{ idempotency_key: '' }, 'INVALID_IDEMPOTENCY_KEY'],
      [{ idempotency_key: key(), webhook_url: 'mailto:x@example.com' }, 'INVALID_WEBHOOK_URL'],
    ],
  );
  const missing = await api.post('/events/enr-nope/attendees:enrich', { idempotency_key: key() });
  expectCode(missing, 404, 'EVENT_NOT_FOUND');
});

// Event context: POST merges the non-empty fields given (200, the whole context), at least one
// field, each within its cap, empty string = absent; GET returns nulls until set.

import { C, expect, test } from './helpers';

const MAX = C.fieldRules.EventContextUpdate!.find((r) => r.name === 'objectives')!.maxLength!;

test('GET before any POST: every field null, updated_at null', async ({ api }) => {
  await api.createEvent('c1');
  const r = await api.get('/events/c1/context');
  expect(r.status).toBe(200);
  expect(r.body).toMatchObject({ event_id: 'c1', event_details: null, objectives: null, welcome_instructions: null, updated_at: null });
});

test('POST merges: later posts keep earlier fields; empty strings and nulls leave fields unchanged', async ({ api }) => {
  await api.createEvent('c2');
  const first = await api.post('/events/c2/context', { event_details: 'Details', objectives: 'Meet' });
  expect(first.status).toBe(200);
  expect(first.body).toMatchObject({ event_details: 'Details', objectives: 'Meet', welcome_instructions: null });
  expect(first.body.updated_at).not.toBeNull();
  const second = await api.post('/events/c2/context', { welcome_instructions: 'Hi', objectives: '', event_details: null });
  expect(second.body).toMatchObject({ event_details: 'Details', objectives: 'Meet', welcome_instructions: 'Hi' });
  const third = await api.post('/events/c2/context', { objectives: 'Learn' });
  expect(third.body.objectives).toBe('Learn');
  expect((await api.get('/events/c2/context')).body).toMatchObject({
    event_details: 'Details',
    objectives: 'Learn',
    welcome_instructions: 'Hi',
  });
});

test('at least one non-empty field, each a string within its cap, else INVALID_CONTEXT', async ({ api }) => {
  await api.createEvent('c3');
  for (const body of [
    {},
    { objectives: '' },
    { objectives: null, event_details: '' },
    { unrelated: 'x' },
    { objectives: 'x'.repeat(MAX + 1) },
    { objectives: 'ok', event_details: 12 },
    { welcome_instructions: ['a'] },
  ]) {
    const r = await api.post('/events/c3/context', body);
    expect(r.status, JSON.stringify(body).slice(0, 60)).toBe(400);
    expect(r.body.code).toBe('INVALID_CONTEXT');
  }
  expect((await api.get('/events/c3/context')).body.updated_at).toBeNull();
  expect((await api.post('/events/c3/context', { objectives: 'x'.repeat(MAX) })).status).toBe(200);
});

test('an unknown event (or another org’s) is 404 EVENT_NOT_FOUND', async ({ api }) => {
  await api.createEvent('c4');
  expect((await api.post('/events/none/context', { objectives: 'x' })).body.code).toBe('EVENT_NOT_FOUND');
  expect((await api.get('/events/none/context')).body.code).toBe('EVENT_NOT_FOUND');
  expect((await api.post('/events/c4/context', { objectives: 'x' }, { key: 'orgB' })).status).toBe(404);
  expect((await api.get('/events/c4/context', { key: 'orgB' })).status).toBe(404);
});

test('context needs the write scope to change, the read scope to read', async ({ api }) => {
  await api.createEvent('c5');
  expect((await api.post('/events/c5/context', { objectives: 'x' }, { key: 'read' })).body.code).toBe('INSUFFICIENT_SCOPE');
  expect((await api.get('/events/c5/context', { key: 'read' })).status).toBe(200);
});

// observations.json: bounded (the same suite run once and three times gives a file of about the
// same size, with the same structure) and key-free; the accumulator's tables are capped whatever
// the records hold.

import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { ObservationAccumulator, type Observations } from '../../reporter/observations';
import type { FullRecord } from '../../reporter/types';
import { contract, maxLengthOf } from '../../contract';
import { Namespace } from '../../harness/world/namespace';
import { validBodyFor } from '../../harness/world/validBody';
import { mockKeys, record } from '../report/helpers';
import { conformance } from './helpers';

test.describe.configure({ timeout: 300_000 });

/** Every path of a JSON value's object keys (the structure, without counts). */
function shapeOf(v: unknown, prefix = ''): string[] {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return [];
  return Object.entries(v).flatMap(([k, x]) =>
    k === 'examples' || (/^\d+$/.test(k) && prefix.endsWith('full')) ? [] : [`${prefix}/${k}`, ...shapeOf(x, `${prefix}/${k}`)],
  );
}

test('the same suite once and three times: observations.json stays about the same size and holds no key', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'observations-'));
  try {
    const grep = ['--grep', 'PAGE-03|CORR-01'];
    const [one, three] = await Promise.all([
      conformance(join(dir, 'one'), grep, {}),
      conformance(join(dir, 'three'), [...grep, '--repeat-each=3'], {}),
    ]);
    expect(one.code, one.out).toBe(0);
    expect(three.code, three.out).toBe(0);
    const file = (d: string) => join(dir, d, 'observations.json');
    const [a, b] = [
      JSON.parse(readFileSync(file('one'), 'utf8')) as Observations,
      JSON.parse(readFileSync(file('three'), 'utf8')) as Observations,
    ];
    expect(b.exchanges).toBeGreaterThanOrEqual(a.exchanges * 2.5);
    expect(statSync(file('three')).size).toBeLessThan(statSync(file('one')).size * 1.15);
    expect(new Set(shapeOf(b.operations))).toEqual(new Set(shapeOf(a.operations)));
    for (const d of ['one', 'three']) {
      const text = readFileSync(file(d), 'utf8');
      for (const k of mockKeys()) expect(text.includes(k), `${d}/observations.json contains a key`).toBe(false);
      expect(text).not.toMatch(/Bearer|authorization/i);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the accumulator caps every table: ten thousand distinct fields and codes do not grow the file past its caps', () => {
  const acc = new ObservationAccumulator();
  const body = (i: number) =>
    JSON.stringify({
      code: `CODE_${i}`,
      message: 'm',
      correlation_id: `c${i}`,
      [`field_${i}`]: { nested: [i, `2026-01-0${(i % 9) + 1}`] },
    });
  const rec = (i: number): FullRecord =>
    record({
      operationId: 'listEvents',
      url: `http://127.0.0.1:1/api/v0/partner/events?limit=${i}`,
      status: 400,
      response: { headers: { [`x-h-${i}`]: 'v', 'x-correlation-id': `c${i}` }, body: body(i), bodyBytes: 100 },
    });
  for (let i = 0; i < 200; i++) acc.add(rec(i));
  const small = JSON.stringify(
    acc.result({ id: null, target: 'mock', url: null, startedAt: null, finishedAt: null, provenance: null }),
  ).length;
  for (let i = 200; i < 10_000; i++) acc.add(rec(i));
  const obs = acc.result({ id: null, target: 'mock', url: null, startedAt: null, finishedAt: null, provenance: null });
  const big = JSON.stringify(obs).length;
  expect(obs.exchanges).toBe(10_000);
  expect(big).toBeLessThan(small * 1.2);
  const st = obs.operations.listEvents!['400']!;
  expect(Object.keys(st.fields).length).toBeLessThanOrEqual(161);
  expect(st.fields['+']!.count).toBeGreaterThan(0);
  expect(Object.keys(st.codes).length).toBeLessThanOrEqual(24);
  expect(Object.keys(st.headers).length).toBeLessThanOrEqual(40);
  expect(st.examples.length).toBeLessThanOrEqual(3);
});

test("a body over the limit says something about the limit only where the limit decided: 2xx accepted, 413 rejected, an earlier step's answer nothing", () => {
  const over = contract.limits.maxBodyBytes! + 1;
  const acc = new ObservationAccumulator();
  const post = (status: number, bytes: number) =>
    record({
      operationId: 'createEvent',
      method: 'POST',
      url: 'http://127.0.0.1:1/api/v0/partner/events',
      status,
      request: { headers: {}, body: null, bodyBytes: bytes },
      response: { headers: {}, body: '{}', bodyBytes: 2 },
    });
  for (const status of [401, 403, 404, 405, 429, 400]) acc.add(post(status, over));
  expect(
    acc.result({ id: null, target: 'mock', url: null, startedAt: null, finishedAt: null, provenance: null }).limits.bodyBytes,
  ).toMatchObject({ largestAccepted: null, smallestRejected: null });
  acc.add(post(413, over));
  acc.add(post(201, 100));
  expect(
    acc.result({ id: null, target: 'mock', url: null, startedAt: null, finishedAt: null, provenance: null }).limits.bodyBytes,
  ).toMatchObject({ largestAccepted: 100, smallestRejected: over });
});

test('a body field alone breaking one keyword: its code is recorded per field and case', () => {
  const acc = new ObservationAccumulator();
  const title = 't'.repeat(maxLengthOf('EventCreate', 'title') + 1);
  const valid = validBodyFor('createEvent', new Namespace('evobs', 0))!;
  const send = (body: unknown) => {
    const text = JSON.stringify(body);
    acc.add(
      record({
        operationId: 'createEvent',
        method: 'POST',
        url: 'http://127.0.0.1:1/api/v0/partner/events',
        status: 400,
        request: { headers: {}, body: text, bodyBytes: Buffer.byteLength(text) },
        response: { headers: {}, body: JSON.stringify({ code: 'INVALID_TITLE', message: 'm', correlation_id: 'c1' }), bodyBytes: 2 },
      }),
    );
  };
  send({ ...valid, title });
  send({ ...valid, title, url_slug: 'UPPER' }); // two fields broken: says nothing
  send(valid); // nothing broken: says nothing
  const obs = acc.result({ id: null, target: 'mock', url: null, startedAt: null, finishedAt: null, provenance: null });
  expect(Object.keys(obs.bodyCodes)).toEqual(['createEvent.title.maxLength']);
  expect(obs.bodyCodes['createEvent.title.maxLength']).toEqual({ '400 INVALID_TITLE': expect.objectContaining({ count: 1 }) });
});

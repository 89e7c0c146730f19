// Every example in the contract validates against its generated validator, and a deliberately
// broken copy of each does not (so the validators can fail).
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { validator } from '../../contract';
import { shallowDeref } from '../../scripts/generate/openapi';

type Obj = Record<string, any>;
const doc: Obj = parse(readFileSync(new URL('../../contracts/partner-api.yaml', import.meta.url), 'utf8'));

interface Example {
  where: string;
  validator: string;
  value: unknown;
}

function examplesOf(media: Obj | undefined, where: string, validator: string): Example[] {
  if (!media) return [];
  const out: Example[] = [];
  if (media.example !== undefined) out.push({ where, validator, value: media.example });
  for (const [name, ex] of Object.entries<Obj>(media.examples ?? {})) {
    out.push({ where: `${where} example ${name}`, validator, value: shallowDeref(doc, ex).value });
  }
  return out;
}

const examples: Example[] = [];
for (const item of Object.values<Obj>(doc.paths)) {
  for (const m of ['get', 'post', 'put']) {
    const op = item[m];
    if (!op) continue;
    const rb = op.requestBody && shallowDeref(doc, op.requestBody);
    examples.push(...examplesOf(rb?.content?.['application/json'], `${op.operationId} request`, `${op.operationId}:request`));
    for (const [status, raw] of Object.entries<Obj>(op.responses)) {
      const res = shallowDeref(doc, raw);
      examples.push(...examplesOf(res.content?.['application/json'], `${op.operationId} ${status}`, `${op.operationId}:${status}`));
    }
  }
}

/** A copy that breaks the schema: every required top-level property gets the wrong type. */
function broken(value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return 42;
  const copy: Obj = { ...(value as Obj) };
  for (const [k, v] of Object.entries(copy)) copy[k] = typeof v === 'number' ? 'not-a-number' : 12345;
  return copy;
}

test('the contract carries the documented examples', () => {
  const where = examples.map((e) => e.validator);
  for (const needed of ['getAuth:200', 'getIdMapping:200', 'createEvent:request']) expect(where).toContain(needed);
  expect(
    examples.some((e) => (e.value as Obj)?.code === 'EVENT_NOT_FOUND'),
    'the documented error envelope example',
  ).toBe(true);
});

for (const ex of examples) {
  test(`${ex.where} validates, and a broken copy does not`, () => {
    const validate = validator(ex.validator);
    expect(validate, `no validator ${ex.validator}`).toBeDefined();
    expect(validate!(ex.value), JSON.stringify(validate!.errors)).toBe(true);
    expect(validate!(broken(ex.value))).toBe(false);
  });
}

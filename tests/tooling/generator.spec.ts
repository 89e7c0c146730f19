// The generator knows OpenAPI, not Meshi: no component schema, parameter or operation of the
// contract is named in scripts/generate/ (where a limit lives is said by x-meshi-limits; the enums
// the index lists are found by their markers).
import { test, expect } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const GENERATOR = join(ROOT, 'scripts/generate');

test('scripts/generate names no schema, parameter or operation of the contract', () => {
  const doc = parse(readFileSync(join(ROOT, 'contracts/partner-api.yaml'), 'utf8'));
  const names = [
    ...Object.keys(doc.components?.schemas ?? {}),
    ...Object.keys(doc.components?.parameters ?? {}),
    ...Object.values<Record<string, { operationId?: string }>>(doc.paths ?? {}).flatMap((item) =>
      Object.values(item).flatMap((op) => (op?.operationId ? [op.operationId] : [])),
    ),
  ];
  expect(names.length).toBeGreaterThan(40);
  const offenders: string[] = [];
  for (const file of readdirSync(GENERATOR).filter((f) => f.endsWith('.ts'))) {
    const text = readFileSync(join(GENERATOR, file), 'utf8');
    for (const name of names) if (new RegExp(`\\b${name}\\b`).test(text)) offenders.push(`${file}: ${name}`);
  }
  expect(offenders).toEqual([]);
});

test('every HTTP method the contract module names is indexed: a DELETE or PATCH operation is not dropped', async () => {
  const { buildContractIndex } = await import('../../scripts/generate/contractModel');
  const { HTTP_METHODS } = await import('../../contract');
  const doc = parse(readFileSync(join(ROOT, 'contracts/partner-api.yaml'), 'utf8'));
  const item = doc.paths['/events/{event_id}/context'];
  item.delete = { ...item.get, operationId: 'clearEventContextProbe' };
  item.patch = { ...item.post, operationId: 'patchEventContextProbe' };
  const index = buildContractIndex(doc);
  const methods = (id: string) => index.operations[id]?.method;
  expect([methods('clearEventContextProbe'), methods('patchEventContextProbe')]).toEqual(['DELETE', 'PATCH']);
  expect(HTTP_METHODS).toEqual(expect.arrayContaining(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']));
});

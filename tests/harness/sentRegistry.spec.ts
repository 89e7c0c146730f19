// The registry of UUIDs the harness sent (exempt from the no-UUID oracle), local and shared.
import { test, expect } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { SentRegistry } from '../../harness/http/sentRegistry';
import { canonicalUuid, findUuids } from '../../harness/checks/uuid';

const A = '3f1c2a9e-7b4d-4c1a-9e2f-0a1b2c3d4e5f';
const B = '9b2e6f00-1d2c-4b3a-8f9e-000000000001';

test('UUID shapes: hyphenated (any case) and compact with version/variant bits', () => {
  expect(findUuids(`x ${A.toUpperCase()} y`)).toEqual([A]);
  expect(findUuids(A.replace(/-/g, ''))).toEqual([A]);
  expect(findUuids('0123456789abcdef0123456789abcdef')).toEqual([]); // no version/variant: a hash, not a UUID
  expect(findUuids('run_01J8ZQ4M7ARUN0000000000001')).toEqual([]);
  expect(canonicalUuid(A.replace(/-/g, '').toUpperCase())).toBe(A);
});

test('sent UUIDs are exempt; UUIDs first received from the server never become exempt', () => {
  const r = new SentRegistry();
  r.noteReceived([B]);
  r.noteSent(`{"id":"${A}"}`, `/events/${B}`);
  expect(r.local().has(A)).toBe(true);
  expect(r.local().has(B)).toBe(false);
  expect(r.size).toBe(1);
});

test('the shared file lets one worker see what another sent', async ({}, testInfo) => {
  const file = testInfo.outputPath('sent.txt');
  writeFileSync(file, '');
  const w0 = new SentRegistry(file);
  const w1 = new SentRegistry(file);
  w0.noteSent(A);
  expect(readFileSync(file, 'utf8')).toBe(`${A}\n`);
  expect(w1.local().has(A)).toBe(false);
  expect(w1.withShared().has(A)).toBe(true);
  w1.noteReceived([B]);
  writeFileSync(file, `${A}\n${B}\n`);
  expect(w1.withShared().has(B)).toBe(false);
});

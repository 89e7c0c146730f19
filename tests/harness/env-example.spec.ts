// .env.example documents every setting the harness reads, and nothing else.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { knownVariables } from '../../harness/settings/config';

const text = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
const documented = new Set([...text.matchAll(/^#?\s*(MESHI_[A-Z0-9_]+)=/gm)].map((m) => m[1]!));

test('every variable the harness reads is documented in .env.example', () => {
  for (const v of knownVariables()) expect(documented.has(v), `${v} missing from .env.example`).toBe(true);
});

test('.env.example documents no variable the harness ignores', () => {
  const known = new Set(knownVariables());
  for (const v of documented) expect(known.has(v), `${v} is documented but not read`).toBe(true);
});

test('.env.example sets no key value', () => {
  for (const line of text.split('\n')) {
    if (/^MESHI_[A-Z_]*KEY[A-Z_]*=\S/.test(line)) throw new Error(`.env.example sets a key: ${line.split('=')[0]}`);
  }
});

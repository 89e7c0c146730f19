// The guarantee catalogue is well formed: unique FAMILY-NN IDs, one RFC 2119 keyword matching the
// level, provenance (and a doc reference when documented), known profiles and operations.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { contract, families, guarantees } from '../../contract';
import { catalogueProblems } from '../../scripts/generate/guaranteesModel';

const catalogue = parse(readFileSync(new URL('../../contracts/guarantees.yaml', import.meta.url), 'utf8'));

test('the catalogue has no problems', () => {
  expect(catalogueProblems(catalogue, contract)).toEqual([]);
});

test('the catalogue covers every family with 60 to 100 guarantees', () => {
  expect(guarantees.length).toBeGreaterThanOrEqual(60);
  expect(guarantees.length).toBeLessThanOrEqual(100);
  for (const family of Object.keys(families)) {
    expect(
      guarantees.some((g) => g.family === family),
      `family ${family} has no guarantee`,
    ).toBe(true);
  }
});

test('a malformed catalogue is reported, one problem per defect', () => {
  const first = catalogue.guarantees[0];
  const bad = {
    families: catalogue.families,
    guarantees: [
      { ...first },
      { ...first },
      { ...first, id: 'idem-1' },
      { ...first, id: 'ZZZ-01', family: 'ZZZ' },
      { ...first, id: `${first.family}-98`, level: 'MAY' },
      { ...first, id: `${first.family}-97`, provenance: 'documented', doc: undefined },
      { ...first, id: `${first.family}-96`, statement: 'The API answers quickly.' },
      { ...first, id: `${first.family}-95`, profiles: ['unknown-profile'] },
      { ...first, id: `${first.family}-94`, operations: ['noSuchOperation'] },
    ],
  };
  const problems = catalogueProblems(bad, contract).join('\n');
  for (const expected of [
    'duplicate id',
    'id must be FAMILY-NN',
    'unknown family',
    'level must be',
    'without doc reference',
    'RFC 2119',
    'unknown profile',
    'unknown operation',
  ]) {
    expect(problems).toContain(expected);
  }
});

// Every rule of the contract diff on pairs generated from the real contract (fixtures.ts): the
// positive pair produces the rule, the negative pair (a near miss) does not; the identical pair
// produces nothing and additions alone are a changelog.

import { test, expect } from '@playwright/test';
import { diffContracts, RULE_IDS, RULES } from '../../scripts/contractDiff/index';
import { ADDITIONS_ONLY, all, API_TEXT, EDITS, GUARANTEES_TEXT, pairSources, RULE_FIXTURES, set, type Pair } from './fixtures';

function diff(p: Pair, opts: Parameters<typeof diffContracts>[2] = {}) {
  const { base, head } = pairSources(p);
  return diffContracts(base, head, opts);
}

test('the catalogue has at least 30 rules and a positive and a negative fixture for each', () => {
  expect(RULE_IDS.length).toBeGreaterThanOrEqual(30);
  expect(Object.keys(RULE_FIXTURES).sort()).toEqual([...RULE_IDS].sort());
});

for (const rule of RULE_IDS) {
  test(`rule ${rule}: positive pair finds it, negative pair does not`, () => {
    const { pos, neg } = RULE_FIXTURES[rule];
    const found = diff(pos).changes.filter((c) => c.rule === rule);
    expect(found.length, `positive pair of ${rule}`).toBeGreaterThan(0);
    for (const c of found) {
      expect(c.severity).toBe(RULES[rule][0]);
      expect(c.id.startsWith(`${rule}:`)).toBe(true);
      expect(c.head ?? c.base, `${c.id} is located`).not.toBeNull();
    }
    const negative = diff(neg).changes.filter((c) => c.rule === rule);
    expect(
      negative.map((c) => c.id),
      `negative pair of ${rule}`,
    ).toEqual([]);
  });
}

test('identical pair: no change, nothing breaks', () => {
  const d = diffContracts(
    { api: API_TEXT, guarantees: GUARANTEES_TEXT, label: 'a' },
    { api: API_TEXT, guarantees: GUARANTEES_TEXT, label: 'b' },
  );
  expect(d.changes).toEqual([]);
  expect(d.unacceptedBreaking).toBe(0);
});

test('additions-only pair: a changelog, nothing breaks', () => {
  const d = diff(ADDITIONS_ONLY);
  expect(d.changes.length).toBeGreaterThanOrEqual(5);
  expect(d.changes.filter((c) => c.severity !== 'non-breaking').map((c) => c.id)).toEqual([]);
  expect(d.unacceptedBreaking).toBe(0);
});

test('a removed response property: stable ID per operation, provenance, guarantees, line and column in base and head', () => {
  const d = diff({ head: EDITS.resPropRemoved });
  const c = d.changes.find((x) => x.id === 'response-property-removed:getEvent:200:title')!;
  expect(c, d.changes.map((x) => x.id).join('\n')).toBeTruthy();
  expect(c.severity).toBe('breaking-wire');
  expect(c.provenance).toBe('documented');
  expect(c.guarantees).toContain('EVT-07');
  // base: the `title:` key under EventFields.properties; head: EventFields.properties, where it was removed from.
  const baseLines = API_TEXT.split('\n');
  expect(baseLines[c.base!.line - 1]!.slice(c.base!.column - 1)).toMatch(/^title:/);
  expect(c.base!.pointer).toBe('/components/schemas/EventFields/properties/title');
  expect(c.head!.pointer).toBe('/components/schemas/EventFields/properties');
  expect(c.base!.file).toBe('contracts/partner-api.yaml');
  // Every operation returning the property gets its own change.
  for (const id of ['createEvent:201', 'updateEvent:200', 'listEvents:200'])
    expect(d.changes.some((x) => x.id.startsWith(`response-property-removed:${id}:`))).toBe(true);
});

test('a whole request body removed, a guarantee no longer universal: reported as breaking', () => {
  expect(diff({ head: EDITS.bodyRemoved }).changes.map((c) => c.id)).toContain(
    'request-media-type-removed:createEvent:body:application/json',
  );
  expect(diff({ head: EDITS.gNotUniversal }).changes.map((c) => c.id)).toContain('guarantee-scope-narrowed:CORR-01');
});

test('a provisional element is reported as provisional; a guarantee change points into guarantees.yaml', () => {
  const p = diff({ head: EDITS.resFormatChanged }).changes.find((c) => c.rule === 'response-format-changed')!;
  expect(p.provenance).toBe('provisional');
  const g = diff({ head: EDITS.gLowered }).changes.find((c) => c.rule === 'guarantee-level-lowered')!;
  expect(g.head!.file).toBe('contracts/guarantees.yaml');
  expect(GUARANTEES_TEXT.split('\n')[g.base!.line - 1]).toMatch(/level: MUST/);
  expect(g.guarantees).toEqual(['AUTH-01']);
});

test('composition is diffed after resolving: allOf, oneOf variants, $ref cycles terminate', () => {
  // EventFields reaches Event through allOf: a removal there is a removal from Event.
  expect(diff({ head: EDITS.resPropRemoved }).changes.some((c) => c.id === 'response-property-removed:getEvent:200:title')).toBe(true);
  const oneOf = all(
    set(['components', 'schemas', 'EventFields', 'properties', 'title', 'oneOf'], [{ type: 'string' }, { type: 'integer' }]),
  );
  const oneLess = set(['components', 'schemas', 'EventFields', 'properties', 'title', 'oneOf'], [{ type: 'string' }]);
  expect(diff({ base: oneOf, head: oneLess }).changes.some((c) => c.rule === 'composition-changed')).toBe(true);
  const inner = set(
    ['components', 'schemas', 'EventFields', 'properties', 'title', 'oneOf'],
    [{ type: 'string' }, { type: 'integer', minimum: 3 }],
  );
  expect(
    diff({ base: oneOf, head: inner }).changes.some((c) => c.rule === 'response-constraint-tightened' && c.id.includes('variant1')),
  ).toBe(true);
  // A cycle: Event → EventFields.parent → Event. Both sides have it; head also drops a property.
  const cycle = set(['components', 'schemas', 'EventFields', 'properties', 'parent'], { $ref: '#/components/schemas/Event' });
  const d = diff({ base: cycle, head: all(cycle, EDITS.resPropRemoved) });
  expect(d.changes.some((c) => c.id === 'response-property-removed:getEvent:200:title')).toBe(true);
  // The repetition is a stub compared by name: the change is reported once, where the schema starts.
  expect(d.changes.some((c) => c.id.startsWith('response-property-removed:getEvent:200:parent.'))).toBe(false);
  const retarget = set(['components', 'schemas', 'EventFields', 'properties', 'parent'], { $ref: '#/components/schemas/Session' });
  expect(diff({ base: cycle, head: retarget }).changes.some((c) => c.rule === 'response-type-changed' && c.id.includes(':parent'))).toBe(
    true,
  );
  expect(diff({ base: cycle, head: cycle }).changes).toEqual([]);
  // unevaluatedProperties: opening a closed response is breaking.
  expect(diff({ head: EDITS.resOpened }).unacceptedBreaking).toBeGreaterThan(0);
});

test('accepted changes: an entry accepts until it expires, `*` stands for one segment, a major bump accepts all', () => {
  const pair = { head: EDITS.reqMaxLenLower };
  const id = 'request-max-length-tightened:createEvent:body:title:maxLength';
  expect(diff(pair).changes.map((c) => c.id)).toContain(id);
  const entry = (change: string, expires: string) =>
    `accepted:\n  - change: ${change}\n    reason: "no partner sends long titles"\n    who: "@api-owners"\n    expires: "${expires}"\n`;
  const ok = diff(pair, { accepted: entry(id, '2026-12-31'), today: '2026-06-01' });
  expect(ok.unacceptedBreaking).toBe(0);
  expect(ok.changes.find((c) => c.id === id)!.accepted).toMatchObject({ by: 'entry', who: '@api-owners', expires: '2026-12-31' });
  const expired = diff(pair, { accepted: entry(id, '2026-05-31'), today: '2026-06-01' });
  expect(expired.unacceptedBreaking).toBe(1);
  expect(expired.expiredEntries).toEqual([`${id} (expired 2026-05-31)`]);
  expect(
    diff(pair, { accepted: entry('request-max-length-tightened:*:body:title:maxLength', '2026-12-31'), today: '2026-06-01' })
      .unacceptedBreaking,
  ).toBe(0);
  expect(
    diff(pair, { accepted: entry('request-max-length-tightened:*:title:maxLength', '2026-12-31'), today: '2026-06-01' }).unacceptedBreaking,
  ).toBe(1);
  const unused = diff({ head: EDITS.resPropAdded }, { accepted: entry(id, '2026-12-31'), today: '2026-06-01' });
  expect(unused.unusedEntries).toEqual([id]);
  expect(() => diff(pair, { accepted: 'accepted:\n  - change: x\n' })).toThrow(/needs a non-empty reason/);
  // An entry left under a commented-out `accepted:` is a list at the top: refused, not read as none.
  expect(() => diff(pair, { accepted: `# accepted:\n${entry(id, '2026-12-31').split('\n').slice(1).join('\n')}` })).toThrow(
    /expected a map with an "accepted" list/,
  );
  expect(diff(pair, { accepted: '# nothing accepted yet\n' }).unacceptedBreaking).toBe(1);
  // The file's shape is contracts/accepted-changes.schema.json: no unknown field, a real calendar date.
  expect(() => diff(pair, { accepted: entry(id, '2026-12-31').replace('    who:', '    owner: x\n    who:') })).toThrow(
    /entry 1: unknown field owner/,
  );
  expect(() => diff(pair, { accepted: entry(id, '2026-02-30') })).toThrow(/expires must be YYYY-MM-DD, got 2026-02-30/);
  expect(() => diff(pair, { accepted: 'accepted:\n  - change: x\n    reason: "  "\n    who: a\n    expires: "2026-01-01"\n' })).toThrow(
    /needs a non-empty reason/,
  );
  expect(() => diff(pair, { accepted: 'accepted: 3\n' })).toThrow(/"accepted" must be a list/);
  const bump = all(EDITS.reqMaxLenLower, set(['info', 'version'], '0.2.0'));
  const bumped = diff({ head: bump });
  expect(bumped.unacceptedBreaking).toBe(0);
  expect(bumped.changes.find((c) => c.id === id)!.accepted).toEqual({ by: 'major-bump' });
  expect(diff({ head: all(EDITS.reqMaxLenLower, set(['info', 'version'], '0.1.1')) }).unacceptedBreaking).toBe(1);
});

test('a limit stated as a pointer is the number it points at: written down it is no change, lowered through its keyword it is', () => {
  const limit = ['x-meshi-limits', 'partner_id_min_length'];
  const keyword = ['components', 'schemas', 'PartnerId', 'minLength'];
  // The base's PartnerId.minLength (1), newly named in x-meshi-limits: not a new limit.
  const written = diff({ head: set(limit, { value: '#/components/schemas/PartnerId/minLength' }) });
  expect(written.changes.filter((c) => c.rule.startsWith('limit-')).map((c) => c.id)).toEqual([]);
  // A pointer to a keyword the base did not have is a new limit.
  const fresh = diff({ head: set(limit, { value: '#/components/schemas/PartnerKind/minProperties' }) });
  expect(fresh.changes.filter((c) => c.rule === 'limit-added').map((c) => c.id)).toEqual(['limit-added:partner_id_min_length']);
  // Both sides state it by pointer; the minimum moves from 1 to 2: the limit is tightened.
  const pointer = set(limit, { value: '#/components/schemas/PartnerId/minLength' });
  const moved = diff({ base: pointer, head: all(pointer, set(keyword, 2)) });
  expect(moved.changes.filter((c) => c.rule === 'limit-raised' || c.rule === 'limit-lowered').map((c) => c.id)).toEqual([
    'limit-lowered:partner_id_min_length.value',
  ]);
  expect(
    diff({ base: all(pointer, set(keyword, 2)), head: pointer })
      .changes.filter((c) => c.rule.startsWith('limit-'))
      .map((c) => c.id),
  ).toEqual(['limit-raised:partner_id_min_length.value']);
});

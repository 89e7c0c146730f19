// proves(): title, tags and annotations exactly as docs/ARCHITECTURE.md says.
import { test, expect } from '@playwright/test';
import { allGuarantees, declaredGuarantees, guarantee, proves } from '../../harness/verdicts/guarantees';
import { profileTags } from '../../harness/run/fixtures';

test('title = IDs + the first guarantee statement; tags and one annotation per guarantee', () => {
  const [a, b] = allGuarantees();
  const [title, details] = proves(a!.id, b!.id);
  expect(title).toBe(`${a!.id} ${b!.id}: ${a!.statement}`);
  expect(details.annotation).toEqual([
    { type: 'guarantee', description: a!.id },
    { type: 'guarantee', description: b!.id },
  ]);
  for (const g of [a!, b!]) {
    expect(details.tag).toContain(`@${g.provenance}`);
    expect(details.tag).toContain(`@${g.level}`);
    for (const p of g.profiles) expect(details.tag).toContain(`@${p}`);
  }
  expect(new Set(details.tag).size).toBe(details.tag.length);
  for (const t of details.tag) expect(t).toMatch(/^@\S+$/);
});

test('profile tags are carried and recognised', () => {
  const withProfile = allGuarantees().find((g) => g.profiles.length > 0);
  expect(withProfile, 'some guarantee needs a profile').toBeTruthy();
  const [, details] = proves(withProfile!.id);
  expect(profileTags(details.tag)).toEqual([...withProfile!.profiles]);
});

test('unknown, repeated or no IDs throw', () => {
  // @ts-expect-error: an unknown ID fails tsc as well as at run time
  expect(() => proves('NOPE-99')).toThrow(/unknown guarantee ID "NOPE-99"/);
  expect(() => guarantee('idem-1')).toThrow(/unknown guarantee/);
  const id = allGuarantees()[0]!.id;
  expect(() => proves(id, id)).toThrow(/listed twice/);
  expect(() => proves()).toThrow(/at least one/);
});

test('declaredGuarantees reads the annotations back', () => {
  const id = allGuarantees()[0]!.id;
  expect(declaredGuarantees(proves(id)[1].annotation)).toEqual([id]);
});

// proves() works as test arguments: this very test is declared with it.
const sample = allGuarantees().find((g) => g.profiles.length === 0)!;
test(...proves(sample.id), async ({}, testInfo) => {
  expect(testInfo.title.startsWith(sample.id)).toBe(true);
  expect(testInfo.annotations).toContainEqual(expect.objectContaining({ type: 'guarantee', description: sample.id }));
  expect(testInfo.tags).toContain(`@${sample.level}`);
});

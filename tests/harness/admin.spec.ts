// The mock admin client against a fake admin API.
import { test, expect } from '@playwright/test';
import { MockAdmin, mockAdmin } from '../../harness/world/admin';
import { startFakeServer } from './fakeServer';

test('reset, faults (restored after withFaults), config', async () => {
  let faults: string[] = ['a'];
  const fake = await startFakeServer((req) => {
    if (req.url === '/__mock/faults' && req.method === 'PUT') {
      faults = (JSON.parse(req.body) as { faults: string[] }).faults;
      return { body: { faults }, noCorrelation: true };
    }
    if (req.url === '/__mock/faults') return { body: { faults }, noCorrelation: true };
    if (req.url === '/__mock/reset') return { status: 204 };
    if (req.url === '/__mock/config') return { body: { queuedMs: 1 }, noCorrelation: true };
    return { status: 404, body: 'no', headers: { 'content-type': 'text/plain' } };
  });
  try {
    const admin = new MockAdmin(`${fake.url}/__mock`);
    await admin.reset();
    expect(await admin.faults()).toEqual(['a']);
    const inside = await admin.withFaults(['b', 'c'], async () => admin.faults());
    expect(inside).toEqual(['b', 'c']);
    expect(await admin.faults()).toEqual(['a']);
    expect(await admin.getConfig()).toEqual({ queuedMs: 1 });
    await expect(new MockAdmin(`${fake.url}/nope`).reset()).rejects.toThrow(/mock admin POST \/reset → 404/);
    expect(mockAdmin(null)).toBeNull();
  } finally {
    await fake.close();
  }
});

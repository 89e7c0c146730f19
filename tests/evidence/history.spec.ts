// `npm run evidence` over a history folder: observations found recursively, runs of another target
// left out, N exchanges over M runs with the first and last date, the most frequent contradiction.

import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { contract } from '../../contract';
import { ObservationAccumulator, writeObservations } from '../../reporter/observations';
import { runEvidence } from '../../scripts/evidence';
import { record } from '../report/helpers';

/** One run's observations: `pages` first pages of GET /events without limit, each `size` items long. */
function writeRun(dir: string, target: string, startedAt: string, size: number, pages: number): void {
  const acc = new ObservationAccumulator();
  const items = Array.from({ length: size }, (_, i) => ({ event_id: `e${i}` }));
  for (let i = 0; i < pages; i++) {
    const corr = `${target}-${startedAt}-${i}`;
    acc.add(record({ operationId: 'listEvents', url: 'http://127.0.0.1:1/api/v0/partner/events', correlationId: { sent: corr, received: corr }, response: { headers: { 'x-correlation-id': corr }, body: JSON.stringify({ items, next_cursor: 'c1', correlation_id: corr }), bodyBytes: 1 } }));
  }
  mkdirSync(dir, { recursive: true });
  writeObservations(dir, acc.result({ id: startedAt, target, url: null, startedAt, finishedAt: startedAt }));
}

test('a history folder: two staging nights judged together, the mock run left out', () => {
  const dir = mkdtempSync(join(tmpdir(), 'evidence-history-'));
  try {
    const dflt = contract.limits.pageLimitDefault!;
    writeRun(join(dir, 'history', 'n1', 'conformance-report'), 'staging', '2026-11-30T02:00:00Z', 20, 3);
    writeRun(join(dir, 'history', 'n2', 'conformance-report'), 'staging', '2026-12-01T02:00:00Z', dflt, 1);
    writeRun(join(dir, 'history', 'local'), 'mock', '2026-11-15T02:00:00Z', dflt, 1);
    const e = runEvidence({ dirs: [join(dir, 'history')], target: null, out: join(dir, 'evidence'), applyTo: null });
    expect(e.target).toBe('staging');
    expect(e.runs.map((r) => r.date)).toEqual(['2026-11-30', '2026-12-01']);
    expect(e.skippedRuns).toHaveLength(1);
    expect(e.elements.find((x) => x.key === 'status:listEvents:200')).toMatchObject({ verdict: 'confirmed', exchanges: 4, runs: 2, first: '2026-11-30', last: '2026-12-01' });
    expect(e.elements.find((x) => x.key === 'limit:pageLimitDefault')).toMatchObject({
      verdict: 'contradicted',
      observed: '20',
      exchanges: 3,
      runs: 2,
      first: '2026-11-30',
      last: '2026-12-01',
      examples: ['staging-2026-11-30T02:00:00Z-0', 'staging-2026-11-30T02:00:00Z-1', 'staging-2026-11-30T02:00:00Z-2'],
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

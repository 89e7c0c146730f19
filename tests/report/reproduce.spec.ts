// Replay commands and curl lines (harness/http/reproduce.ts, reporter/reproduction.ts): they name the
// target, the mock faults, seed and namespace; curl goes through $MESHI_BASE_URL; a long body is a
// file written next to the report, a truncated one is said to be truncated.
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { Redactor } from '../../harness/http/redact';
import { apiRoot, curlLine, isTruncated, MAX_INLINE_BODY, replayCommand, type RunContext } from '../../harness/http/reproduce';
import { truncate } from '../../harness/http/redact';
import { writeArtefacts } from '../../reporter/output';
import { bodyFiles, bodyPath, recordCurl, testReplay } from '../../reporter/reproduction';
import { FAULTS, threeFaultsReport } from './fixtureReports';
import { record } from './helpers';

const mock: RunContext = { target: 'bundled-mock', targetUrl: null, mockFaults: FAULTS, seed: 4242, namespace: 'ctns1' };
const staging: RunContext = { target: 'external', targetUrl: 'https://api.staging.meshi.io', mockFaults: [], seed: 9, namespace: 'ctns2' };

test('a replay against the bundled mock starts it with the same faults, seed and namespace, whatever the shell holds', () => {
  const line = replayCommand(mock, { file: 'specs/events.spec.ts', title: "EVT-01: create (it's 201)" });
  expect(line).toMatch(/^env -u MESHI_BASE_URL -u MESHI_PARTNER_KEY .*-u MESHI_NO_ORG_KEY /);
  expect(line).toContain(`MESHI_MOCK_FAULTS='create-status-200,page-repeats-item,uuid-leak-nested'`);
  expect(line).toContain('MESHI_SEED=4242');
  expect(line).toContain(`MESHI_RUN_NAMESPACE='ctns1'`);
  expect(line).toContain(`npx playwright test --project=conformance 'specs/events.spec.ts' -g 'EVT-01: create \\(it'\\''s 201\\)'`);
  // No faults, no MESHI_MOCK_FAULTS.
  expect(replayCommand({ ...mock, mockFaults: [] }, { file: 'f', title: 't' })).not.toContain('MESHI_MOCK_FAULTS');
});

test('a replay against an external target names its URL and never mock faults; extra settings are quoted', () => {
  const line = replayCommand(staging, { file: 'specs/x.spec.ts', title: 'PAGE-01: walk', env: { MESHI_FC_PATH: '3:1' } });
  expect(
    line.startsWith(
      `MESHI_BASE_URL='https://api.staging.meshi.io' MESHI_RUN_NAMESPACE='ctns2' MESHI_SEED=9 MESHI_FC_PATH='3:1' npx playwright test`,
    ),
  ).toBe(true);
  expect(replayCommand({ ...staging, targetUrl: null }, { file: 'f', title: 't' })).toContain('MESHI_BASE_URL="$MESHI_BASE_URL"');
});

test('the report replays a test by its own title (describe blocks dropped) or keeps a property replay as given', () => {
  const r = threeFaultsReport();
  const line = testReplay(r, { file: 'specs/events.spec.ts', title: 'Events › EVT-01: create answers 201' });
  expect(line).toContain(`-g 'EVT-01: create answers 201'`);
  expect(line).toContain('MESHI_MOCK_FAULTS=');
  expect(testReplay(r, { file: 'f', title: 't', replay: 'MESHI_SEED=1 npx playwright test x' })).toBe('MESHI_SEED=1 npx playwright test x');
});

test('curl lines go through $MESHI_BASE_URL (the root before the API base path) and keep key placeholders', () => {
  expect(apiRoot('http://127.0.0.1:4/api/v0/partner/events?x=1')).toBe('http://127.0.0.1:4');
  expect(apiRoot('https://gw.example/meshi/v0/partner/auth')).toBe('https://gw.example/meshi');
  expect(apiRoot('http://127.0.0.1:4/__mock/faults')).toBe('http://127.0.0.1:4');
  const r = new Redactor([{ value: 'sk_live_0123456789', placeholder: '$MESHI_PARTNER_KEY' }]);
  const line = curlLine(
    r,
    'GET',
    'http://127.0.0.1:4/api/v0/partner/events?limit=2',
    { authorization: 'Bearer sk_live_0123456789', 'x-correlation-id': 'c1' },
    null,
    { baseVariable: true },
  );
  expect(line).toBe(
    `curl -sS -i -X GET "$MESHI_BASE_URL"'/api/v0/partner/events?limit=2' -H "authorization: Bearer $MESHI_PARTNER_KEY" -H 'x-correlation-id: c1'`,
  );
  // Records are already redacted: their placeholders stay as they are.
  expect(
    recordCurl(record({ request: { headers: { authorization: 'Bearer $MESHI_PARTNER_READ_KEY' }, body: null, bodyBytes: 0 } })),
  ).toContain('"authorization: Bearer $MESHI_PARTNER_READ_KEY"');
});

test('bodies: short ones inline, long ones as bodies/<hash>.json written next to the report, truncated ones said so', () => {
  const r = new Redactor();
  const short = '{"title":"it\'s"}';
  expect(curlLine(r, 'POST', 'http://h/api/v0/partner/events', {}, short)).toContain(`--data-binary '{"title":"it'\\''s"}'`);
  const long = JSON.stringify({ title: 'x'.repeat(MAX_INLINE_BODY) });
  expect(curlLine(r, 'POST', 'http://h/api/v0/partner/events', {}, long, { bodyFile: bodyPath })).toContain(
    `--data-binary '@${bodyPath(long)}'`,
  );
  expect(curlLine(r, 'POST', 'http://h/api/v0/partner/events', {}, long)).toContain(
    '# the request body is not inlined (too long): take it from the record',
  );
  const cut = truncate(long, 100);
  expect(isTruncated(cut)).toBe(true);
  const cutLine = curlLine(r, 'POST', 'http://h/api/v0/partner/events', {}, cut, { bodyFile: bodyPath });
  expect(cutLine).toContain('# the request body was truncated in the record: this line cannot send it');
  expect(cutLine).not.toContain('--data-binary');

  const report = threeFaultsReport();
  const files = bodyFiles(report);
  expect(files.size).toBeGreaterThan(0);
  const dir = mkdtempSync(join(tmpdir(), 'report-bodies-'));
  writeArtefacts(report, dir, new Redactor());
  for (const [path, body] of files) {
    expect(existsSync(join(dir, path))).toBe(true);
    expect(readFileSync(join(dir, path), 'utf8')).toBe(body);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain(`@${path}`);
  }
});

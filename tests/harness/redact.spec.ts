// Secrets never appear in records, curl lines or messages.
import { test, expect } from '@playwright/test';
import { buildRecord, recordName } from '../../harness/http/record';
import { Redactor, shellQuote, truncate } from '../../harness/http/redact';
import { curlLine } from '../../harness/http/reproduce';

const keys = {
  write: 'sk_live_write_ABCDEFGH12345678',
  read: 'sk_live_read_ABCDEFGH12345678',
  orgB: null,
  rateLimit: null,
  disabled: null,
  userToken: null,
  noOrg: null,
};

test('configured keys become their variable names, anywhere', () => {
  const r = Redactor.fromKeys(keys);
  expect(r.header('Authorization', `Bearer ${keys.write}`)).toBe('Bearer $MESHI_PARTNER_KEY');
  expect(r.header('authorization', `Bearer ${keys.read}`)).toBe('Bearer $MESHI_PARTNER_READ_KEY');
  expect(r.text(`echo ${keys.write} and ${keys.read}`)).toBe('echo $MESHI_PARTNER_KEY and $MESHI_PARTNER_READ_KEY');
  expect(r.value({ a: [`x${keys.write}`], [keys.read]: 1 })).toEqual({ a: ['x$MESHI_PARTNER_KEY'], $MESHI_PARTNER_READ_KEY: 1 });
});

test('unknown credentials are described, never shown', () => {
  const r = Redactor.fromKeys(keys);
  expect(r.header('Authorization', 'Bearer some-other-token')).toBe('Bearer <redacted 16 chars>');
  expect(r.header('Cookie', 'session=abc')).toBe('<redacted 11 chars>');
  expect(r.header('x-correlation-id', 'ct-1')).toBe('ct-1');
});

test('curl lines use shell variables for keys and quote everything else', () => {
  const r = Redactor.fromKeys(keys);
  const line = curlLine(
    r,
    'POST',
    'http://h/api/v0/partner/events',
    { authorization: `Bearer ${keys.write}`, 'content-type': 'application/json' },
    `{"title":"it's"}`,
  );
  expect(line).toContain('-H "authorization: Bearer $MESHI_PARTNER_KEY"');
  expect(line).toContain(`--data-binary '{"title":"it'\\''s"}'`);
  expect(line).not.toContain(keys.write);
  expect(curlLine(r, 'GET', 'http://h/', { authorization: 'Bearer unknown-token-1234' }, null)).toContain('$MESHI_UNKNOWN_CREDENTIAL');
  expect(shellQuote("a'b")).toBe(`'a'\\''b'`);
});

test('a call record carries no key in any field and truncates big bodies', () => {
  const r = Redactor.fromKeys(keys);
  const big = 'x'.repeat(20_000);
  const rec = buildRecord(r, {
    n: 1,
    label: null,
    setup: false,
    operationId: 'getAuth',
    kind: 'operation',
    method: 'GET',
    url: `http://h/api/v0/partner/auth?k=${keys.write}`,
    requestHeaders: { authorization: `Bearer ${keys.write}`, 'x-correlation-id': 'ct-1' },
    requestBody: `{"leak":"${keys.read}"}`,
    requestBytes: 10,
    sentCorrelationId: 'ct-1',
    status: 401,
    responseHeaders: { 'x-correlation-id': 'ct-1', 'set-cookie': 'a=b' },
    responseText: `{"message":"bad key ${keys.write}","pad":"${big}"}`,
    responseBytes: 20_050,
    durationMs: 1.23,
    attempts: [],
    violations: [{ guarantee: 'ERR-01', check: 'errorEnvelope', message: `echoed ${keys.write}` }],
    checkedGuarantees: [],
    skippedChecks: [],
    error: null,
  });
  const json = JSON.stringify(rec);
  expect(json.includes(keys.write), 'write key in the record').toBe(false);
  expect(json.includes(keys.read), 'read key in the record').toBe(false);
  expect(rec.response!.body.length).toBeLessThan(20_000);
  expect(rec.response!.body).toContain('[truncated:');
  expect(rec.curl).toContain('$MESHI_PARTNER_KEY');
  expect(recordName(rec)).toBe('#1 GET /api/v0/partner/auth?k=$MESHI_PARTNER_KEY → 401');
});

test('truncate says how much was cut', () => {
  expect(truncate('abc', 5)).toBe('abc');
  expect(truncate('abcdef', 2)).toBe('ab… [truncated: 4 more characters of 6]');
});

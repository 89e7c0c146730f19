// Builders shared by the harness's own tests: a client wired to a fake server, exchanges and
// contract-valid bodies.

import type { APIRequestContext, TestInfo } from '@playwright/test';
import { MeshiClient, type ClientContext } from '../../harness/http/client';
import type { Exchange, ExchangeKind } from '../../harness/checks';
import { loadConfig, type HarnessConfig } from '../../harness/settings/config';
import { ConfigError } from '../../harness/settings/configError';
import { Redactor } from '../../harness/http/redact';
import { SentRegistry } from '../../harness/http/sentRegistry';

export const WRITE_KEY = 'sk_unit_write_0123456789abcdef';
export const READ_KEY = 'sk_unit_read_0123456789abcdef';
export const BASE = '/api/v0/partner';

export function unitConfig(url: string, env: Record<string, string> = {}): HarnessConfig {
  return loadConfig({
    MESHI_BASE_URL: url,
    MESHI_PARTNER_KEY: WRITE_KEY,
    MESHI_PARTNER_READ_KEY: READ_KEY,
    MESHI_RUN_NAMESPACE: 'ctunit',
    MESHI_SETUP_RETRY_BUDGET_MS: '5000',
    ...env,
  });
}

export interface UnitClient {
  client: MeshiClient;
  ctx: ClientContext;
  /** Violation messages reported to the sink. */
  violations: string[];
  sleeps: number[];
}

export function unitClient(
  request: APIRequestContext,
  testInfo: TestInfo | null,
  url: string,
  env: Record<string, string> = {},
): UnitClient {
  const config = unitConfig(url, env);
  const violations: string[] = [];
  const sleeps: number[] = [];
  const ctx: ClientContext = {
    request,
    config,
    testInfo,
    redactor: Redactor.fromKeys(config.keys),
    registry: new SentRegistry(),
    sink: (m) => violations.push(m),
    correlationPrefix: 'ct-ctunit-w0',
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  };
  return { client: new MeshiClient(ctx, { key: 'write' }), ctx, violations, sleeps };
}

export const CORR = 'ct-ctunit-w0-1';

export const validAuth = () => ({
  org_id: 'org_01J8ZQ4M7AAAAAAAAAAAAAAAAA',
  principal_type: 'service_account',
  service_account_user_id: 'sa_01J8ZQ4M7AWRTE00000000000A',
  scopes: ['partner:read', 'partner:write'],
});

export function validRun(status: string, runId = 'run_01J8ZQ4M7ARUN0000000000001') {
  const terminal = ['succeeded', 'partial', 'failed'].includes(status);
  return {
    run_id: runId,
    kind: 'import',
    status,
    event_id: 'ctunit-w0-event-1',
    webhook_url: null,
    counts: { total: 2, succeeded: terminal ? 2 : 0, failed: 0 },
    errors: [],
    created_at: '2026-09-10T14:00:00Z',
    updated_at: '2026-09-10T14:00:01Z',
    finished_at: terminal ? '2026-09-10T14:00:02Z' : null,
  };
}

/** A clean GET /auth 200 exchange; override any part. */
export function exchange(
  over: {
    kind?: ExchangeKind;
    operationId?: string | null;
    method?: string;
    path?: string;
    base?: 'current' | 'alias' | 'none';
    status?: number;
    headers?: Record<string, string | undefined>;
    body?: unknown;
    text?: string;
    sentCorrelationId?: string | null;
    exempt?: string[];
  } = {},
): Exchange {
  const corr = over.sentCorrelationId === undefined ? CORR : over.sentCorrelationId;
  const respCorr = corr && /^[A-Za-z0-9._:-]{1,128}$/.test(corr) ? corr : 'corr_01J8ZQ4M7AFAKE0000000000000';
  const body = over.body === undefined ? { ...validAuth(), correlation_id: respCorr } : over.body;
  const text = over.text ?? (body === null ? '' : JSON.stringify(body));
  let parsed: unknown = undefined;
  let jsonError: string | null = null;
  if (text.length) {
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      jsonError = (e as Error).message;
    }
  }
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'x-correlation-id': respCorr,
    ratelimit: '"default";r=599;t=60',
    'ratelimit-policy': '"default";q=600;w=60',
  };
  for (const [k, v] of Object.entries(over.headers ?? {})) {
    if (v === undefined) delete headers[k];
    else headers[k] = v;
  }
  const base = over.base ?? 'current';
  const path = over.path ?? '/auth';
  const prefix = base === 'alias' ? '/v0/partner' : base === 'current' ? BASE : '';
  return {
    kind: over.kind ?? 'operation',
    operationId: over.operationId === undefined ? 'getAuth' : over.operationId,
    request: {
      method: over.method ?? 'GET',
      url: `http://127.0.0.1:9${prefix}${path}`,
      path,
      base,
      headers: corr ? { 'x-correlation-id': corr } : {},
      bodyText: null,
      correlationId: corr,
    },
    response: { status: over.status ?? 200, headers, text, body: parsed, jsonError },
    exemptUuids: new Set(over.exempt ?? []),
  };
}

/** An error-envelope body. */
export function envelope(code: string, corr = CORR, extra: Record<string, unknown> = {}) {
  return { code, message: `${code} happened`, correlation_id: corr, ...extra };
}

/** The ConfigError `fn` throws (fails when it throws nothing or something else). */
export function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

// Every documented fact of ../shared/meshi-docs-facts.md must stand in the contract with the
// documented value. The facts are restated here on purpose: this table is the docs, the contract
// is what is checked against it. One test per fact, so a missing fact is named.
import { test, expect } from '@playwright/test';
import { allOperations, contract, operation, validator } from '../../contract';

const ops = allOperations();
const opAt = (method: string, path: string) => ops.find((o) => o.method === method && o.path === path);
const rule = (schema: string, field: string) =>
  (contract.fieldRules as Record<string, readonly { name: string; maxLength: number | null; required: boolean }[]>)[schema]?.find(
    (f) => f.name === field,
  );

interface Fact {
  fact: string;
  source: string;
  check: () => void;
}

const documentedStatus: [string, number, string][] = [
  ['UNAUTHORIZED', 401, 'P5'],
  ['ACCOUNT_DISABLED', 401, 'P5'],
  ['SERVICE_ACCOUNT_REQUIRED', 403, 'P5'],
  ['INSUFFICIENT_SCOPE', 403, 'P5'],
  ['PARTNER_ORG_REQUIRED', 403, 'P5'],
  ['INVALID_JSON', 400, 'P5, P6'],
  ['INVALID_PARTNER_KIND', 400, 'P4, P5, P6'],
  ['INVALID_PARTNER_ID', 400, 'P4, P5, P6'],
  ['PARTNER_ID_NOT_FOUND', 404, 'P4, P6'],
  ['PARTNER_ID_CONFLICT', 409, 'P3, P4, P5, P6'],
  ['INVALID_TITLE', 400, 'P6'],
  ['INVALID_DESCRIPTION', 400, 'P6'],
  ['INVALID_START_DATE', 400, 'P6'],
  ['INVALID_END_DATE', 400, 'P6'],
  ['INVALID_TIMEZONE', 400, 'P6'],
  ['INVALID_VISIBILITY', 400, 'P6'],
  ['INVALID_URL_SLUG', 400, 'P6'],
];
// Codes whose existence is documented but whose status is not.
const documentedCodes = [
  'INVALID_IDEMPOTENCY_KEY',
  'INVALID_ATTENDEES',
  'DUPLICATE_ATTENDEE_ID',
  'IDEMPOTENCY_KEY_CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'PARTNER_RATE_LIMIT_EXCEEDED',
  'EVENT_NOT_FOUND',
];

const documentedRoutes: [string, string, string, 'partner:read' | 'partner:write' | null][] = [
  ['GET', '/auth', 'P2, P6', 'partner:read'],
  ['GET', '/id-map/{kind}/{partner_id}', 'P4, P6', 'partner:read'],
  ['POST', '/events', 'P3, P6', 'partner:write'],
  ['GET', '/events', 'P6', 'partner:read'],
  ['POST', '/events/{event_id}/context', 'P3', null],
  ['PUT', '/events/{event_id}/attendees:import', 'P3', null],
  ['GET', '/runs/{run_id}', 'P1', null],
  ['GET', '/review-queue', 'P4', null],
  ['GET', '/events/{event_id}/review-queue', 'P4', null],
];

const documentedCaps: [string, string, number][] = [
  ['EventCreate', 'title', 200],
  ['EventCreate', 'description', 4000],
  ['EventCreate', 'timezone', 128],
  ['EventCreate', 'visibility', 32],
  ['EventCreate', 'url_slug', 128],
  ['EventContextUpdate', 'event_details', 4000],
  ['EventContextUpdate', 'objectives', 4000],
  ['EventContextUpdate', 'welcome_instructions', 4000],
];

const createEventErrors: [number, string][] = [
  [400, 'INVALID_JSON'],
  [400, 'INVALID_PARTNER_ID'],
  [400, 'INVALID_TITLE'],
  [400, 'INVALID_DESCRIPTION'],
  [400, 'INVALID_START_DATE'],
  [400, 'INVALID_END_DATE'],
  [400, 'INVALID_TIMEZONE'],
  [400, 'INVALID_VISIBILITY'],
  [400, 'INVALID_URL_SLUG'],
  [409, 'PARTNER_ID_CONFLICT'],
];

const importErrors = [
  'INVALID_ATTENDEES',
  'DUPLICATE_ATTENDEE_ID',
  'INVALID_IDEMPOTENCY_KEY',
  'IDEMPOTENCY_KEY_CONFLICT',
  'PAYLOAD_TOO_LARGE',
];

const schemaFields: [string, string[], string][] = [
  ['AuthInfo', ['org_id', 'principal_type', 'service_account_user_id', 'scopes', 'correlation_id'], 'P2, P6'],
  ['IdMapping', ['kind', 'partner_id', 'mapped', 'correlation_id'], 'P6'],
  ['ErrorEnvelope', ['code', 'message', 'correlation_id'], 'P5'],
  ['Event', ['event_id', 'title', 'description', 'start_date', 'end_date', 'timezone', 'visibility', 'url_slug'], 'P6'],
  ['EventCreate', ['event_id', 'title', 'description', 'start_date', 'end_date', 'timezone', 'visibility', 'url_slug'], 'P3, P6'],
  ['EventContextUpdate', ['event_details', 'objectives', 'welcome_instructions'], 'P3'],
  ['AttendeeImportRequest', ['attendees', 'idempotency_key'], 'P3, P5'],
  ['AttendeeImportRow', ['attendee_id', 'name'], 'P3'],
  ['Run', ['run_id', 'status', 'webhook_url'], 'P1'],
];

const facts: Fact[] = [
  ...documentedStatus.map(([code, status, source]) => ({
    fact: `error code ${code} has status ${status}`,
    source,
    check: () => {
      const entry = (contract.errorCodes as Record<string, { status: number; provenance: string; statusProvenance: string }>)[code];
      expect(entry, `${code} missing from x-meshi-error-codes`).toBeDefined();
      expect(entry!.status).toBe(status);
      expect(entry!.provenance).toBe('documented');
      expect(entry!.statusProvenance).toBe('documented');
    },
  })),
  ...documentedCodes.map((code) => ({
    fact: `error code ${code} exists`,
    source: 'P5',
    check: () => expect(Object.keys(contract.errorCodes)).toContain(code),
  })),
  ...documentedRoutes.map(([method, path, source, scope]) => ({
    fact: `${method} ${path} is an operation${scope ? ` needing ${scope}` : ''}`,
    source,
    check: () => {
      const op = opAt(method, path);
      expect(op, `${method} ${path} missing`).toBeDefined();
      expect(op!.provenance).toBe('documented');
      if (scope) expect(op!.scope).toBe(scope);
    },
  })),
  ...documentedCaps.map(([schema, field, cap]) => ({
    fact: `${schema}.${field} is at most ${cap} characters`,
    source: schema === 'EventCreate' ? 'P6' : 'P3',
    check: () => {
      const r = rule(schema, field);
      expect(r, `${schema}.${field} missing`).toBeDefined();
      expect(r!.maxLength).toBe(cap);
    },
  })),
  { fact: 'EventCreate.title is required', source: 'P6', check: () => expect(rule('EventCreate', 'title')?.required).toBe(true) },
  ...createEventErrors.map(([status, code]) => ({
    fact: `POST /events may answer ${status} ${code}`,
    source: 'P6',
    check: () => expect(operation('createEvent').responses[String(status) as '400']?.codes).toContain(code),
  })),
  { fact: 'POST /events answers 201 on success', source: 'P6', check: () => expect(operation('createEvent').successStatus).toBe(201) },
  { fact: 'GET /auth answers 200', source: 'P6', check: () => expect(operation('getAuth').successStatus).toBe(200) },
  { fact: 'GET /id-map answers 200', source: 'P6', check: () => expect(operation('getIdMapping').successStatus).toBe(200) },
  ...(
    [
      [400, 'INVALID_PARTNER_KIND'],
      [400, 'INVALID_PARTNER_ID'],
      [404, 'PARTNER_ID_NOT_FOUND'],
    ] as const
  ).map(([status, code]) => ({
    fact: `GET /id-map may answer ${status} ${code}`,
    source: 'P6',
    check: () => expect(operation('getIdMapping').responses[String(status) as '400']?.codes).toContain(code),
  })),
  ...importErrors.map((code) => ({
    fact: `PUT attendees:import may answer ${code}`,
    source: 'P5',
    check: () => {
      const all = Object.values(operation('importAttendees').responses).flatMap((r) => r.codes as readonly string[]);
      expect(all).toContain(code);
    },
  })),
  {
    fact: 'partner IDs match ^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$',
    source: 'P4',
    check: () => expect(contract.patterns.partnerId).toBe('^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$'),
  },
  {
    fact: 'partner kinds match ^[A-Za-z][A-Za-z0-9_-]{0,63}$',
    source: 'P4',
    check: () => expect(contract.patterns.partnerKind).toBe('^[A-Za-z][A-Za-z0-9_-]{0,63}$'),
  },
  {
    fact: 'the terminal run statuses are exactly succeeded, partial, failed',
    source: 'P1',
    check: () => expect([...contract.terminalRunStatuses].sort()).toEqual(['failed', 'partial', 'succeeded']),
  },
  { fact: 'the base path is /api/v0/partner', source: 'P1', check: () => expect(contract.basePath).toBe('/api/v0/partner') },
  { fact: 'the legacy alias is /v0/partner', source: 'P1', check: () => expect(contract.aliasBasePath).toBe('/v0/partner') },
  ...['https://api.staging.meshi.io/api/v0/partner', 'https://api.meshi.io/api/v0/partner'].map((url) => ({
    fact: `server ${url} is listed`,
    source: 'P1, P2',
    check: () => expect(contract.servers.map((s) => s.url)).toContain(url),
  })),
  {
    fact: 'the documented id-map kinds are event, session and attendee',
    source: 'P4',
    check: () => expect([...contract.idMapKinds]).toEqual(expect.arrayContaining(['event', 'session', 'attendee'])),
  },
  ...schemaFields.map(([schema, fields, source]) => ({
    fact: `${schema} has fields ${fields.join(', ')}`,
    source,
    check: () => {
      const names = ((contract.fieldRules as Record<string, readonly { name: string }[]>)[schema] ?? []).map((f) => f.name);
      expect(names).toEqual(expect.arrayContaining(fields));
    },
  })),
  {
    fact: 'every response body carries correlation_id',
    source: 'P5, P6',
    check: () => {
      for (const op of ops) {
        for (const [status, res] of Object.entries(op.responses)) {
          if (!res.validator) continue;
          const validate = validator(res.validator)!;
          expect(validate({}), `${op.operationId} ${status} accepts a body without correlation_id`).toBe(false);
          expect(JSON.stringify(validate.errors), `${op.operationId} ${status}`).toContain('correlation_id');
        }
      }
    },
  },
  {
    fact: 'every response carries the x-correlation-id header',
    source: 'P2, P5',
    check: () => {
      for (const op of ops)
        for (const [status, res] of Object.entries(op.responses))
          expect(res.headers['x-correlation-id']?.required, `${op.operationId} ${status}`).toBe(true);
    },
  },
  {
    fact: 'run-creating writes are import, enrichment and matching',
    source: 'P1, P5',
    check: () =>
      expect(
        ops
          .filter((o) => o.runCreating)
          .map((o) => o.operationId)
          .sort(),
      ).toEqual(['enrichAttendees', 'importAttendees', 'runMatching'].sort()),
  },
];

test.describe('documented facts stand in the contract', () => {
  for (const f of facts) {
    test(`${f.fact} (${f.source})`, () => f.check());
  }
});

// Deliberate faults of the HTTP and identity families. Each breaks exactly one guarantee of
// contracts/guarantees.yaml (tests/mock/admin-and-faults.spec.ts checks the IDs exist); the
// behaviour sits where the guarantee is kept (grep for `F.<name>`); the faults that only rewrite a
// response about to be sent are all in response.ts.

import { faultSpecs, type FaultSpec } from './switch';

/** Fault names, so call sites cannot misspell them. */
export const F = {
  uuidLeakNested: 'uuid-leak-nested',
  uuidLeakHeader: 'uuid-leak-header',
  uuidInCursor: 'uuid-in-cursor',
  corrHeaderMissing: 'corr-header-missing',
  corrMismatch: 'corr-mismatch',
  corrNotEchoed: 'corr-not-echoed',
  errorNotEnvelope: 'error-not-envelope',
  errorExtraField: 'error-extra-field',
  errorWrongContentType: 'error-wrong-content-type',
  createStatus200: 'create-status-200',
  createDuplicateAccepted: 'create-duplicate-accepted',
  invalidPartnerIdAccepted: 'invalid-partner-id-accepted',
  readKeyCanWrite: 'read-key-can-write',
  crossOrgRead: 'cross-org-read',
  rateLimitNoRetryAfter: 'rate-limit-no-retry-after',
  rateLimitOff: 'rate-limit-off',
  rateLimitAs503: 'rate-limit-as-503',
  bodyLimitIgnored: 'body-limit-ignored',
  eventsWrongOrder: 'events-wrong-order',
  alias404: 'alias-404',
  aliasBodyDiffers: 'alias-body-differs',
  headWithBody: 'head-with-body',
  methodNotAllowedNoAllow: 'method-not-allowed-no-allow',
  titleCapOffByOne: 'title-cap-off-by-one',
  eventExtraField: 'event-extra-field',
  contentTypeIgnored: 'content-type-ignored',
  disabledKeyAccepted: 'disabled-key-accepted',
  corrInvalidEchoed: 'corr-invalid-echoed',
  rateLimitHeadersMissing: 'rate-limit-headers-missing',
  aliasNoDeprecation: 'alias-no-deprecation',
  limitUnchecked: 'limit-unchecked',
  rateLimitOffByOne: 'rate-limit-off-by-one',
  authSchemeCaseSensitive: 'auth-scheme-case-sensitive',
  updateEventFieldsUnchecked: 'update-event-fields-unchecked',
  tokenPrefixMatch: 'token-prefix-match',
  userTokenAccepted: 'user-token-accepted',
  noOrgAs401: 'no-org-as-401',
  authListsAllScopes: 'auth-lists-all-scopes',
  optionsNeedsWrite: 'options-needs-write',
  invalidJsonAsEmpty: 'invalid-json-as-empty',
  partnerIdCapOffByOne: 'partner-id-cap-off-by-one',
  kindCapOffByOne: 'kind-cap-off-by-one',
  idMapWrongKind: 'id-map-wrong-kind',
  idMapPartnerIdCapOffByOne: 'id-map-partner-id-cap-off-by-one',
  startDateWrongCode: 'start-date-wrong-code',
  contextCapOffByOne: 'context-cap-off-by-one',
} as const;

export type HttpFaultName = (typeof F)[keyof typeof F];

const spec = faultSpecs<HttpFaultName>(false);

export const httpFaults: FaultSpec[] = [
  spec(F.uuidLeakNested, 'UUID-01', 'Event list items carry the internal UUID in a nested field (items[].description).', true),
  spec(F.uuidLeakHeader, 'UUID-02', 'Every partner response carries the internal request UUID in an X-Meshi-Trace header.'),
  // Its cursor parser drops everything after the leak separator, so some tampered cursors pass (PAGE-03).
  spec(F.uuidInCursor, 'UUID-03', 'next_cursor carries the internal UUID of the last item of the page.', true, ['PAGE-03']),
  spec(F.corrHeaderMissing, 'CORR-01', 'Responses omit the x-correlation-id header.'),
  // The header no longer echoes a valid value sent, either (CORR-03: echoed in header and body).
  spec(F.corrMismatch, 'CORR-02', 'The x-correlation-id header differs from the body correlation_id.', false, ['CORR-03']),
  spec(F.corrNotEchoed, 'CORR-03', 'A valid client x-correlation-id is replaced by a server-made one.'),
  // A plain-text error is also not application/json (ERR-03).
  spec(F.errorNotEnvelope, 'ERR-01', '404 ROUTE_NOT_FOUND is a plain-text "Not Found", not the JSON envelope.', false, ['ERR-03']),
  spec(F.errorExtraField, 'ERR-02', 'Error envelopes carry an extra `status` field.'),
  spec(F.errorWrongContentType, 'ERR-03', 'Error responses are sent as text/plain (body unchanged).'),
  // A 200 is also a status the contract does not declare for createEvent.
  spec(F.createStatus200, 'EVT-01', 'POST /events answers 200 instead of 201.', false, ['SCHEMA-02']),
  spec(
    F.createDuplicateAccepted,
    'EVT-02',
    'A second POST /events with the same event_id succeeds (201) instead of 409 PARTNER_ID_CONFLICT.',
    true,
  ),
  // The event it accepts comes back in 2xx bodies whose event_id the schema's pattern refuses (SCHEMA-01).
  spec(
    F.invalidPartnerIdAccepted,
    'ID-01',
    'POST /events event_id and the id-map partner_id are not checked against the partner ID pattern or length.',
    false,
    ['SCHEMA-01'],
  ),
  spec(F.readKeyCanWrite, 'SCOPE-01', 'A key with only partner:read may POST and PUT.'),
  spec(F.crossOrgRead, 'ISO-01', "GET /events/{event_id} finds another org's event when the caller's org has none.", true),
  spec(F.rateLimitNoRetryAfter, 'RATE-01', '429 PARTNER_RATE_LIMIT_EXCEEDED is sent without Retry-After.', true),
  spec(F.rateLimitOff, 'RATE-02', 'No rate limit at all: the quota is never enforced.', true),
  spec(
    F.rateLimitAs503,
    'RATE-02',
    'Quota exhaustion is answered 503 SERVICE_UNAVAILABLE (with Retry-After) instead of 429 PARTNER_RATE_LIMIT_EXCEEDED.',
    true,
  ),
  spec(F.bodyLimitIgnored, 'HTTP-01', 'Bodies over the byte limit are accepted instead of 413 PAYLOAD_TOO_LARGE.'),
  spec(F.eventsWrongOrder, 'EVT-03', 'GET /events lists the oldest created_at first.', true),
  // A 404 is also a status some operations do not declare (SCHEMA-02).
  spec(F.alias404, 'ALIAS-01', 'The legacy alias base path answers 404 ROUTE_NOT_FOUND for every route.'),
  spec(F.aliasBodyDiffers, 'ALIAS-02', 'GET /auth through the alias reports a different service_account_user_id.'),
  spec(F.headWithBody, 'HTTP-02', 'HEAD responses carry the GET body.'),
  spec(F.methodNotAllowedNoAllow, 'HTTP-03', '405 METHOD_NOT_ALLOWED is sent without an Allow header.'),
  // The title it accepts comes back in 2xx bodies over the schema's maxLength (SCHEMA-01).
  spec(F.titleCapOffByOne, 'EVT-04', 'POST /events accepts a title one character over its maxLength.', false, ['SCHEMA-01']),
  spec(F.eventExtraField, 'SCHEMA-01', 'Event objects carry an undocumented extra field (`internal_status`).'),
  spec(
    F.contentTypeIgnored,
    'HTTP-05',
    'A POST/PUT body with a non-JSON Content-Type is parsed as JSON instead of 415 UNSUPPORTED_MEDIA_TYPE.',
  ),
  spec(F.disabledKeyAccepted, 'AUTH-02', 'The key of a disabled service account is accepted.'),
  // The echoed value lands in 2xx bodies' correlation_id, over the schema's pattern (SCHEMA-01).
  spec(
    F.corrInvalidEchoed,
    'CORR-04',
    'A client x-correlation-id over 128 characters (valid charset) is echoed instead of replaced.',
    false,
    ['SCHEMA-01'],
  ),
  spec(F.rateLimitHeadersMissing, 'RATE-04', 'Responses omit RateLimit-Policy and RateLimit.'),
  spec(F.aliasNoDeprecation, 'ALIAS-03', 'Alias responses omit Deprecation and Link.'),
  spec(F.limitUnchecked, 'PAGE-03', 'An out-of-range or non-integer limit is clamped instead of 400 INVALID_LIMIT.'),
  // Its RateLimit r reaches 0 one request before the last one served (RATE-04: r is the remaining quota).
  spec(
    F.rateLimitOffByOne,
    'RATE-02',
    'The window lets quota + 1 requests through before the first 429 (RateLimit-Policy still announces the quota).',
    true,
    ['RATE-04'],
  ),
  spec(
    F.authSchemeCaseSensitive,
    'AUTH-06',
    'Only the scheme name "Bearer" is recognised: "bearer <key>" and "BEARER <key>" are 401 UNAUTHORIZED.',
  ),
  // The values it lets through come back in the event's 2xx bodies, over the schema's maxLength or not a date (SCHEMA-01).
  spec(
    F.updateEventFieldsUnchecked,
    'EVT-09',
    'PUT /events/{event_id} does not check description length or start_date: a 4001-character description or a start_date "noon" is stored.',
    true,
    ['SCHEMA-01'],
  ),
  spec(
    F.tokenPrefixMatch,
    'AUTH-01',
    'The key lookup compares only as many characters as the stored key has: a known key followed by trailing characters resolves to that key.',
  ),
  // GET /auth then reports the user token's principal_type "user" and a null service_account_user_id, which the getAuth 200 schema refuses (SCHEMA-01).
  spec(
    F.userTokenAccepted,
    'AUTH-03',
    'The principal type is not checked: a valid user token is served as if it were a service-account key.',
    false,
    ['SCHEMA-01'],
  ),
  spec(F.noOrgAs401, 'AUTH-04', 'A service-account key without an org is answered 401 UNAUTHORIZED instead of 403 PARTNER_ORG_REQUIRED.'),
  spec(
    F.authListsAllScopes,
    'AUTH-05',
    "GET /auth lists every scope a service account can hold (partner:read and partner:write), not the key's own.",
  ),
  // Read operations do not list INSUFFICIENT_SCOPE (e.g. getAuth 403 lists SERVICE_ACCOUNT_REQUIRED and PARTNER_ORG_REQUIRED only), so the 403 carries a code the contract does not list there (ERR-04).
  spec(
    F.optionsNeedsWrite,
    'SCOPE-02',
    'OPTIONS is missing from the read methods: with a read-only key it is answered 403 INSUFFICIENT_SCOPE.',
    false,
    ['ERR-04'],
  ),
  spec(
    F.invalidJsonAsEmpty,
    'HTTP-06',
    'A POST/PUT body that does not parse as JSON is taken as {} and validated field by field (400 with a field code, or accepted where {} is valid), not 400 INVALID_JSON.',
  ),
  spec(
    F.partnerIdCapOffByOne,
    'ID-03',
    'POST /events refuses an event_id of exactly the maximum length (128) with 400 INVALID_PARTNER_ID: its length check is < where <= belongs.',
  ),
  spec(
    F.kindCapOffByOne,
    'ID-04',
    'An id-map kind one character over its maximum length (65) is taken as well-formed (404 PARTNER_ID_NOT_FOUND) instead of 400 INVALID_PARTNER_KIND.',
  ),
  spec(
    F.idMapWrongKind,
    'IDMAP-01',
    'A mapped session or attendee ID is answered 200 mapped true with kind "event" (the kind of the event record its lookup walked), not the kind asked.',
  ),
  // A mapped ID of 128 characters is refused too, where IDMAP-01 says 200 (the --full matrix shows it).
  spec(
    F.idMapPartnerIdCapOffByOne,
    'IDMAP-02',
    'GET /id-map refuses a partner_id of exactly the maximum length (128) with 400 INVALID_PARTNER_ID instead of looking it up (404 PARTNER_ID_NOT_FOUND when unmapped).',
    false,
    ['IDMAP-01'],
  ),
  spec(
    F.startDateWrongCode,
    'EVT-05',
    'POST /events answers a start_date that is not an ISO date with code INVALID_END_DATE (a copy-paste of the end_date check) instead of INVALID_START_DATE.',
  ),
  spec(
    F.contextCapOffByOne,
    'CTX-02',
    'POST /events/{event_id}/context refuses a field of exactly its maximum length (4000) with 400: its length check is < where <= belongs.',
  ),
];

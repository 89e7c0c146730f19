// Every rule of the contract diff: its severity and one line saying what it finds. The rule files
// emit changes by these IDs only; SARIF lists them; the fixture test has a pair for each.

import type { ChangeSeverity } from '../types';

const W: ChangeSeverity = 'breaking-wire';
const G: ChangeSeverity = 'breaking-guarantee';
const N: ChangeSeverity = 'non-breaking';

export const RULES = {
  // operations.ts
  'path-removed': [W, 'A path and every operation on it removed'],
  'operation-removed': [W, 'An operation (method on a path) removed'],
  'operation-id-changed': [W, 'An operationId changed: every generated SDK function is renamed (source break)'],
  'operation-path-changed': [W, 'An operation moved to another path'],
  'operation-added': [N, 'An operation added'],
  // parameters.ts
  'request-parameter-removed': [W, 'A request parameter removed'],
  'request-parameter-added-required': [W, 'A required request parameter added'],
  'request-parameter-made-required': [W, 'An optional request parameter made required'],
  'request-parameter-added': [N, 'An optional request parameter added'],
  'request-parameter-made-optional': [N, 'A required request parameter made optional'],
  // requestBody.ts
  'request-body-made-required': [W, 'A request body made (or added as) required'],
  'request-media-type-removed': [W, 'A request media type (or the whole request body) removed'],
  // schemas.ts, request side (what a partner sends)
  'request-type-changed': [W, 'A request value type narrowed or changed (null no longer accepted included)'],
  'request-type-widened': [N, 'A request value type widened'],
  'request-format-changed': [W, 'A request format added or changed'],
  'request-pattern-changed': [W, 'A request pattern added or changed'],
  'request-max-tightened': [W, 'A request maximum lowered or added'],
  'request-min-tightened': [W, 'A request minimum raised or added'],
  'request-max-length-tightened': [W, 'A request maxLength lowered or added'],
  'request-min-length-tightened': [W, 'A request minLength raised or added'],
  'request-max-items-tightened': [W, 'A request maxItems (or maxProperties) lowered or added'],
  'request-min-items-tightened': [W, 'A request minItems (or minProperties) raised or added'],
  'request-error-code-changed': [W, 'The error code a bad request value gets (x-meshi-error-code) changed'],
  'request-constraint-loosened': [N, 'A request constraint (bound, pattern, format) loosened or removed'],
  'request-enum-value-removed': [W, 'A request enum value removed'],
  'request-enum-introduced': [W, 'A request value restricted to an enum (or const) where any was accepted'],
  'request-enum-value-added': [N, 'A request enum value added (or the enum dropped)'],
  'request-property-removed': [W, 'A request body property removed'],
  'request-property-added-required': [W, 'A required request body property added'],
  'request-property-made-required': [W, 'An optional request body property made required'],
  'request-property-added': [N, 'An optional request body property added'],
  'request-property-made-optional': [N, 'A required request body property made optional'],
  'request-properties-closed': [W, 'A request object closed (unevaluatedProperties/additionalProperties false added)'],
  // schemas.ts, response side (what a partner receives)
  'response-property-removed': [W, 'A response property removed'],
  'response-property-made-optional': [W, 'A required response property made optional'],
  'response-property-made-nullable': [W, 'A response property made nullable'],
  'response-type-changed': [W, 'A response value type changed or widened'],
  'response-type-narrowed': [N, 'A response value type narrowed'],
  'response-format-changed': [W, 'A response format changed or removed'],
  'response-pattern-changed': [W, 'A response pattern changed or removed'],
  'response-constraint-loosened': [W, 'A response bound loosened or removed (values partners never saw)'],
  'response-constraint-tightened': [N, 'A response bound, pattern or format tightened or added'],
  'response-enum-value-added': [W, 'A response enum value added, or the enum dropped (closed enums break)'],
  'response-enum-value-removed': [N, 'A response enum value removed'],
  'response-property-added': [N, 'A response property added'],
  'response-property-made-required': [N, 'An optional response property made required'],
  'response-properties-opened': [W, 'A closed response object opened (unknown keys may now arrive)'],
  'default-changed': [W, 'A default value changed or removed (what an omitted value means)'],
  'composition-changed': [W, 'oneOf/anyOf variants added or removed (compared after resolving; a false positive is preferred)'],
  // responses.ts
  'success-status-changed': [W, 'The success (2xx) statuses of an operation changed'],
  'error-status-removed': [W, 'A declared error status removed'],
  'error-status-added': [N, 'An error status declared'],
  'error-code-removed': [W, 'An error code removed from a response'],
  'error-code-added': [N, 'An error code added to a response'],
  'response-header-removed': [W, 'A response header removed'],
  'response-header-made-optional': [W, 'A required response header made optional'],
  'response-header-added': [N, 'A response header added'],
  'response-media-type-removed': [W, 'A response media type removed'],
  'response-media-type-added': [N, 'A response media type added'],
  // security.ts
  'security-requirement-changed': [W, 'The security requirements of an operation tightened or changed'],
  'security-loosened': [N, 'An operation no longer requires authentication'],
  'security-scheme-changed': [W, 'A security scheme removed or changed'],
  'scope-tightened': [W, 'An operation needs a stronger scope (x-meshi-scope)'],
  'scope-loosened': [N, 'An operation needs a weaker scope (x-meshi-scope)'],
  // extensions.ts
  'server-removed': [W, 'A server URL removed from servers'],
  'alias-base-dropped': [W, 'The legacy alias base path (x-meshi-alias) dropped or moved'],
  'limit-lowered': [W, 'A limit of x-meshi-limits tightened (a maximum lowered, a minimum raised, a window lengthened)'],
  'limit-removed': [W, 'A limit of x-meshi-limits no longer stated'],
  'limit-added': [W, 'A limit added to x-meshi-limits (where there was none)'],
  'limit-raised': [N, 'A limit of x-meshi-limits raised'],
  'error-code-unregistered': [W, 'An error code removed from x-meshi-error-codes'],
  'error-code-status-changed': [W, 'The HTTP status of an error code changed'],
  'error-code-registered': [N, 'An error code added to x-meshi-error-codes'],
  'run-error-code-removed': [W, 'A run error code removed from x-meshi-run-error-codes'],
  'run-error-code-added': [N, 'A run error code added to x-meshi-run-error-codes'],
  // provenance.ts
  'element-provenance-lowered': [G, 'A contract element lowered from documented/observed to provisional'],
  'element-provenance-raised': [N, 'A contract element raised to documented/observed'],
  // guarantees.ts
  'guarantee-removed': [G, 'A guarantee removed'],
  'guarantee-level-lowered': [G, 'A guarantee level lowered (MUST → SHOULD → MAY)'],
  'guarantee-statement-changed': [G, 'A guarantee sentence changed (review whether it weakens; a false positive is preferred)'],
  'guarantee-provenance-lowered': [G, 'A guarantee provenance lowered (documented → observed → provisional)'],
  'guarantee-scope-narrowed': [G, 'A guarantee covers fewer operations (operations list shortened, or universal dropped)'],
  'guarantee-added': [N, 'A guarantee added'],
  'guarantee-level-raised': [N, 'A guarantee level raised'],
  'guarantee-provenance-raised': [N, 'A guarantee provenance raised'],
} as const satisfies Record<string, readonly [ChangeSeverity, string]>;

export type RuleId = keyof typeof RULES;

export const RULE_IDS = Object.keys(RULES) as RuleId[];

export function ruleSeverity(rule: RuleId): ChangeSeverity {
  return RULES[rule][0];
}

export function ruleSummary(rule: RuleId): string {
  return RULES[rule][1];
}

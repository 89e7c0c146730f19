// The one contract module: the generated contract index and validators, with typed lookups. The
// mock, the harness, the reporter and the tests read the contract only through here; nothing here
// restates a contract value (everything comes from generated/contract.ts and generated/validators.cjs,
// which `npm run generate` derives from contracts/).

import type { ErrorObject } from 'ajv';
import { guarantees as generatedGuarantees } from '../generated/guarantees';
import generatedValidators from '../generated/validators.cjs';
import { addressing, type AddressRequest } from './addressed';
import { contract, missing } from './data';
import { operation, operationsOnPath, pathParamNames } from './operations';
import type { FieldRule, OperationIndex, RequestRuleIndex, ResponseIndex } from './types';

export type * from './types';
export { contract } from './data';
/** Operation groups and path-template helpers. */
export * from './operations';
export type { GuaranteeId, Family, Profile } from '../generated/guarantees';
/** The profiles a run may need (what keys and permissions; contracts/guarantees.yaml). */
export { families, profiles } from '../generated/guarantees';
export type { OperationId } from '../generated/contract';
export { HTTP_METHODS, type HttpMethod } from './types';

// ---------------------------------------------------------------------------------------------
// Validators

/** An ajv standalone validator: call it, then read `.errors` when it returned false. */
export interface Validator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

const validatorTable = generatedValidators as unknown as { readonly [key: string]: Validator | undefined };

/** The ajv standalone validator for a key (`<operationId>:<status>`, `header:<Name>`, `schema:<Name>`, …), or undefined. */
export function validator(key: string): Validator | undefined {
  return validatorTable[key];
}

// ---------------------------------------------------------------------------------------------
// Routes (the operation groups and path templates: ./operations.ts)

export interface RouteMatch {
  /** Path template that matched, or null when no route matches. */
  readonly path: string | null;
  /** The operation for this method on the matched route, or null (→ 405 when the path matched). */
  readonly operation: OperationIndex | null;
  readonly params: Record<string, string>;
  /** The methods the contract defines on the matched path. */
  readonly methods: string[];
}

const routes = Object.values(contract.operations).map((op) => ({ op, re: new RegExp(op.pathRegex) }));

/** Matches a relative path (raw, percent-encoded, without query) and a method against the contract routes. */
export function matchRoute(method: string, relativePath: string): RouteMatch {
  const candidates = routes.map(({ op, re }) => ({ op, m: re.exec(relativePath) })).filter((c) => c.m);
  if (candidates.length === 0) return { path: null, operation: null, params: {}, methods: [] };
  // Prefer the most literal template (fewest parameters) when several match.
  candidates.sort((a, b) => pathParamNames(a.op).length - pathParamNames(b.op).length);
  const path = candidates[0]!.op.path;
  const onPath = candidates.filter((c) => c.op.path === path);
  const upper = method.toUpperCase();
  const exact = onPath.find((c) => c.op.method === upper) ?? null;
  const m = (exact ?? onPath[0]!).m!;
  return { path, operation: exact?.op ?? null, params: { ...(m.groups ?? {}) }, methods: onPath.map((c) => c.op.method) };
}

/** The error code a bad value of a query/path parameter gets. */
export function paramErrorCode(operationId: string, name: string): string {
  const p = operation(operationId).parameters.find((x) => x.name === name);
  return p?.errorCode ?? missing(`parameter ${name} with an error code on ${operationId}`);
}

// ---------------------------------------------------------------------------------------------
// Responses and error codes

/** Generic responses by name (options, method_not_allowed, route_not_found, …). */
export function genericResponse(name: string): ResponseIndex | undefined {
  return contract.genericResponses[name];
}

/**
 * Generic responses that may answer any request (everything except the routing ones: options,
 * method_not_allowed, route_not_found), e.g. 429/500/503 when the contract declares them generically.
 */
export function universalGenericResponses(): ResponseIndex[] {
  const routing = new Set(['options', 'method_not_allowed', 'route_not_found']);
  return Object.entries(contract.genericResponses)
    .filter(([name]) => !routing.has(name))
    .map(([, r]) => r);
}

/** The HTTP status the contract pins an error code to. */
export function statusOf(code: string): number {
  return contract.errorCodes[code]?.status ?? missing(`error code ${code}`);
}

// ---------------------------------------------------------------------------------------------
// Patterns, field rules, limits

/** A named pattern (`partnerId`, `partnerKind`, `correlationId`, …) as a RegExp (flags: `u` by default). */
export function pattern(name: string, flags = 'u'): RegExp {
  const src = contract.patterns[name];
  return typeof src === 'string' ? new RegExp(src, flags) : missing(`pattern ${name}`);
}

/** The request-body field rules of a component schema, in schema property order. */
export function fieldRules(schema: string): readonly FieldRule[] {
  return contract.fieldRules[schema] ?? missing(`field rules for ${schema}`);
}

/** The request-body field rule `schema.field`. */
export function fieldRule(schema: string, field: string): FieldRule {
  return fieldRules(schema).find((r) => r.name === field) ?? missing(`field rule ${schema}.${field}`);
}

/** The maxLength of `schema.field`. */
export function maxLengthOf(schema: string, field: string): number {
  return fieldRule(schema, field).maxLength ?? missing(`maxLength on ${schema}.${field}`);
}

/** The error code a bad value of `schema.field` gets. */
export function errorCodeOf(schema: string, field: string): string {
  return fieldRule(schema, field).errorCode ?? missing(`x-meshi-error-code on ${schema}.${field}`);
}

/** A code from the RunError enum (run-level / row-level errors), checked against the contract. */
export function runErrorCode(code: string): string {
  return (fieldRule('RunError', 'code').enum ?? []).includes(code) ? code : missing(`RunError code ${code}`);
}

/** A contract limit by name (`maxBodyBytes`, `pageLimitDefault`, …). */
export function limit(name: string): number {
  const v = contract.limits[name];
  return typeof v === 'number' ? v : missing(`limit ${name}`);
}

/** A request-handling rule of x-meshi-request-rules by camel-cased name (`repeatedQueryParameter`, …). */
export function requestRule(name: string): RequestRuleIndex {
  return contract.requestRules[name] ?? missing(`request rule ${name}`);
}

/** Hostnames of the production servers declared in the contract (description or URL mentions production). */
export function productionHosts(): string[] {
  return contract.servers.filter((s) => /prod/i.test(s.description) || /prod/i.test(s.url)).map((s) => new URL(s.url).hostname);
}

// ---------------------------------------------------------------------------------------------
// Guarantees

export type GuaranteeRecord = (typeof generatedGuarantees)[number];

const guaranteeById = new Map<string, GuaranteeRecord>(generatedGuarantees.map((g) => [g.id, g]));

/** Every guarantee of the catalogue, in catalogue order. */
export const guarantees: readonly GuaranteeRecord[] = generatedGuarantees;

/** A guarantee of the catalogue by ID. */
export function guaranteeOf(id: string): GuaranteeRecord {
  return guaranteeById.get(id) ?? missing(`guarantee ${id}`);
}

// ---------------------------------------------------------------------------------------------
// Addressing: how every request the harness sends is classified (contract/addressed.ts)

export type { AddressRequest, AddressedWhere, Addressing, BaseName, RequestKind } from './addressed';

/** Classifies a request by the contract's routes: kind, base, path relative to it, operation. */
export const addressed: AddressRequest = addressing({
  basePaths: { current: contract.basePath, alias: contract.aliasBasePath },
  operation,
  operationsOnPath,
  routeOf: (method, path) => matchRoute(method, path).path,
});

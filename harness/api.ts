// A typed view of the generated contract index and validators, for the harness. Nothing here
// restates a contract value: everything is looked up in generated/contract.ts and
// generated/validators.cjs.

import type { ErrorObject } from 'ajv';
import { contract as generatedContract } from '../generated/contract';
import generatedValidators from '../generated/validators.cjs';
import type { ContractIndex, OperationIndex, ResponseIndex } from '../scripts/generate/contractIndex';

export type { ContractIndex, OperationIndex, ResponseIndex };

/** The contract index with its declared (index-signature) type, so lookups by string typecheck. */
export const contract: ContractIndex = generatedContract;

/** An ajv standalone validator: call it, then read `.errors` when it returned false. */
export interface Validator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

const validatorTable = generatedValidators as unknown as { readonly [key: string]: Validator | undefined };

/** The ajv standalone validator for a key (`<operationId>:<status>`, `header:<Name>`, …), or undefined. */
export function validator(key: string): Validator | undefined {
  return validatorTable[key];
}

export function operation(operationId: string): OperationIndex {
  const op = contract.operations[operationId];
  if (!op) throw new Error(`[HARNESS] unknown operationId ${JSON.stringify(operationId)} (not in generated/contract.ts)`);
  return op;
}

export function operationIds(): string[] {
  return Object.keys(contract.operations);
}

/** A contract limit by name (e.g. `maxBodyBytes`); throws when the contract has none. */
export function contractLimit(name: string): number {
  const v = contract.limits[name];
  if (typeof v !== 'number') throw new Error(`[HARNESS] generated/contract.ts has no limit ${name}`);
  return v;
}

/** A named pattern (`partnerId`, `partnerKind`, `correlationId`, …) as a RegExp. */
export function pattern(name: string): RegExp {
  const src = contract.patterns[name];
  if (typeof src !== 'string') throw new Error(`[HARNESS] generated/contract.ts has no pattern ${name}`);
  return new RegExp(src);
}

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

/** Hostnames of the production servers declared in the contract (description mentions production). */
export function productionHosts(): string[] {
  return contract.servers.filter((s) => /prod/i.test(s.description) || /prod/i.test(s.url)).map((s) => new URL(s.url).hostname);
}

/** Operations whose path template is the same as `op`'s (the other methods of that route). */
export function operationsOnPath(path: string): OperationIndex[] {
  return Object.values(contract.operations).filter((o) => o.path === path);
}

export interface RouteMatch {
  /** Path template that matched, or null when no route matches. */
  readonly path: string | null;
  /** The operation for this method on the matched route, or null (→ 405 when path matched). */
  readonly operation: OperationIndex | null;
  readonly params: Record<string, string>;
  /** The methods the contract defines on the matched path. */
  readonly methods: string[];
}

/** Matches a relative path (raw, percent-encoded, without query) and a method against the contract routes. */
export function matchRoute(method: string, relativePath: string): RouteMatch {
  const candidates = Object.values(contract.operations)
    .map((op) => ({ op, m: new RegExp(op.pathRegex).exec(relativePath) }))
    .filter((c) => c.m);
  if (candidates.length === 0) return { path: null, operation: null, params: {}, methods: [] };
  // Prefer the most literal template (fewest parameters) when several match.
  const paramCount = (p: string) => (p.match(/\{/g) ?? []).length;
  candidates.sort((a, b) => paramCount(a.op.path) - paramCount(b.op.path));
  const path = candidates[0]!.op.path;
  const onPath = candidates.filter((c) => c.op.path === path);
  const upper = method.toUpperCase();
  const exact = onPath.find((c) => c.op.method === upper) ?? null;
  const m = (exact ?? onPath[0]!).m!;
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(m.groups ?? {})) params[k] = v;
  return { path, operation: exact?.op ?? null, params, methods: onPath.map((c) => c.op.method) };
}

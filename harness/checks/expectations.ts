// What the contract expects of one exchange: which statuses may answer it, which response object
// (headers, body schema, error codes) describes a given status. Shared by the checks; read only
// from the generated contract index.

import { contract, genericResponse, readOperations, universalGenericResponses, writeOperations, type ResponseIndex } from '../../contract';
import type { Exchange } from './types';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const commonCodesCache = new Map<boolean, Set<string>>();

/** Operations whose scope a request with this method needs: write methods need partner:write. */
function opsForMethod(method: string) {
  return READ_METHODS.has(method.toUpperCase()) ? readOperations() : writeOperations();
}

/**
 * Error codes every operation of the method's scope can return (authentication, scope, rate
 * limit, 5xx): the codes that may also answer requests outside any operation (HEAD, OPTIONS, 405,
 * 404 route), since the contract's check order puts 401 → 403 → 429 before routing. A write
 * method (POST, PUT, PATCH, DELETE, …) with a read-only key is refused 403 INSUFFICIENT_SCOPE
 * there too, before the route or method is looked at.
 */
export function commonCodes(method = 'GET'): Set<string> {
  const write = !READ_METHODS.has(method.toUpperCase());
  const cached = commonCodesCache.get(write);
  if (cached) return cached;
  let acc = null as Set<string> | null;
  for (const op of opsForMethod(method)) {
    const codes = new Set(Object.values(op.responses).flatMap((r) => r.codes));
    acc = acc === null ? codes : new Set([...acc].filter((c) => codes.has(c)));
  }
  const result = acc ?? new Set<string>();
  commonCodesCache.set(write, result);
  return result;
}

/** A response of some operation of the method's scope that carries common codes with this status. */
function commonResponse(method: string, status: number): ResponseIndex | null {
  const common = commonCodes(method);
  for (const op of opsForMethod(method)) {
    const r = op.responses[String(status)];
    if (r && r.codes.length > 0 && r.codes.every((c) => common.has(c))) return r;
  }
  for (const op of opsForMethod(method)) {
    const r = op.responses[String(status)];
    if (r && r.codes.some((c) => common.has(c))) return r;
  }
  return null;
}

/**
 * The contract's response object for this exchange's status, or null when the status is not
 * declared. For HEAD: the GET's response (the body is absent, everything else equal).
 */
export function declaredResponse(x: Exchange): ResponseIndex | null {
  return declaredResponseFor(x.kind, x.operationId, x.request.method, x.response.status);
}

/** declaredResponse for an answer known by its kind, operation, request method and status. */
export function declaredResponseFor(
  kind: Exchange['kind'],
  operationId: string | null,
  method: string,
  status: number,
): ResponseIndex | null {
  const key = String(status);
  const generic = universalGenericResponses().find((r) => r.status === status) ?? null;
  switch (kind) {
    case 'operation':
    case 'head': {
      const op = operationId ? contract.operations[operationId] : undefined;
      if (kind === 'head' && (!op || op.method !== 'GET')) {
        const mna = genericResponse('method_not_allowed');
        if (mna && mna.status === status) return mna;
        return commonResponse(method, status) ?? generic;
      }
      return op?.responses[key] ?? generic;
    }
    case 'options': {
      const opt = genericResponse('options');
      if (opt && opt.status === status) return opt;
      return commonResponse(method, status) ?? generic;
    }
    case 'method-not-allowed': {
      const mna = genericResponse('method_not_allowed');
      if (mna && mna.status === status) return mna;
      return commonResponse(method, status) ?? generic;
    }
    case 'route-not-found': {
      const rnf = genericResponse('route_not_found');
      if (rnf && rnf.status === status) return rnf;
      return commonResponse(method, status) ?? generic;
    }
    case 'outside':
      return null;
  }
}

/** Statuses the contract allows for this exchange (empty for `outside`: nothing is declared there). */
export function allowedStatuses(x: Exchange): number[] {
  const out = new Set<number>(universalGenericResponses().map((r) => r.status));
  const common = commonCodes(x.request.method);
  const addCommon = () => {
    for (const c of common) {
      const e = contract.errorCodes[c];
      if (e) out.add(e.status);
    }
  };
  switch (x.kind) {
    case 'operation': {
      const op = x.operationId ? contract.operations[x.operationId] : undefined;
      for (const s of Object.keys(op?.responses ?? {})) out.add(Number(s));
      break;
    }
    case 'head': {
      const op = x.operationId ? contract.operations[x.operationId] : undefined;
      if (op && op.method === 'GET') for (const s of Object.keys(op.responses)) out.add(Number(s));
      else {
        const mna = genericResponse('method_not_allowed');
        if (mna) out.add(mna.status);
        addCommon();
      }
      break;
    }
    case 'options':
    case 'method-not-allowed':
    case 'route-not-found': {
      const name = x.kind === 'options' ? 'options' : x.kind === 'method-not-allowed' ? 'method_not_allowed' : 'route_not_found';
      const g = genericResponse(name);
      if (g) out.add(g.status);
      addCommon();
      break;
    }
    case 'outside':
      return [];
  }
  return [...out].sort((a, b) => a - b);
}

/** Error codes the contract allows for this exchange's status (empty when nothing is declared). */
export function allowedCodes(x: Exchange): string[] {
  const r = declaredResponse(x);
  const status = x.response.status;
  const out = new Set<string>(r?.codes ?? []);
  if (x.kind !== 'operation') {
    for (const c of commonCodes()) if (contract.errorCodes[c]?.status === status) out.add(c);
  }
  return [...out];
}

// What the contract expects of one exchange: which statuses may answer it, which response object
// (headers, body schema, error codes) describes a given status. Shared by the checks; read only
// from the generated contract index.

import { contract, genericResponse, operationsOnPath, universalGenericResponses, type ResponseIndex } from '../api';
import type { Exchange } from './types';

let commonCodesCache: Set<string> | null = null;

/**
 * Error codes every operation can return (authentication, scope, rate limit, 5xx): the codes
 * that may also answer requests outside any operation (HEAD, OPTIONS, 405, 404 route), since the
 * contract's check order puts 401 → 403 → 429 before routing.
 */
export function commonCodes(): Set<string> {
  if (commonCodesCache) return commonCodesCache;
  let acc = null as Set<string> | null;
  for (const op of Object.values(contract.operations)) {
    const codes = new Set(Object.values(op.responses).flatMap((r) => r.codes));
    acc = acc === null ? codes : new Set([...acc].filter((c) => codes.has(c)));
  }
  commonCodesCache = acc ?? new Set();
  return commonCodesCache;
}

/** A response of some operation on the same path that carries only common codes with this status. */
function commonResponse(path: string | null, status: number): ResponseIndex | null {
  const common = commonCodes();
  const ops = path ? operationsOnPath(path) : Object.values(contract.operations);
  for (const op of ops.length ? ops : Object.values(contract.operations)) {
    const r = op.responses[String(status)];
    if (r && r.codes.length > 0 && r.codes.some((c) => common.has(c))) return r;
  }
  return null;
}

function pathTemplateOf(x: Exchange): string | null {
  return x.operationId ? (contract.operations[x.operationId]?.path ?? null) : null;
}

/**
 * The contract's response object for this exchange's status, or null when the status is not
 * declared. For HEAD: the GET's response (the body is absent, everything else equal).
 */
export function declaredResponse(x: Exchange): ResponseIndex | null {
  const status = x.response.status;
  const key = String(status);
  const generic = universalGenericResponses().find((r) => r.status === status) ?? null;
  switch (x.kind) {
    case 'operation':
    case 'head': {
      const op = x.operationId ? contract.operations[x.operationId] : undefined;
      if (x.kind === 'head' && (!op || op.method !== 'GET')) {
        const mna = genericResponse('method_not_allowed');
        if (mna && mna.status === status) return mna;
        return commonResponse(pathTemplateOf(x), status) ?? generic;
      }
      return op?.responses[key] ?? generic;
    }
    case 'options': {
      const opt = genericResponse('options');
      if (opt && opt.status === status) return opt;
      return commonResponse(pathTemplateOf(x), status) ?? generic;
    }
    case 'method-not-allowed': {
      const mna = genericResponse('method_not_allowed');
      if (mna && mna.status === status) return mna;
      return commonResponse(pathTemplateOf(x), status) ?? generic;
    }
    case 'route-not-found': {
      const rnf = genericResponse('route_not_found');
      if (rnf && rnf.status === status) return rnf;
      return commonResponse(null, status) ?? generic;
    }
    case 'outside':
      return null;
  }
}

/** Statuses the contract allows for this exchange (empty for `outside`: nothing is declared there). */
export function allowedStatuses(x: Exchange): number[] {
  const out = new Set<number>(universalGenericResponses().map((r) => r.status));
  const common = commonCodes();
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

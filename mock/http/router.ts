// The router, compiled once from the contract's operations. Operations sharing a path template
// form one route (its methods answer; the others get 405 with Allow). Literal paths are a Map
// lookup; templated ones are tried in turn with their precompiled regexes, which match raw
// (percent-encoded) segments: a parameter is `[^/]+`, so an ID containing `:` never collides with
// the `:import` / `:enrich` / `:run` literal suffixes that follow a fixed segment.

import { allowOf, type OperationIndex } from '../../contract';

export interface Route {
  readonly template: string;
  readonly regex: RegExp | null;
  /** Operation per method (GET, POST, PUT). */
  readonly methods: ReadonlyMap<string, OperationIndex>;
  /** The Allow header value: the methods, plus HEAD with GET, plus OPTIONS. */
  readonly allow: string;
}

export interface RouteMatch {
  readonly route: Route;
  /** Raw (still percent-encoded) path parameter values. */
  readonly rawParams: Readonly<Record<string, string>> | null;
}

export class Router {
  private readonly literal = new Map<string, RouteMatch>();
  private readonly templated: Route[] = [];
  readonly routes: readonly Route[];

  constructor(operations: readonly OperationIndex[]) {
    const byTemplate = new Map<string, OperationIndex[]>();
    for (const op of operations) {
      const list = byTemplate.get(op.path) ?? [];
      list.push(op);
      byTemplate.set(op.path, list);
    }
    const routes: Route[] = [];
    for (const [template, ops] of byTemplate) {
      const methods = new Map(ops.map((o) => [o.method as string, o]));
      const allow = allowOf(methods.keys()).join(', ');
      const isLiteral = !template.includes('{');
      const route: Route = { template, regex: isLiteral ? null : new RegExp(ops[0]!.pathRegex), methods, allow };
      routes.push(route);
      if (isLiteral) this.literal.set(template, { route, rawParams: null });
      else this.templated.push(route);
    }
    // More literal characters first, so a fixed segment always beats a parameter.
    this.templated.sort((a, b) => literalWeight(b.template) - literalWeight(a.template));
    this.routes = routes;
  }

  /** Matches a path relative to the base (e.g. `/events/e1/attendees:import`); null when unknown. */
  match(rel: string): RouteMatch | null {
    const hit = this.literal.get(rel);
    if (hit) return hit;
    for (const route of this.templated) {
      const m = route.regex!.exec(rel);
      if (m) return { route, rawParams: m.groups ?? {} };
    }
    return null;
  }
}

function literalWeight(template: string): number {
  return template.replace(/\{[^}]+\}/g, '').length;
}

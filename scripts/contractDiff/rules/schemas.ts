// Schema rules: two resolved schemas compared in the direction of the traffic. On the request side
// (what a partner sends) a tightening breaks; on the response side (what a partner receives and
// its SDK deserialises) a loosening breaks. Properties, items and variants are compared
// recursively; each change names the property path it was found at.

import type { DiffContext } from '../context';
import type { Path } from '../parsed';
import { BOUND_KEYS, type BoundKey, type Flat } from '../resolve';
import { provenanceRules } from './provenance';
import type { RuleId } from './catalogue';

export type Direction = 'request' | 'response';

export interface SchemaScope {
  /** Change-ID parts before the property path: operation and `body`, a parameter or a status. */
  readonly subject: readonly string[];
  /** Where, in words: "createEvent request body", "getEvent 200 response". */
  readonly where: string;
  readonly direction: Direction;
  readonly provenance: string | null;
  readonly guarantees: readonly string[];
  /** Skip the enum of the top-level `code` (error codes have their own rule). */
  readonly errorBody?: boolean;
}

const HIGHER_IS_STRICTER = new Set<BoundKey>(['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties']);

const REQUEST_BOUND_RULE: Record<BoundKey, RuleId> = {
  minimum: 'request-min-tightened',
  exclusiveMinimum: 'request-min-tightened',
  maximum: 'request-max-tightened',
  exclusiveMaximum: 'request-max-tightened',
  minLength: 'request-min-length-tightened',
  maxLength: 'request-max-length-tightened',
  minItems: 'request-min-items-tightened',
  maxItems: 'request-max-items-tightened',
  minProperties: 'request-min-items-tightened',
  maxProperties: 'request-max-items-tightened',
};

function label(props: readonly string[]): string {
  return props.length ? props.join('.').replace(/\.\[\]/g, '[]') : '(body)';
}

/** Whether every type of `a` is one of `b` (integer counts as a number). */
function typesWithin(a: ReadonlySet<string> | null, b: ReadonlySet<string> | null): boolean {
  if (!b) return true;
  if (!a) return false;
  return [...a].every((t) => b.has(t) || (t === 'integer' && b.has('number')));
}

function typeText(t: ReadonlySet<string> | null): string {
  return t ? [...t].sort().join('|') : 'any';
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

interface Walk {
  readonly ctx: DiffContext;
  readonly scope: SchemaScope;
  readonly visited: Set<string>;
}

/** Compares `base` and `head` (both present) and recurses into properties, items and variants. */
export function compareSchemas(ctx: DiffContext, base: Flat, head: Flat, scope: SchemaScope): void {
  walk({ ctx, scope, visited: new Set() }, base, head, [], scope.provenance);
}

function walk(w: Walk, base: Flat, head: Flat, props: readonly string[], inherited: string | null): void {
  const key = `${base.path.join('/')}|${head.path.join('/')}|${props.join('.')}`;
  if (w.visited.has(key) || props.length > 64) return;
  w.visited.add(key);
  const provenance = base.provenance ?? inherited;
  const emit = (
    rule: RuleId,
    message: string,
    basePath: Path | null = base.path,
    headPath: Path | null = head.path,
    extra: readonly string[] = [],
  ) =>
    w.ctx.emit({
      rule,
      subject: [...w.scope.subject, label(props), ...extra],
      message: `${w.scope.where}, ${label(props)}: ${message}`,
      basePath,
      headPath,
      provenance,
      guarantees: w.scope.guarantees,
    });
  provenanceRules(w.ctx, {
    subject: [...w.scope.subject, label(props)],
    where: `${w.scope.where}, ${label(props)}`,
    base: base.provenance,
    head: head.provenance,
    basePath: base.path,
    headPath: head.path,
    guarantees: w.scope.guarantees,
  });
  if (base.cycle || head.cycle) {
    if (base.ref !== head.ref || base.cycle !== head.cycle)
      emit(
        w.scope.direction === 'request' ? 'request-type-changed' : 'response-type-changed',
        `recursive schema ${base.ref ?? 'inline'} is now ${head.ref ?? 'inline'}`,
      );
    if (base.cycle && head.cycle) return;
  }
  if (w.scope.direction === 'request') requestScalars(base, head, emit);
  else responseScalars(base, head, emit, w.scope.errorBody === true && props.length === 1 && props[0] === 'code');
  if (base.defaultValue !== null && base.defaultValue !== head.defaultValue)
    emit('default-changed', `default ${base.defaultValue} → ${head.defaultValue ?? 'none'}: partners relying on it get other behaviour`);
  compareProperties(w, base, head, props, provenance, emit);
  if (base.items && head.items) walk(w, base.items, head.items, [...props, '[]'], provenance);
  else if (base.items || head.items)
    emit(
      w.scope.direction === 'request' ? 'request-type-changed' : 'response-type-changed',
      base.items ? 'array items no longer described' : 'array items now described',
    );
  compareVariants(w, base, head, props, provenance, emit);
}

type Emit = (rule: RuleId, message: string, basePath?: Path | null, headPath?: Path | null, extra?: readonly string[]) => void;

function requestScalars(base: Flat, head: Flat, emit: Emit): void {
  if (!typesWithin(base.types, head.types))
    emit('request-type-changed', `type ${typeText(base.types)} → ${typeText(head.types)}: values partners send may be rejected`);
  else if (!typesWithin(head.types, base.types)) emit('request-type-widened', `type ${typeText(base.types)} → ${typeText(head.types)}`);
  if (head.format !== base.format) {
    if (head.format) emit('request-format-changed', `format ${base.format ?? 'none'} → ${head.format}`);
    else emit('request-constraint-loosened', `format ${base.format} removed`, undefined, undefined, ['format']);
  }
  if (!same(base.patterns, head.patterns)) {
    if (head.patterns.every((p) => base.patterns.includes(p)))
      emit('request-constraint-loosened', `pattern ${base.patterns.join(' & ')} removed`, undefined, undefined, ['pattern']);
    else emit('request-pattern-changed', `pattern ${base.patterns.join(' & ') || 'none'} → ${head.patterns.join(' & ')}`);
  }
  for (const k of BOUND_KEYS) {
    const b = base.bounds[k];
    const h = head.bounds[k];
    if (b === h) continue;
    const tighter = h !== undefined && (b === undefined || (HIGHER_IS_STRICTER.has(k) ? h > b : h < b));
    if (tighter) emit(REQUEST_BOUND_RULE[k], `${k} ${b ?? 'none'} → ${h}`, undefined, undefined, [k]);
    else emit('request-constraint-loosened', `${k} ${b} → ${h ?? 'none'}`, undefined, undefined, [k]);
  }
  const bv = base.enumValues;
  const hv = head.enumValues;
  if (hv && !bv) emit('request-enum-introduced', `now restricted to ${JSON.stringify(hv)}`);
  else if (bv && !hv) emit('request-enum-value-added', `enum ${JSON.stringify(bv)} dropped: any value accepted`);
  else if (bv && hv) {
    const removed = bv.filter((v) => !hv.some((x) => same(x, v)));
    const added = hv.filter((v) => !bv.some((x) => same(x, v)));
    for (const v of removed)
      emit('request-enum-value-removed', `enum value ${JSON.stringify(v)} no longer accepted`, undefined, undefined, [String(v)]);
    for (const v of added) emit('request-enum-value-added', `enum value ${JSON.stringify(v)} added`, undefined, undefined, [String(v)]);
  }
  if (base.errorCode && base.errorCode !== head.errorCode)
    emit(
      'request-error-code-changed',
      `a bad value is answered ${head.errorCode ?? 'with no declared code'} instead of ${base.errorCode}: partners branching on the code miss it`,
    );
  if (!base.closed && head.closed)
    emit('request-properties-closed', 'the object is closed: properties partners send beyond the declared ones are rejected');
}

function responseScalars(base: Flat, head: Flat, emit: Emit, skipEnum: boolean): void {
  if (!typesWithin(head.types, base.types)) {
    const extra = head.types && base.types ? [...head.types].filter((t) => !base.types!.has(t)) : null;
    if (extra && extra.length === 1 && extra[0] === 'null')
      emit('response-property-made-nullable', `may now be null (type ${typeText(base.types)} → ${typeText(head.types)})`);
    else emit('response-type-changed', `type ${typeText(base.types)} → ${typeText(head.types)}: SDKs typed on base misread it`);
  } else if (!typesWithin(base.types, head.types)) emit('response-type-narrowed', `type ${typeText(base.types)} → ${typeText(head.types)}`);
  if (head.format !== base.format) {
    if (base.format) emit('response-format-changed', `format ${base.format} → ${head.format ?? 'none'}`);
    else emit('response-constraint-tightened', `format ${head.format} added`, undefined, undefined, ['format']);
  }
  if (!same(base.patterns, head.patterns)) {
    if (base.patterns.every((p) => head.patterns.includes(p)))
      emit('response-constraint-tightened', `pattern ${head.patterns.join(' & ')} added`, undefined, undefined, ['pattern']);
    else
      emit(
        'response-pattern-changed',
        `pattern ${base.patterns.join(' & ')} → ${head.patterns.join(' & ') || 'none'}: values may no longer match what partners parse`,
      );
  }
  for (const k of BOUND_KEYS) {
    const b = base.bounds[k];
    const h = head.bounds[k];
    if (b === h) continue;
    const tighter = h !== undefined && (b === undefined || (HIGHER_IS_STRICTER.has(k) ? h > b : h < b));
    if (tighter) emit('response-constraint-tightened', `${k} ${b ?? 'none'} → ${h}`, undefined, undefined, [k]);
    else
      emit(
        'response-constraint-loosened',
        `${k} ${b} → ${h ?? 'none'}: partners may receive values outside what they stored or validated`,
        undefined,
        undefined,
        [k],
      );
  }
  if (!skipEnum) {
    const bv = base.enumValues;
    const hv = head.enumValues;
    if (bv && !hv)
      emit('response-enum-value-added', `enum ${JSON.stringify(bv)} dropped: any value may arrive (a closed enum in an SDK breaks)`);
    else if (bv && hv) {
      for (const v of hv.filter((v) => !bv.some((x) => same(x, v))))
        emit(
          'response-enum-value-added',
          `enum value ${JSON.stringify(v)} may now arrive (a closed enum in an SDK breaks)`,
          undefined,
          undefined,
          [String(v)],
        );
      for (const v of bv.filter((v) => !hv.some((x) => same(x, v))))
        emit('response-enum-value-removed', `enum value ${JSON.stringify(v)} no longer sent`, undefined, undefined, [String(v)]);
    } else if (!bv && hv) emit('response-constraint-tightened', `restricted to ${JSON.stringify(hv)}`, undefined, undefined, ['enum']);
  }
  if (base.closed && !head.closed)
    emit('response-properties-opened', 'the object is no longer closed: undeclared keys may arrive (strict deserialisers reject them)');
}

function compareProperties(w: Walk, base: Flat, head: Flat, props: readonly string[], provenance: string | null, emit: Emit): void {
  const req = w.scope.direction === 'request';
  for (const [name, b] of base.properties) {
    const h = head.properties.get(name);
    const p = [...props, name];
    const at = (rule: RuleId, message: string, bp: Path | null, hp: Path | null) =>
      w.ctx.emit({
        rule,
        subject: [...w.scope.subject, label(p)],
        message: `${w.scope.where}, ${label(p)}: ${message}`,
        basePath: bp,
        headPath: hp,
        provenance: b.provenance ?? provenance,
        guarantees: w.scope.guarantees,
      });
    if (!h) {
      at(
        req ? 'request-property-removed' : 'response-property-removed',
        req ? 'removed: partners sending it lose its meaning' : 'removed: partners reading it break',
        b.path,
        null,
      );
      continue;
    }
    const bReq = base.required.has(name);
    const hReq = head.required.has(name);
    if (req && !bReq && hReq) at('request-property-made-required', 'now required: requests without it are rejected', b.path, h.path);
    if (req && bReq && !hReq) at('request-property-made-optional', 'now optional', b.path, h.path);
    if (!req && bReq && !hReq) at('response-property-made-optional', 'no longer required: it may be absent', b.path, h.path);
    if (!req && !bReq && hReq) at('response-property-made-required', 'now always present', b.path, h.path);
    walk(w, b, h, p, provenance);
  }
  for (const [name, h] of head.properties) {
    if (base.properties.has(name)) continue;
    const p = [...props, name];
    const rule: RuleId = req
      ? head.required.has(name)
        ? 'request-property-added-required'
        : 'request-property-added'
      : 'response-property-added';
    const message = rule === 'request-property-added-required' ? 'added as required: every request without it is rejected' : 'added';
    w.ctx.emit({
      rule,
      subject: [...w.scope.subject, label(p)],
      message: `${w.scope.where}, ${label(p)}: ${message}`,
      basePath: null,
      headPath: h.path,
      provenance: h.provenance ?? provenance,
      guarantees: w.scope.guarantees,
    });
  }
  // A required name with no declared property: its requiredness still binds.
  for (const name of head.required) {
    if (!req || head.properties.has(name) || base.required.has(name)) continue;
    emit('request-property-made-required', `${name} now required`, base.path, head.path, [name]);
  }
}

function compareVariants(w: Walk, base: Flat, head: Flat, props: readonly string[], provenance: string | null, emit: Emit): void {
  if (base.variants.length !== head.variants.length) {
    if (base.variants.length || head.variants.length)
      emit('composition-changed', `${base.variants.length} → ${head.variants.length} oneOf/anyOf variants`);
    return;
  }
  base.variants.forEach((b, i) => walk(w, b, head.variants[i]!, [...props, `variant${i}`], provenance));
}

// Request-body rules: requiredness, media types, and each common media type's schema compared on
// the request side (what a partner sends).

import { at, type DiffContext } from '../context';
import { deref, flatten } from '../resolve';
import type { OperationPair } from './operations';
import { compareSchemas } from './schemas';

export function requestBodyRules(ctx: DiffContext, pair: OperationPair): void {
  const baseRoot = ctx.base.api.data;
  const headRoot = ctx.head.api.data;
  const op = pair.base.id;
  const b = deref(baseRoot, at(baseRoot, [...pair.base.at, 'requestBody']), [...pair.base.at, 'requestBody']);
  const h = deref(headRoot, at(headRoot, [...pair.head.at, 'requestBody']), [...pair.head.at, 'requestBody']);
  const provenance = pair.provenance;
  if (h.value && h.value.required && !(b.value && b.value.required)) {
    ctx.emit({
      rule: 'request-body-made-required',
      subject: [op, 'body'],
      message: `${op} request body: ${b.value ? 'now required' : 'added as required'}`,
      basePath: b.value ? b.path : null,
      headPath: h.path,
      provenance,
      guarantees: pair.guarantees,
    });
  }
  if (b.value && !h.value) {
    for (const media of Object.keys(b.value.content ?? { '*/*': null })) {
      ctx.emit({
        rule: 'request-media-type-removed',
        subject: [op, 'body', media],
        message: `${op} request body no longer declared: partners sending ${media} may be refused`,
        basePath: [...b.path, 'content', media],
        headPath: pair.head.at,
        provenance,
        guarantees: pair.guarantees,
      });
    }
  }
  if (!b.value || !h.value) return;
  const bc = b.value.content ?? {};
  const hc = h.value.content ?? {};
  for (const media of Object.keys(bc)) {
    if (!(media in hc)) {
      ctx.emit({
        rule: 'request-media-type-removed',
        subject: [op, 'body', media],
        message: `${op} request body: media type ${media} no longer accepted`,
        basePath: [...b.path, 'content', media],
        headPath: [...h.path, 'content'],
        provenance,
        guarantees: pair.guarantees,
      });
      continue;
    }
    const bs = flatten(baseRoot, bc[media]?.schema, [...b.path, 'content', media, 'schema']);
    const hs = flatten(headRoot, hc[media]?.schema, [...h.path, 'content', media, 'schema']);
    compareSchemas(ctx, bs, hs, {
      subject: [op, 'body'],
      where: `${op} request body`,
      direction: 'request',
      provenance,
      guarantees: pair.guarantees,
    });
  }
}

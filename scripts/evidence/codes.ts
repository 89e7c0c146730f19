// The code a bad value gets: per query or path parameter (paramCodes: the answers to requests where
// that parameter alone broke its schema) and per request-body field and case (bodyCodes: where
// that field alone broke one keyword of the request schema, as the suites probe them). A
// contradicted code is adopted: the parameter's or field's x-meshi-error-code, the code table and
// the 400 enums of the operations that use it follow.

import { contract } from '../../contract';
import type { Seen } from '../../reporter/observations';
import type { Judge, JudgeContext, Obj } from './context';
import { at, codeEnumLoc, parameterLoc, responseNode } from './schema';
import type { Edit, ElementKind, Loc, ObservedStamp } from './types';

function adoptCode(doc: Obj, what: string, loc: Loc, value: string, s: ObservedStamp, operations: readonly string[]): Edit[] {
  const m = /^(\d{3}) ([A-Z][A-Z0-9_]*)$/.exec(value);
  if (!m) return [];
  const [, status, code] = m as unknown as [string, string, string];
  const node = at(doc, loc);
  const codeLoc =
    node?.schema?.['x-meshi-error-code'] !== undefined ? [...loc, 'schema', 'x-meshi-error-code'] : [...loc, 'x-meshi-error-code'];
  const edits: Edit[] = [{ file: 'partner-api.yaml', loc: codeLoc, value: code }];
  if (!doc['x-meshi-error-codes']?.[code]) {
    edits.push({
      file: 'partner-api.yaml',
      loc: ['x-meshi-error-codes', code],
      value: { status: Number(status), provenance: 'observed', meaning: `A bad ${what} (seen on ${s.target}).`, observed: { ...s } },
    });
  }
  for (const op of operations) {
    const res = responseNode(doc, op, status);
    const enumLoc = res ? codeEnumLoc(doc, res) : null;
    if (enumLoc) edits.push({ file: 'partner-api.yaml', loc: enumLoc, value: code, mode: 'append' });
  }
  return edits;
}

function feed(c: JudgeContext, key: string, r: number, declared: string, table: Record<string, Seen>): void {
  for (const [value, seen] of Object.entries(table)) {
    if (value === declared) c.ledger.consistent(key, r, seen.count);
    else c.ledger.contradicted(key, r, value, seen.count, seen.examples);
  }
}

const declaredOf = (code: string) => `${contract.errorCodes[code]?.status ?? 400} ${code}`;

export const judgeParameterCodes: Judge = (c) => {
  for (const op of Object.values(contract.operations)) {
    for (const p of op.parameters) {
      if (!p.errorCode || p.provenance !== 'provisional') continue;
      const loc = parameterLoc(c.doc, op.operationId, p.name);
      // Every operation sharing the parameter's definition lists the code.
      const users = Object.values(contract.operations)
        .filter((o) => loc && parameterLoc(c.doc, o.operationId, p.name)?.join('/') === loc.join('/'))
        .map((o) => o.operationId);
      c.ledger.declare({
        key: `param:${op.operationId}:${p.name}`,
        kind: 'parameter-code',
        name: `${op.operationId} ${p.in} parameter ${p.name}: code of a bad value`,
        provenance: p.provenance,
        declared: declaredOf(p.errorCode),
        adopt: (value, s) => (loc ? adoptCode(c.doc, `${p.name} parameter`, loc, value, s, users) : []),
      });
    }
  }
  c.runs.forEach((run, r) => {
    for (const [k, table] of Object.entries(run.observations.paramCodes)) {
      const [op, name] = k.split('.') as [string, string];
      const p = contract.operations[op]?.parameters.find((x) => x.name === name);
      if (p?.errorCode) feed(c, `param:${op}:${name}`, r, declaredOf(p.errorCode), table);
    }
  });
};

/** The YAML location of a request-body schema's property (components/schemas/<Schema>/properties/<field>). */
function bodyFieldLoc(doc: Obj, schema: string, field: string): Loc | null {
  const loc: Loc = ['components', 'schemas', schema, 'properties', field];
  return at(doc, loc) ? loc : null;
}

export const judgeBodyCodes: Judge = (c) => {
  const kind: ElementKind = 'body-code';
  c.runs.forEach((run, r) => {
    for (const [k, table] of Object.entries(run.observations.bodyCodes ?? {})) {
      const [op, field, keyword] = k.split('.') as [string, string, string];
      const schema = contract.operations[op]?.requestBody?.schema;
      const rule = schema ? contract.fieldRules[schema]?.find((x) => x.name === field) : undefined;
      if (!schema || !rule?.errorCode) continue;
      const e = contract.errorCodes[rule.errorCode];
      if (rule.provenance !== 'provisional' && e?.provenance !== 'provisional' && e?.statusProvenance !== 'provisional') continue;
      const key = `body:${op}:${field}:${keyword}`;
      const loc = bodyFieldLoc(c.doc, schema, field);
      const users = Object.values(contract.operations)
        .filter((o) => o.requestBody?.schema === schema)
        .map((o) => o.operationId);
      c.ledger.declare({
        key,
        kind,
        name: `${op} body field ${field} (${keyword}): code of a bad value`,
        provenance: 'provisional',
        declared: declaredOf(rule.errorCode),
        adopt: (value, s) => (loc ? adoptCode(c.doc, `${field} field`, loc, value, s, users) : []),
      });
      feed(c, key, r, declaredOf(rule.errorCode), table);
    }
  });
};

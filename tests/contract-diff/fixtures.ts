// Contract pairs for the contract-diff tests, generated from the real contract by small edits: each
// edit function changes the parsed YAML (base and/or head) and the pair is the edited texts. One
// positive and one negative pair per rule: the positive must produce the rule, the negative (a near
// miss, usually the opposite edit) must not.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument, type Document } from 'yaml';
import type { ContractSources } from '../../scripts/contractDiff/index';
import type { RuleId } from '../../scripts/contractDiff/rules/catalogue';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const API_TEXT = readFileSync(join(ROOT, 'contracts/partner-api.yaml'), 'utf8');
export const GUARANTEES_TEXT = readFileSync(join(ROOT, 'contracts/guarantees.yaml'), 'utf8');

export interface Docs {
  readonly api: Document;
  readonly g: Document;
}
export type Edit = (d: Docs) => void;
export interface Pair {
  readonly base?: Edit;
  readonly head?: Edit;
}

let pristine: { api: Document; g: Document } | null = null;

function sources(edit: Edit | undefined, label: string): ContractSources {
  if (!edit) return { api: API_TEXT, guarantees: GUARANTEES_TEXT, label };
  pristine ??= { api: parseDocument(API_TEXT), g: parseDocument(GUARANTEES_TEXT) };
  // Clones (cheaper than parsing again); a file the edit never touched keeps its exact text.
  const touched = { api: null as Document | null, g: null as Document | null };
  const p = pristine;
  edit({
    get api() {
      return (touched.api ??= p.api.clone());
    },
    get g() {
      return (touched.g ??= p.g.clone());
    },
  });
  return { api: touched.api ? String(touched.api) : API_TEXT, guarantees: touched.g ? String(touched.g) : GUARANTEES_TEXT, label };
}

export function pairSources(p: Pair): { base: ContractSources; head: ContractSources } {
  return { base: sources(p.base, 'base'), head: sources(p.head, 'head') };
}

// ── edit helpers ─────────────────────────────────────────────────────────────────────────────
const S = ['components', 'schemas'];
const set =
  (path: readonly unknown[], value: unknown): Edit =>
  ({ api }) =>
    api.setIn(path, api.createNode(value));
const del =
  (path: readonly unknown[]): Edit =>
  ({ api }) => {
    api.deleteIn(path);
  };
const all =
  (...edits: Edit[]): Edit =>
  (d) =>
    edits.forEach((e) => e(d));
const copy =
  (from: readonly unknown[], to: readonly unknown[], patch: Record<string, unknown> = {}): Edit =>
  ({ api }) => {
    const value = { ...(api.getIn(from) as any).toJSON(), ...patch };
    api.setIn(to, api.createNode(value));
  };
const push =
  (path: readonly unknown[], value: unknown): Edit =>
  ({ api }) => {
    const list = (api.getIn(path) as any).toJSON() as unknown[];
    api.setIn(path, api.createNode([...list, value]));
  };
const without =
  (path: readonly unknown[], value: unknown): Edit =>
  ({ api }) => {
    const list = (api.getIn(path) as any).toJSON() as unknown[];
    api.setIn(path, api.createNode(list.filter((v) => v !== value)));
  };
const renameKey =
  (parent: readonly unknown[], from: string, to: string): Edit =>
  ({ api }) => {
    const value = (api.getIn([...parent, from]) as any).toJSON();
    api.deleteIn([...parent, from]);
    api.setIn([...parent, to], api.createNode(value));
  };
function gIndex(g: Document, id: string): number {
  return ((g.getIn(['guarantees']) as any).toJSON() as { id: string }[]).findIndex((x) => x.id === id);
}
const gSet =
  (id: string, field: string, value: unknown): Edit =>
  ({ g }) =>
    g.setIn(['guarantees', gIndex(g, id), field], value);

const EV = [...S, 'EventFields'];
const EC = [...S, 'EventCreate'];
const LIMIT = ['components', 'parameters', 'LimitParam'];
const ATT = [...S, 'AttendeeImportRequest', 'properties', 'attendees'];
const AUTH200 = ['paths', '/auth', 'get', 'responses', '200'];
const CREATE = ['paths', '/events', 'post'];
const LIST = ['paths', '/events', 'get'];
const noop: Edit = set(['info', 'description'], 'Edited description only.');
const venue = { type: 'string', description: 'A venue.', 'x-meshi-provenance': 'provisional' };
const newGuarantee = {
  id: 'EVT-99',
  family: 'EVT',
  level: 'MUST',
  statement: 'A new promise MUST hold.',
  provenance: 'provisional',
  profiles: [],
};

// ── one positive and one negative pair per rule ──────────────────────────────────────────────
const E = {
  pathRemoved: del(['paths', '/auth']),
  opRemoved: del(CREATE),
  opIdChanged: set(['paths', '/events/{event_id}', 'get', 'operationId'], 'readEvent'),
  opMoved: renameKey(['paths'], '/auth', '/whoami'),
  opAdded: copy(['paths', '/auth', 'get'], ['paths', '/auth', 'delete'], { operationId: 'deleteAuth' }),
  paramRemoved: del([...LIST, 'parameters', 0]),
  paramAddedRequired: push([...LIST, 'parameters'], { name: 'tenant', in: 'query', required: true, schema: { type: 'string' } }),
  paramAdded: push([...LIST, 'parameters'], { name: 'tenant', in: 'query', required: false, schema: { type: 'string' } }),
  paramMadeRequired: set([...LIMIT, 'required'], true),
  paramMadeOptional: set(['components', 'parameters', 'EventIdParam', 'required'], false),
  bodyOptional: del([...CREATE, 'requestBody', 'required']),
  reqMediaRemoved: renameKey([...CREATE, 'requestBody', 'content'], 'application/json', 'application/merge-patch+json'),
  reqMediaAdded: copy([...CREATE, 'requestBody', 'content', 'application/json'], [...CREATE, 'requestBody', 'content', 'text/plain']),
  reqTypeNarrowed: set([...EC, 'properties', 'description', 'type'], 'string'),
  reqTypeWidened: set([...EC, 'properties', 'title', 'type'], ['string', 'null']),
  reqFormatAdded: set([...EC, 'properties', 'title', 'format'], 'email'),
  reqFormatRemoved: del([...EC, 'properties', 'start_date', 'format']),
  reqPatternChanged: set([...EC, 'properties', 'url_slug', 'pattern'], '^[a-z]+$'),
  reqPatternRemoved: del([...EC, 'properties', 'url_slug', 'pattern']),
  reqMaxLower: set([...LIMIT, 'schema', 'maximum'], 100),
  reqMaxHigher: set([...LIMIT, 'schema', 'maximum'], 500),
  reqMinHigher: set([...LIMIT, 'schema', 'minimum'], 5),
  reqMinLower: set([...LIMIT, 'schema', 'minimum'], 0),
  reqMaxLenLower: set([...EC, 'properties', 'title', 'maxLength'], 100),
  reqMaxLenHigher: set([...EC, 'properties', 'title', 'maxLength'], 300),
  reqMinLenHigher: set([...EC, 'properties', 'title', 'minLength'], 3),
  reqMinLenRemoved: del([...EC, 'properties', 'title', 'minLength']),
  reqMaxItemsLower: set([...ATT, 'maxItems'], 500),
  reqMaxItemsHigher: set([...ATT, 'maxItems'], 5000),
  reqMinItemsHigher: set([...ATT, 'minItems'], 2),
  reqMinItemsRemoved: del([...ATT, 'minItems']),
  reqEnumRemoved: without([...EC, 'properties', 'visibility', 'enum'], 'unlisted'),
  reqEnumAdded: push([...EC, 'properties', 'visibility', 'enum'], 'secret'),
  reqEnumIntroduced: set([...EC, 'properties', 'title', 'enum'], ['a', 'b']),
  reqEnumDropped: del([...EC, 'properties', 'visibility', 'enum']),
  reqPropRemoved: del([...EC, 'properties', 'url_slug']),
  reqPropAddedRequired: all(set([...EC, 'properties', 'venue'], venue), push([...EC, 'required'], 'venue')),
  reqPropAdded: set([...EC, 'properties', 'venue'], venue),
  reqPropMadeRequired: push([...EC, 'required'], 'description'),
  reqPropMadeOptional: without([...EC, 'required'], 'title'),
  reqClosed: set([...EC, 'unevaluatedProperties'], false),
  resPropRemoved: all(del([...EV, 'properties', 'title']), without([...EV, 'required'], 'title')),
  resPropAdded: set([...EV, 'properties', 'venue'], venue),
  resPropMadeOptional: without([...EV, 'required'], 'title'),
  resNullable: set([...EV, 'properties', 'title', 'type'], ['string', 'null']),
  resNarrowed: set([...EV, 'properties', 'description', 'type'], 'string'),
  resTypeChanged: set([...EV, 'properties', 'title', 'type'], 'integer'),
  resFormatChanged: set([...S, 'Timestamp', 'format'], 'date'),
  resFormatAdded: set([...EV, 'properties', 'title', 'format'], 'email'),
  resPatternChanged: set([...S, 'Timestamp', 'pattern'], '^.+$'),
  resPatternAdded: set([...EV, 'properties', 'title', 'pattern'], '^.+$'),
  resMaxLenHigher: set([...EV, 'properties', 'title', 'maxLength'], 300),
  resMaxLenLower: set([...EV, 'properties', 'title', 'maxLength'], 100),
  resEnumAdded: push([...EV, 'properties', 'visibility', 'enum'], 'secret'),
  resEnumRemoved: without([...EV, 'properties', 'visibility', 'enum'], 'unlisted'),
  resOpened: del([...S, 'Event', 'unevaluatedProperties']),
  variantAdded: push([...S, 'EventContextUpdate', 'anyOf'], { required: ['extra'], properties: { extra: { type: 'string' } } }),
  okStatusChanged: renameKey([...CREATE, 'responses'], '201', '200'),
  errStatusRemoved: del([...CREATE, 'responses', '409']),
  errStatusAdded: set([...CREATE, 'responses', '422'], { $ref: '#/components/responses/PartnerIdConflict' }),
  codeRemoved: without(
    [...CREATE, 'responses', '400', 'content', 'application/json', 'schema', 'properties', 'code', 'enum'],
    'INVALID_TITLE',
  ),
  codeAdded: push([...CREATE, 'responses', '400', 'content', 'application/json', 'schema', 'properties', 'code', 'enum'], 'INVALID_VENUE'),
  headerRemoved: del([...AUTH200, 'headers', 'RateLimit-Policy']),
  headerOptional: set(['components', 'headers', 'RateLimit', 'required'], false),
  headerAdded: set([...AUTH200, 'headers', 'X-Request-Cost'], { schema: { type: 'integer' }, 'x-meshi-provenance': 'provisional' }),
  resMediaRemoved: renameKey([...AUTH200, 'content'], 'application/json', 'application/vnd.meshi+json'),
  resMediaAdded: copy([...AUTH200, 'content', 'application/json'], [...AUTH200, 'content', 'application/problem+json']),
  securityChanged: set(['paths', '/auth', 'get', 'security'], [{ bearerAuth: ['admin'] }]),
  securityLoosened: set(['paths', '/auth', 'get', 'security'], []),
  schemeChanged: set(['components', 'securitySchemes', 'bearerAuth', 'scheme'], 'basic'),
  scopeTightened: set(['paths', '/auth', 'get', 'x-meshi-scope'], 'partner:write'),
  scopeLoosened: set([...CREATE, 'x-meshi-scope'], 'partner:read'),
  aliasDropped: del(['x-meshi-alias']),
  aliasReworded: set(['x-meshi-alias', 'behaviour'], 'Serves every route of the current base.'),
  limitLowered: set(['x-meshi-limits', 'max_body_bytes', 'value'], 1000),
  limitRaised: set(['x-meshi-limits', 'max_body_bytes', 'value'], 2_000_000),
  windowLonger: set(['x-meshi-limits', 'rate_limit', 'window_seconds'], 120),
  limitRemoved: del(['x-meshi-limits', 'match_top_k']),
  limitAdded: set(['x-meshi-limits', 'max_events'], { value: 100, provenance: 'provisional' }),
  codeUnregistered: del(['x-meshi-error-codes', 'REQUEST_TIMEOUT']),
  codeRegistered: set(['x-meshi-error-codes', 'INVALID_VENUE'], { status: 400, provenance: 'provisional', meaning: 'venue is bad.' }),
  codeStatusChanged: set(['x-meshi-error-codes', 'INVALID_JSON', 'status'], 422),
  codeReworded: set(['x-meshi-error-codes', 'INVALID_JSON', 'meaning'], 'The body is not JSON.'),
  runCodeRemoved: del(['x-meshi-run-error-codes', 'INVALID_RAW']),
  runCodeAdded: set(['x-meshi-run-error-codes', 'INVALID_VENUE'], {
    kinds: ['import'],
    provenance: 'provisional',
    meaning: 'venue is bad.',
  }),
  provLowered: set([...EV, 'properties', 'title', 'x-meshi-provenance'], 'provisional'),
  provRaised: set([...EV, 'properties', 'created_at', 'x-meshi-provenance'], 'documented'),
  gRemoved: ({ g }) => {
    g.deleteIn(['guarantees', gIndex(g, 'AUTH-02')]);
  },
  gAdded: ({ g }) => {
    (g.getIn(['guarantees']) as any).items.push(g.createNode(newGuarantee));
  },
  gLowered: gSet('AUTH-01', 'level', 'SHOULD'),
  gRaised: gSet('RATE-04', 'level', 'MUST'),
  gReworded: gSet('AUTH-01', 'statement', 'A request with no Authorization header SHOULD be rejected.'),
  gDocChanged: gSet('AUTH-01', 'doc', 'P5 Errors and limits'),
  gProvLowered: gSet('AUTH-01', 'provenance', 'provisional'),
  gProvRaised: gSet('CORR-03', 'provenance', 'documented'),
  gNarrowed: ({ g }) => {
    const i = gIndex(g, 'SCOPE-01');
    g.setIn(
      ['guarantees', i, 'operations'],
      g.createNode(
        ((g.getIn(['guarantees', i, 'operations']) as any).toJSON() as string[]).filter((o) => o !== 'createEvent'),
        { flow: true },
      ),
    );
  },
  gBroadened: ({ g }) => {
    const i = gIndex(g, 'AUTH-05');
    g.setIn(['guarantees', i, 'operations'], g.createNode(['getAuth', 'getIdMapping'], { flow: true }));
  },
  gNotUniversal: ({ g }) => {
    g.deleteIn(['guarantees', gIndex(g, 'CORR-01'), 'universal']);
  },
  defaultChanged: set([...LIMIT, 'schema', 'default'], 20),
  serverRemoved: del(['servers', 0]),
  serverReworded: set(['servers', 0, 'description'], 'Staging environment'),
  bodyRemoved: del([...CREATE, 'requestBody']),
  reqErrorCodeChanged: set([...EC, 'properties', 'title', 'x-meshi-error-code'], 'INVALID_NAME'),
} satisfies Record<string, Edit>;

export const RULE_FIXTURES: Record<RuleId, { pos: Pair; neg: Pair }> = {
  'path-removed': { pos: { head: E.pathRemoved }, neg: { head: E.opRemoved } },
  'operation-removed': { pos: { head: E.opRemoved }, neg: { head: E.pathRemoved } },
  'operation-id-changed': { pos: { head: E.opIdChanged }, neg: { head: noop } },
  'operation-path-changed': { pos: { head: E.opMoved }, neg: { head: E.opIdChanged } },
  'operation-added': { pos: { head: E.opAdded }, neg: { head: E.opIdChanged } },
  'request-parameter-removed': { pos: { head: E.paramRemoved }, neg: { head: E.paramMadeRequired } },
  'request-parameter-added-required': { pos: { head: E.paramAddedRequired }, neg: { head: E.paramAdded } },
  'request-parameter-made-required': { pos: { head: E.paramMadeRequired }, neg: { head: E.paramMadeOptional } },
  'request-parameter-added': { pos: { head: E.paramAdded }, neg: { head: E.paramAddedRequired } },
  'request-parameter-made-optional': { pos: { head: E.paramMadeOptional }, neg: { head: E.paramMadeRequired } },
  'request-body-made-required': { pos: { base: E.bodyOptional }, neg: { head: E.bodyOptional } },
  'request-media-type-removed': { pos: { head: E.reqMediaRemoved }, neg: { head: E.reqMediaAdded } },
  'request-type-changed': { pos: { head: E.reqTypeNarrowed }, neg: { head: E.reqTypeWidened } },
  'request-type-widened': { pos: { head: E.reqTypeWidened }, neg: { head: E.reqTypeNarrowed } },
  'request-format-changed': { pos: { head: E.reqFormatAdded }, neg: { head: E.reqFormatRemoved } },
  'request-pattern-changed': { pos: { head: E.reqPatternChanged }, neg: { head: E.reqPatternRemoved } },
  'request-max-tightened': { pos: { head: E.reqMaxLower }, neg: { head: E.reqMaxHigher } },
  'request-min-tightened': { pos: { head: E.reqMinHigher }, neg: { head: E.reqMinLower } },
  'request-max-length-tightened': { pos: { head: E.reqMaxLenLower }, neg: { head: E.reqMaxLenHigher } },
  'request-min-length-tightened': { pos: { head: E.reqMinLenHigher }, neg: { head: E.reqMinLenRemoved } },
  'request-max-items-tightened': { pos: { head: E.reqMaxItemsLower }, neg: { head: E.reqMaxItemsHigher } },
  'request-min-items-tightened': { pos: { head: E.reqMinItemsHigher }, neg: { head: E.reqMinItemsRemoved } },
  'request-error-code-changed': { pos: { head: E.reqErrorCodeChanged }, neg: { head: E.reqMaxLenHigher } },
  'request-constraint-loosened': { pos: { head: E.reqMaxLenHigher }, neg: { head: E.reqMaxLenLower } },
  'request-enum-value-removed': { pos: { head: E.reqEnumRemoved }, neg: { head: E.reqEnumAdded } },
  'request-enum-introduced': { pos: { head: E.reqEnumIntroduced }, neg: { head: E.reqEnumDropped } },
  'request-enum-value-added': { pos: { head: E.reqEnumAdded }, neg: { head: E.reqEnumRemoved } },
  'request-property-removed': { pos: { head: E.reqPropRemoved }, neg: { head: E.reqPropAdded } },
  'request-property-added-required': { pos: { head: E.reqPropAddedRequired }, neg: { head: E.reqPropAdded } },
  'request-property-made-required': { pos: { head: E.reqPropMadeRequired }, neg: { head: E.reqPropMadeOptional } },
  'request-property-added': { pos: { head: E.reqPropAdded }, neg: { head: E.reqPropAddedRequired } },
  'request-property-made-optional': { pos: { head: E.reqPropMadeOptional }, neg: { head: E.reqPropMadeRequired } },
  'request-properties-closed': { pos: { head: E.reqClosed }, neg: { base: E.reqClosed } },
  'response-property-removed': { pos: { head: E.resPropRemoved }, neg: { head: E.resPropAdded } },
  'response-property-made-optional': { pos: { head: E.resPropMadeOptional }, neg: { base: E.resPropMadeOptional } },
  'response-property-made-nullable': { pos: { head: E.resNullable }, neg: { head: E.resNarrowed } },
  'response-type-changed': { pos: { head: E.resTypeChanged }, neg: { head: E.resNarrowed } },
  'response-type-narrowed': { pos: { head: E.resNarrowed }, neg: { head: E.resNullable } },
  'response-format-changed': { pos: { head: E.resFormatChanged }, neg: { head: E.resFormatAdded } },
  'response-pattern-changed': { pos: { head: E.resPatternChanged }, neg: { head: E.resPatternAdded } },
  'response-constraint-loosened': { pos: { head: E.resMaxLenHigher }, neg: { head: E.resMaxLenLower } },
  'response-constraint-tightened': { pos: { head: E.resMaxLenLower }, neg: { head: E.resMaxLenHigher } },
  'response-enum-value-added': { pos: { head: E.resEnumAdded }, neg: { head: E.resEnumRemoved } },
  'response-enum-value-removed': { pos: { head: E.resEnumRemoved }, neg: { head: E.resEnumAdded } },
  'response-property-added': { pos: { head: E.resPropAdded }, neg: { head: E.resPropRemoved } },
  'response-property-made-required': { pos: { base: E.resPropMadeOptional }, neg: { head: E.resPropMadeOptional } },
  'response-properties-opened': { pos: { head: E.resOpened }, neg: { base: E.resOpened } },
  'default-changed': { pos: { head: E.defaultChanged }, neg: { head: E.reqMaxHigher } },
  'composition-changed': { pos: { head: E.variantAdded }, neg: { head: noop } },
  'success-status-changed': { pos: { head: E.okStatusChanged }, neg: { head: E.errStatusAdded } },
  'error-status-removed': { pos: { head: E.errStatusRemoved }, neg: { head: E.errStatusAdded } },
  'error-status-added': { pos: { head: E.errStatusAdded }, neg: { head: E.errStatusRemoved } },
  'error-code-removed': { pos: { head: E.codeRemoved }, neg: { head: E.codeAdded } },
  'error-code-added': { pos: { head: E.codeAdded }, neg: { head: E.codeRemoved } },
  'response-header-removed': { pos: { head: E.headerRemoved }, neg: { head: E.headerAdded } },
  'response-header-made-optional': { pos: { head: E.headerOptional }, neg: { base: E.headerOptional } },
  'response-header-added': { pos: { head: E.headerAdded }, neg: { head: E.headerRemoved } },
  'response-media-type-removed': { pos: { head: E.resMediaRemoved }, neg: { head: E.resMediaAdded } },
  'response-media-type-added': { pos: { head: E.resMediaAdded }, neg: { base: E.resMediaAdded } },
  'security-requirement-changed': { pos: { head: E.securityChanged }, neg: { head: E.securityLoosened } },
  'security-loosened': { pos: { head: E.securityLoosened }, neg: { head: E.securityChanged } },
  'security-scheme-changed': {
    pos: { head: E.schemeChanged },
    neg: { head: set(['components', 'securitySchemes', 'bearerAuth', 'description'], 'Bearer key.') },
  },
  'scope-tightened': { pos: { head: E.scopeTightened }, neg: { head: E.scopeLoosened } },
  'scope-loosened': { pos: { head: E.scopeLoosened }, neg: { head: E.scopeTightened } },
  'server-removed': { pos: { head: E.serverRemoved }, neg: { head: E.serverReworded } },
  'alias-base-dropped': { pos: { head: E.aliasDropped }, neg: { head: E.aliasReworded } },
  'limit-lowered': { pos: { head: E.windowLonger }, neg: { head: E.limitRaised } },
  'limit-removed': { pos: { head: E.limitRemoved }, neg: { head: E.limitRaised } },
  'limit-added': { pos: { head: E.limitAdded }, neg: { head: E.limitLowered } },
  'limit-raised': { pos: { head: E.limitRaised }, neg: { head: E.limitLowered } },
  'error-code-unregistered': { pos: { head: E.codeUnregistered }, neg: { head: E.codeRegistered } },
  'error-code-status-changed': { pos: { head: E.codeStatusChanged }, neg: { head: E.codeReworded } },
  'error-code-registered': { pos: { head: E.codeRegistered }, neg: { head: E.codeUnregistered } },
  'run-error-code-removed': { pos: { head: E.runCodeRemoved }, neg: { head: E.runCodeAdded } },
  'run-error-code-added': { pos: { head: E.runCodeAdded }, neg: { head: E.runCodeRemoved } },
  'element-provenance-lowered': { pos: { head: E.provLowered }, neg: { head: E.provRaised } },
  'element-provenance-raised': { pos: { head: E.provRaised }, neg: { head: E.provLowered } },
  'guarantee-removed': { pos: { head: E.gRemoved }, neg: { head: E.gAdded } },
  'guarantee-level-lowered': { pos: { head: E.gLowered }, neg: { head: E.gRaised } },
  'guarantee-statement-changed': { pos: { head: E.gReworded }, neg: { head: E.gDocChanged } },
  'guarantee-provenance-lowered': { pos: { head: E.gProvLowered }, neg: { head: E.gProvRaised } },
  'guarantee-scope-narrowed': { pos: { head: E.gNarrowed }, neg: { head: E.gBroadened } },
  'guarantee-added': { pos: { head: E.gAdded }, neg: { head: E.gRemoved } },
  'guarantee-level-raised': { pos: { head: E.gRaised }, neg: { head: E.gLowered } },
  'guarantee-provenance-raised': { pos: { head: E.gProvRaised }, neg: { head: E.gProvLowered } },
};

/** Additions only: an operation, an optional response property, an optional query parameter, a guarantee. */
export const ADDITIONS_ONLY: Pair = { head: all(E.opAdded, E.resPropAdded, E.paramAdded, E.gAdded, E.codeRegistered) };
export const EDITS = E;
export { all, set, del, push, noop };

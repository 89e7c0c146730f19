// Where a finding points in the contract: the line of an operation, one of its responses, a
// component schema (contracts/partner-api.yaml) or a guarantee entry (contracts/guarantees.yaml),
// found with the yaml package's LineCounter so code scanning shows a result on the line it is about.

import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMap, isScalar, LineCounter, parseDocument, type Document, type YAMLMap } from 'yaml';
import type { CiLocation } from './findings';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CONTRACT_FILE = 'contracts/partner-api.yaml';
export const GUARANTEES_FILE = 'contracts/guarantees.yaml';

interface Parsed {
  readonly doc: Document.Parsed;
  readonly lines: LineCounter;
}

function parse(root: string, file: string): Parsed {
  const lines = new LineCounter();
  const doc = parseDocument(readFileSync(join(root, file), 'utf8'), { lineCounter: lines });
  return { doc, lines };
}

/** The map's pair whose key is `key` (a scalar key compared as text). */
function pairOf(map: unknown, key: string) {
  if (!isMap(map)) return undefined;
  return (map as YAMLMap).items.find((p) => isScalar(p.key) && String(p.key.value) === key);
}

function at(file: string, p: Parsed, node: { range?: [number, number, number] | null } | null | undefined): CiLocation | null {
  if (!node?.range) return null;
  const { line, col } = p.lines.linePos(node.range[0]);
  return { file, line, column: col };
}

export interface ContractLocator {
  /** The `operationId:` line of an operation. */
  operation(operationId: string): CiLocation | null;
  /** The line of one declared response status of an operation (the operation's line when undeclared). */
  response(operationId: string, status: number): CiLocation | null;
  /** The line of a component schema. */
  schema(name: string): CiLocation | null;
  /** The `- id:` line of a guarantee in the catalogue. */
  guarantee(id: string): CiLocation | null;
}

/** A locator over the contract files of `root` (default: this checkout); each file is parsed once. */
export function contractLocator(root: string = ROOT): ContractLocator {
  let api: Parsed | null = null;
  let cat: Parsed | null = null;
  const apiDoc = () => (api ??= parse(root, CONTRACT_FILE));
  const catDoc = () => (cat ??= parse(root, GUARANTEES_FILE));
  const operationNode = (operationId: string) => {
    const paths = apiDoc().doc.get('paths', true);
    if (!isMap(paths)) return null;
    for (const pathPair of paths.items) {
      if (!isMap(pathPair.value)) continue;
      for (const opPair of pathPair.value.items) {
        const idPair = pairOf(opPair.value, 'operationId');
        if (idPair && isScalar(idPair.value) && idPair.value.value === operationId) return { op: opPair.value as YAMLMap, idPair };
      }
    }
    return null;
  };
  return {
    operation(operationId) {
      const found = operationNode(operationId);
      return found ? at(CONTRACT_FILE, apiDoc(), found.idPair.key as { range?: [number, number, number] }) : null;
    },
    response(operationId, status) {
      const found = operationNode(operationId);
      if (!found) return null;
      const pair = pairOf(pairOf(found.op, 'responses')?.value, String(status));
      return at(CONTRACT_FILE, apiDoc(), (pair?.key ?? found.idPair.key) as { range?: [number, number, number] });
    },
    schema(name) {
      const schemas = pairOf(pairOf(apiDoc().doc.contents, 'components')?.value, 'schemas')?.value;
      return at(CONTRACT_FILE, apiDoc(), pairOf(schemas, name)?.key as { range?: [number, number, number] } | undefined);
    },
    guarantee(id) {
      const list = catDoc().doc.get('guarantees', true) as { items?: unknown[] } | undefined;
      for (const item of list?.items ?? []) {
        const idPair = pairOf(item, 'id');
        if (idPair && isScalar(idPair.value) && idPair.value.value === id)
          return at(GUARANTEES_FILE, catDoc(), idPair.key as { range?: [number, number, number] });
      }
      return null;
    },
  };
}

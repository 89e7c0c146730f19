// One contract file parsed twice over: as plain data (what the rules compare) and as a YAML
// document with source ranges (where a change is). Parses are memoised by text, so the rules of
// one diff and the fixtures of one test file share them.

import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { ContractDiffInputError, type SourceLocation } from './types';

export type Path = readonly (string | number)[];

export interface ParsedFile {
  readonly file: string;
  readonly data: any;
  /** The location of `path`, or of its nearest existing ancestor when `exact` is false. */
  locate(path: Path, exact?: boolean): SourceLocation | null;
}

const cache = new Map<string, ParsedFile>();
const CACHE_SIZE = 8;

export function jsonPointer(path: Path): string {
  return path.length === 0 ? '' : `/${path.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
}

/** The node at `path`: for a map entry the key (so the line is the key's), else the value. */
function nodeAt(doc: Document, path: Path): Node | null {
  let cur: unknown = doc.contents;
  let keyNode: Node | null = null;
  for (const seg of path) {
    keyNode = null;
    if (isMap(cur)) {
      const pair = cur.items.find(
        (p) => (isScalar(p.key) ? p.key.value : p.key) === seg || String(isScalar(p.key) ? p.key.value : p.key) === String(seg),
      );
      if (!pair) return null;
      keyNode = isScalar(pair.key) ? (pair.key as Node) : null;
      cur = pair.value;
    } else if (isSeq(cur) && typeof seg === 'number') {
      cur = cur.items[seg];
      if (cur === undefined) return null;
    } else return null;
  }
  return keyNode ?? (cur as Node | null);
}

export function parseFile(file: string, text: string): ParsedFile {
  const key = `${file}\0${text}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false });
  if (doc.errors.length) throw new ContractDiffInputError(`${file}: ${doc.errors[0]!.message.split('\n')[0]}`);
  const data = doc.toJS({ maxAliasCount: -1 });
  if (data === null || typeof data !== 'object') throw new ContractDiffInputError(`${file}: not a YAML mapping`);
  const located = new Map<string, SourceLocation | null>();
  const locateExact = (path: Path): SourceLocation | null => {
    const pointer = jsonPointer(path);
    if (located.has(pointer)) return located.get(pointer)!;
    const node = nodeAt(doc, path);
    const offset = node?.range?.[0];
    const loc = offset === undefined ? null : { file, ...linePos(lineCounter, offset), pointer };
    located.set(pointer, loc);
    return loc;
  };
  const parsed: ParsedFile = {
    file,
    data,
    locate(path, exact = true) {
      if (exact) return locateExact(path);
      for (let n = path.length; n >= 0; n--) {
        const loc = locateExact(path.slice(0, n));
        if (loc) return loc;
      }
      return null;
    },
  };
  cache.set(key, parsed);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return parsed;
}

function linePos(lc: LineCounter, offset: number): { line: number; column: number } {
  const { line, col } = lc.linePos(offset);
  return { line, column: col };
}

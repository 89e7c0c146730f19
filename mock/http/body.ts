// Request bodies: read the raw bytes and measure them against the byte limit before anything is
// parsed (413). A declared Content-Length over the limit is refused without buffering; a streamed
// body is counted as it arrives and refused as soon as it crosses the limit (the answer goes out
// while the client is still sending, then the connection closes).

import type { IncomingMessage } from 'node:http';

export interface RawBody {
  readonly bytes: Buffer;
  /** The body was larger than the limit (bytes then holds nothing useful). */
  readonly tooLarge: boolean;
  readonly length: number;
  /** A streamed body crossed the limit and is still arriving: answer, then close the connection. */
  readonly closeAfter: boolean;
}

const EMPTY = Buffer.alloc(0);

/**
 * Reads the whole body. Past `maxBytes` the rest is drained and discarded, up to `drainCap` bytes;
 * beyond that the connection is marked for closing (the 413 still gets sent).
 */
export function readBody(req: IncomingMessage, maxBytes: number, drainCap = Math.max(maxBytes * 8, 64 * 1024 * 1024)): Promise<RawBody> {
  const declared = req.headers['content-length'];
  if (declared !== undefined) {
    const n = Number(declared);
    if (Number.isFinite(n) && n > maxBytes) return drain(req, n, drainCap);
    if (n === 0) {
      req.resume();
      return Promise.resolve({ bytes: EMPTY, tooLarge: false, length: 0, closeAfter: false });
    }
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      length += chunk.length;
      if (tooLarge) {
        if (length > drainCap) req.destroy();
        return;
      }
      if (length > maxBytes) {
        tooLarge = true;
        chunks.length = 0;
        resolve({ bytes: EMPTY, tooLarge: true, length, closeAfter: true });
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!tooLarge)
        resolve({ bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, length), tooLarge, length, closeAfter: false });
    });
    req.on('error', (e) => {
      if (!tooLarge) reject(e);
    });
    req.on('close', () => {
      if (!tooLarge) reject(new Error('request aborted'));
    });
  });
}

function drain(req: IncomingMessage, declared: number, drainCap: number): Promise<RawBody> {
  // Answer right away; keep reading (and discarding) so the client can finish sending and the
  // connection stays usable. A body past drainCap is cut off.
  let seen = 0;
  req.on('data', (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > drainCap) req.destroy();
  });
  req.on('error', () => undefined);
  return Promise.resolve({ bytes: EMPTY, tooLarge: true, length: declared, closeAfter: false });
}

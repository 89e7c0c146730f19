// Whether a HEAD response carried a body, read from the bytes themselves. An HTTP client skips a
// HEAD response's body by definition (RFC 9110 §9.3.2), so bytes a server sends after the headers
// surface in the transport only as a broken next message. When the transport could not read a HEAD
// answer, the request is sent once more over a bare socket with `connection: close`, and the bytes
// after the header block are counted: any is a body.

import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';

/** How long to wait for body bytes once the header block is in (the server may not close). */
const BODY_GRACE_MS = 500;

/** Bytes after the first header block of a raw HTTP/1.1 answer, or null when the block never ended. */
export function bytesAfterHeaders(raw: Buffer): number | null {
  const end = raw.indexOf('\r\n\r\n');
  return end < 0 ? null : raw.length - end - 4;
}

/** The raw request line and headers of a HEAD to `url` (no body; the connection closes after it). */
export function headRequest(url: URL, headers: Readonly<Record<string, string>>): string {
  const skip = new Set(['host', 'connection', 'content-length', 'transfer-encoding']);
  const lines = [`HEAD ${url.pathname}${url.search} HTTP/1.1`, `host: ${url.host}`];
  for (const [k, v] of Object.entries(headers)) if (!skip.has(k.toLowerCase())) lines.push(`${k}: ${v}`);
  return `${lines.join('\r\n')}\r\nconnection: close\r\n\r\n`;
}

/** Sends a HEAD to `url` over a bare socket; the bytes after its header block (null: no answer). */
export function headBodyBytes(target: string, headers: Readonly<Record<string, string>>, timeoutMs: number): Promise<number | null> {
  const url = new URL(target);
  const tls = url.protocol === 'https:';
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = Number(url.port || (tls ? 443 : 80));
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let settled = false;
    let grace: NodeJS.Timeout | undefined;
    const socket: Socket = tls ? connectTls({ host, port, servername: host }) : connectTcp({ host, port });
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      clearTimeout(grace);
      socket.destroy();
      resolve(bytesAfterHeaders(Buffer.concat(chunks)));
    };
    const deadline = setTimeout(finish, timeoutMs);
    socket.once(tls ? 'secureConnect' : 'connect', () => socket.write(headRequest(url, headers)));
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      clearTimeout(grace);
      if (bytesAfterHeaders(Buffer.concat(chunks)) !== null) grace = setTimeout(finish, BODY_GRACE_MS);
    });
    socket.once('end', finish);
    socket.once('close', finish);
    socket.once('error', finish);
  });
}

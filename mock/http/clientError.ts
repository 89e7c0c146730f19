// Requests Node's HTTP parser refuses before any handler runs (a raw non-ASCII byte in the path,
// headers over the size limit, Content-Length with Transfer-Encoding, a request timeout). Node's
// own answers carry no envelope; these get the same envelope, x-correlation-id and anonymous
// rate-limit headers as every other error, then the connection closes.

import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { MockConfig } from '../config';
import { statusOf } from '../../contract';
import { correlationId } from '../ids';
import { bodyText, JSON_TYPE } from './envelope';
import { endLingering } from './linger';
import { anonymousRate, policyHeader, rateLimitHeader } from './rateLimit';

/** Contract code per Node parser error code; anything else is a malformed request. */
const CODES: Readonly<Record<string, string>> = {
  HPE_HEADER_OVERFLOW: 'REQUEST_HEADER_FIELDS_TOO_LARGE',
  ERR_HTTP_REQUEST_TIMEOUT: 'REQUEST_TIMEOUT',
};
const MALFORMED = 'MALFORMED_REQUEST';
for (const code of [...Object.values(CODES), MALFORMED]) statusOf(code);

const MESSAGES: Readonly<Record<string, string>> = {
  REQUEST_HEADER_FIELDS_TOO_LARGE: 'The request headers are too large',
  REQUEST_TIMEOUT: 'The request was not received in time',
  MALFORMED_REQUEST: 'The request is not valid HTTP/1.1',
};

/** The server's `clientError` listener. */
export function clientErrorHandler(config: MockConfig): (err: NodeJS.ErrnoException, socket: Socket) => void {
  // The parser may report more errors on a socket already answered (and lingering): leave it be.
  const answered = new WeakSet<Socket>();
  return (err, socket) => {
    if (answered.has(socket)) return;
    // Nothing can be answered on a reset or closed socket, or while a response is already going out.
    const busy = (socket as Socket & { _httpMessage?: { headersSent: boolean } })._httpMessage?.headersSent === true;
    if (err.code === 'ECONNRESET' || !socket.writable || busy) {
      socket.destroy();
      return;
    }
    const code = CODES[err.code ?? ''] ?? MALFORMED;
    const status = statusOf(code);
    const corr = correlationId();
    const body = bodyText({ code, message: MESSAGES[code] ?? code }, corr);
    const rate = anonymousRate(config.rateLimit);
    const head = [
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`,
      `content-type: ${JSON_TYPE}`,
      `content-length: ${Buffer.byteLength(body)}`,
      `x-correlation-id: ${corr}`,
      `ratelimit-policy: ${policyHeader(rate)}`,
      `ratelimit: ${rateLimitHeader(rate)}`,
      'connection: close',
    ];
    answered.add(socket);
    endLingering(socket, `${head.join('\r\n')}\r\n\r\n${body}`);
  };
}

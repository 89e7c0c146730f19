// Lingering close. Closing a socket while the client is still sending resets the connection, and
// the reset can destroy the answer in the client's buffers before it is read. So: send FIN, keep
// reading (and discarding) what is still in flight for a moment, then close.

import type { Socket } from 'node:net';

const LINGER_MS = 2000;

/** Makes the close Node performs after a `Connection: close` response a lingering one. */
export function lingerOnClose(socket: Socket): void {
  const s = socket as Socket & { destroySoon?: () => void };
  s.destroySoon = () => endLingering(s);
}

/** Writes `data` (if any), half-closes, and destroys the socket after the linger time. */
export function endLingering(socket: Socket, data?: string): void {
  socket.on('data', () => undefined);
  if (data === undefined) socket.end();
  else socket.end(data);
  setTimeout(() => socket.destroy(), LINGER_MS).unref();
}

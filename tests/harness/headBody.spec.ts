// A HEAD body is counted from the bytes the target sent after the headers (harness/http/headBody.ts),
// not read out of the transport's error message: a HEAD answer the transport cannot parse for any
// other reason is a transient no-answer, not an HTTP-02 violation.
import { createServer, type Server, type Socket } from 'node:net';
import { test, expect } from '@playwright/test';
import { gid } from '../../harness/checks/ids';
import { bytesAfterHeaders, headBodyBytes, headRequest } from '../../harness/http/headBody';
import { GuaranteeViolation, TransientError } from '../../harness/verdicts/errors';
import { unitClient } from './helpers';

/** A server that answers every request on a connection with `answer` (then closes, unless told to keep it open). */
async function rawServer(answer: string, keepOpen = false): Promise<{ url: string; seen: string[]; close: () => Promise<void> }> {
  const seen: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.once('data', (d) => {
      seen.push(d.toString('latin1'));
      if (keepOpen) socket.write(answer);
      else socket.end(answer);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

const HEAD_OK = 'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n';

test('bytes after the header block are counted; an unfinished block is no answer', () => {
  expect(bytesAfterHeaders(Buffer.from(`${HEAD_OK}{}`))).toBe(2);
  expect(bytesAfterHeaders(Buffer.from(HEAD_OK))).toBe(0);
  expect(bytesAfterHeaders(Buffer.from('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n'))).toBeNull();
});

test('the probe is a HEAD with the request headers, no body, and a closing connection', () => {
  const line = headRequest(new URL('http://h:1/api/v0/partner/auth?x=1'), {
    authorization: 'Bearer k',
    'content-length': '3',
    connection: 'keep-alive',
  });
  expect(line).toBe('HEAD /api/v0/partner/auth?x=1 HTTP/1.1\r\nhost: h:1\r\nauthorization: Bearer k\r\nconnection: close\r\n\r\n');
});

test('over a socket: a body, no body (the server keeps the connection open), no server', async () => {
  const withBody = await rawServer(`${HEAD_OK}{}`);
  const without = await rawServer(HEAD_OK, true);
  try {
    expect(await headBodyBytes(`${withBody.url}/x`, { authorization: 'Bearer k' }, 5000)).toBe(2);
    expect(withBody.seen[0]).toMatch(/^HEAD \/x HTTP\/1\.1\r\n/);
    expect(withBody.seen[0]).toContain('authorization: Bearer k\r\n');
    expect(await headBodyBytes(`${without.url}/x`, {}, 5000)).toBe(0);
  } finally {
    await withBody.close();
    await without.close();
  }
  expect(await headBodyBytes(withBody.url, {}, 2000)).toBeNull();
});

test('a HEAD answer the transport cannot parse, without a body, is transient, not a HEAD body', async ({ request }, testInfo) => {
  // A header line without a colon breaks the HTTP parser like a body would; the bytes show there is none.
  const server = await rawServer('HTTP/1.1 200 OK\r\nnot a header\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
  try {
    const { client } = unitClient(request, testInfo, server.url);
    const err = await client.call('getAuth', { method: 'HEAD' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransientError);
    expect(err).not.toBeInstanceOf(GuaranteeViolation);
    expect((err as Error).message).toMatch(/network error: .*Parse Error/);
  } finally {
    await server.close();
  }
});

test('a HEAD answer with a body is the HEAD guarantee violated, with the bytes counted', async ({ request }, testInfo) => {
  const server = await rawServer(`${HEAD_OK}{}`);
  try {
    const { client } = unitClient(request, testInfo, server.url);
    const err = await client.call('getAuth', { method: 'HEAD' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GuaranteeViolation);
    expect((err as Error).message).toMatch(
      new RegExp(`^\\[${gid('headNoBody')}\\] HEAD response carried data after its headers, i\\.e\\. a body \\(2 bytes;`),
    );
  } finally {
    await server.close();
  }
});

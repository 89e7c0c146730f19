// Request logging: one structured JSON line per request (off by default; config.logRequests).
// The API key is never written: only a short prefix and a hash fingerprint.

import { createHash } from 'node:crypto';
import type { Reply } from './http/reply';

const fingerprints = new Map<string, string>();

export function redactKey(key: string): string {
  let fp = fingerprints.get(key);
  if (!fp) {
    fp = `${key.slice(0, 4)}…#${createHash('sha256').update(key).digest('hex').slice(0, 8)}`;
    if (fingerprints.size < 1000) fingerprints.set(key, fp);
  }
  return fp;
}

export interface LogSink {
  write(line: string): unknown;
}

export function createLogger(sink: LogSink = process.stdout): (reply: Reply) => void {
  return (reply) => {
    const url = reply.req.url ?? '';
    const qi = url.indexOf('?');
    sink.write(
      `${JSON.stringify({
        time: new Date().toISOString(),
        method: reply.req.method,
        path: qi < 0 ? url : url.slice(0, qi),
        status: reply.status,
        ms: Math.round((performance.now() - reply.started) * 100) / 100,
        operation_id: reply.operationId,
        code: reply.code,
        correlation_id: reply.correlationId,
        key: reply.key ? redactKey(reply.key) : null,
      })}\n`,
    );
  };
}

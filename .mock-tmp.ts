import { createMockServer } from './mock/server';
import { appendFileSync } from 'node:fs';
const m = await createMockServer({ port: 0, readEnv: false, logRequests: true, logSink: { write: (l: string) => appendFileSync('/tmp/mock-req.log', l) } });
console.log(m.url);
setInterval(() => {}, 1 << 30);

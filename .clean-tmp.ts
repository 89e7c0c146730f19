import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createMockServer } from './mock/server';
import { KEY_ENV, KEY_NAMES } from './harness/config';
for (let i = 0; i < 2; i++) {
  const mock = await createMockServer({ port: 0, readEnv: false });
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(MESHI_|MOCK_|PLAYWRIGHT_)/.test(k)) env[k] = v;
  env.MESHI_BASE_URL = mock.url;
  for (const role of KEY_NAMES) if (mock.keys[role]) env[KEY_ENV[role]] = mock.keys[role];
  env.MESHI_SEED = String(1000 + i);
  env.PLAYWRIGHT_JSON_OUTPUT_NAME = `/tmp/clean-${i}.json`;
  const t = Date.now();
  const child = spawn(process.execPath, ['node_modules/@playwright/test/cli.js', 'test', '--project=conformance', 'specs/properties', '--reporter=json'], { env, stdio: 'ignore' });
  await new Promise((r) => child.on('exit', r));
  console.log('run', i, Date.now() - t, 'ms');
  await mock.close();
}
process.exit(0);

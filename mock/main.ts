// The mock's CLI: `npm run mock -- --port 0` (flags and MOCK_* variables: see --help).
// First stdout line: MOCK_URL=http://127.0.0.1:PORT; then the base URLs and the keys.

import { configFromArgs, usage } from './config';
import { createMockServer } from './server';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${usage()}\n`);
    return;
  }
  let flags;
  try {
    flags = configFromArgs(argv);
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n${usage()}\n`);
    process.exit(2);
  }
  // The contract's local server default is 8787; MOCK_PORT or --port override it (0 = any free port).
  const port = flags.port ?? (process.env.MOCK_PORT ? undefined : 8787);
  const mock = await createMockServer({ ...(port === undefined ? {} : { port }), ...flags });
  const lines = [
    `MOCK_URL=${mock.url}`,
    `MOCK_BASE_URL=${mock.baseUrl}`,
    `MOCK_ALIAS_URL=${mock.aliasUrl}`,
    `MOCK_ADMIN_URL=${mock.adminUrl}`,
    ...Object.entries(mock.keys).map(([role, key]) => `MOCK_KEY_${role.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}=${key}`),
    `MOCK_FAULTS_ON=${mock.app.faults.list().join(',')}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  const stop = () => {
    mock.close().then(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`mock failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});

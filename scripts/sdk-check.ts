// npm run sdk-check -- [--base <git-ref|file>] [--head <git-ref|file>] [--no-run] [--format text|json]
// Generates the TypeScript SDK of the contract with @hey-api/openapi-ts into .sdk/ (git-ignored),
// typechecks the consumer program (sdk/consumer) against it and runs it against the bundled mock
// (started here on a free loopback port) or MESHI_BASE_URL. With --base, also generates the base
// SDK and compiles the base consumer against the head SDK (a compile error is a source break).
// Exit 0 OK, 1 a source or wire break (or the consumer failed), 2 usage, input or generator error.

import { existsSync } from 'node:fs';
import { loadConfig } from '../harness/settings/config';
import { setting } from '../harness/settings';
import { createMockServer } from '../mock/server';
import { loadSources } from './contractDiff/sources';
import { ContractDiffInputError } from './contractDiff/types';
import { checkSdk, renderSdkReport, type SdkTarget, type SdkVersion } from './sdkCheck/index';

const USAGE = 'usage: npm run sdk-check -- [--base <git-ref|file>] [--head <git-ref|file>] [--no-run] [--format text|json]';

function version(arg: string | undefined): SdkVersion {
  if (arg === undefined) return { label: 'working tree', api: loadSources({}).api };
  if (existsSync(arg)) return { label: arg, api: loadSources({ apiFile: arg }).api };
  return { label: arg, api: loadSources({ ref: arg }).api, consumerRef: arg };
}

const EXITS = 'exit: 0 OK · 1 a source or wire break (or the consumer failed) · 2 usage, input or generator error';

async function main(argv: readonly string[]): Promise<number> {
  if (argv.some((a) => a === '--help' || a === '-h')) {
    process.stdout.write(`${USAGE}\n${EXITS}\n`);
    return 0;
  }
  const values: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--(base|head|format|no-run)(?:=(.*))?$/.exec(argv[i]!);
    if (!m) {
      process.stderr.write(`sdk-check: unknown argument ${argv[i]}\n${USAGE}\n`);
      return 2;
    }
    values[m[1]!] = m[1] === 'no-run' ? true : (m[2] ?? argv[++i] ?? '');
  }
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') {
    process.stderr.write(`sdk-check: --format must be text or json\n${USAGE}\n`);
    return 2;
  }
  let head: SdkVersion;
  let base: SdkVersion | undefined;
  try {
    head = version(values.head as string | undefined);
    base = values.base ? version(values.base as string) : undefined;
  } catch (e) {
    if (!(e instanceof ContractDiffInputError)) throw e;
    process.stderr.write(`sdk-check: ${e.message}\n`);
    return 2;
  }
  const external = Boolean(setting('MESHI_BASE_URL'));
  const mock = values['no-run'] || external ? null : await createMockServer({ readEnv: false, port: 0, queuedMs: 40, runningMs: 60 });
  try {
    let target: SdkTarget | null = null;
    if (mock) target = { baseUrl: mock.baseUrl, key: mock.keys.write!, namespace: `sdk${Date.now().toString(36)}` };
    else if (external && !values['no-run']) {
      const c = loadConfig();
      if (c.readOnly) process.stderr.write('sdk-check: the target is read-only (production): the consumer, which writes, is not run\n');
      else if (!c.keys.write) process.stderr.write('sdk-check: MESHI_PARTNER_KEY is not set: the consumer is not run\n');
      else target = { baseUrl: c.baseUrl!, key: c.keys.write, namespace: `${c.runNamespace}sdk` };
    }
    const report = await checkSdk({ head, ...(base ? { base } : {}), target });
    process.stdout.write(format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderSdkReport(report));
    return report.ok ? 0 : 1;
  } catch (e) {
    process.stderr.write(`sdk-check: ${(e as Error).message}\n`);
    return 2;
  } finally {
    await mock?.close();
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});

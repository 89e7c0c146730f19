// `npm run bench:contract-diff`: how long the contract gate takes — the contract diff (in process,
// median of --rounds runs, on the identical pair and on a breaking pair; and the CLI end to end,
// `contract-diff --base HEAD`, with tsx start-up) and the SDK check (generate, typecheck, run the
// consumer against the bundled mock on a loopback port; and with --base HEAD: two SDKs, three
// compiles). Printed, never asserted. Goals: diff < 2 s, sdk-check < 60 s.

import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { createMockServer } from '../mock/server';
import { diffContracts, loadSources } from './contractDiff/index';
import { checkSdk } from './sdkCheck/index';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const i = process.argv.indexOf('--rounds');
const ROUNDS = Math.min(20, Math.max(1, i >= 0 ? Number(process.argv[i + 1]) || 5 : 5));

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function timed(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

async function main(): Promise<void> {
  const head = loadSources({}, ROOT);
  const edited = parseDocument(head.api);
  edited.deleteIn(['components', 'schemas', 'EventFields', 'properties', 'title']);
  edited.setIn(['components', 'parameters', 'LimitParam', 'schema', 'maximum'], 100);
  const breaking = { ...head, api: String(edited), label: 'edited' };
  // Fresh texts each round (a trailing comment): the parse cache must not flatter the figure.
  const fresh = (s: typeof head, n: number) => ({ ...s, api: `${s.api}\n# round ${n}\n` });
  const identical = Array.from({ length: ROUNDS }, (_, n) => timed(() => diffContracts(fresh(head, n), fresh(head, n + 100))));
  let changes = 0;
  const breakingMs = Array.from({ length: ROUNDS }, (_, n) =>
    timed(() => (changes = diffContracts(fresh(head, n + 200), fresh(breaking, n)).changes.length)),
  );
  const cli = Array.from({ length: Math.min(ROUNDS, 3) }, () => {
    const t = performance.now();
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/contract-diff.ts'), '--base', 'HEAD'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    if (r.status === 2) throw new Error(r.stderr);
    return performance.now() - t;
  });
  console.log(
    `contract-diff in process: identical pair median ${median(identical).toFixed(0)} ms, breaking pair (${changes} changes) median ${median(breakingMs).toFixed(0)} ms (${ROUNDS} rounds)`,
  );
  console.log(`contract-diff CLI (--base HEAD, tsx start-up and git included): median ${median(cli).toFixed(0)} ms (${cli.length} runs)`);

  const mock = await createMockServer({ readEnv: false, port: 0, queuedMs: 40, runningMs: 60 });
  const root = join(ROOT, '.sdk', `bench-${process.pid}`);
  try {
    const target = { baseUrl: mock.baseUrl, key: mock.keys.write!, namespace: `bench${Date.now().toString(36)}` };
    let t = performance.now();
    const plain = await checkSdk({ head: { label: 'working tree', api: head.api }, target, root, cwd: ROOT });
    const plainMs = performance.now() - t;
    t = performance.now();
    const withBase = await checkSdk({
      head: { label: 'working tree', api: head.api },
      base: { label: 'HEAD', api: loadSources({ ref: 'HEAD' }, ROOT).api, consumerRef: 'HEAD' },
      target: { ...target, namespace: `${target.namespace}b` },
      root,
      cwd: ROOT,
    });
    const baseMs = performance.now() - t;
    console.log(
      `sdk-check: ${(plainMs / 1000).toFixed(1)} s (generate ${plain.head.generateMs} ms, typecheck ${plain.head.compile.ms} ms, consumer run ${plain.run?.ms ?? 0} ms; ${plain.ok ? 'OK' : 'FAILED'})`,
    );
    console.log(
      `sdk-check --base HEAD: ${(baseMs / 1000).toFixed(1)} s (two SDKs, three compiles, one run; ${withBase.ok ? 'OK' : 'FAILED'})`,
    );
  } finally {
    await mock.close();
    rmSync(root, { recursive: true, force: true });
  }
}

await main();

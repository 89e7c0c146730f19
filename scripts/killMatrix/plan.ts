// Which spec files can see each fault: the files holding a test that declares the fault's
// guarantee, plus a fixed smoke set. Read from Playwright's own listing of the conformance project,
// so the choice follows the suites as they are, never a hand-kept table.
import { spawnSync } from 'node:child_process';
import { PLAYWRIGHT_CLI } from '../../harness/run/toolPaths';

export const SMOKE_SPECS = ['specs/canonical-flow.spec.ts'];

interface ListedSpec {
  file: string;
  tests: { annotations: { type: string; description?: string }[] }[];
}
interface ListedSuite {
  file?: string;
  specs?: ListedSpec[];
  suites?: ListedSuite[];
}

/** guarantee ID → spec files (relative to the repo root) with a test declaring it. */
export function specsByGuarantee(root: string): Map<string, Set<string>> {
  const run = spawnSync(process.execPath, [PLAYWRIGHT_CLI, 'test', '--list', '--project=conformance', '--reporter=json'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    // The listing goes to stdout, whatever JSON output file the calling run was given.
    env: {
      ...process.env,
      PLAYWRIGHT_JSON_OUTPUT_NAME: '',
      PLAYWRIGHT_JSON_OUTPUT_FILE: '',
      PLAYWRIGHT_JSON_OUTPUT_DIR: '',
      MESHI_BASE_URL: 'http://127.0.0.1:9',
      MESHI_PARTNER_KEY: 'listing-only',
    },
  });
  if (run.status !== 0) throw new Error(`listing the conformance suites failed:\n${run.stderr}`);
  const map = new Map<string, Set<string>>();
  const visit = (suites: ListedSuite[]) => {
    for (const suite of suites) {
      for (const spec of suite.specs ?? []) {
        const file = `specs/${spec.file}`.replace(/^specs\/specs\//, 'specs/');
        for (const t of spec.tests)
          for (const a of t.annotations)
            if (a.type === 'guarantee' && a.description) {
              if (!map.has(a.description)) map.set(a.description, new Set());
              map.get(a.description)!.add(file);
            }
      }
      visit(suite.suites ?? []);
    }
  };
  visit(JSON.parse(run.stdout).suites ?? []);
  return map;
}

export interface Selection {
  /** Spec files to load. */
  files: string[];
  /** Playwright --grep: the tests declaring the guarantee (titles start with the IDs) plus the smoke set. */
  grep: string;
}

/**
 * The tests that can see a fault: those declaring its guarantee, plus the smoke set. Property
 * suites are left out when an example-based suite also declares the guarantee (they are proven
 * against the faults on their own, in tests/properties).
 */
export function specsForFault(guarantee: string, byGuarantee: Map<string, Set<string>>): Selection {
  const declaring = [...(byGuarantee.get(guarantee) ?? [])];
  const examples = declaring.filter((f) => !f.startsWith('specs/properties/'));
  const files = [...new Set([...(examples.length ? examples : declaring), ...SMOKE_SPECS])].sort();
  const smoke = SMOKE_SPECS.map((f) => f.replace(/^specs\//, '').replace(/[.]/g, '\\.')).join('|');
  return { files, grep: `(^|\\s)${guarantee}[ :]|${smoke}` };
}

/** One selection running every test of the given ones (the subset baseline: each fault's tests, once, without faults). */
export function unionSelection(selections: readonly Selection[]): Selection {
  const files = [...new Set(selections.flatMap((s) => s.files))].sort();
  const greps = [...new Set(selections.map((s) => s.grep))];
  return { files, grep: greps.length === 1 ? greps[0]! : greps.map((g) => `(?:${g})`).join('|') };
}

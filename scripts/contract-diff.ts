// npm run contract-diff -- --base <git-ref|file|dir> [--head <git-ref|file|dir>] [--format text|json|md|sarif|github]
//   [--base-guarantees <file>] [--head-guarantees <file>] [--accepted <file>] [--today YYYY-MM-DD]
// Compares two versions of contracts/partner-api.yaml and contracts/guarantees.yaml (head default:
// the working tree). Exit 0: nothing unaccepted breaks; 1: something does; 2: usage or parse error.
// `github` prints workflow annotations (10 per level, then a counted "N more" line) and writes the
// full list to $GITHUB_STEP_SUMMARY.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { annotationLines } from '../reporter/ci/annotations';
import { writeStepSummary } from '../reporter/ci/stepSummary';
import { ACCEPTED_FILE } from './contractDiff/accepted';
import { ContractDiffInputError, diffContracts, diffFindings, diffSarif, loadSources } from './contractDiff/index';
import { renderJson, renderMarkdown, renderText } from './contractDiff/render';
import type { SourceSpec } from './contractDiff/sources';

const FORMATS = ['text', 'json', 'md', 'sarif', 'github'] as const;
type Format = (typeof FORMATS)[number];

const USAGE =
  'usage: npm run contract-diff -- --base <git-ref|file|dir> [--head <git-ref|file|dir>] [--format text|json|md|sarif|github] [--base-guarantees <file>] [--head-guarantees <file>] [--accepted <file>] [--today YYYY-MM-DD]';

interface Args {
  base: string;
  head?: string;
  baseGuarantees?: string;
  headGuarantees?: string;
  format: Format;
  accepted: string;
  today?: string;
}

function parseArgs(argv: readonly string[]): Args {
  const values: Record<string, string> = {};
  const names = new Set(['base', 'head', 'base-guarantees', 'head-guarantees', 'format', 'accepted', 'today']);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(a);
    if (!m || !names.has(m[1]!)) throw new ContractDiffInputError(`unknown argument ${a}`);
    const v = m[2] ?? argv[++i];
    if (v === undefined || v === '') throw new ContractDiffInputError(`--${m[1]} needs a value`);
    values[m[1]!] = v;
  }
  if (!values.base) throw new ContractDiffInputError('--base is required');
  const format = (values.format ?? 'text') as Format;
  if (!FORMATS.includes(format)) throw new ContractDiffInputError(`--format must be one of ${FORMATS.join(', ')}`);
  if (values.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.today))
    throw new ContractDiffInputError('--today must be YYYY-MM-DD');
  return {
    base: values.base,
    head: values.head,
    baseGuarantees: values['base-guarantees'],
    headGuarantees: values['head-guarantees'],
    format,
    accepted: values.accepted ?? ACCEPTED_FILE,
    today: values.today,
  };
}

/** A path that exists is a file (or a folder holding partner-api.yaml); anything else is a git ref. */
function spec(arg: string | undefined, guarantees: string | undefined): SourceSpec {
  if (arg === undefined) return guarantees ? { guaranteesFile: guarantees } : {};
  if (existsSync(arg)) {
    const apiFile = statSync(arg).isDirectory() ? join(arg, 'partner-api.yaml') : arg;
    return { apiFile, ...(guarantees ? { guaranteesFile: guarantees } : {}) };
  }
  return { ref: arg };
}

const EXITS = 'exit: 0 nothing unaccepted breaks · 1 an unaccepted breaking change · 2 usage or parse error';

function main(): number {
  if (process.argv.slice(2).some((a) => a === '--help' || a === '-h')) {
    process.stdout.write(`${USAGE}\n${EXITS}\n`);
    return 0;
  }
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`contract-diff: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  try {
    const base = loadSources(spec(args.base, args.baseGuarantees));
    const head = loadSources(spec(args.head, args.headGuarantees));
    const accepted = existsSync(args.accepted) ? readFileSync(args.accepted, 'utf8') : undefined;
    const diff = diffContracts(base, head, { accepted, today: args.today });
    process.stdout.write(render(diff, args.format));
    return diff.unacceptedBreaking > 0 ? 1 : 0;
  } catch (e) {
    if (e instanceof ContractDiffInputError) {
      process.stderr.write(`contract-diff: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

function render(diff: ReturnType<typeof diffContracts>, format: Format): string {
  switch (format) {
    case 'json':
      return renderJson(diff);
    case 'md':
      return renderMarkdown(diff);
    case 'sarif':
      return `${JSON.stringify(diffSarif(diff), null, 2)}\n`;
    case 'github': {
      const summary = writeStepSummary(renderMarkdown(diff));
      const { lines } = annotationLines(diffFindings(diff), {
        seeAlso: summary ? 'the step summary' : 'npm run contract-diff -- --format md',
      });
      return `${[...lines, renderText(diff).split('\n').slice(0, 2).join('\n')].join('\n')}\n`;
    }
    default:
      return renderText(diff);
  }
}

process.exitCode = main();
